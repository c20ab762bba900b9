/**
 * The one place a run's facts are recorded. `record` sets report fields (the
 * job summary) and, for each field that is also an action output, the output
 * under its fixed name and format, in the same call: the two cannot drift.
 * Outputs are set as soon as a fact is known, so a run that fails later
 * still tells the workflow what it registered and which deployment it began.
 */
import { Outputs, type OutputName, type SetOutput } from './outputs.js'
import type { RunReport } from './summary.js'

/** Report fields that are also outputs. */
const OUTPUT_OF = {
  image: Outputs.image,
  digest: Outputs.imageDigest,
  images: Outputs.images,
  taskDefinitionArn: Outputs.taskDefinitionArn,
  deploymentId: Outputs.deploymentId,
  codeDeployDeploymentId: Outputs.codedeployDeploymentId,
  rolledBack: Outputs.rolledBack,
  rollbackDeploymentId: Outputs.rollbackDeploymentId,
  deploymentStage: Outputs.deploymentStage,
  service: Outputs.service,
  url: Outputs.url
} as const satisfies { [K in keyof RunReport]?: OutputName }

/** What `record` takes: any fact of the report but the run's end (`finish`) and timings. */
export type Facts = {
  [K in Exclude<keyof RunReport, 'result' | 'message' | 'durationMs' | 'timings'>]?:
    RunReport[K] | undefined
}

/** An output's text: strings as they are, booleans `true`/`false`, objects as JSON. */
function outputText(value: unknown): string {
  if (typeof value === 'string') return value
  if (typeof value === 'object' && value !== null) return JSON.stringify(value)
  return String(value)
}

export class Reporter {
  readonly report: RunReport

  constructor(private readonly setOutput: SetOutput) {
    this.report = { result: 'failed', message: '', durationMs: 0, timings: [] }
  }

  /**
   * What the run is about, for the summary only: the `service` output is set
   * when the service is updated (a preview's differs from `service`).
   */
  subject(cluster: string, service: string | undefined): void {
    this.report.cluster = cluster
    if (service) this.report.service = service
  }

  /** Sets each given fact (undefined ones are skipped) and its output, if it has one. */
  record(facts: Facts): void {
    const report = this.report as unknown as Record<string, unknown>
    for (const [key, value] of Object.entries(facts)) {
      if (value === undefined) continue
      report[key] = value
      const output = (OUTPUT_OF as Record<string, OutputName | undefined>)[key]
      if (output) this.setOutput(output, outputText(value))
    }
  }

  /**
   * An output with no report field of its own (`registry`, `task-definition`,
   * `run-task-*`), or set before the report knows
   * the fact (`rolled-back: false` while the watch has not ended).
   */
  output(name: OutputName, value: string): void {
    this.setOutput(name, value)
  }

  /** How the run ended, in one line. */
  finish(result: RunReport['result'], message: string): void {
    this.report.result = result
    this.report.message = message
  }

  timing(stage: string, ms: number): void {
    this.report.timings.push({ stage, ms })
  }
}
