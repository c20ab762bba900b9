import { beforeEach, describe, expect, it } from '@jest/globals'
import { mockClient } from 'aws-sdk-client-mock'
import {
  AccessDeniedException,
  DescribeTasksCommand,
  ECSClient,
  ListTasksCommand,
  type Task
} from '@aws-sdk/client-ecs'
import {
  AccessDeniedException as LogsAccessDenied,
  CloudWatchLogsClient,
  GetLogEventsCommand,
  ResourceNotFoundException
} from '@aws-sdk/client-cloudwatch-logs'
import {
  awslogsContainers,
  collectDiagnostics,
  diagnosticsMarkdown,
  formatDiagnostics,
  type Diagnostics
} from '../../../src/deploy/diagnostics.js'
import type { EventSnapshot } from '../../../src/deploy/evaluate.js'
import { MemoryLogger } from '../../../src/util/log.js'
import {
  NEW_ID,
  T0,
  stoppedTask,
  taskArn,
  webLogConfiguration
} from '../../../test-support/deployments.js'

const DEP = NEW_ID
const ARN = (id: string) => taskArn(id, 'eu-west-1')
const CRASHED = 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa'
const PULL_FAILED = 'bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb'
const OTHERS = 'cccccccccccccccccccccccccccccccc'

const ecs = new ECSClient({ region: 'eu-west-1' })
const ecsMock = mockClient(ecs)
const logs = new CloudWatchLogsClient({ region: 'eu-west-1' })
const logsMock = mockClient(logs)

const taskDefinition = {
  family: 'web',
  containerDefinitions: [
    {
      name: 'web',
      image: 'x',
      logConfiguration: webLogConfiguration()
    },
    { name: 'sidecar', image: 'y' }
  ]
}

function task(id: string, over: Partial<Task>): Task {
  return stoppedTask(id, over, 'eu-west-1')
}

const crashed = task(CRASHED, {
  stopCode: 'EssentialContainerExited',
  stoppedReason: 'Essential container in task exited',
  stoppedAt: new Date(T0 + 60_000),
  containers: [
    { name: 'web', exitCode: 1 },
    { name: 'sidecar', exitCode: 0 }
  ]
})
const pullFailed = task(PULL_FAILED, {
  stopCode: 'TaskFailedToStart',
  stoppedReason:
    'CannotPullContainerError: pull image manifest has been retried 5 time(s): not found',
  stoppedAt: new Date(T0 + 120_000),
  containers: [{ name: 'web', reason: 'CannotPullContainerError: not found' }]
})
const fromAnotherDeployment = task(OTHERS, {
  startedBy: 'ecs-svc/1111111111111111111',
  stopCode: 'ServiceSchedulerInitiated',
  stoppedAt: new Date(T0 + 180_000)
})

const events: EventSnapshot[] = Array.from({ length: 14 }, (_, i) => ({
  id: `e${i}`,
  createdAt: T0 + (14 - i) * 1000,
  message: `(service web) event ${14 - i}`
}))

beforeEach(() => {
  ecsMock.reset()
  logsMock.reset()
  ecsMock.on(ListTasksCommand).resolves({ taskArns: [ARN(CRASHED), ARN(PULL_FAILED), ARN(OTHERS)] })
  ecsMock.on(DescribeTasksCommand).resolves({ tasks: [crashed, fromAnotherDeployment, pullFailed] })
  logsMock.on(GetLogEventsCommand).resolves({
    events: [
      { timestamp: T0, message: 'starting server\n' },
      { timestamp: T0, message: 'Error: DATABASE_URL is not set' }
    ]
  })
})

function collect(
  log = new MemoryLogger(),
  over: Partial<Parameters<typeof collectDiagnostics>[0]> = {}
) {
  return collectDiagnostics({
    ecs,
    logs,
    cluster: 'prod',
    service: 'web',
    deploymentId: DEP,
    taskDefinition,
    events,
    log,
    logsForRegion: () => {
      throw new Error('no other region expected')
    },
    ...over
  })
}

