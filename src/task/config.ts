/**
 * The one-off task's inputs (`run-task*`, named as the official deploy action
 * names them, plus `run-task-command` and `run-task-container`), parsed and
 * checked without any I/O. Problems are appended to the caller's list, one
 * line each, naming the input and the fix.
 */
import { quote } from '../util/errors.js'
import { isEcsName } from '../aws/arn.js'
import type {
  AssignPublicIp,
  CapacityProviderStrategyItem,
  ContainerOverride,
  LaunchType,
  Tag
} from '@aws-sdk/client-ecs'
import { parseArgv } from '../inputs/render-inputs.js'

export interface RunTaskConfig {
  /** As given in `run-task-container-overrides` (checked member by member). */
  containerOverrides: ContainerOverride[]
  /** `run-task-command`, split; applied to `container`. */
  command?: string[]
  /** `run-task-container`: where the command goes; default the container that gets the image. */
  container?: string
  subnets?: string[]
  securityGroups?: string[]
  assignPublicIp?: AssignPublicIp
  launchType?: LaunchType
  capacityProviderStrategy?: CapacityProviderStrategyItem[]
  startedBy: string
  tags: Tag[]
  /** `wait-for-task-stopped`: wait for the exit codes before going on (default true). */
  wait: boolean
  /** What the RunTask client token is derived from: the workflow run, its attempt and job. */
  runIdentity?: string
}

/** The official action's default `startedBy`. */
export const DEFAULT_STARTED_BY = 'GitHub-Actions'

export const RUN_TASK_INPUTS = [
  'run-task-container-overrides',
  'run-task-command',
  'run-task-container',
  'run-task-subnets',
  'run-task-security-groups',
  'run-task-assign-public-IP',
  'run-task-launch-type',
  'run-task-capacity-provider-strategy',
  'run-task-started-by',
  'run-task-tags',
  'wait-for-task-stopped'
] as const

const LAUNCH_TYPES: readonly LaunchType[] = ['FARGATE', 'EC2', 'EXTERNAL', 'MANAGED_INSTANCES']
const SUBNET = /^subnet-[0-9a-f]{8,17}$/
const SECURITY_GROUP = /^sg-[0-9a-f]{8,17}$/
// RunTask's startedBy: up to 128 letters, digits, hyphens, forward slashes and underscores.
const STARTED_BY = /^[A-Za-z0-9_/-]{1,128}$/
const OVERRIDE_MEMBERS = new Set([
  'name',
  'command',
  'environment',
  'environmentFiles',
  'cpu',
  'memory',
  'memoryReservation',
  'resourceRequirements'
])

/**
 * `get` returns the trimmed input ('' when unset). Returns undefined when
 * `run-task` is off (and complains about any `run-task-*` input given then).
 */
