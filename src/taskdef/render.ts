import type { KeyValuePair } from '@aws-sdk/client-ecs'
import { ActionError } from '../util/errors.js'
import type { TaskDef } from './clean.js'
import type { RenderSettings } from '../inputs/render-inputs.js'
import { applyRenderSettings } from './settings.js'

/**
 * The container that gets the image: `requested` when it exists, else the
 * only container. Several containers and none named, or a name that is not
 * there, fail with the list of names.
 */
export function resolveContainerName(td: TaskDef, requested?: string): string {
  const names = (td.containerDefinitions ?? []).map((c) => c.name ?? '')
  const list = names.map((n) => `"${n}"`).join(', ')
  if (requested !== undefined && requested !== '') {
    if (names.includes(requested)) return requested
    const near = names.find((n) => n.toLowerCase() === requested.toLowerCase())
    const hint = near !== undefined ? ` (names are case-sensitive: did you mean "${near}"?)` : ''
    throw new ActionError(
      `\`container-name\`: task definition ${td.family} has no container "${requested}"${hint}; its containers: ${list}.`
    )
  }
  if (names.length === 1) return names[0]!
  throw new ActionError(
    `Task definition ${td.family} has ${names.length} containers (${list}); set \`container-name\` to the one that gets the image.`
  )
}

export interface RenderOptions {
  /** Container that gets the image (see `resolveContainerName`). */
  containerName: string
  image: string
  /** More containers and their images (several `container-name`s, or `containers`). */
  images?: Readonly<Record<string, string>>
  /**
   * Containers that take the environment and `settings`; default: `containerName`.
   * Every name must exist (see `resolveContainerNames`).
   */
  settingsContainers?: readonly string[]
  /** Merged into the container: same name replaced in place, new names appended in order. */
  environment: ReadonlyArray<{ name: string; value: string }>
  /** The official render action's other inputs. */
  settings?: RenderSettings
  /** New family name, e.g. `<family>-pr-<id>` for a preview. */
  family?: string
}

/**
 * The task definition to register: `base` with the container's image set,
 * the environment merged and the family optionally renamed. Pure: returns a
 * new object and never changes `base`.
 */
export function renderTaskDefinition(base: TaskDef, opts: RenderOptions): TaskDef {
  const td = structuredClone(base)
  const container = td.containerDefinitions?.find((c) => c.name === opts.containerName)
  if (!container) {
    // resolveContainerName normally catches this first.
    resolveContainerName(base, opts.containerName)
    throw new ActionError(`Container "${opts.containerName}" not found.`)
  }
  container.image = opts.image
  for (const [name, image] of Object.entries(opts.images ?? {})) {
    const other = td.containerDefinitions?.find((c) => c.name === name)
    if (!other) throw missingContainer(base, name)
    other.image = image
  }
  const targets = (opts.settingsContainers ?? [opts.containerName]).map((name) => {
    const c = td.containerDefinitions?.find((d) => d.name === name)
    if (!c) throw missingContainer(base, name)
    return c
  })
  for (const target of targets) {
    if (opts.environment.length > 0) {
      target.environment = mergeEnvironment(target.environment ?? [], opts.environment)
    }
  }
  if (opts.settings) applyRenderSettings(td, targets, opts.settings)
  if (opts.family !== undefined) td.family = opts.family
  return td
}

/** The error for a container name the task definition lacks (with its names). */
function missingContainer(td: TaskDef, name: string): ActionError {
  try {
    resolveContainerName(td, name)
  } catch (error) {
    if (error instanceof ActionError) return error
  }
  return new ActionError(`Container "${name}" not found.`)
}

/**
 * Every requested name resolved (`container-name` with several names, or the
 * containers of `containers`): each must exist. None requested: the only container.
 */
export function resolveContainerNames(td: TaskDef, requested: readonly string[]): string[] {
  if (requested.length === 0) return [resolveContainerName(td)]
  return requested.map((name) => resolveContainerName(td, name))
}

/**
 * The containers that take the environment and the render settings: those
 * `container-name` names; none named, the only container, but only when
 * there is something to apply (with `containers`, a task of several
 * containers needs no `container-name` just for images).
 */
export function settingsTargets(
  td: TaskDef,
  requested: readonly string[],
  somethingToApply: boolean
): string[] {
  if (requested.length === 0 && !somethingToApply) return []
  const names = (td.containerDefinitions ?? []).map((c) => c.name ?? '')
  if (requested.length === 0 && names.length !== 1) {
    throw new ActionError(
      `Task definition ${td.family} has ${names.length} containers (${names.map((n) => `"${n}"`).join(', ')}); set \`container-name\` to the container(s) that get environment-variables, secrets, command and the other container settings.`
    )
  }
  return resolveContainerNames(td, requested)
}

/** `current` with `changes` applied: a name already present keeps its place and takes the new value. */
export function mergeEnvironment(
  current: readonly KeyValuePair[],
  changes: ReadonlyArray<{ name: string; value: string }>
): KeyValuePair[] {
  const result: KeyValuePair[] = current.map((e) => ({ ...e }))
  for (const { name, value } of changes) {
    const existing = result.filter((e) => e.name === name)
    if (existing.length > 0) for (const e of existing) e.value = value
    else result.push({ name, value })
  }
  return result
}