describe('collectDiagnostics', () => {
  it("finds this deployment's stopped tasks, newest first, with their reasons", async () => {
    const d = await collect()
    expect(ecsMock.commandCalls(ListTasksCommand)[0]!.args[0].input).toEqual({
      cluster: 'prod',
      serviceName: 'web',
      desiredStatus: 'STOPPED',
      maxResults: 100
    })
    expect(ecsMock.commandCalls(DescribeTasksCommand)[0]!.args[0].input).toEqual({
      cluster: 'prod',
      tasks: [ARN(CRASHED), ARN(PULL_FAILED), ARN(OTHERS)]
    })
    expect(d.stoppedTaskCount).toBe(2)
    expect(d.stoppedTasks.map((t) => t.taskId)).toEqual([PULL_FAILED, CRASHED])
    expect(d.stoppedTasks[0]).toMatchObject({
      stopCode: 'TaskFailedToStart',
      containers: [{ name: 'web', reason: 'CannotPullContainerError: not found' }]
    })
    expect(d.stoppedTasks[1]!.containers).toEqual([
      { name: 'web', exitCode: 1 },
      { name: 'sidecar', exitCode: 0 }
    ])
    expect(d.warnings).toEqual([])
  })

  it('reads the tail of the newest task that ran, for awslogs containers only', async () => {
    const d = await collect()
    const calls = logsMock.commandCalls(GetLogEventsCommand)
    expect(calls).toHaveLength(1)
    expect(calls[0]!.args[0].input).toEqual({
      logGroupName: '/ecs/web',
      logStreamName: `ecs/web/${CRASHED}`,
      startFromHead: false,
      limit: 30
    })
    expect(d.logs).toEqual([
      {
        taskId: CRASHED,
        container: 'web',
        group: '/ecs/web',
        stream: `ecs/web/${CRASHED}`,
        region: 'eu-west-1',
        lines: ['starting server', 'Error: DATABASE_URL is not set'],
        consoleUrl: `https://eu-west-1.console.aws.amazon.com/cloudwatch/home?region=eu-west-1#logsV2:log-groups/log-group/$252Fecs$252Fweb/log-events/ecs$252Fweb$252F${CRASHED}`
      }
    ])
  })

  it('prefers a task that exited non-zero to a newer one scaled in with exit code 0', async () => {
    const scaledIn = task(OTHERS, {
      stopCode: 'ServiceSchedulerInitiated',
      stoppedReason: `Scaling activity initiated by (deployment ${DEP})`,
      stoppedAt: new Date(T0 + 300_000),
      containers: [{ name: 'web', exitCode: 0 }]
    })
    ecsMock.on(DescribeTasksCommand).resolves({ tasks: [crashed, scaledIn, pullFailed] })
    const d = await collect()
    expect(d.stoppedTasks.map((t) => t.taskId)).toEqual([OTHERS, PULL_FAILED, CRASHED])
    const calls = logsMock.commandCalls(GetLogEventsCommand)
    expect(calls.map((c) => c.args[0].input.logStreamName)).toEqual([`ecs/web/${CRASHED}`])
  })

  it('links the service, each stopped task and each log stream to the AWS console, and prints the links', async () => {
    const d = await collect()
    expect(d.serviceUrl).toBe(
      'https://eu-west-1.console.aws.amazon.com/ecs/v2/clusters/prod/services/web/deployments?region=eu-west-1'
    )
    expect(d.stoppedTasks.map((t) => t.consoleUrl)).toEqual(
      d.stoppedTasks.map(
        (t) =>
          `https://eu-west-1.console.aws.amazon.com/ecs/v2/clusters/prod/tasks/${t.taskId}/configuration?region=eu-west-1`
      )
    )
    const lines = formatDiagnostics(d)
    expect(lines).toContain(`      console: ${d.stoppedTasks[0]!.consoleUrl}`)
    expect(lines).toContain(`      console: ${d.logs[0]!.consoleUrl}`)
    expect(lines.at(-1)).toBe(`  Service deployments in the AWS console: ${d.serviceUrl}`)
    const md = diagnosticsMarkdown(d)
    expect(md).toContain(`[\`${d.stoppedTasks[0]!.taskId}\`](${d.stoppedTasks[0]!.consoleUrl})`)
    expect(md).toContain(`[Log stream in the AWS console](${d.logs[0]!.consoleUrl})`)
    expect(md).toContain(`[Service deployments in the AWS console](${d.serviceUrl})`)
  })

  it('abandons calls still running when its signal aborts, with a warning, and returns what it has', async () => {
    ecsMock.on(ListTasksCommand).callsFake(async () => {
      const error = new Error('Request aborted')
      error.name = 'AbortError'
      throw error
    })
    const log = new MemoryLogger()
    const d = await collect(log)
    expect(d.stoppedTaskCount).toBe(0)
    expect(d.events.length).toBeGreaterThan(0)
    expect(log.lines).toContain(
      'warning: Diagnostics: did not list the stopped tasks within 2 s; skipped so the failure is reported now.'
    )
  })

  it('keeps the last 10 events, oldest first', async () => {
    const d = await collect()
    expect(d.events.map((e) => e.message)).toEqual(
      Array.from({ length: 10 }, (_, i) => `(service web) event ${i + 5}`)
    )
  })

  it('warns naming logs:GetLogEvents when reading logs is denied, and still reports tasks', async () => {
    logsMock
      .on(GetLogEventsCommand)
      .rejects(new LogsAccessDenied({ message: 'not authorized', $metadata: {} }))
    const log = new MemoryLogger()
    const d = await collect(log)
    expect(d.stoppedTaskCount).toBe(2)
    expect(d.logs).toEqual([])
    expect(log.lines.filter((l) => l.startsWith('warning:'))).toEqual([
      expect.stringContaining('`logs:GetLogEvents`')
    ])
    expect(d.warnings[0]).toContain('/ecs/web')
  })

  it('warns naming ecs:ListTasks when listing is denied', async () => {
    ecsMock
      .on(ListTasksCommand)
      .rejects(new AccessDeniedException({ message: 'not authorized', $metadata: {} }))
    const log = new MemoryLogger()
    const d = await collect(log)
    expect(d.stoppedTasks).toEqual([])
    expect(ecsMock.commandCalls(DescribeTasksCommand)).toHaveLength(0)
    expect(log.lines).toEqual([expect.stringContaining('`ecs:ListTasks`')])
    expect(d.events).toHaveLength(10)
  })

  it('warns naming ecs:DescribeTasks when describing is denied', async () => {
    ecsMock
      .on(DescribeTasksCommand)
      .rejects(new AccessDeniedException({ message: 'not authorized', $metadata: {} }))
    const log = new MemoryLogger()
    const d = await collect(log)
    expect(d.stoppedTasks).toEqual([])
    expect(d.warnings).toEqual([expect.stringContaining('`ecs:DescribeTasks`')])
  })

  it('notes a missing log stream without a warning', async () => {
    logsMock.on(GetLogEventsCommand).rejects(
      new ResourceNotFoundException({
        message: 'The specified log stream does not exist.',
        $metadata: {}
      })
    )
    const log = new MemoryLogger()
    const d = await collect(log)
    expect(d.logs[0]).toMatchObject({ lines: [], note: 'log stream not found' })
    expect(log.lines).toEqual([])
  })

  it('reads another region through a client for that region', async () => {
    const west = new CloudWatchLogsClient({ region: 'us-west-2' })
    const westMock = mockClient(west)
    westMock.on(GetLogEventsCommand).resolves({ events: [{ message: 'from oregon' }] })
    const regions: string[] = []
    const d = await collect(new MemoryLogger(), {
      taskDefinition: {
        containerDefinitions: [
          {
            name: 'web',
            logConfiguration: {
              logDriver: 'awslogs',
              options: {
                'awslogs-group': '/ecs/web',
                'awslogs-region': 'us-west-2',
                'awslogs-stream-prefix': 'app'
              }
            }
          }
        ]
      },
      logsForRegion: (region) => {
        regions.push(region)
        return west
      }
    })
    expect(regions).toEqual(['us-west-2'])
    expect(logsMock.commandCalls(GetLogEventsCommand)).toHaveLength(0)
    expect(d.logs[0]).toMatchObject({
      region: 'us-west-2',
      stream: `app/web/${CRASHED}`,
      lines: ['from oregon']
    })
  })

  it('makes no log call without a stream prefix, and says why', async () => {
    const d = await collect(new MemoryLogger(), {
      taskDefinition: {
        containerDefinitions: [
          {
            name: 'web',
            logConfiguration: { logDriver: 'awslogs', options: { 'awslogs-group': 'g' } }
          }
        ]
      }
    })
    expect(logsMock.commandCalls(GetLogEventsCommand)).toHaveLength(0)
    expect(d.logs[0]!.note).toContain('awslogs-stream-prefix')
  })

  it('makes no log call when no task of the deployment ever ran', async () => {
    ecsMock.on(DescribeTasksCommand).resolves({ tasks: [pullFailed] })
    const d = await collect()
    expect(logsMock.commandCalls(GetLogEventsCommand)).toHaveLength(0)
    expect(d.logs).toEqual([])
    expect(d.stoppedTaskCount).toBe(1)
  })
})