export function parseRunTaskInputs(
  get: (name: string) => string,
  env: Record<string, string | undefined>,
  context: { previewMode?: string | undefined },
  problems: string[]
): RunTaskConfig | undefined {
  const enabledRaw = get('run-task')
  const enabled = enabledRaw === '' ? false : bool(enabledRaw)
  if (enabled === undefined) {
    problems.push(`\`run-task\`: ${quote(enabledRaw)} is not a boolean; use true or false.`)
    return undefined
  }
  if (!enabled) {
    for (const name of RUN_TASK_INPUTS) {
      if (get(name) !== '') {
        problems.push(
          `\`${name}\`: only applies to a one-off task; set \`run-task: true\` or remove it.`
        )
      }
    }
    return undefined
  }
  if (context.previewMode) {
    problems.push(
      '`run-task`: not available with `preview`; run the one-off task in the workflow that deploys the service itself.'
    )
  }

  const config: RunTaskConfig = {
    containerOverrides: parseOverrides(get('run-task-container-overrides'), problems),
    startedBy: get('run-task-started-by') || DEFAULT_STARTED_BY,
    tags: parseTags(get('run-task-tags'), problems),
    wait: true
  }
  const waitRaw = get('wait-for-task-stopped')
  if (waitRaw !== '') {
    const wait = bool(waitRaw)
    if (wait === undefined) {
      problems.push(
        `\`wait-for-task-stopped\`: ${quote(waitRaw)} is not a boolean; use true or false.`
      )
    } else config.wait = wait
  }
  if (!STARTED_BY.test(config.startedBy)) {
    problems.push(
      `\`run-task-started-by\`: ${quote(config.startedBy)} is not accepted by ECS; use up to 128 letters, digits, -, _ and /.`
    )
  }

  const commandRaw = get('run-task-command')
  if (commandRaw !== '') {
    const args = parseArgv('run-task-command', commandRaw, problems)
    if (args) config.command = args
  }
  const container = get('run-task-container')
  if (container !== '') {
    if (!isEcsName(container)) {
      problems.push(
        `\`run-task-container\`: ${quote(container)} is not a container name; names use letters, digits, - and _.`
      )
    }
    config.container = container
  }

  const subnets = list(get('run-task-subnets'))
  for (const s of subnets) {
    if (!SUBNET.test(s)) {
      problems.push(
        `\`run-task-subnets\`: ${quote(s)} is not a subnet ID; use e.g. subnet-0a1b2c3d.`
      )
    }
  }
  if (subnets.length > 16) {
    problems.push('`run-task-subnets`: at most 16 subnets; ECS rejects more.')
  }
  if (subnets.length > 0) config.subnets = subnets
  const groups = list(get('run-task-security-groups'))
  for (const g of groups) {
    if (!SECURITY_GROUP.test(g)) {
      problems.push(
        `\`run-task-security-groups\`: ${quote(g)} is not a security group ID; use e.g. sg-0a1b2c3d.`
      )
    }
  }
  if (groups.length > 5) {
    problems.push('`run-task-security-groups`: at most 5 security groups; ECS rejects more.')
  }
  if (groups.length > 0) config.securityGroups = groups
  const ipRaw = get('run-task-assign-public-IP')
  if (ipRaw !== '') {
    const ip = ipRaw.toUpperCase()
    if (ip === 'ENABLED' || ip === 'DISABLED') config.assignPublicIp = ip
    else
      problems.push(
        `\`run-task-assign-public-IP\`: ${quote(ipRaw)} is not ENABLED or DISABLED; use one of them.`
      )
  }

  const launchRaw = get('run-task-launch-type')
  if (launchRaw !== '') {
    const launchType = launchRaw.toUpperCase() as LaunchType
    if (LAUNCH_TYPES.includes(launchType)) config.launchType = launchType
    else
      problems.push(
        `\`run-task-launch-type\`: ${quote(launchRaw)} is not a launch type; use ${LAUNCH_TYPES.join(', ')}.`
      )
  }
  const strategy = parseStrategy(get('run-task-capacity-provider-strategy'), problems)
  if (strategy) config.capacityProviderStrategy = strategy
  if (config.launchType && strategy) {
    problems.push(
      '`run-task-launch-type` and `run-task-capacity-provider-strategy`: give one; ECS takes a launch type or a capacity provider strategy, not both.'
    )
  }

  // Without run-task-container the plan checks against the container that gets the image.
  if (config.command && config.container) {
    const clash = config.containerOverrides.find(
      (o) => o.name === config.container && o.command !== undefined
    )
    if (clash) {
      problems.push(
        `\`run-task-command\` and \`run-task-container-overrides\`: both set a command for ${config.container}; keep one.`
      )
    }
  }

  const identity = [env['GITHUB_REPOSITORY'], env['GITHUB_RUN_ID'], env['GITHUB_RUN_ATTEMPT']]
  if (env['GITHUB_RUN_ID']) {
    config.runIdentity = [...identity, env['GITHUB_JOB'], env['GITHUB_ACTION']]
      .map((p) => p ?? '')
      .join('/')
  }
  return config
}

function bool(raw: string): boolean | undefined {
  const v = raw.trim().toLowerCase()
  if (v === 'true' || v === 'yes') return true
  if (v === 'false' || v === 'no') return false
  return undefined
}

function list(raw: string): string[] {
  return [
    ...new Set(
      raw
        .split(/[\n,]/)
        .map((s) => s.trim())
        .filter((s) => s !== '')
    )
  ]
}

function parseJson(raw: string, input: string, problems: string[]): unknown {
  try {
    return JSON.parse(raw) as unknown
  } catch (error) {
    const why = error instanceof Error ? error.message.split('\n')[0]?.slice(0, 80) : ''
    problems.push(`\`${input}\`: not valid JSON (${why}); write a JSON array.`)
    return undefined
  }
}

function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v)
}

