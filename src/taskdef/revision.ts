/**
 * The revision a run registers: the base task definition with every image in
 * its containers, the environment and render settings in the settings
 * containers, and the preview's family when there is one. Pure.
 */
import type { RenderSettings } from '../inputs/render-inputs.js'
import type { TaskDef } from './clean.js'
import { renderTaskDefinition } from './render.js'

export interface RevisionInputs {
  baseTaskDefinition: TaskDef
  /** Container → image reference, the image's first container first. */
  images: Readonly<Record<string, string>>
  settingsContainers: readonly string[]
  environment: ReadonlyArray<{ name: string; value: string }>
  settings?: RenderSettings | undefined
  /** A preview's family (`<family>-pr-<id>`). */
  family?: string | undefined
}

export function renderRevision(r: RevisionInputs): TaskDef {
  const [primary, ...others] = Object.keys(r.images)
  return renderTaskDefinition(r.baseTaskDefinition, {
    containerName: primary ?? '',
    image: r.images[primary ?? ''] ?? '',
    images: Object.fromEntries(others.map((name) => [name, r.images[name] ?? ''])),
    settingsContainers: r.settingsContainers,
    environment: r.environment,
    ...(r.settings ? { settings: r.settings } : {}),
    ...(r.family ? { family: r.family } : {})
  })
}