describe('awslogsContainers', () => {
  it('reads any task definition shape defensively', () => {
    expect(awslogsContainers(undefined)).toEqual([])
    expect(awslogsContainers({ containerDefinitions: 'nope' })).toEqual([])
    expect(
      awslogsContainers({
        containerDefinitions: [
          null,
          { name: 'a', logConfiguration: { logDriver: 'json-file' } },
          { name: 'b', logConfiguration: { logDriver: 'awslogs', options: {} } },
          {
            name: 'c',
            logConfiguration: { logDriver: 'awslogs', options: { 'awslogs-group': 'g' } }
          }
        ]
      })
    ).toEqual([{ container: 'c', group: 'g' }])
  })
})

const sample: Diagnostics = {
  cluster: 'prod',
  service: 'web',
  deploymentId: DEP,
  stoppedTasks: [
    {
      taskId: CRASHED,
      taskArn: ARN(CRASHED),
      stopCode: 'EssentialContainerExited',
      stoppedReason: 'Essential container in task exited',
      stoppedAt: T0 + 61_000,
      containers: [
        { name: 'web', exitCode: 137, reason: 'OutOfMemoryError: Container killed | oom' },
        { name: 'init' }
      ]
    }
  ],
  stoppedTaskCount: 7,
  events: [{ createdAt: T0 + 5000, message: '(service web) has started 1 tasks: (task a).' }],
  logs: [
    {
      taskId: CRASHED,
      container: 'web',
      group: '/ecs/web',
      stream: `ecs/web/${CRASHED}`,
      region: 'eu-west-1',
      lines: ['boot', 'use ```code``` <b>here</b>']
    }
  ],
  warnings: []
}

