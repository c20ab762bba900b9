import { beforeEach, describe, expect, it } from '@jest/globals'
import { mockClient } from 'aws-sdk-client-mock'
import {
  AccessDeniedException,
  ClusterNotFoundException,
  DescribeServicesCommand,
  ECSClient,
  UpdateServiceCommand,
  type Service
} from '@aws-sdk/client-ecs'
import { checkService, updateService } from '../../../src/deploy/service.js'
import { ActionError } from '../../../src/util/errors.js'
import { ecsDeployment, ecsService, taskDefinitionArn } from '../../../test-support/deployments.js'

const ecsMock = mockClient(ECSClient)
const ecs = new ECSClient({ region: 'eu-west-1' })
const TD = taskDefinitionArn(43, 'eu-west-1')
const TD_OLD = taskDefinitionArn(42, 'eu-west-1')

/** Service `web`, steady on the previous revision. */
function service(over: Partial<Service> = {}): Service {
  const steady = ecsDeployment({
    id: 'ecs-svc/1111111111111111111',
    taskDefinition: TD_OLD,
    runningCount: 3,
    rolloutState: 'COMPLETED',
    rolloutStateReason: 'ECS deployment ecs-svc/1111111111111111111 completed.'
  })
  return ecsService([steady], [], null, { taskDefinition: TD_OLD, ...over })
}

beforeEach(() => {
  ecsMock.reset()
})

async function failure(promise: Promise<unknown>): Promise<ActionError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e
  )
  expect(error).toBeInstanceOf(ActionError)
  return error as ActionError
}

describe('checkService', () => {
  it('returns the ACTIVE, ECS-controlled service after one DescribeServices', async () => {
    ecsMock.on(DescribeServicesCommand).resolves({ services: [service()], failures: [] })
    const found = await checkService(ecs, 'prod', 'web')
    expect(found.serviceName).toBe('web')
    const calls = ecsMock.commandCalls(DescribeServicesCommand)
    expect(calls).toHaveLength(1)
    expect(calls[0]!.args[0].input).toEqual({ cluster: 'prod', services: ['web'] })
  })

  it('accepts a service without a deploymentController (ECS is the default)', async () => {
    ecsMock
      .on(DescribeServicesCommand)
      .resolves({ services: [service({ deploymentController: undefined })] })
    await expect(checkService(ecs, 'prod', 'web')).resolves.toBeDefined()
  })

  it('names service, cluster and region when the service is MISSING', async () => {
    ecsMock.on(DescribeServicesCommand).resolves({
      services: [],
      failures: [{ arn: 'arn:aws:ecs:eu-west-1:123456789012:service/prod/web', reason: 'MISSING' }]
    })
    const error = await failure(checkService(ecs, 'prod', 'web'))
    expect(error.message).toContain('Service web not found in cluster prod (region eu-west-1)')
  })

  it('names the cluster when the cluster does not exist', async () => {
    ecsMock
      .on(DescribeServicesCommand)
      .rejects(new ClusterNotFoundException({ message: 'Cluster not found.', $metadata: {} }))
    const error = await failure(checkService(ecs, 'staging', 'web'))
    expect(error.message).toContain('Cluster staging not found in region eu-west-1')
  })

  it('explains a denied DescribeServices', async () => {
    ecsMock.on(DescribeServicesCommand).rejects(
      new AccessDeniedException({
        message:
          'User: arn:aws:sts::1:assumed-role/ci is not authorized to perform: ecs:DescribeServices',
        $metadata: {}
      })
    )
    const error = await failure(checkService(ecs, 'prod', 'web'))
    expect(error.message).toContain('AccessDeniedException')
    expect(error.message).toContain('IAM')
  })

  it.each(['DRAINING', 'INACTIVE'])('refuses a %s service', async (status) => {
    ecsMock.on(DescribeServicesCommand).resolves({ services: [service({ status })] })
    const error = await failure(checkService(ecs, 'prod', 'web'))
    expect(error.message).toContain(`is ${status}`)
    expect(error.message).toContain('ACTIVE')
  })

  it('refuses the EXTERNAL controller', async () => {
    ecsMock
      .on(DescribeServicesCommand)
      .resolves({ services: [service({ deploymentController: { type: 'EXTERNAL' } })] })
    const error = await failure(checkService(ecs, 'prod', 'web'))
    expect(error.message).toContain('EXTERNAL')
    expect(error.message).toContain('ECS or CODE_DEPLOY controller')
  })

  it('accepts the CODE_DEPLOY controller (deployed through CodeDeploy)', async () => {
    const svc = service({ deploymentController: { type: 'CODE_DEPLOY' } })
    ecsMock.on(DescribeServicesCommand).resolves({ services: [svc] })
    await expect(checkService(ecs, 'prod', 'web')).resolves.toEqual(svc)
  })
})

