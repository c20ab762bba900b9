/** UpdateService carries the official deploy action's service settings (issue 8). */
import { describe, expect, it } from '@jest/globals'
import { mockClient } from 'aws-sdk-client-mock'
import { ECSClient, UpdateServiceCommand } from '@aws-sdk/client-ecs'
import { updateService } from '../../../src/deploy/service.js'

const ecsMock = mockClient(ECSClient)
const ecs = new ECSClient({ region: 'eu-west-1' })
const TD = 'arn:aws:ecs:eu-west-1:123456789012:task-definition/web:43'

describe('updateService with service settings', () => {
  it('sends managed tags, tag propagation and the EBS volume configuration', async () => {
    ecsMock.on(UpdateServiceCommand).resolves({
      service: { serviceName: 'web', deployments: [{ id: 'ecs-svc/2', status: 'PRIMARY' }] }
    })
    const volumeConfigurations = [
      {
        name: 'data',
        managedEBSVolume: { roleArn: 'arn:aws:iam::123456789012:role/ecsInfra', sizeInGiB: 20 }
      }
    ]
    await updateService(ecs, {
      cluster: 'prod',
      service: 'web',
      taskDefinitionArn: TD,
      forceNewDeployment: false,
      settings: {
        enableECSManagedTags: true,
        propagateTags: 'TASK_DEFINITION',
        volumeConfigurations
      }
    })
    expect(ecsMock.commandCalls(UpdateServiceCommand)[0]!.args[0].input).toEqual({
      cluster: 'prod',
      service: 'web',
      taskDefinition: TD,
      forceNewDeployment: false,
      enableECSManagedTags: true,
      propagateTags: 'TASK_DEFINITION',
      volumeConfigurations
    })
  })
})
