import type { RegisterTaskDefinitionCommandInput } from '@aws-sdk/client-ecs'
import { ActionError, quote } from '../util/errors.js'
import { isEcsName } from '../aws/arn.js'

/**
 * A task definition as RegisterTaskDefinition takes it. Objects of this type
 * may also carry members newer than the SDK's model: they are kept as written.
 */
export type TaskDef = RegisterTaskDefinitionCommandInput

/** Members DescribeTaskDefinition returns that RegisterTaskDefinition rejects. */
export const READ_ONLY_FIELDS = [
  'taskDefinitionArn',
  'revision',
  'status',
  'requiresAttributes',
  'compatibilities',
  'registeredAt',
  'registeredBy',
  'deregisteredAt',
  'deleteRequestedAt'
] as const

/**
 * Members whose value is a map with user-chosen keys (docker labels, log
 * driver options, volume driver options and labels): their keys are data and
 * never case-converted.
 */
export const MAP_MEMBERS: ReadonlySet<string> = new Set([
  'dockerLabels',
  'options',
  'driverOpts',
  'labels'
])

/**
 * Every member name in the task definition tree of the ECS model
 * (RegisterTaskDefinition input and DescribeTaskDefinition output), so keys
 * written in PascalCase (CloudFormation, some exporters) map back to the API's
 * exact camelCase, including the irregular ones (`EFSVolumeConfiguration` ->
 * `efsVolumeConfiguration`, `IAM` -> `iam`, `FilesystemId` -> `fileSystemId`).
 */
const MEMBER_NAMES = `accessPointArn accessPointId add appProtocol authorizationConfig autoprovision
capabilities command compatibilities condition configuredAtLaunch containerDefinitions containerName
containerPath containerPort containerPortRange cpu cpuArchitecture credentialSpecs credentialsParameter
deleteRequestedAt dependsOn deregisteredAt deviceName deviceType devices disableNetworking
dnsSearchDomains dnsServers dockerLabels dockerSecurityOptions dockerVolumeConfiguration domain driver
driverOpts drop efsVolumeConfiguration enableFaultInjection enabled entryPoint environment
environmentFiles ephemeralStorage essential executionRoleArn expression extraHosts family
fileSystemArn fileSystemId firelensConfiguration fsxWindowsFileServerVolumeConfiguration hardLimit
healthCheck host hostPath hostPort hostname iam ignoredExitCodes image inferenceAccelerators
initProcessEnabled interactive interval ipAddress ipcMode key labels links linuxParameters
logConfiguration logDriver maxSwap memory memoryReservation mountOptions mountPoints name namespace
networkMode operatingSystemFamily options permissions pidMode placementConstraints portMappings
privileged properties protocol proxyConfiguration pseudoTerminal readOnly readonlyRootFilesystem
registeredAt registeredBy repositoryCredentials requiresAttributes requiresCompatibilities
resourceRequirements restartAttemptPeriod restartPolicy retries revision rootDirectory
runtimePlatform s3filesVolumeConfiguration scope secretOptions secrets sharedMemorySize
sharingStrategy size sizeInGiB softLimit sourceContainer sourcePath sourceVolume startPeriod
startTimeout status stopTimeout swappiness systemControls tags targetId targetType taskDefinition
taskDefinitionArn taskRoleArn timeout tmpfs transitEncryption transitEncryptionPort type ulimits
user value valueFrom versionConsistency volumes volumesFrom workingDirectory`.split(/\s+/)

const KNOWN = new Map<string, string>(MEMBER_NAMES.map((n) => [n.toLowerCase(), n]))
// CloudFormation's name for ProxyConfiguration.properties.
KNOWN.set('proxyconfigurationproperties', 'properties')

/**
 * Cleans a task definition the way RegisterTaskDefinition needs it.
 *
 * Accepts the bare definition or the describe form
 * (`{"taskDefinition": {...}, "tags": [...]}`, whose top-level tags are
 * kept), in camelCase or PascalCase. Drops the read-only members and null
 * values; keeps everything else exactly, empty strings and members unknown
 * to this action included. `origin` names where it came from, for messages
 * (e.g. "`task-definition` file deploy/td.json").
 */
export function cleanTaskDefinition(raw: unknown, origin = 'The task definition'): TaskDef {
  if (!isPlainObject(raw)) {
    throw new ActionError(
      `${origin} is not a task definition: expected an object with family and containerDefinitions, found ${describeType(raw)}.`
    )
  }
  const problems: string[] = []
  const doc = convertStructure(raw, '', problems)

  let td: Record<string, unknown> = doc
  if (
    isPlainObject(doc['taskDefinition']) &&
    doc['containerDefinitions'] === undefined &&
    doc['family'] === undefined
  ) {
    td = { ...doc['taskDefinition'] }
    // Describe output keeps tags next to the definition, not in it.
    if (doc['tags'] !== undefined) td['tags'] = doc['tags']
  }
  for (const field of READ_ONLY_FIELDS) delete td[field]

  validate(td, problems)
  if (problems.length > 0) {
    throw new ActionError(
      `${origin} cannot be registered:\n${problems.map((p) => `- ${p}`).join('\n')}`
    )
  }
  return td as unknown as TaskDef
}

/** `{a: 1}`-style objects: not arrays, dates or null. */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return (
    value !== null && typeof value === 'object' && !Array.isArray(value) && !(value instanceof Date)
  )
}

/** The API's name for a key written in any case, e.g. `ContainerDefinitions` -> `containerDefinitions`. */
export function canonicalKey(key: string): string {
  const known = KNOWN.get(key.toLowerCase())
  if (known !== undefined) return known
  if (!/^[A-Z]/.test(key)) return key
  // An unknown PascalCase key: lower its leading capital (or acronym: `EFSThing` -> `efsThing`).
  const lead = /^[A-Z]+(?=[A-Z][a-z]|$)|^[A-Z]/.exec(key)![0]
  return lead.toLowerCase() + key.slice(lead.length)
}

