/**
 * Links into the AWS Management Console, for the log and the job summary.
 * Pure: the host depends on the partition the region belongs to (aws,
 * aws-cn, aws-us-gov); every path segment is encoded, so a name can never
 * break out of its place in the URL.
 */

/** The console's origin for a region: `https://eu-west-1.console.aws.amazon.com`, … */
export function consoleOrigin(region: string): string {
  if (region.startsWith('cn-')) return 'https://console.amazonaws.cn'
  if (region.startsWith('us-gov-')) return 'https://console.amazonaws-us-gov.com'
  return `https://${region}.console.aws.amazon.com`
}

function ecsPage(region: string, path: string): string {
  return `${consoleOrigin(region)}/ecs/v2/${path}?region=${encodeURIComponent(region)}`
}

/** The service's Deployments tab (rollouts, rollbacks and their events). */
export function serviceDeploymentsUrl(region: string, cluster: string, service: string): string {
  return ecsPage(
    region,
    `clusters/${encodeURIComponent(cluster)}/services/${encodeURIComponent(service)}/deployments`
  )
}

/** One task (stopped ones included, for about an hour after they stop). */
export function taskUrl(region: string, cluster: string, taskId: string): string {
  return ecsPage(
    region,
    `clusters/${encodeURIComponent(cluster)}/tasks/${encodeURIComponent(taskId)}/configuration`
  )
}

/**
 * One CloudWatch log stream. The console's fragment encodes each name with
 * encodeURIComponent and then `%` as `$25` (`/ecs/web` → `$252Fecs$252Fweb`).
 */
export function logStreamUrl(region: string, group: string, stream: string): string {
  const part = (s: string): string => encodeURIComponent(s).replace(/%/g, '$25')
  return `${consoleOrigin(region)}/cloudwatch/home?region=${encodeURIComponent(region)}#logsV2:log-groups/log-group/${part(group)}/log-events/${part(stream)}`
}
