/**
 * What ECS rejects beyond the shape: the service-side checks on task
 * definitions and services that a deploy tool can trip over. Error codes
 * follow ecs-facts §1.3 (ClientException for task definition content,
 * InvalidParameterException for service parameters); texts marked [U] are
 * our best reading of real output, the others are widely quoted ECS texts.
 */
import * as ecsModel from '@aws-sdk/client-ecs'
import type { Json, TaskDefinitionRecord } from './ecs-state.js'
import { AwsError } from './protocol.js'
import { requestSchema, validateShape } from './shapes.js'

const client = (message: string): AwsError => new AwsError('ClientException', message)
const invalid = (message: string): AwsError => new AwsError('InvalidParameterException', message)

/** [U] ECS's wording for a missing required member; ClientException as for container names. */
const missingMember = (path: string): AwsError => client(`${path} should not be null or empty.`)

/** Shape check against the ECS model; false when the model has no such operation. */
export function validateEcsShape(op: string, input: Json): boolean {
  const schema = requestSchema(ecsModel, op)
  if (!schema) return false
  validateShape(schema, input, missingMember)
  return true
}

const NAME = /^[A-Za-z0-9_-]{1,255}$/
const NETWORK_MODES = ['bridge', 'host', 'awsvpc', 'none']
/** LogDriver in the ECS API; Fargate takes three of them (ecspresso#364 quotes the message). */
const LOG_DRIVERS = [
  'json-file',
  'syslog',
  'journald',
  'gelf',
  'fluentd',
  'awslogs',
  'splunk',
  'awsfirelens'
]
const FARGATE_LOG_DRIVERS = ['awslogs', 'splunk', 'awsfirelens']
/** An IAM role ARN; ECS also takes a role's short name. */
const ROLE_ARN = /^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]{1,512}$/
const ROLE_NAME = /^[\w+=,.@-]{1,64}$/

/** Fargate task sizes: CPU units → memory MiB (AWS docs, "Task size" table). */
const FARGATE_SIZES: ReadonlyArray<[number, number, number, number]> = [
  // cpu, lowest memory, highest memory, step
  [256, 512, 512, 1],
  [256, 1024, 2048, 1024],
  [512, 1024, 4096, 1024],
  [1024, 2048, 8192, 1024],
  [2048, 4096, 16384, 1024],
  [4096, 8192, 30720, 1024],
  [8192, 16384, 61440, 4096],
  [16384, 32768, 122880, 8192]
]

function fargateSize(cpu: number, memory: number): boolean {
  return FARGATE_SIZES.some(
    ([c, lo, hi, step]) => c === cpu && memory >= lo && memory <= hi && (memory - lo) % step === 0
  )
}

/** ECS takes "1 vCPU" / "2 GB" as well as numbers (strings) and stores units / MiB. */
function taskSize(value: unknown, unit: 'vcpu' | 'gb'): number {
  const text = String(value).trim()
  const match = new RegExp(`^(\\d+(?:\\.\\d+)?)\\s*${unit}$`, 'i').exec(text)
  return match ? Number(match[1]) * 1024 : Number(text)
}

function checkRole(value: unknown): void {
  if (value === undefined) return
  const role = String(value)
  if (role.startsWith('arn:') ? !ROLE_ARN.test(role) : !ROLE_NAME.test(role)) {
    throw client('Role is not valid') // widely quoted text (e.g. fabfuel/ecs-deploy#231)
  }
}

