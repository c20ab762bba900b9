/**
 * The names the ECS console gives a service's CodeDeploy application and
 * deployment group, used when the inputs leave them out. Pure.
 */

/** `arn:…:cluster/prod` or `prod` → `prod`; `arn:…:service/prod/web` or `web` → `web`. */
export function shortName(nameOrArn: string): string {
  return nameOrArn.startsWith('arn:') ? (nameOrArn.split('/').at(-1) ?? nameOrArn) : nameOrArn
}

export function defaultApplicationName(cluster: string, service: string): string {
  return `AppECS-${shortName(cluster)}-${shortName(service)}`
}

export function defaultDeploymentGroupName(cluster: string, service: string): string {
  return `DgpECS-${shortName(cluster)}-${shortName(service)}`
}
