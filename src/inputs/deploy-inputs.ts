import { quote } from '../util/errors.js'
import { roleArnPartition } from '../aws/arn.js'
import type {
  ServiceManagedEBSVolumeConfiguration,
  ServiceVolumeConfiguration
} from '@aws-sdk/client-ecs'
import { parseJson } from '../util/json.js'
import type { Reader } from './render-inputs.js'

/**
 * The service-update inputs of aws-actions/amazon-ecs-deploy-task-definition
 * that this action takes under the same names. Pure.
 */

export type PropagateTags = 'NONE' | 'SERVICE' | 'TASK_DEFINITION'

/** Extra UpdateService members; absent = left as the service has them. */
export interface ServiceSettings {
  enableECSManagedTags?: boolean
  propagateTags?: PropagateTags
  /** `service-managed-ebs-volume-name` + `service-managed-ebs-volume`. */
  volumeConfigurations?: ServiceVolumeConfiguration[]
}

export interface DeploySettings {
  service: ServiceSettings
  /** SDK attempts per AWS call (`max-retries`); undefined = the client factory's default. */
  maxAttempts?: number
  /** Accepted for compatibility; the watch polls every 5 s regardless. */
  waitMaxDelaySeconds?: number
  /** Accepted for compatibility; empty values are always kept. */
  keepNullValueKeys: string[]
}

/** ServiceManagedEBSVolumeConfiguration members (ECS API). */
const EBS_MEMBERS = [
  'encrypted',
  'kmsKeyId',
  'volumeType',
  'sizeInGiB',
  'snapshotId',
  'volumeInitializationRate',
  'iops',
  'throughput',
  'tagSpecifications',
  'roleArn',
  'filesystemType'
]

export const MAX_ATTEMPTS_LIMIT = 20

export function parseDeploySettings(
  read: Reader,
  bool: (name: 'enable-ecs-managed-tags') => boolean | undefined,
  hasService: boolean,
  problems: string[]
): DeploySettings {
  const service: ServiceSettings = {}
  const needsService = (name: string): void => {
    if (!hasService) {
      problems.push(
        `\`${name}\`: applies to the service update and needs \`service\`; set \`service\` or remove it.`
      )
    }
  }

  const managedTags = bool('enable-ecs-managed-tags')
  if (managedTags !== undefined) {
    service.enableECSManagedTags = managedTags
    needsService('enable-ecs-managed-tags')
  }

  const propagate = read('propagate-tags').trim()
  if (propagate !== '') {
    const upper = propagate.toUpperCase().replace(/-/g, '_')
    if (upper === 'NONE' || upper === 'SERVICE' || upper === 'TASK_DEFINITION') {
      service.propagateTags = upper
    } else {
      problems.push(
        `\`propagate-tags\`: ${quote(propagate)} is not a tag source; use SERVICE, TASK_DEFINITION or NONE.`
      )
    }
    needsService('propagate-tags')
  }

  const volumeName = read('service-managed-ebs-volume-name').trim()
  const volumeRaw = read('service-managed-ebs-volume').trim()
  if (volumeName !== '' || volumeRaw !== '') {
    needsService(
      volumeName !== '' ? 'service-managed-ebs-volume-name' : 'service-managed-ebs-volume'
    )
    if (volumeName === '' || volumeRaw === '') {
      problems.push(
        '`service-managed-ebs-volume-name` and `service-managed-ebs-volume`: give both, the name of the task definition volume that is configuredAtLaunch and its EBS settings as a JSON object.'
      )
    } else {
      const volume = parseEbsVolume(volumeRaw, problems)
      if (volume) {
        // Members checked by name and roleArn by shape; ECS checks the values.
        const managedEBSVolume = volume as unknown as ServiceManagedEBSVolumeConfiguration
        service.volumeConfigurations = [{ name: volumeName, managedEBSVolume }]
      }
    }
  }

  const settings: DeploySettings = { service, keepNullValueKeys: [] }
  const retries = read('max-retries').trim()
  if (retries !== '') {
    const n = Number(retries)
    if (!/^\d+$/.test(retries) || n < 1 || n > MAX_ATTEMPTS_LIMIT) {
      problems.push(
        `\`max-retries\`: ${quote(retries)} is not a number of attempts; use a whole number from 1 to ${MAX_ATTEMPTS_LIMIT} (each AWS call is tried at most that many times).`
      )
    } else {
      settings.maxAttempts = n
    }
  }
  const delay = read('wait-max-delay-seconds').trim()
  if (delay !== '') {
    if (!/^\d+$/.test(delay) || Number(delay) < 1) {
      problems.push(
        `\`wait-max-delay-seconds\`: ${quote(delay)} is not a whole number of seconds (1 or more).`
      )
    } else {
      settings.waitMaxDelaySeconds = Number(delay)
    }
  }
  settings.keepNullValueKeys = read('keep-null-value-keys')
    .split(',')
    .map((k) => k.trim())
    .filter((k) => k !== '')
  return settings
}

/** `service-managed-ebs-volume`: a JSON object of ServiceManagedEBSVolumeConfiguration members. */
export function parseEbsVolume(
  raw: string,
  problems: string[]
): Record<string, unknown> | undefined {
  const input = '`service-managed-ebs-volume`'
  const parsed = parseJson(raw)
  if ('error' in parsed) {
    const { line, column, message } = parsed.error
    problems.push(`${input}: not valid JSON at line ${line}, column ${column}: ${message}.`)
    return undefined
  }
  const value = parsed.value
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    problems.push(
      `${input}: must be a JSON object, e.g. {"roleArn": "arn:aws:iam::123456789012:role/ecsInfrastructureRole", "sizeInGiB": 20}.`
    )
    return undefined
  }
  const volume = value as Record<string, unknown>
  let ok = true
  for (const key of Object.keys(volume)) {
    if (!EBS_MEMBERS.includes(key)) {
      const near = EBS_MEMBERS.find(
        (m) => m.toLowerCase() === key.toLowerCase().replace(/[-_]/g, '')
      )
      problems.push(
        `${input}: ${quote(key)} is not a ServiceManagedEBSVolumeConfiguration member${near ? `; did you mean ${quote(near)}?` : ` (members: ${EBS_MEMBERS.join(', ')}).`}`
      )
      ok = false
    }
  }
  const role = volume['roleArn']
  if (typeof role !== 'string' || roleArnPartition(role) === undefined) {
    problems.push(
      `${input}: "roleArn" is required and must be an IAM role ARN (the ECS infrastructure role that manages the volume).`
    )
    ok = false
  }
  return ok ? volume : undefined
}