describe('formatDiagnostics', () => {
  it('lists tasks, containers, log lines and events', () => {
    expect(formatDiagnostics(sample)).toEqual([
      `Diagnostics for deployment ${DEP} of service web:`,
      '  Stopped tasks: 7 (newest 1 shown)',
      `  - task ${CRASHED} stopped 12:01:01 · EssentialContainerExited: Essential container in task exited`,
      '      container web: exit code 137 · OutOfMemoryError: Container killed | oom',
      '      container init: no exit code',
      `  Log of task ${CRASHED}, container web (/ecs/web ecs/web/${CRASHED}):`,
      '      | boot',
      '      | use ```code``` <b>here</b>',
      '  Last service events:',
      '      12:00:05 (service web) has started 1 tasks: (task a).'
    ])
  })

  it('says when no stopped task was found', () => {
    const lines = formatDiagnostics({ ...sample, stoppedTasks: [], stoppedTaskCount: 0, logs: [] })
    expect(lines).toContain('  No stopped tasks of this deployment found.')
  })
})

describe('diagnosticsMarkdown', () => {
  const md = diagnosticsMarkdown(sample)

  it('keeps table cells intact', () => {
    const row = md.split('\n').find((l) => l.startsWith(`| \`${CRASHED}\``))
    expect(row).toBe(
      `| \`${CRASHED}\` | 12:01:01 | EssentialContainerExited | Essential container in task exited | web: exit code 137 · OutOfMemoryError: Container killed \\| oom<br>init: no exit code |`
    )
  })

  it('fences log lines longer than any backtick run inside them', () => {
    expect(md).toContain('````text\nboot\nuse ```code``` <b>here</b>\n````')
  })

  it('has the events table and the count', () => {
    expect(md).toContain('**Stopped tasks** (7, newest 1 shown)')
    expect(md).toContain('| 12:00:05 | (service web) has started 1 tasks: (task a). |')
  })

  it('escapes HTML outside code', () => {
    const withWarning = diagnosticsMarkdown({ ...sample, warnings: ['grant <x> & y'] })
    expect(withWarning).toContain('> grant &lt;x&gt; &amp; y')
  })
})
