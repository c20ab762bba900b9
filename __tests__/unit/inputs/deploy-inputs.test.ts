import { describe, expect, it } from '@jest/globals'
import { parseBoolean } from '../../../src/inputs/parse.js'
import { parseDeploySettings, parseEbsVolume } from '../../../src/inputs/deploy-inputs.js'

function parse(
  inputs: Record<string, string>,
  hasService = true
): { settings: unknown; problems: string[] } {
  const problems: string[] = []
  const settings = parseDeploySettings(
    (n) => inputs[n] ?? '',
    (n) => (inputs[n] ? parseBoolean(inputs[n]) : undefined),
    hasService,
    problems
  )
  return { settings, problems }
}

const VOLUME =
  '{"roleArn":"arn:aws:iam::123456789012:role/ecsInfra","sizeInGiB":20,"volumeType":"gp3"}'

describe('deploy inputs with the official names', () => {
  it('nothing given: nothing set', () => {
    expect(parse({})).toEqual({
      settings: { service: {}, keepNullValueKeys: [] },
      problems: []
    })
  })

  it('reads every one', () => {
    expect(
      parse({
        'enable-ecs-managed-tags': 'true',
        'propagate-tags': 'service',
        'service-managed-ebs-volume-name': 'data',
        'service-managed-ebs-volume': VOLUME,
        'max-retries': '4',
        'wait-max-delay-seconds': '15',
        'keep-null-value-keys': 'tags, volumes'
      })
    ).toEqual({
      settings: {
        service: {
          enableECSManagedTags: true,
          propagateTags: 'SERVICE',
          volumeConfigurations: [
            {
              name: 'data',
              managedEBSVolume: {
                roleArn: 'arn:aws:iam::123456789012:role/ecsInfra',
                sizeInGiB: 20,
                volumeType: 'gp3'
              }
            }
          ]
        },
        maxAttempts: 4,
        waitMaxDelaySeconds: 15,
        keepNullValueKeys: ['tags', 'volumes']
      },
      problems: []
    })
  })

  it('service settings need a service; bad values are named', () => {
    const { problems } = parse(
      {
        'propagate-tags': 'EVERYWHERE',
        'enable-ecs-managed-tags': 'true',
        'max-retries': '0',
        'wait-max-delay-seconds': 'soon',
        'service-managed-ebs-volume-name': 'data'
      },
      false
    )
    expect(problems).toEqual([
      '`enable-ecs-managed-tags`: applies to the service update and needs `service`; set `service` or remove it.',
      '`propagate-tags`: "EVERYWHERE" is not a tag source; use SERVICE, TASK_DEFINITION or NONE.',
      '`propagate-tags`: applies to the service update and needs `service`; set `service` or remove it.',
      '`service-managed-ebs-volume-name`: applies to the service update and needs `service`; set `service` or remove it.',
      '`service-managed-ebs-volume-name` and `service-managed-ebs-volume`: give both, the name of the task definition volume that is configuredAtLaunch and its EBS settings as a JSON object.',
      '`max-retries`: "0" is not a number of attempts; use a whole number from 1 to 20 (each AWS call is tried at most that many times).',
      '`wait-max-delay-seconds`: "soon" is not a whole number of seconds (1 or more).'
    ])
  })
})

describe('service-managed-ebs-volume JSON', () => {
  it('gives the line and column of a syntax error', () => {
    const problems: string[] = []
    expect(parseEbsVolume('{\n  "roleArn": "x",\n  "sizeInGiB": 20,\n}', problems)).toBeUndefined()
    expect(problems).toHaveLength(1)
    expect(problems[0]).toMatch(
      /^`service-managed-ebs-volume`: not valid JSON at line 4, column 1: /
    )
  })

  it('names unknown members (with the near one) and a missing roleArn', () => {
    const problems: string[] = []
    parseEbsVolume('{"size_in_gib": 20, "volumeType": "gp3"}', problems)
    expect(problems).toEqual([
      '`service-managed-ebs-volume`: "size_in_gib" is not a ServiceManagedEBSVolumeConfiguration member; did you mean "sizeInGiB"?',
      '`service-managed-ebs-volume`: "roleArn" is required and must be an IAM role ARN (the ECS infrastructure role that manages the volume).'
    ])
  })

  it('must be an object', () => {
    const problems: string[] = []
    parseEbsVolume('[1]', problems)
    expect(problems[0]).toMatch(/must be a JSON object/)
  })
})
