import { quote } from '../util/errors.js'
import type { TaskDef } from './clean.js'
import { taskSizeUnits } from './size.js'

/**
 * What ECS would reject in a rendered task definition that the inputs can
 * cause, found before anything is pushed or registered. Pure; one message
 * per problem, each naming the inputs to change.
 */

/** Fargate's task sizes: CPU units → allowed memory (MiB). */
export const FARGATE_SIZES: ReadonlyArray<{ cpu: number; memory: readonly number[] }> = [
  { cpu: 256, memory: [512, 1024, 2048] },
  { cpu: 512, memory: range(1024, 4096, 1024) },
  { cpu: 1024, memory: range(2048, 8192, 1024) },
  { cpu: 2048, memory: range(4096, 16384, 1024) },
  { cpu: 4096, memory: range(8192, 30720, 1024) },
  { cpu: 8192, memory: range(16384, 61440, 4096) },
  { cpu: 16384, memory: range(32768, 122880, 8192) }
]

function range(from: number, to: number, step: number): number[] {
  const out: number[] = []
  for (let v = from; v <= to; v += step) out.push(v)
  return out
}

/** Whether Fargate offers this task size. */
export function fargateOffers(cpu: number, memory: number): boolean {
  return FARGATE_SIZES.some((s) => s.cpu === cpu && s.memory.includes(memory))
}

export function renderedProblems(
  td: TaskDef,
  opts: { ebsVolumeName?: string | undefined } = {}
): string[] {
  const problems: string[] = []
  const fargate = (td.requiresCompatibilities ?? []).includes('FARGATE')
  if (fargate && td.cpu !== undefined && td.memory !== undefined) {
    const cpu = taskSizeUnits(td.cpu, 'cpu')
    const memory = taskSizeUnits(td.memory, 'memory')
    if (
      cpu !== undefined &&
      memory !== undefined &&
      Number.isInteger(cpu) &&
      Number.isInteger(memory) &&
      !fargateOffers(cpu, memory)
    ) {
      const size = FARGATE_SIZES.find((s) => s.cpu === cpu)
      const allowed = size
        ? `with cpu ${cpu} Fargate offers memory ${size.memory[0]}-${size.memory[size.memory.length - 1]} (${size.memory.length} sizes)`
        : `Fargate's cpu sizes are ${FARGATE_SIZES.map((s) => s.cpu).join(', ')}`
      problems.push(
        `\`cpu\`/\`memory\`: Fargate has no task size of ${cpu} CPU units and ${memory} MiB; ${allowed}.`
      )
    }
  }
  const withSecrets = (td.containerDefinitions ?? []).filter((c) => (c.secrets ?? []).length > 0)
  if (withSecrets.length > 0 && !td.executionRoleArn) {
    problems.push(
      `\`secrets\`: container ${withSecrets.map((c) => c.name).join(', ')} reads secrets, which ECS fetches with the task execution role; set \`execution-role-arn\`.`
    )
  }
  if (opts.ebsVolumeName !== undefined) {
    const volume = (td.volumes ?? []).find((v) => v.name === opts.ebsVolumeName)
    if (!volume || volume.configuredAtLaunch !== true) {
      const candidates = (td.volumes ?? []).filter((v) => v.configuredAtLaunch === true)
      problems.push(
        `\`service-managed-ebs-volume-name\`: task definition ${td.family} has no volume ${quote(opts.ebsVolumeName)} with configuredAtLaunch: true` +
          (candidates.length > 0
            ? `; its volumes configured at launch: ${candidates.map((v) => v.name).join(', ')}.`
            : '; add one to the task definition.')
      )
    }
  }
  return problems
}
