/**
 * The one typed configuration every stage reads. Built once from the action's
 * inputs by `parseInputs` (pure) and never read from `@actions/core` elsewhere.
 */

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
      createRepository: boolean
      /** First tag is the primary tag. Never empty. */
      tags: string[]
      context: string
      dockerfile: string
      buildArgs: Array<{ name: string; value: string }>
      target?: string
      platform?: string
      skipIfExists: boolean
    }
  /** Neither `image` nor `ecr-repository`: only for `preview: destroy|cleanup`, which deploy nothing. */
  | { kind: 'none' }

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
  /** Container that gets the image; undefined = the only container. */
  containerName?: string
  environmentVariables: Array<{ name: string; value: string }>
  cluster: string
  /** Service to update; undefined = register the revision only. */
  service?: string
  desiredCount?: number
  forceNewDeployment: boolean
  waitForServiceStability: boolean
  /** Wall-clock budget for the watch, in milliseconds. */
  waitTimeoutMs: number
  rollbackOnFailure: boolean
  /** ECS-native blue/green, linear and canary deployments (src/inputs/strategy.ts). */
  strategy?: StrategyInputs
  /** Services with the CODE_DEPLOY controller (src/inputs/codedeploy.ts). */
  codeDeploy?: CodeDeployInputs
  dryRun: boolean
  preview?: PreviewConfig
  /** GitHub environment name for the Deployments API. */
  environment?: string
  github: GitHubConfig
  /** Directory for files the action writes (rendered task definition). */
  tempDir: string
}
