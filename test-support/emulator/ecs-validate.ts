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
