/** A stage of a run: a log group, its duration in the report, and the cancel check before it. */
import type { Reporter } from '../report/reporter.js'
import { ActionError } from '../util/errors.js'
import { formatDuration, type Logger } from '../util/log.js'
import type { Clock } from '../util/time.js'

export interface StageContext {
  log: Logger
  clock: Clock
  signal: AbortSignal
  reporter: Reporter
}

/** Runs one stage in a log group and records how long it took. */
export async function stage<T>(ctx: StageContext, name: string, fn: () => Promise<T>): Promise<T> {
  // A cancelled run starts nothing new; what ECS already accepted keeps going.
  if (ctx.signal.aborted) {
    const { deploymentId, codeDeployDeploymentId } = ctx.reporter.report
    const started = deploymentId
      ? ` Deployment ${deploymentId} keeps going in ECS.`
      : codeDeployDeploymentId
        ? ` CodeDeploy deployment ${codeDeployDeploymentId} keeps going.`
        : ''
    throw new ActionError(
      `Cancelled before ${name.toLowerCase()}: nothing more was changed.${started}`
    )
  }
  const t0 = ctx.clock.now()
  try {
    return await ctx.log.group(name, fn)
  } finally {
    const ms = ctx.clock.now() - t0
    ctx.reporter.timing(name, ms)
    ctx.log.info(`${name}: ${formatDuration(ms)}`)
  }
}