function convertStructure(
  obj: Record<string, unknown>,
  path: string,
  problems: string[]
): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  const from = new Map<string, string>()
  for (const [key, value] of Object.entries(obj)) {
    if (value === null || value === undefined) continue
    const name = canonicalKey(key)
    const previous = from.get(name)
    if (previous !== undefined) {
      problems.push(`${join(path, name)}: written twice, as "${previous}" and "${key}"; keep one.`)
      continue
    }
    from.set(name, key)
    const at = join(path, name)
    if (MAP_MEMBERS.has(name) && isPlainObject(value)) {
      out[name] = dropNulls(value)
    } else if (KNOWN.has(name.toLowerCase())) {
      out[name] = convertValue(value, at, problems)
    } else {
      // A member this action does not know (newer than its model): kept as written.
      out[name] = dropNulls(value)
    }
  }
  return out
}

function convertValue(value: unknown, path: string, problems: string[]): unknown {
  if (Array.isArray(value)) {
    return value
      .filter((v) => v !== null && v !== undefined)
      .map((v, i) => convertValue(v, `${path}[${i}]`, problems))
  }
  if (isPlainObject(value)) return convertStructure(value, path, problems)
  return value
}

function dropNulls(value: unknown): unknown {
  if (Array.isArray(value)) {
    return value.filter((v) => v !== null && v !== undefined).map(dropNulls)
  }
  if (isPlainObject(value)) {
    const out: Record<string, unknown> = {}
    for (const [k, v] of Object.entries(value)) {
      if (v !== null && v !== undefined) out[k] = dropNulls(v)
    }
    return out
  }
  return value
}

function validate(td: Record<string, unknown>, problems: string[]): void {
  const family = td['family']
  if (family === undefined) {
    problems.push('family: missing; add "family": "<name>".')
  } else if (typeof family !== 'string' || !isEcsName(family)) {
    problems.push(
      `family: ${typeof family === 'string' ? quote(family) : describeType(family)} is not a family name; use letters, digits, - and _ (at most 255).`
    )
  }
  for (const key of ['cpu', 'memory'] as const) {
    const v = td[key]
    if (v !== undefined && typeof v !== 'string') {
      problems.push(`${key}: ${JSON.stringify(v)} must be a string for ECS; write "${String(v)}".`)
    }
  }

  const containers = td['containerDefinitions']
  if (containers === undefined) {
    problems.push('containerDefinitions: missing; a task definition needs at least one container.')
    return
  }
  if (!Array.isArray(containers) || containers.length === 0) {
    problems.push('containerDefinitions: must be a list with at least one container.')
    return
  }
  const names = new Map<string, number>()
  containers.forEach((c: unknown, i) => {
    if (!isPlainObject(c)) {
      problems.push(`containerDefinitions[${i}]: is ${describeType(c)}, not a container object.`)
      return
    }
    const name = c['name']
    if (typeof name !== 'string' || name === '') {
      problems.push(`containerDefinitions[${i}]: has no name; every container needs a "name".`)
    } else if (names.has(name)) {
      problems.push(
        `containerDefinitions[${i}]: the name ${quote(name)} is already used by containerDefinitions[${names.get(name)}]; container names must be unique.`
      )
    } else {
      names.set(name, i)
    }
    const label =
      typeof name === 'string' && name !== ''
        ? `containerDefinitions[${name}]`
        : `containerDefinitions[${i}]`
    checkNameValueList(c['environment'], `${label}.environment`, 'value', problems)
    checkNameValueList(c['secrets'], `${label}.secrets`, 'valueFrom', problems)
    checkStringMap(c['dockerLabels'], `${label}.dockerLabels`, problems)
    const log = c['logConfiguration']
    if (isPlainObject(log))
      checkStringMap(log['options'], `${label}.logConfiguration.options`, problems)
  })
}

function checkNameValueList(
  list: unknown,
  path: string,
  valueKey: string,
  problems: string[]
): void {
  if (list === undefined) return
  if (!Array.isArray(list)) {
    problems.push(`${path}: must be a list of {"name": ..., "${valueKey}": ...}.`)
    return
  }
  list.forEach((entry: unknown, i) => {
    if (!isPlainObject(entry) || typeof entry['name'] !== 'string') {
      problems.push(`${path}[${i}]: needs a string "name".`)
      return
    }
    const value = entry[valueKey]
    if (value !== undefined && typeof value !== 'string') {
      problems.push(
        `${path}.${entry['name']}: ${valueKey} ${JSON.stringify(value)} is a ${typeof value}; ECS needs a string, so quote it ("${String(value)}").`
      )
    }
  })
}

function checkStringMap(map: unknown, path: string, problems: string[]): void {
  if (map === undefined) return
  if (!isPlainObject(map)) {
    problems.push(`${path}: must be a map of strings.`)
    return
  }
  for (const [k, v] of Object.entries(map)) {
    if (typeof v !== 'string') {
      problems.push(
        `${path}.${k}: ${JSON.stringify(v)} is a ${typeof v}; ECS needs a string, so quote it ("${String(v)}").`
      )
    }
  }
}

function join(path: string, key: string): string {
  return path === '' ? key : `${path}.${key}`
}

function describeType(value: unknown): string {
  if (value === null) return 'null'
  if (Array.isArray(value)) return 'a list'
  if (typeof value === 'object') return 'an object'
  return `a ${typeof value} (${quote(JSON.stringify(value) ?? String(value))})`
}
