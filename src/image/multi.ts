import type { ImageAssignment } from '../inputs/config.js'
import {
  planImage,
  resolveImage,
  type ImagePlan,
  type PlanDeps,
  type ResolveDeps,
  type ResolvedImage
} from './pipeline.js'

/**
 * Several images in one run (`containers`, or one image for several
 * containers): the single-image pipeline once per distinct image, in order.
 * Each distinct build is planned (read-only) during validation and built,
 * pushed and pinned once; every container that names it gets the same digest.
 */
export interface PlannedImage {
  containers: string[]
  plan: ImagePlan
}

export interface DeployedImage {
  containers: string[]
  plan: ImagePlan
  /** Undefined in a dry run: nothing was resolved, `plan.plannedReference` stands. */
  resolved?: ResolvedImage
  /** The reference the task definition gets. */
  reference: string
}

/** Plans every image; reads only. */
export async function planImages(
  assignments: readonly ImageAssignment[],
  deps: PlanDeps
): Promise<PlannedImage[]> {
  const planned: PlannedImage[] = []
  for (const a of assignments) {
    planned.push({ containers: [...a.containers], plan: await planImage(a.source, deps) })
  }
  return planned
}

/** Carries out every plan, one after the other (one docker engine, one registry login each). */
export async function resolveImages(
  planned: readonly PlannedImage[],
  deps: ResolveDeps
): Promise<DeployedImage[]> {
  const deployed: DeployedImage[] = []
  for (const p of planned) {
    const resolved = await resolveImage(p.plan, deps)
    deployed.push({ ...p, resolved, reference: resolved.reference })
  }
  return deployed
}

/** The dry-run view: every planned reference, nothing resolved. */
export function plannedImages(planned: readonly PlannedImage[]): DeployedImage[] {
  return planned.map((p) => ({ ...p, reference: p.plan.plannedReference }))
}

/** `images` output: container → reference, in the order of the assignments. */
export function imagesByContainer(deployed: readonly DeployedImage[]): Record<string, string> {
  const out: Record<string, string> = {}
  for (const d of deployed) for (const name of d.containers) out[name] = d.reference
  return out
}
