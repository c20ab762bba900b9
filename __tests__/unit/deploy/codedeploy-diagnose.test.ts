import { beforeEach, describe, expect, it } from '@jest/globals'
import { mockClient } from 'aws-sdk-client-mock'
import {
  AccessDeniedException,
  DescribeServicesCommand,
  DescribeTaskDefinitionCommand,
  DescribeTaskSetsCommand,
  DescribeTasksCommand,
  ECSClient,
  ListTasksCommand
} from '@aws-sdk/client-ecs'
import { CloudWatchLogsClient, GetLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs'
import { diagnoseCodeDeploy } from '../../../src/deploy/codedeploy/diagnose.js'
import { MemoryLogger } from '../../../src/util/log.js'
import {
  exitedTask,
  taskArn,
  taskDefinitionArn,
  webLogConfiguration
} from '../../../test-support/deployments.js'

const ecs = new ECSClient({ region: 'eu-west-1' })
const ecsMock = mockClient(ecs)
const logs = new CloudWatchLogsClient({ region: 'eu-west-1' })
const logsMock = mockClient(logs)
const GREEN = 'ecs-svc/7771796290450922002'
const BLUE = 'ecs-svc/1111111111111111111'
const TD = taskDefinitionArn(8, 'eu-west-1')
const TASK = 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa'

beforeEach(() => {
  ecsMock.reset()
  logsMock.reset()
  ecsMock.on(DescribeServicesCommand).resolves({ services: [{ events: [] }] })
  ecsMock.on(ListTasksCommand).resolves({ taskArns: [taskArn(TASK, 'eu-west-1')] })
  ecsMock.on(DescribeTasksCommand).resolves({
    tasks: [exitedTask(TASK, { startedBy: GREEN, taskDefinitionArn: TD }, 'eu-west-1')]
  })
  ecsMock.on(DescribeTaskDefinitionCommand).resolves({
    taskDefinition: {
      containerDefinitions: [
        {
          name: 'web',
          logConfiguration: webLogConfiguration()
        }
      ]
    }
  })
  logsMock.on(GetLogEventsCommand).resolves({ events: [{ message: 'boom' }] })
})

function diagnose(log: MemoryLogger, greenTaskSet?: string) {
  return diagnoseCodeDeploy({
    ecs,
    logs,
    cluster: 'prod',
    service: 'web',
    deploymentId: 'd-ABCDEF123',
    greenTaskSet,
    taskDefinitionArn: TD,
    log
  })
}

describe('diagnoseCodeDeploy', () => {
  it("finds the green task set by its externalId and lists its tasks' stop reasons with the log tail", async () => {
    ecsMock.on(DescribeTaskSetsCommand).resolves({
      taskSets: [
        { id: BLUE, status: 'PRIMARY', taskDefinition: 'web:7' },
        { id: GREEN, externalId: 'd-ABCDEF123', status: 'DRAINING', taskDefinition: TD }
      ]
    })
    const log = new MemoryLogger()
    const d = await diagnose(log)
    expect(ecsMock.commandCalls(DescribeTaskSetsCommand)[0]!.args[0].input).toEqual({
      cluster: 'prod',
      service: 'web'
    })
    expect(d?.deploymentId).toBe(GREEN)
    expect(d?.stoppedTasks.map((t) => [t.stopCode, t.containers[0]?.exitCode])).toEqual([
      ['EssentialContainerExited', 1]
    ])
    expect(d?.logs[0]?.lines).toEqual(['boom'])
    expect(ecsMock.commandCalls(DescribeTaskDefinitionCommand)[0]!.args[0].input).toEqual({
      taskDefinition: TD
    })
    expect(log.lines).toContain(`Green task set ${GREEN} of CodeDeploy deployment d-ABCDEF123:`)
  })

  it('falls back to the Green task set GetDeploymentTarget named once the task set is gone, or when DescribeTaskSets is denied', async () => {
    ecsMock.on(DescribeTaskSetsCommand).resolves({ taskSets: [{ id: BLUE, status: 'PRIMARY' }] })
    expect((await diagnose(new MemoryLogger(), GREEN))?.stoppedTaskCount).toBe(1)

    ecsMock
      .on(DescribeTaskSetsCommand)
      .rejects(new AccessDeniedException({ message: 'denied', $metadata: {} }))
    const log = new MemoryLogger()
    const d = await diagnose(log, GREEN)
    expect(d?.deploymentId).toBe(GREEN)
    expect(
      log.lines.some((l) => l.startsWith('warning:') && l.includes('ecs:DescribeTaskSets'))
    ).toBe(true)
  })

  it('without a green task set says so and collects nothing', async () => {
    ecsMock.on(DescribeTaskSetsCommand).resolves({ taskSets: [{ id: BLUE, status: 'PRIMARY' }] })
    const log = new MemoryLogger()
    expect(await diagnose(log)).toBeUndefined()
    expect(ecsMock.commandCalls(ListTasksCommand)).toHaveLength(0)
    expect(log.lines).toContain(
      'Diagnostics: no green task set of CodeDeploy deployment d-ABCDEF123 found.'
    )
  })
})
