/**
 * The shapes of AWS names and ARNs this action accepts as input or reads
 * back: region codes, ECS names, task definition, cluster, service and IAM
 * role ARNs. Pure; every input check and every ARN parse uses these, so each
 * rule lives here once.
 */

/** A 12-digit AWS account id. */
const ACCOUNT = '\\d{12}'
/** A region code such as us-east-1 or us-gov-west-1. */
const REGION_CODE = '[a-z]{2}(?:-[a-z]+)+-\\d{1,2}'
/** ECS cluster, service, container and family names: at most 255 characters. */
export const MAX_ECS_NAME_LENGTH = 255
/** What ECS allows in those names. */
const ECS_NAME_PART = `[A-Za-z0-9_-]{1,${MAX_ECS_NAME_LENGTH}}`
/** A task definition revision: 1 or more. */
const REVISION = '[1-9]\\d*'
/** An ECS ARN's prefix: partition (group 1) and region (group 2). */
const ECS_ARN_PREFIX = `^arn:(aws[a-z-]*):ecs:([a-z0-9-]+):${ACCOUNT}:`

const REGION = new RegExp(`^${REGION_CODE}$`)
const ECS_NAME = new RegExp(`^${ECS_NAME_PART}$`)
const REVISION_NUMBER = new RegExp(`^${REVISION}$`)
const FAMILY_REFERENCE = new RegExp(`^${ECS_NAME_PART}(?::${REVISION})?$`)
const TASK_DEFINITION_ARN = new RegExp(
  `${ECS_ARN_PREFIX}task-definition/${ECS_NAME_PART}(?::${REVISION})?$`
)
const CLUSTER_ARN = new RegExp(`${ECS_ARN_PREFIX}cluster/${ECS_NAME_PART}$`)
const SERVICE_ARN = new RegExp(`${ECS_ARN_PREFIX}service/(?:${ECS_NAME_PART}/)?${ECS_NAME_PART}$`)
/** IAM role: path and name of `[\w+=,.@/-]`, up to 512 characters together. */
const ROLE_ARN = new RegExp(`^arn:([a-z-]+):iam::${ACCOUNT}:role/[\\w+=,.@/-]{1,512}$`)

/** The region code pattern, for ARN patterns of other services (SSM, Secrets Manager). */
export const REGION_PATTERN = REGION_CODE
export const ACCOUNT_PATTERN = ACCOUNT

/** True for a region code such as eu-west-1. */
export function isRegion(region: string): boolean {
  return REGION.test(region)
}

/** True for a valid ECS cluster, service, container or family name. */
export function isEcsName(name: string): boolean {
  return ECS_NAME.test(name)
}

/** True for a task definition revision number (1 or more). */
export function isRevisionNumber(text: string): boolean {
  return REVISION_NUMBER.test(text)
}

/** True for `family` or `family:revision`. */
export function isFamilyReference(reference: string): boolean {
  return FAMILY_REFERENCE.test(reference)
}

/** An ARN's partition and region, when it has the shape asked for. */
export interface ArnLocation {
  partition: string
  region: string
}

function locate(pattern: RegExp, arn: string): ArnLocation | undefined {
  const match = pattern.exec(arn)
  return match ? { partition: match[1] ?? '', region: match[2] ?? '' } : undefined
}

/** `arn:aws:ecs:<region>:<account>:task-definition/<family>[:<revision>]`. */
export function parseTaskDefinitionArn(arn: string): ArnLocation | undefined {
  return locate(TASK_DEFINITION_ARN, arn)
}

/** `arn:aws:ecs:<region>:<account>:cluster/<name>`. */
export function parseClusterArn(arn: string): ArnLocation | undefined {
  return locate(CLUSTER_ARN, arn)
}

/** `arn:aws:ecs:<region>:<account>:service/[<cluster>/]<name>` (old and new ARN formats). */
export function parseServiceArn(arn: string): ArnLocation | undefined {
  return locate(SERVICE_ARN, arn)
}

/** `arn:<partition>:iam::<account>:role/[<path>/]<name>`: the partition, or undefined. */
export function roleArnPartition(arn: string): string | undefined {
  return ROLE_ARN.exec(arn)?.[1]
}

const TASK_DEFINITION_MARKER = ':task-definition/'

/** `family:revision` (or the family) of a task definition ARN; anything else as it is. */
export function taskDefinitionRevision(reference: string): string {
  const at = reference.indexOf(TASK_DEFINITION_MARKER)
  return at >= 0 ? reference.slice(at + TASK_DEFINITION_MARKER.length) : reference
}

/** The family of a task definition ARN, `family:revision` or bare family. */
export function familyOf(reference: string): string {
  const spec = taskDefinitionRevision(reference)
  const colon = spec.lastIndexOf(':')
  return colon > 0 && /^\d+$/.test(spec.slice(colon + 1)) ? spec.slice(0, colon) : spec
}

/** True when the reference names a revision (not the family's latest). */
export function hasRevision(reference: string): boolean {
  return /:\d+$/.test(taskDefinitionRevision(reference))
}

/** The cluster's name, from a name or an ARN (`…:cluster/<name>`). */
export function clusterName(cluster: string): string {
  const marker = ':cluster/'
  const at = cluster.indexOf(marker)
  return at >= 0 ? cluster.slice(at + marker.length) : cluster
}
