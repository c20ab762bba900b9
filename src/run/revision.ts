/**
 * The revision stages: render the new task definition from the plan and the
 * images as deployed, write it to a file (output `task-definition`), compare
 * it with what the service runs now; then register it unless the service
 * already runs exactly this.
 */
import type { DeployedImage } from '../image/multi.js'
import type { TaskDef } from '../taskdef/clean.js'
import { diffTaskDefinitions, taskDefinitionsEqual } from '../taskdef/diff.js'
import { registerTaskDefinition } from '../taskdef/register.js'
import { Outputs } from '../report/outputs.js'
import { writeJsonFile } from '../util/files.js'
import { previews, type RunContext } from './context.js'
import { renderPlanned, type Plan } from './plan.js'
import { stage } from './stage.js'

export interface Revision {
  taskDefinition: TaskDef
  /** Where it was written (the `task-definition` output). */
  file: string
  /** Equal to the revision the service runs now (`current`): nothing to register. */
  unchanged: boolean
  current?: { arn: string; taskDefinition: TaskDef } | undefined
}

export async function renderStage(
  ctx: RunContext,
  plan: Plan,
  deployed: readonly DeployedImage[]
): Promise<Revision> {
  const { config, log, reporter } = ctx
  let rendered = renderPlanned(config, plan, deployed)
  // Preview revisions carry the preview tags: destroy only removes what bears them.
  if (plan.preview) rendered = (await previews()).withPreviewTags(rendered, plan.preview)
  const file = await writeJsonFile(
    config.tempDir,
    `task-definition-${rendered.family}.json`,
    rendered
  )
  reporter.output(Outputs.taskDefinition, file)
  const { current } = plan
  const unchanged = current !== undefined && taskDefinitionsEqual(current.taskDefinition, rendered)
  await stage(ctx, 'Task definition', async () => {
    for (const d of deployed) {
      log.info(`Rendered ${rendered.family} with ${d.containers.join(', ')} = ${d.reference}`)
    }
    log.info(`Written to ${file}`)
    if (!current) {
      log.info('No current revision to compare with.')
      return
    }
    const diff = diffTaskDefinitions(current.taskDefinition, rendered, {
      showValues: config.showValuesInDiff ?? false
    })
    reporter.record({ diff })
    if (unchanged) log.info(`Identical to the running revision ${current.arn}.`)
    else {
      log.info(`Changes against ${current.arn}:`)
      for (const line of diff) log.info(`  ${line}`)
    }
  })
  return { taskDefinition: rendered, file, unchanged, current }
}

/** The revision's ARN: registered now, or the current one when unchanged. */
export async function registerStage(ctx: RunContext, revision: Revision): Promise<string> {
  const { log } = ctx
  if (revision.unchanged && revision.current) {
    const arn = revision.current.arn
    log.info(`Task definition unchanged: no new revision registered (${arn}).`)
    return arn
  }
  return stage(ctx, 'Register', async () => {
    const arn = await registerTaskDefinition(ctx.clients.ecs, revision.taskDefinition)
    log.info(`Registered ${arn}`)
    return arn
  })
}
