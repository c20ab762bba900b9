/**
 * Pull-request preview environments: what src/main.ts calls.
 *
 * deploy:  forkSkipReason → checkService (base) → planPreviewDeploy → render the
 *          task definition with `family: plan.family`, then withPreviewTags(…, plan) → register →
 *          plan.exists ? updateService(plan.serviceName) : createPreviewResources → watch.
 * destroy: destroyPreview → deactivateEnvironment.
 * cleanup: cleanupPreviews.
 */
export {
  planPreviewDeploy,
  withPreviewTags,
  type PreviewPlan,
  type PreviewLoadBalancerPlan,
  type PlanDeps
} from './plan.js'
export { createPreviewResources, type CreatedPreview, type CreateDeps } from './create.js'
export { destroyPreview, type DestroyDeps, type DestroyReport } from './destroy.js'
export {
  cleanupPreviews,
  type CleanupDeps,
  type CleanupReport,
  type CleanupEntry
} from './cleanup.js'
export { forkSkipReason } from './fork.js'
