/** The emulator rejects what ECS rejects in the fields the render inputs set, and keeps them all (issue 8). */
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals'
import {
  DescribeServicesCommand,
  DescribeTaskDefinitionCommand,
  ECSClient,
  RegisterTaskDefinitionCommand,
  UpdateServiceCommand,
  type RegisterTaskDefinitionCommandInput
} from '@aws-sdk/client-ecs'
import { startEmulator, type Emulator } from '../../../test-support/emulator/server.js'

const credentials = { accessKeyId: 'test', secretAccessKey: 'test' }
const EXEC = 'arn:aws:iam::123456789012:role/ecsTaskExecutionRole'

const fargate = (
  extra: Partial<RegisterTaskDefinitionCommandInput> = {}
): RegisterTaskDefinitionCommandInput => ({
  family: 'web',
  networkMode: 'awsvpc',
  requiresCompatibilities: ['FARGATE'],
  cpu: '256',
  memory: '512',
  executionRoleArn: EXEC,
  containerDefinitions: [{ name: 'web', image: 'nginx:1.27', essential: true }],
  ...extra
})

let emu: Emulator
let ecs: ECSClient
beforeEach(async () => {
  emu = await startEmulator({ mode: 'manual' })
  ecs = new ECSClient({ region: 'us-east-1', endpoint: emu.url, credentials, maxAttempts: 1 })
})
afterEach(async () => {
  ecs.destroy()
  await emu.close()
})

const register = (td: RegisterTaskDefinitionCommandInput): Promise<unknown> =>
  ecs.send(new RegisterTaskDefinitionCommand(td))

describe('RegisterTaskDefinition checks', () => {
  it.each([
    ['256', '1024', true],
    ['0.25 vCPU', '2 GB', true],
    ['4096', '30720', true],
    ['8192', '20480', true],
    ['1024', '1024', false],
    ['512', '5120', false],
    ['8192', '17408', false],
    ['300', '1024', false]
  ])('Fargate %s CPU with %s memory: offered %s', async (cpu, memory, ok) => {
    const attempt = register(fargate({ cpu, memory }))
    if (ok) await expect(attempt).resolves.toBeDefined()
    else {
      await expect(attempt).rejects.toMatchObject({
        name: 'ClientException',
        message: expect.stringMatching(
          /^No Fargate configuration exists for given values: \d+ CPU, \d+ memory\. See the Amazon ECS documentation for the valid values\.$/
        )
      })
    }
  })

  it('EC2 tasks take any size', async () => {
    await expect(
      register({
        family: 'ec2',
        cpu: '1000',
        memory: '1000',
        containerDefinitions: [{ name: 'a', image: 'x' }]
      })
    ).resolves.toBeDefined()
  })

  it('an unknown log driver, with the list for the launch type', async () => {
    const withDriver = (logDriver: string, td = fargate()): RegisterTaskDefinitionCommandInput => ({
      ...td,
      containerDefinitions: [{ name: 'web', image: 'x', logConfiguration: { logDriver } as never }]
    })
    await expect(register(withDriver('cloudwatch'))).rejects.toMatchObject({
      name: 'ClientException',
      message: 'cloudwatch is not a valid log driver. Must be one of [awslogs,splunk,awsfirelens]'
    })
    await expect(register(withDriver('fluentd'))).rejects.toMatchObject({
      message: 'fluentd is not a valid log driver. Must be one of [awslogs,splunk,awsfirelens]'
    })
    const ec2 = { family: 'ec2', memory: '512', containerDefinitions: [] }
    await expect(register(withDriver('fluentd', ec2))).resolves.toBeDefined()
    await expect(register(withDriver('logentries', ec2))).rejects.toMatchObject({
      message: expect.stringContaining(
        'Must be one of [json-file,syslog,journald,gelf,fluentd,awslogs,splunk,awsfirelens]'
      )
    })
  })

  it('a role ARN that is not a role', async () => {
    for (const [field, value] of [
      ['taskRoleArn', 'arn:aws:iam::123456789012:user/deployer'],
      ['executionRoleArn', 'arn:aws:ecs:us-east-1:123456789012:cluster/prod'],
      ['taskRoleArn', 'not a role']
    ] as const) {
      await expect(register(fargate({ [field]: value }))).rejects.toMatchObject({
        name: 'ClientException',
        message: 'Role is not valid'
      })
    }
    await expect(register(fargate({ taskRoleArn: 'appTaskRole' }))).resolves.toBeDefined()
  })

  it('secrets without an execution role', async () => {
    const td = fargate({
      executionRoleArn: undefined,
      containerDefinitions: [
        { name: 'web', image: 'x', secrets: [{ name: 'A', valueFrom: '/p/a' }] }
      ]
    })
    delete td.executionRoleArn
    await expect(register(td)).rejects.toMatchObject({
      message:
        "When you are specifying container secrets, you must also specify a value for 'executionRoleArn'."
    })
  })

  it('keeps every field the render inputs set', async () => {
    const td = fargate({
      cpu: '1024',
      memory: '2048',
      taskRoleArn: 'arn:aws:iam::123456789012:role/task',
      containerDefinitions: [
        {
          name: 'web',
          image: 'x',
          command: ['npm', 'run', 'start server'],
          entryPoint: ['/bin/sh', '-c'],
          secrets: [{ name: 'A', valueFrom: 'arn:aws:ssm:us-east-1:123456789012:parameter/a' }],
          environmentFiles: [{ value: 'arn:aws:s3:::bucket/app.env', type: 's3' }],
          logConfiguration: { logDriver: 'awslogs', options: { 'awslogs-group': '/ecs/web' } },
          dockerLabels: { team: 'shop', empty: '' }
        }
      ]
    })
    await register(td)
    const { taskDefinition } = await ecs.send(
      new DescribeTaskDefinitionCommand({ taskDefinition: 'web' })
    )
    expect(taskDefinition).toMatchObject({
      cpu: '1024',
      memory: '2048',
      taskRoleArn: td.taskRoleArn,
      executionRoleArn: EXEC,
      containerDefinitions: [expect.objectContaining({ ...td.containerDefinitions?.[0] })]
    })
  })
})

describe('UpdateService keeps the deploy settings', () => {
  it('managed tags, tag propagation and the service-managed EBS volume', async () => {
    emu.seedCluster('prod')
    const td = {
      ...fargate(),
      volumes: [{ name: 'data', configuredAtLaunch: true }]
    }
    await emu.seedService({ cluster: 'prod', serviceName: 'web', taskDefinition: td })
    const volume = {
      name: 'data',
      managedEBSVolume: { roleArn: 'arn:aws:iam::123456789012:role/ecsInfra', sizeInGiB: 20 }
    }
    await ecs.send(
      new UpdateServiceCommand({
        cluster: 'prod',
        service: 'web',
        forceNewDeployment: true,
        enableECSManagedTags: true,
        propagateTags: 'SERVICE',
        volumeConfigurations: [volume]
      })
    )
    const { services } = await ecs.send(
      new DescribeServicesCommand({ cluster: 'prod', services: ['web'] })
    )
    const svc = services![0]!
    expect(svc.enableECSManagedTags).toBe(true)
    expect(svc.propagateTags).toBe('SERVICE')
    expect(svc.deployments!.find((d) => d.status === 'PRIMARY')!.volumeConfigurations).toEqual([
      volume
    ])
  })
})
