import { describe, expect, it } from '@jest/globals'
import type { Service, Task } from '@aws-sdk/client-ecs'
import { parseInputs } from '../../../src/inputs/parse.js'
import { parseRunTaskInputs, type RunTaskConfig } from '../../../src/task/config.js'
import { planRunTask, runTaskClientToken, runTaskRequest } from '../../../src/task/plan.js'
import { failureDetails, failureMarkdown, taskOutcome } from '../../../src/task/outcome.js'
import type { TaskDef } from '../../../src/taskdef/clean.js'
import { ActionError } from '../../../src/util/errors.js'

const ENV = { GITHUB_REPOSITORY: 'acme/shop', GITHUB_RUN_ID: '42', GITHUB_RUN_ATTEMPT: '1' }

function parse(inputs: Record<string, string>): { config?: RunTaskConfig; problems: string[] } {
  const problems: string[] = []
  const config = parseRunTaskInputs((n) => (inputs[n] ?? '').trim(), ENV, {}, problems)
  return { ...(config ? { config } : {}), problems }
}

const TD: TaskDef = {
  family: 'shop',
  networkMode: 'awsvpc',
  containerDefinitions: [
    { name: 'web', image: 'x', essential: true },
    { name: 'proxy', image: 'y', essential: false }
  ]
}

const SERVICE: Service = {
  serviceName: 'shop-web',
  launchType: 'FARGATE',
  platformVersion: '1.4.0',
  networkConfiguration: {
    awsvpcConfiguration: {
      subnets: ['subnet-0aaaaaaaaaaaaaaaa'],
      securityGroups: ['sg-0bbbbbbbbbbbbbbbb'],
      assignPublicIp: 'DISABLED'
    }
  }
}