describe('updateService', () => {
  const newPrimary = {
    id: 'ecs-svc/2222222222222222222',
    status: 'PRIMARY',
    taskDefinition: TD,
    rolloutState: 'IN_PROGRESS' as const
  }
  const oldActive = {
    id: 'ecs-svc/1111111111111111111',
    status: 'ACTIVE',
    taskDefinition: TD_OLD,
    rolloutState: 'COMPLETED' as const
  }

  it('sends the update and returns the new PRIMARY deployment id', async () => {
    ecsMock
      .on(UpdateServiceCommand)
      .resolves({ service: service({ taskDefinition: TD, deployments: [newPrimary, oldActive] }) })
    const result = await updateService(ecs, {
      cluster: 'prod',
      service: 'web',
      taskDefinitionArn: TD,
      desiredCount: 4,
      forceNewDeployment: false
    })
    expect(result.deploymentId).toBe(newPrimary.id)
    expect(result.service.taskDefinition).toBe(TD)
    expect(ecsMock.commandCalls(UpdateServiceCommand)[0]!.args[0].input).toEqual({
      cluster: 'prod',
      service: 'web',
      taskDefinition: TD,
      desiredCount: 4,
      forceNewDeployment: false
    })
  })

  it('leaves desiredCount out when not set', async () => {
    ecsMock.on(UpdateServiceCommand).resolves({ service: service({ deployments: [newPrimary] }) })
    await updateService(ecs, {
      cluster: 'prod',
      service: 'web',
      taskDefinitionArn: TD,
      forceNewDeployment: true
    })
    const input = ecsMock.commandCalls(UpdateServiceCommand)[0]!.args[0].input
    expect('desiredCount' in input).toBe(false)
    expect(input.forceNewDeployment).toBe(true)
  })

  it('reports no deployment when the PRIMARY is the one that existed before', async () => {
    const before = service({ deployments: [{ ...oldActive, status: 'PRIMARY' }] })
    ecsMock.on(UpdateServiceCommand).resolves({ service: before })
    const result = await updateService(ecs, {
      cluster: 'prod',
      service: 'web',
      taskDefinitionArn: TD_OLD,
      desiredCount: 5,
      forceNewDeployment: false,
      before
    })
    expect(result.deploymentId).toBeUndefined()
  })

  it('without the previous state, a COMPLETED PRIMARY means none was created', async () => {
    ecsMock
      .on(UpdateServiceCommand)
      .resolves({ service: service({ deployments: [{ ...oldActive, status: 'PRIMARY' }] }) })
    const result = await updateService(ecs, {
      cluster: 'prod',
      service: 'web',
      taskDefinitionArn: TD_OLD,
      forceNewDeployment: false
    })
    expect(result.deploymentId).toBeUndefined()
  })

  it('turns an AWS error into an ActionError naming the service and revision', async () => {
    ecsMock
      .on(UpdateServiceCommand)
      .rejects(
        Object.assign(new Error('Service was not ACTIVE.'), { name: 'ServiceNotActiveException' })
      )
    const error = await failure(
      updateService(ecs, {
        cluster: 'prod',
        service: 'web',
        taskDefinitionArn: TD,
        forceNewDeployment: false
      })
    )
    expect(error.message).toContain('ServiceNotActiveException')
    expect(error.message).toContain('web:43')
  })
})