export function checkRegisterTaskDefinition(input: Json): void {
  const family = String(input['family'])
  if (family === '') throw client('Family should not be null or empty.')
  if (!NAME.test(family)) {
    // [U] exact text.
    throw client(
      'Family contains invalid characters. Up to 255 letters (uppercase and lowercase), numbers, underscores, and hyphens are allowed.'
    )
  }
  const containers = input['containerDefinitions'] as Json[]
  if (containers.length === 0) throw client('Container list cannot be empty.') // [U]
  const networkMode = input['networkMode'] as string | undefined
  if (networkMode !== undefined && !NETWORK_MODES.includes(networkMode)) {
    throw client(`Invalid networkMode: ${networkMode}`) // [U]
  }
  const fargate = ((input['requiresCompatibilities'] as string[] | undefined) ?? []).includes(
    'FARGATE'
  )
  checkRole(input['taskRoleArn'])
  checkRole(input['executionRoleArn'])
  const names = new Set<string>()
  for (const c of containers) {
    const name = c['name']
    if (typeof name !== 'string' || name === '')
      throw client('Container.name should not be null or empty.')
    if (!NAME.test(name)) throw client(`Container name '${name}' contains invalid characters.`) // [U]
    if (names.has(name)) throw client(`Duplicate container name '${name}'.`) // [U]
    names.add(name)
    const image = c['image']
    if (typeof image !== 'string' || image === '')
      throw client('Container.image should not be null or empty.')
    for (const env of (c['environment'] as Json[] | undefined) ?? []) {
      if (typeof env['name'] !== 'string' || env['name'] === '') {
        throw client(`Invalid environment variable in container '${name}': name must not be empty.`) // [U]
      }
    }
    if (
      !fargate &&
      input['memory'] === undefined &&
      c['memory'] === undefined &&
      c['memoryReservation'] === undefined
    ) {
      throw client(
        `Invalid setting for container '${name}'. At least one of 'memory' or 'memoryReservation' must be specified.`
      )
    }
    if (networkMode === 'awsvpc') {
      for (const p of (c['portMappings'] as Json[] | undefined) ?? []) {
        if (p['hostPort'] !== undefined && p['hostPort'] !== p['containerPort']) {
          throw client(
            'When networkMode=awsvpc, the host ports and container ports in port mappings must match.'
          )
        }
      }
    }
    const log = c['logConfiguration'] as Json | undefined
    const driver = log?.['logDriver']
    if (driver !== undefined) {
      const allowed = fargate ? FARGATE_LOG_DRIVERS : LOG_DRIVERS
      if (!allowed.includes(String(driver))) {
        throw client(
          `${String(driver)} is not a valid log driver. Must be one of [${allowed.join(',')}]`
        )
      }
    }
    if (
      ((c['secrets'] as Json[] | undefined) ?? []).length > 0 &&
      input['executionRoleArn'] === undefined
    ) {
      throw client(
        "When you are specifying container secrets, you must also specify a value for 'executionRoleArn'."
      )
    }
    if (fargate && log?.['logDriver'] === 'awslogs' && input['executionRoleArn'] === undefined) {
      throw client(
        'Fargate requires task definition to have execution role ARN to support log driver awslogs.'
      )
    }
  }
  if (fargate) {
    if (networkMode !== 'awsvpc') throw client("Fargate only supports network mode 'awsvpc'.")
    if (input['cpu'] === undefined)
      throw client("Fargate requires that 'cpu' be defined at the task level.")
    if (input['memory'] === undefined) {
      throw client("Fargate requires that 'memory' be defined at the task level.") // [U]
    }
    const cpu = taskSize(input['cpu'], 'vcpu')
    const memory = taskSize(input['memory'], 'gb')
    if (!fargateSize(cpu, memory)) {
      // Text as quoted in aws-games/cloud-game-development-toolkit#737.
      throw client(
        `No Fargate configuration exists for given values: ${cpu} CPU, ${memory} memory. See the Amazon ECS documentation for the valid values.`
      )
    }
  }
  checkTags(input['tags'])
}

export function checkTags(tags: unknown): void {
  for (const tag of (tags as Json[] | undefined) ?? []) {
    if (typeof tag['key'] !== 'string' || tag['key'] === '') {
      throw invalid('Tag keys must not be empty.') // [U]
    }
  }
}

/** Launch type / network configuration checks shared by CreateService and UpdateService. */
export function checkPlacement(
  td: TaskDefinitionRecord,
  launchType: unknown,
  capacityProviderStrategy: unknown,
  networkConfiguration: unknown
): void {
  if (launchType !== undefined && capacityProviderStrategy !== undefined) {
    throw invalid(
      'Specifying both a launch type and capacity provider strategy is not supported. Remove one and try again.'
    )
  }
  const awsvpc = td.body['networkMode'] === 'awsvpc'
  if (launchType === 'FARGATE' && !awsvpc) {
    throw invalid('Task definition does not support launch_type FARGATE.')
  }
  if (awsvpc && networkConfiguration === undefined) {
    throw invalid("Network Configuration must be provided when networkMode 'awsvpc' is specified.")
  }
}

export function checkDesiredCount(value: unknown): void {
  if (typeof value === 'number' && (value < 0 || !Number.isInteger(value))) {
    throw invalid('Invalid desiredCount. desiredCount must be a non-negative integer.') // [U]
  }
}

export function checkServiceName(name: string): void {
  if (!NAME.test(name)) {
    throw invalid(
      'Service name can only contain letters (uppercase and lowercase), numbers, underscores, and hyphens.'
    ) // [U]
  }
}
