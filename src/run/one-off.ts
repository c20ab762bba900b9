/** The one-off task (migrations) as a stage: the service is updated only if it succeeds. */
import { randomUUID } from 'node:crypto'
import { createAwsClients } from '../aws/clients.js'
import type { TaskDef } from '../taskdef/clean.js'
import { oneOffTask } from '../task/step.js'
import type { RunContext } from './context.js'
import type { Plan } from './plan.js'
import { stage } from './stage.js'

export async function oneOffTaskStage(
  ctx: RunContext,
  plan: Pick<Plan, 'runTask' | 'previousTaskDefinitionArn'>,
  revision: { arn: string; taskDefinition: TaskDef },
  /** The service updated afterwards, named in the failure message. */
  service: string | undefined
): Promise<void> {
  const config = ctx.config.runTask
  if (!plan.runTask || !config) return
  const runTask = { config, plan: plan.runTask }
  await stage(ctx, 'One-off task', () =>
    oneOffTask({
      ecs: ctx.clients.ecs,
      logs: ctx.clients.logs,
      logsForRegion: (region) => createAwsClients(region).logs,
      ...runTask,
      taskDefinition: revision.taskDefinition,
      taskDefinitionArn: revision.arn,
      service,
      previousTaskDefinitionArn: plan.previousTaskDefinitionArn,
      timeoutMs: ctx.config.waitTimeoutMs,
      log: ctx.log,
      clock: ctx.clock,
      signal: ctx.signal,
      setOutput: (name, value) => ctx.reporter.output(name, value),
      report: (task) => ctx.reporter.record({ task }),
      fallbackToken: randomUUID()
    })
  )
}
