/**
 * What every stage of a run receives: the configuration, the ports (AWS
 * clients, logger, clock, cancel signal) and the reporter with what has been
 * learnt so far. `report` is the reporter's report, for the modules that read
 * it (the CodeDeploy and strategy flows take this shape as `StrategyRun`).
 */
import type { Config } from '../inputs/config.js'
import type { AwsClients } from '../aws/clients.js'
import type { Reporter } from '../report/reporter.js'
import type { RunReport } from '../report/summary.js'
import type { Logger } from '../util/log.js'
import type { Clock } from '../util/time.js'

export interface RunContext {
  config: Config
  clients: AwsClients
  log: Logger
  clock: Clock
  signal: AbortSignal
  reporter: Reporter
  report: RunReport
}

/**
 * Previews, with the ELBv2 client they use: a chunk of dist/ of its own,
 * loaded only by a run that is about a preview.
 */
export const previews = (): Promise<typeof import('../preview/preview.js')> =>
  import('../preview/preview.js')

/** CodeDeploy (and its client) likewise: only services with the CODE_DEPLOY controller need it. */
export const codeDeployModule = (): Promise<typeof import('../deploy/codedeploy/run.js')> =>
  import('../deploy/codedeploy/run.js')
