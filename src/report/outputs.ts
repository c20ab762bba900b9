/**
 * The action's outputs, named once. Values are set as soon as they are known
 * (before anything later can fail), so a failed run still tells the workflow
 * what it registered and which deployment it started.
 */
export const Outputs = {
  image: 'image',
  imageDigest: 'image-digest',
  images: 'images',
  registry: 'registry',
  taskDefinitionArn: 'task-definition-arn',
  taskDefinitionArns: 'task-definition-arns',
  taskDefinition: 'task-definition',
  deploymentId: 'deployment-id',
  deploymentIds: 'deployment-ids',
  rolledBack: 'rolled-back',
  rollbackDeploymentId: 'rollback-deployment-id',
  deploymentStage: 'deployment-stage',
  codedeployDeploymentId: 'codedeploy-deployment-id',
  service: 'service',
  url: 'url',
  runTaskArn: 'run-task-arn',
  runTaskExitCode: 'run-task-exit-code'
} as const

export type OutputName = (typeof Outputs)[keyof typeof Outputs]

/** Where outputs go; main passes `core.setOutput`, tests pass a recorder. */
export type SetOutput = (name: OutputName, value: string) => void
