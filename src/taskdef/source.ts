/**
 * Where a run's base task definition comes from, and which revision its
 * rendered one is compared with. `chooseTaskDefinitionSource` is the rule
 * (pure); `loadTaskDefinitionSource` reads what it chose.
 *
 * - a file (`task-definition`) or a registered family/revision/ARN
 *   (`task-definition-family`) when given;
 * - otherwise the current revision of the service this run updates (a new
 *   preview has none yet: then the base service's);
 * - the diff and the unchanged check compare with the target service's current
 *   revision, read once when it is also the base.
 */
import type { ECSClient, Service } from '@aws-sdk/client-ecs'
import type { TaskDefinitionSource } from '../inputs/config.js'
import { ActionError } from '../util/errors.js'
import type { Logger } from '../util/log.js'
import type { TaskDef } from './clean.js'
import { fetchTaskDefinition, loadTaskDefinitionFile } from './load.js'

/** A revision a service runs: its ARN and whose it is (for the message when it cannot be read). */
export interface ServiceRevision {
  arn: string
  serviceName?: string
}

export type BaseChoice =
  | { kind: 'file'; path: string }
  | { kind: 'family'; reference: string }
  /** A service's current revision; `isCurrent` when it is also what the diff compares with. */
  | { kind: 'service'; revision: ServiceRevision; isCurrent: boolean }

export interface SourceChoice {
  base: BaseChoice
  /** The revision to compare with, when it must be read on its own (not already the base). */
  current?: ServiceRevision
}

function revisionOf(service: Service | undefined): ServiceRevision | undefined {
  if (!service?.taskDefinition) return undefined
  return {
    arn: service.taskDefinition,
    ...(service.serviceName !== undefined ? { serviceName: service.serviceName } : {})
  }
}

/**
 * Pure. `target` is the service this run replaces a revision of (undefined
 * for a new preview or no service), `base` the service named by `service`
 * (the preview's template).
 */
export function chooseTaskDefinitionSource(
  source: TaskDefinitionSource,
  services: { target?: Service | undefined; base?: Service | undefined }
): SourceChoice {
  const target = revisionOf(services.target)
  let base: BaseChoice
  if (source.kind === 'file') base = { kind: 'file', path: source.path }
  else if (source.kind === 'family') base = { kind: 'family', reference: source.reference }
  else {
    const from = services.target ?? services.base
    const revision = revisionOf(from)
    if (!revision) {
      throw new ActionError(
        'No task definition to start from: set `task-definition` (a file) or `task-definition-family`, or name a `service` to start from its current revision.'
      )
    }
    base = { kind: 'service', revision, isCurrent: from === services.target }
  }
  const readsCurrent = base.kind === 'service' && base.isCurrent
  return { base, ...(target && !readsCurrent ? { current: target } : {}) }
}

export interface LoadedSource {
  base: TaskDef
  /** The revision the target service runs now, for the diff and the unchanged check. */
  current?: { arn: string; taskDefinition: TaskDef }
}

/** Reads what `chooseTaskDefinitionSource` chose, saying where the base came from. */
export async function loadTaskDefinitionSource(
  ecs: ECSClient,
  choice: SourceChoice,
  log: Logger
): Promise<LoadedSource> {
  const { base } = choice
  let loaded: LoadedSource
  if (base.kind === 'file') {
    loaded = { base: await loadTaskDefinitionFile(base.path) }
    log.info(`Task definition from ${base.path}.`)
  } else if (base.kind === 'family') {
    const fetched = await fetchTaskDefinition(ecs, base.reference)
    loaded = { base: fetched.taskDefinition }
    log.info(`Task definition from ${fetched.arn}.`)
  } else {
    const fetched = await fetchTaskDefinition(ecs, base.revision.arn, base.revision.serviceName)
    loaded = { base: fetched.taskDefinition, ...(base.isCurrent ? { current: fetched } : {}) }
    log.info(`Task definition from the service's current revision ${fetched.arn}.`)
  }
  if (choice.current) {
    loaded.current = await fetchTaskDefinition(ecs, choice.current.arn, choice.current.serviceName)
  }
  return loaded
}
