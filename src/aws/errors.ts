/**
 * The one home for what an AWS SDK error means: which resource it says is
 * missing, which write collided with what exists, whether it is worth trying
 * again (or was a timeout, or our own abort), whether it is a permission or
 * credential problem. Plus the region a client is configured for, which
 * messages about such errors name. Pure over the error's shape (`name`,
 * `code`, `$metadata.httpStatusCode`), so any SDK error and the emulator's
 * wire errors, decoded by the SDK, answer the same.
 */

/** The AWS error code (`name`) of an SDK error, if any. */
export function awsErrorName(error: unknown): string | undefined {
  if (error && typeof error === 'object' && 'name' in error) {
    const name = error.name
    return typeof name === 'string' ? name : undefined
  }
  return undefined
}

/** How each service says a resource of this kind does not exist. */
const NOT_FOUND = {
  cluster: ['ClusterNotFoundException'],
  service: ['ServiceNotFoundException'],
  /** DescribeTaskDefinition has no code of its own: `ClientException: Unable to describe task definition.` */
  taskDefinition: ['ClientException'],
  repository: ['RepositoryNotFoundException'],
  image: ['ImageNotFoundException'],
  /** CloudWatch Logs groups and streams, EventBridge rules, Scheduler schedules. */
  resource: ['ResourceNotFoundException'],
  targetGroup: ['TargetGroupNotFoundException'],
  rule: ['RuleNotFoundException'],
  listener: ['ListenerNotFoundException'],
  loadBalancer: ['LoadBalancerNotFoundException'],
  codeDeployApplication: ['ApplicationDoesNotExistException'],
  deploymentGroup: ['DeploymentGroupDoesNotExistException']
} as const satisfies Record<string, readonly string[]>

export type MissingKind = keyof typeof NOT_FOUND

/** The ELBv2 resources a preview touches; one vanished resource fails a whole DescribeTags. */
export const ELB_RESOURCES = ['targetGroup', 'rule', 'listener', 'loadBalancer'] as const

/** Whether the error says that a resource of one of these kinds does not exist. */
export function isNotFound(error: unknown, ...kinds: [MissingKind, ...MissingKind[]]): boolean {
  return hasCodeOf(NOT_FOUND, error, kinds)
}

/** How each service refuses a write that collides with what exists. */
const CONFLICT = {
  /** CreateRepository: the repository exists (a race with another run is success). */
  repositoryExists: ['RepositoryAlreadyExistsException'],
  /** PutImage: this tag already points at this digest. */
  imageExists: ['ImageAlreadyExistsException'],
  /** CreateTargetGroup: the name is taken (with other settings). */
  targetGroupNameTaken: ['DuplicateTargetGroupNameException'],
  /** CreateRule: another rule took the priority first. */
  rulePriorityTaken: ['PriorityInUseException'],
  /** DeleteTargetGroup: a rule still forwards to it. */
  inUse: ['ResourceInUseException']
} as const satisfies Record<string, readonly string[]>

export type ConflictKind = keyof typeof CONFLICT

/** Whether the error is one of these conflicts. */
export function isConflict(error: unknown, ...kinds: [ConflictKind, ...ConflictKind[]]): boolean {
  return hasCodeOf(CONFLICT, error, kinds)
}

/** Whether the error's name is one of the codes the table gives for these kinds. */
function hasCodeOf<K extends string>(
  table: Record<K, readonly string[]>,
  error: unknown,
  kinds: readonly K[]
): boolean {
  const name = awsErrorName(error)
  return name !== undefined && kinds.some((kind) => table[kind].includes(name))
}

/** The call was given up through its AbortSignal (a budget ran out), not failed by AWS. */
export function isAborted(error: unknown): boolean {
  return awsErrorName(error) === 'AbortError'
}

/** The request got no answer in time (the SDK's TimeoutError, or the socket's ETIMEDOUT). */
export function isTimeout(error: unknown): error is Error {
  return (
    error instanceof Error &&
    (error.name === 'TimeoutError' || (error as { code?: unknown }).code === 'ETIMEDOUT')
  )
}

const ACCESS_DENIED = new Set(['AccessDeniedException', 'AccessDenied'])
/** The request's credentials themselves were refused (unknown, expired, badly signed). */
const CREDENTIALS_REFUSED = new Set([
  'UnrecognizedClientException',
  'InvalidSignatureException',
  'ExpiredTokenException'
])

/** The IAM policy does not allow the call. */
export function isAccessDenied(error: unknown): boolean {
  return ACCESS_DENIED.has(awsErrorName(error) ?? '')
}

/** Denied or refused credentials: what to check is the role and its policy. */
export function isAuthProblem(error: unknown): boolean {
  const name = awsErrorName(error) ?? ''
  return ACCESS_DENIED.has(name) || CREDENTIALS_REFUSED.has(name)
}

const THROTTLING = new Set([
  'ThrottlingException',
  'Throttling',
  'ThrottledException',
  'TooManyRequestsException',
  'RequestLimitExceeded',
  'RequestThrottled',
  'RequestThrottledException',
  'LimitExceededException'
])
const TRANSIENT = new Set([
  'ServerException',
  'ServiceUnavailable',
  'ServiceUnavailableException',
  'InternalFailure',
  'TimeoutError',
  'RequestTimeout',
  'RequestTimeoutException'
])
const NETWORK_CODES = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN'
])

/** AWS kept throttling (the SDK has already retried). */
export function isThrottling(error: unknown): boolean {
  return THROTTLING.has(awsErrorName(error) ?? '')
}

/**
 * Throttling and transient errors (5xx, 429, timeouts, dropped connections)
 * that survived the SDK's own retries: a poller tries again at its next tick.
 */
export function isRetryable(error: unknown): boolean {
  const name = awsErrorName(error)
  if (name && (THROTTLING.has(name) || TRANSIENT.has(name))) return true
  if (error && typeof error === 'object') {
    const e = error as { code?: unknown; $metadata?: { httpStatusCode?: unknown } }
    if (typeof e.code === 'string' && NETWORK_CODES.has(e.code)) return true
    const status = e.$metadata?.httpStatusCode
    if (typeof status === 'number' && (status === 429 || status >= 500)) return true
  }
  return false
}

/**
 * The region an SDK client is configured for, for messages; undefined when
 * unknown. (The run's region itself comes from `aws-region`/AWS_REGION in
 * inputs/parse.ts; every client is made for it by aws/clients.ts.)
 */
export async function clientRegion(client: {
  config: { region?: unknown }
}): Promise<string | undefined> {
  try {
    const region = client.config.region
    const value = typeof region === 'function' ? await (region as () => unknown)() : region
    return typeof value === 'string' ? value : undefined
  } catch {
    return undefined
  }
}