function parseOverrides(raw: string, problems: string[]): ContainerOverride[] {
  const input = 'run-task-container-overrides'
  if (raw === '') return []
  const value = parseJson(raw, input, problems)
  if (value === undefined) return []
  if (!Array.isArray(value)) {
    problems.push(
      `\`${input}\`: must be a JSON array of container overrides, e.g. [{"name":"web","command":["npm","run","migrate"]}].`
    )
    return []
  }
  const out: ContainerOverride[] = []
  const names = new Set<string>()
  value.forEach((item, i) => {
    const at = `\`${input}\` item ${i + 1}`
    if (!isObject(item)) {
      problems.push(`${at}: must be an object with a "name".`)
      return
    }
    const unknown = Object.keys(item).filter((k) => !OVERRIDE_MEMBERS.has(k))
    if (unknown.length > 0) {
      problems.push(
        `${at}: unknown member ${unknown.map((k) => `${quote(k)}`).join(', ')}; a container override has ${[...OVERRIDE_MEMBERS].join(', ')}.`
      )
      return
    }
    const name = item['name']
    if (typeof name !== 'string' || !isEcsName(name)) {
      problems.push(`${at}: "name" must be the container's name.`)
      return
    }
    if (names.has(name)) {
      problems.push(`${at}: ${name} is overridden twice; merge the two items.`)
      return
    }
    names.add(name)
    const command = item['command']
    if (
      command !== undefined &&
      (!Array.isArray(command) || !command.every((c) => typeof c === 'string'))
    ) {
      problems.push(`${at}: "command" must be an array of strings, e.g. ["npm","run","migrate"].`)
      return
    }
    const environment = item['environment']
    if (
      environment !== undefined &&
      (!Array.isArray(environment) ||
        !environment.every(
          (e) => isObject(e) && typeof e['name'] === 'string' && typeof e['value'] === 'string'
        ))
    ) {
      problems.push(`${at}: "environment" must be an array of {"name": …, "value": …} strings.`)
      return
    }
    for (const k of ['cpu', 'memory', 'memoryReservation']) {
      const v = item[k]
      if (v !== undefined && (typeof v !== 'number' || !Number.isInteger(v) || v < 0)) {
        problems.push(`${at}: ${quote(k)} must be a whole number.`)
        return
      }
    }
    out.push(item)
  })
  return out
}

function parseTags(raw: string, problems: string[]): Tag[] {
  const input = 'run-task-tags'
  if (raw === '') return []
  const value = parseJson(raw, input, problems)
  if (value === undefined) return []
  if (
    !Array.isArray(value) ||
    !value.every(
      (t) => isObject(t) && typeof t['key'] === 'string' && typeof t['value'] === 'string'
    )
  ) {
    problems.push(
      `\`${input}\`: must be a JSON array of {"key": …, "value": …} strings, e.g. [{"key":"purpose","value":"migration"}].`
    )
    return []
  }
  const tags = value as Array<{ key: string; value: string }>
  if (tags.length > 50) problems.push(`\`${input}\`: at most 50 tags; ECS rejects more.`)
  for (const t of tags) {
    if (t.key.length < 1 || t.key.length > 128 || t.value.length > 256) {
      problems.push(
        `\`${input}\`: tag ${quote(t.key.slice(0, 40))} is out of range; keys 1-128 characters, values at most 256.`
      )
    } else if (t.key.toLowerCase().startsWith('aws:')) {
      problems.push(`\`${input}\`: tag ${quote(t.key)} uses the reserved aws: prefix; rename it.`)
    }
  }
  return tags
}

function parseStrategy(
  raw: string,
  problems: string[]
): CapacityProviderStrategyItem[] | undefined {
  const input = 'run-task-capacity-provider-strategy'
  if (raw === '') return undefined
  const value = parseJson(raw, input, problems)
  if (value === undefined) return undefined
  // `[]` is the official action's way of saying "none".
  if (Array.isArray(value) && value.length === 0) return undefined
  const ok =
    Array.isArray(value) &&
    value.every(
      (s) =>
        isObject(s) &&
        typeof s['capacityProvider'] === 'string' &&
        s['capacityProvider'] !== '' &&
        (s['weight'] === undefined ||
          (Number.isInteger(s['weight']) && (s['weight'] as number) >= 0)) &&
        (s['base'] === undefined || (Number.isInteger(s['base']) && (s['base'] as number) >= 0))
    )
  if (!ok) {
    problems.push(
      `\`${input}\`: must be a JSON array of {"capacityProvider": …, "weight"?: n, "base"?: n}, e.g. [{"capacityProvider":"FARGATE_SPOT","weight":1}].`
    )
    return undefined
  }
  return value as CapacityProviderStrategyItem[]
}