describe('run-task inputs', () => {
  it('off by default; a run-task-* input without run-task is a problem, not ignored', () => {
    expect(parse({})).toEqual({ problems: [] })
    expect(parse({ 'run-task-command': 'npm run migrate' }).problems).toEqual([
      '`run-task-command`: only applies to a one-off task; set `run-task: true` or remove it.'
    ])
  })

  it("parses the official action's formats", () => {
    const { config, problems } = parse({
      'run-task': 'true',
      'run-task-container-overrides': '[{"name":"web","command":["npm","run","migrate"]}]',
      'run-task-subnets': 'subnet-0aaaaaaaaaaaaaaaa,subnet-0cccccccccccccccc',
      'run-task-security-groups': 'sg-0bbbbbbbbbbbbbbbb',
      'run-task-assign-public-IP': 'ENABLED',
      'run-task-launch-type': 'fargate',
      'run-task-started-by': 'release-42',
      'run-task-tags': '[{"key":"purpose","value":"migration"}]',
      'wait-for-task-stopped': 'true'
    })
    expect(problems).toEqual([])
    expect(config).toEqual({
      containerOverrides: [{ name: 'web', command: ['npm', 'run', 'migrate'] }],
      subnets: ['subnet-0aaaaaaaaaaaaaaaa', 'subnet-0cccccccccccccccc'],
      securityGroups: ['sg-0bbbbbbbbbbbbbbbb'],
      assignPublicIp: 'ENABLED',
      launchType: 'FARGATE',
      startedBy: 'release-42',
      tags: [{ key: 'purpose', value: 'migration' }],
      wait: true,
      runIdentity: 'acme/shop/42/1//'
    })
  })

  it('reports every bad input at once, naming it', () => {
    const { problems } = parse({
      'run-task': 'true',
      'run-task-container-overrides': '{"name":"web"}',
      'run-task-command': 'echo "open',
      'run-task-subnets': 'subnet-xyz',
      'run-task-security-groups': 'default',
      'run-task-assign-public-IP': 'maybe',
      'run-task-launch-type': 'LAMBDA',
      'run-task-capacity-provider-strategy': '[{"weight":1}]',
      'run-task-started-by': 'has spaces',
      'run-task-tags': '[{"key":"aws:x","value":"1"}]',
      'wait-for-task-stopped': 'sometimes'
    })
    const named = problems.map((p) => /^`([^`]+)`/.exec(p)?.[1])
    expect(named).toEqual([
      'run-task-container-overrides',
      'run-task-tags',
      'wait-for-task-stopped',
      'run-task-started-by',
      'run-task-command',
      'run-task-subnets',
      'run-task-security-groups',
      'run-task-assign-public-IP',
      'run-task-launch-type',
      'run-task-capacity-provider-strategy'
    ])
  })

  it('a launch type and a capacity provider strategy together are refused', () => {
    const { problems } = parse({
      'run-task': 'true',
      'run-task-launch-type': 'FARGATE',
      'run-task-capacity-provider-strategy': '[{"capacityProvider":"FARGATE_SPOT","weight":1}]'
    })
    expect(problems).toEqual([expect.stringContaining('give one')])
  })

  it('parseInputs carries it into the config and refuses it with preview', () => {
    const get = (inputs: Record<string, string>) => (n: string) => inputs[n] ?? ''
    const env = { AWS_REGION: 'us-east-1', GITHUB_SHA: 'abc' }
    const config = parseInputs(
      get({ image: 'nginx:1', service: 'web', 'run-task': 'true', 'run-task-command': 'migrate' }),
      env
    )
    expect(config.runTask?.command).toEqual(['migrate'])
    expect(() =>
      parseInputs(
        get({
          image: 'nginx:1',
          service: 'web',
          preview: 'deploy',
          'preview-id': '3',
          'run-task': 'true'
        }),
        env
      )
    ).toThrow(/`run-task`: not available with `preview`/)
  })
})

describe('planRunTask', () => {
  const base = (over: Partial<RunTaskConfig> = {}): RunTaskConfig => ({
    containerOverrides: [],
    startedBy: 'GitHub-Actions',
    tags: [],
    wait: true,
    ...over
  })

  it("copies the service's network, launch type and platform version; the command goes to the image's container", () => {
    const plan = planRunTask({
      config: base({ command: ['npm', 'run', 'migrate'] }),
      cluster: 'prod',
      imageContainer: 'web',
      taskDefinition: TD,
      service: SERVICE
    })
    const request = runTaskRequest(plan, 'arn:td/shop:7', 'tok')
    expect(request).toEqual({
      cluster: 'prod',
      count: 1,
      launchType: 'FARGATE',
      platformVersion: '1.4.0',
      networkConfiguration: SERVICE.networkConfiguration,
      overrides: { containerOverrides: [{ name: 'web', command: ['npm', 'run', 'migrate'] }] },
      startedBy: 'GitHub-Actions',
      taskDefinition: 'arn:td/shop:7',
      clientToken: 'tok'
    })
    expect(plan.mainContainer).toBe('web')
  })

  it('what is given wins, part by part; a capacity provider strategy replaces the launch type', () => {
    const plan = planRunTask({
      config: base({
        securityGroups: ['sg-0dddddddddddddddd'],
        capacityProviderStrategy: [{ capacityProvider: 'FARGATE_SPOT', weight: 1 }],
        containerOverrides: [{ name: 'proxy', environment: [{ name: 'A', value: '1' }] }],
        command: ['migrate'],
        container: 'proxy'
      }),
      cluster: 'prod',
      imageContainer: 'web',
      taskDefinition: TD,
      service: SERVICE
    })
    expect(plan.capacityProviderStrategy).toEqual([{ capacityProvider: 'FARGATE_SPOT', weight: 1 }])
    expect(plan.launchType).toBeUndefined()
    expect(plan.networkConfiguration?.awsvpcConfiguration).toEqual({
      subnets: ['subnet-0aaaaaaaaaaaaaaaa'],
      securityGroups: ['sg-0dddddddddddddddd'],
      assignPublicIp: 'DISABLED'
    })
    expect(plan.overrides?.containerOverrides).toEqual([
      { name: 'proxy', environment: [{ name: 'A', value: '1' }], command: ['migrate'] }
    ])
    expect(plan.mainContainer).toBe('proxy')
  })

  it('refuses unknown containers, a double command, and awsvpc without subnets', () => {
    let error: unknown
    try {
      planRunTask({
        config: base({
          container: 'worker',
          command: ['x'],
          containerOverrides: [{ name: 'db' }, { name: 'worker', command: ['y'] }]
        }),
        cluster: 'prod',
        imageContainer: 'web',
        taskDefinition: TD
      })
    } catch (e) {
      error = e
    }
    expect(error).toBeInstanceOf(ActionError)
    const message = (error as Error).message
    expect(message).toContain('`run-task-container`: worker is not a container of shop')
    expect(message).toContain('`run-task-container-overrides`: db is not a container of shop')
    expect(message).toContain('both set a command for worker')
    expect(message).toContain('`run-task-subnets`: shop uses network mode awsvpc')
  })

  it('without a service: FARGATE and the given network', () => {
    const plan = planRunTask({
      config: base({ subnets: ['subnet-0aaaaaaaaaaaaaaaa'] }),
      cluster: 'prod',
      imageContainer: 'web',
      taskDefinition: TD
    })
    expect(plan.launchType).toBe('FARGATE')
    expect(plan.platformVersion).toBeUndefined()
    expect(plan.networkConfiguration).toEqual({
      awsvpcConfiguration: { subnets: ['subnet-0aaaaaaaaaaaaaaaa'], assignPublicIp: 'DISABLED' }
    })
  })
})

describe('runTaskClientToken', () => {
  it('is stable for one run attempt and revision, and differs otherwise', () => {
    const a = runTaskClientToken('acme/shop/42/1/deploy/', 'arn:td/shop:7', 'x')
    expect(a).toMatch(/^[0-9a-f]{64}$/)
    expect(runTaskClientToken('acme/shop/42/1/deploy/', 'arn:td/shop:7', 'y')).toBe(a)
    expect(runTaskClientToken('acme/shop/42/2/deploy/', 'arn:td/shop:7', 'x')).not.toBe(a)
    expect(runTaskClientToken('acme/shop/42/1/deploy/', 'arn:td/shop:8', 'x')).not.toBe(a)
    expect(runTaskClientToken(undefined, 'arn:td/shop:7', 'fallback-uuid')).toBe('fallback-uuid')
  })
})

describe('taskOutcome', () => {
  const task = (containers: Task['containers'], extra: Partial<Task> = {}): Task => ({
    taskArn: 'arn:aws:ecs:us-east-1:123456789012:task/prod/0123abcd',
    lastStatus: 'STOPPED',
    stopCode: 'EssentialContainerExited',
    stoppedReason: 'Essential container in task exited',
    containers,
    ...extra
  })

  it('succeeds only when every essential container exited 0 (a non-essential one may fail)', () => {
    const ok = taskOutcome(
      task([
        { name: 'web', exitCode: 0 },
        { name: 'proxy', exitCode: 137 }
      ]),
      TD,
      'web'
    )
    expect(ok.succeeded).toBe(true)
    expect(ok.exitCode).toBe(0)
    const bad = taskOutcome(
      task([
        { name: 'web', exitCode: 3 },
        { name: 'proxy', exitCode: 0 }
      ]),
      TD,
      'web'
    )
    expect(bad.succeeded).toBe(false)
    expect(bad.exitCode).toBe(3)
    expect(bad.summary).toBe(
      'Task 0123abcd failed: web exited 3 (stopped: EssentialContainerExited: Essential container in task exited).'
    )
    expect(failureDetails(bad, ['Migrating…', 'ERROR: relation exists'])).toEqual([
      '  container web: exited 3',
      '  container proxy (not essential): exited 0',
      '  stopped: EssentialContainerExited: Essential container in task exited',
      '  last 2 log lines:',
      '    | Migrating…',
      '    | ERROR: relation exists'
    ])
  })

  it('a container that never started has no exit code and fails the task', () => {
    const o = taskOutcome(
      task([{ name: 'web', reason: 'CannotPullContainerError: not found' }, { name: 'proxy' }], {
        stopCode: 'TaskFailedToStart',
        stoppedReason: 'CannotPullContainerError: not found'
      }),
      TD,
      'web'
    )
    expect(o.succeeded).toBe(false)
    expect(o.exitCode).toBeUndefined()
    expect(o.summary).toContain(
      'web did not run to an exit code (CannotPullContainerError: not found)'
    )
  })
})

describe('failureMarkdown', () => {
  it('tabulates the containers and fences the log tail so no line can close it or inject markup', () => {
    const outcome = taskOutcome(
      {
        taskArn: 'arn:aws:ecs:us-east-1:123456789012:task/prod/0123abcd',
        stopCode: 'EssentialContainerExited',
        stoppedReason: 'Essential container in task exited',
        containers: [{ name: 'web', exitCode: 2, reason: 'a|b <script>' }]
      },
      TD,
      'web'
    )
    const md = failureMarkdown(outcome, ['```', '<img src=x>', 'ok'])
    expect(md).toContain('| web | yes | 2 | a\\|b &lt;script&gt; |')
    expect(md).toContain('Stopped: EssentialContainerExited: Essential container in task exited')
    expect(md).toContain('````text\n```\n<img src=x>\nok\n````')
  })
})
