import type { RenderSettings } from './render-inputs.js'
import type { DeploySettings } from './deploy-inputs.js'
import type { BuildxInputs } from '../image/buildx-args.js'

/**
 * The one typed configuration every stage reads. Built once from the action's
 * inputs by `parseInputs` (pure) and never read from `@actions/core` elsewhere.
 */

import type { RunTaskConfig } from '../task/config.js'
import type { ScheduledTasksConfig } from '../schedule/config.js'
import type { FleetConfig } from '../deploy/fleet/inputs.js'

/** Where the base task definition comes from. */
export type TaskDefinitionSource =
  | { kind: 'file'; path: string }
  | { kind: 'family'; reference: string } // family, family:revision, or ARN
  | { kind: 'service' } // the service's current revision

/** Where the image comes from. */
export type ImageSource =
  | { kind: 'existing'; reference: string } // `image` input: deploy as given, nothing built
  | {
      kind: 'build'
      repository: string
      /** Another account's registry, from an `ecr-repository` given as a full URI. */
      registryId?: string
      /** That registry's region, when the URI names another region than the run's. */
      region?: string
      createRepository: boolean
      /** First tag is the primary tag. Never empty. */
      tags: string[]
      context: string
      dockerfile: string
      buildArgs: Array<{ name: string; value: string }>
      target?: string
      platform?: string
      skipIfExists: boolean
      /** BuildKit inputs (cache, secrets, labels, provenance, registries, …). */
      buildx?: BuildxInputs
    }
  /**
   * Neither `image` nor `ecr-repository`: `preview: destroy|cleanup`, which deploy nothing, or a
   * `task-definition` file whose container already names its image (deployed as written).
   */
  | { kind: 'none' }

/** Which containers get one image (one entry per distinct image or build). */
export interface ImageAssignment {
  /** Container names; empty = the task definition's only container. */
  containers: string[]
  source: ImageSource
}

export type PreviewMode = 'deploy' | 'destroy' | 'cleanup'

export interface PreviewConfig {
  mode: PreviewMode
  /** Suffix naming the preview, e.g. the pull request number. Empty for `cleanup`. */
  id: string
  /** Host name template with `{id}`, e.g. `pr-{id}.preview.example.com`. */
  hostTemplate?: string
  /** Pull request number when known (from the event or `preview-id`). */
  pullRequest?: number
}

export interface GitHubConfig {
  token?: string
  /** `owner/name` */
  repository?: string
  apiUrl: string
  serverUrl: string
  eventName?: string
  /** Parsed GITHUB_EVENT_PATH payload, when present. */
  event?: Record<string, unknown>
  sha?: string
  ref?: string
  runId?: string
  /** GITHUB_RUN_ATTEMPT: with runId, what makes client tokens unique per attempt. */
  runAttempt?: string
}

/** How far an ECS-native blue/green, linear or canary deployment is watched. */
export type WaitUntil = 'complete' | 'traffic-shifted' | 'test-traffic'

export interface StrategyInputs {
  waitUntil: WaitUntil
  /** Roll the deployment back (StopServiceDeployment) when the run is cancelled. */
  cancelDeploymentOnAbort: boolean
}

/** CodeDeploy inputs, named as in the official deploy action. */
export interface CodeDeployInputs {
  /** AppSpec file path; without it the action writes one. */
  appspec?: string
  application?: string
  deploymentGroup?: string
  description?: string
  deploymentConfig?: string
}

export interface Config {
  region: string
  image: ImageSource
  taskDefinition: TaskDefinitionSource
  /** Container that gets the image; undefined = the only container. The first of `containerNames`. */
  containerName?: string
  /** Every container named by `container-name` (the image, environment and render settings go to each). */
  containerNames: string[]
  /**
   * Every image this run deploys and the containers that get it: the `image`
   * or build for `container-name`, or one entry per distinct line of `containers`.
   * Empty only when nothing is deployed (preview destroy/cleanup).
   */
  images: ImageAssignment[]
  environmentVariables: Array<{ name: string; value: string }>
  /** The official render action's other inputs (secrets, command, log configuration, roles, sizes). */
  render: RenderSettings
  /** The official deploy action's service-update inputs, `max-retries` and the accepted no-ops. */
  deploy: DeploySettings
  /** Things to say about the inputs that are not errors (e.g. a name given twice). */
  warnings: string[]
  cluster: string
  /** Service to update; undefined = register the revision only. With several services, the first. */
  service?: string
  /** Several services from one build (`service` with several names; src/deploy/fleet). */
  fleet?: FleetConfig
  desiredCount?: number
  forceNewDeployment: boolean
  waitForServiceStability: boolean
  /** Wall-clock budget for the watch, in milliseconds. */
  waitTimeoutMs: number
  rollbackOnFailure: boolean
  /** After a failure, keep watching the rollback until the previous revision is steady again. */
  waitForRollback: boolean
  /** ECS-native blue/green, linear and canary deployments (src/inputs/strategy.ts). */
  strategy?: StrategyInputs
  /** Services with the CODE_DEPLOY controller (src/inputs/codedeploy.ts). */
  codeDeploy?: CodeDeployInputs
  dryRun: boolean
  /** Show environment, secret, label and log-option values in the diff (default: names only). */
  showValuesInDiff?: boolean
  preview?: PreviewConfig
  /** GitHub environment name for the Deployments API. */
  environment?: string
  github: GitHubConfig
  /** Directory for files the action writes (rendered task definition). */
  tempDir: string
  /** `run-task: true`: the one-off task run before the service update. */
  runTask?: RunTaskConfig
  /** `scheduled-tasks`: the rules and schedules that follow the deployed revision. */
  scheduledTasks?: ScheduledTasksConfig
}
