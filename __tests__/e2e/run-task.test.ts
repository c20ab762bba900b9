/**
 * Issue 10, the one-off task ("migrations"), end to end: the bundle runs the
 * registered revision as a task before the service update, streams its
 * CloudWatch lines while it runs, updates the service only after every
 * essential container exited 0, fails with the log tail otherwise, stops the
 * task when the run is cancelled, and takes the official deploy action's
 * run-task step as written.
 */
import { describe, expect, it } from '@jest/globals'
import { DescribeTasksCommand, type Task } from '@aws-sdk/client-ecs'
import { mkdtemp, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { sampleTaskDefinition, serviceRecord, uniqueName, writeCalls } from './world.js'
import { useWorld } from './use-world.js'
import { NEW_IMAGE, ecsClient, seedService } from './watch-support.js'

const cluster = 'jobs'

const world = useWorld({ clusters: [cluster] })

const MIGRATION_LINES = [
  'Migrating 001_create_users … done',
  'Migrating 002_add_email_index … done',
  'Migrating 003_orders … done',
  '::warning::this line is application output',
  'Migrations complete: 3 applied'
]

async function describeTask(arn: string): Promise<Task> {
  const out = await ecsClient(world).send(new DescribeTasksCommand({ cluster, tasks: [arn] }))
  return out.tasks![0]!
}

/** Wall-clock arrival time of each stdout line, recorded as the bundle prints it. */
function lineClock(): {
  onOutput: (chunk: string, source: { step: string; stream: string }) => void
  firstSeen: Map<string, number>
} {
  const firstSeen = new Map<string, number>()
  let partial = ''
  return {
    firstSeen,
    onOutput: (chunk, source) => {
      if (source.step !== 'main' || source.stream !== 'stdout') return
      const text = partial + chunk
      const lines = text.split('\n')
      partial = lines.pop() ?? ''
      const now = Date.now()
      for (const l of lines) if (!firstSeen.has(l)) firstSeen.set(l, now)
    }
  }
}

describe('migration before the service update', () => {
  it('streams the log while the task runs, exits 0, then deploys the service', async () => {
    const seeded = await seedService(world, cluster)
    // ~2 s to start, ~10 s running; a line about every 2 s.
    world.emulator.setTaskScenario(seeded.family, {
      exitCode: 0,
      startSteps: 20,
      runSteps: 100,
      logLines: MIGRATION_LINES
    })
    const since = Date.now()
    const clock = lineClock()
    const run = await world.run(
      {
        image: NEW_IMAGE,
        cluster,
        service: seeded.service,
        'run-task': 'true',
        'run-task-command': 'npm run migrate -- --env "production db"'
      },
      { onOutput: clock.onOutput }
    )
    expect(run.errors).toEqual([])
    expect(run.exitCode).toBe(0)
    const arns = JSON.parse(run.outputs['run-task-arn']!) as string[]
    expect(arns).toHaveLength(1)
    expect(run.outputs['run-task-exit-code']).toBe('0')
    const task = await describeTask(arns[0]!)
    expect(task.lastStatus).toBe('STOPPED')
    expect(task.containers![0]!.exitCode).toBe(0)

    // The very revision registered, with the service's network and launch type copied.
    const [runTask] = world.emulator.calls({ operation: 'RunTask', since })
    const input = runTask!.input as Record<string, unknown>
    expect(input['taskDefinition']).toBe(run.outputs['task-definition-arn'])
    expect(task.taskDefinitionArn).toBe(run.outputs['task-definition-arn'])
    const svc = serviceRecord(world, cluster, seeded.service)!
    expect(input['networkConfiguration']).toEqual(svc['networkConfiguration'])
    expect(input['launchType']).toBe('FARGATE')
    expect(input['clientToken']).toMatch(/^[0-9a-f]{64}$/)
    expect(input['startedBy']).toBe('GitHub-Actions')
    expect(input['overrides']).toEqual({
      containerOverrides: [
        { name: 'web', command: ['npm', 'run', 'migrate', '--', '--env', 'production db'] }
      ]
    })

    // Each line once, prefixed, and printed while the task was still running.
    const stoppedAt = task.stoppedAt!.getTime()
    const printed = MIGRATION_LINES.map((l) => `web | ${l}`)
    for (const line of printed) {
      expect({ line, times: run.stdout.split('\n').filter((x) => x === line).length }).toEqual({
        line,
        times: 1
      })
    }
    const seenAt = printed.map((l) => clock.firstSeen.get(l)!)
    expect(seenAt[0]).toBeLessThan(stoppedAt)
    expect(seenAt[2]).toBeLessThan(stoppedAt)
    // Streamed in several batches, not dumped at the end.
    expect(new Set(seenAt).size).toBeGreaterThanOrEqual(3)
    // Application text never becomes a workflow command.
    expect(run.warnings).not.toContain('this line is application output')

    // The service update came only after the task stopped.
    const [update] = world.emulator.calls({ operation: 'UpdateService', since })
    expect(update!.at).toBeGreaterThanOrEqual(stoppedAt)
    expect(svc['taskDefinition']).toBe(run.outputs['task-definition-arn'])
    expect(run.summary).toContain('| One-off task |')
    expect(run.summary).toContain('succeeded, exit code 0')
  })

  it('a migration that exits 1 fails the step with its log tail and leaves the service untouched', async () => {
    const seeded = await seedService(world, cluster)
    world.emulator.setTaskScenario(seeded.family, {
      exitCode: 1,
      runSteps: 10,
      logLines: ['Migrating 004_drop_column …', 'ERROR: column "email" is referenced by a view']
    })
    const since = Date.now()
    const run = await world.run({
      image: NEW_IMAGE,
      cluster,
      service: seeded.service,
      'run-task': 'true',
      'run-task-command': '["./migrate","up"]'
    })
    expect(run.exitCode).not.toBe(0)
    expect(run.outputs['run-task-exit-code']).toBe('1')
    const error = run.errors.join('\n')
    expect(error).toMatch(
      /^Task [0-9a-f]{32} failed: web exited 1 \(stopped: EssentialContainerExited: Essential container in task exited\)\./
    )
    expect(error).toContain(
      `The service ${seeded.service} was not updated: it keeps running ${seeded.previousArn}.`
    )
    expect(run.stdout).toContain('  container web: exited 1')
    expect(run.stdout).toContain('    | ERROR: column "email" is referenced by a view')
    expect(world.emulator.calls({ operation: 'UpdateService', since })).toEqual([])
    expect(serviceRecord(world, cluster, seeded.service)!['taskDefinition']).toBe(
      seeded.previousArn
    )
    expect(run.summary).toContain('❌ failed')
    expect(run.summary).toContain('| web | yes | 1 |  |')
    expect(run.summary).toContain('ERROR: column "email" is referenced by a view')
  })

  it('a cancelled run stops the task and does not update the service', async () => {
    const seeded = await seedService(world, cluster)
    world.emulator.setTaskScenario(seeded.family, {
      runSteps: 600,
      logLines: ['Migrating a large table …']
    })
    const since = Date.now()
    const run = await world.runCancelled(
      { image: NEW_IMAGE, cluster, service: seeded.service, 'run-task': 'true' },
      { cancelWhen: (out) => out.includes('web | Migrating a large table') }
    )
    try {
      expect(run.exitCode).not.toBe(0)
      const [stop] = world.emulator.calls({ operation: 'StopTask', since })
      expect(stop).toBeDefined()
      // StopTask came after the cancellation and before the process exited.
      expect(stop!.at).toBeGreaterThanOrEqual(run.startedAt + run.cancelledAfterMs!)
      expect(stop!.at).toBeLessThanOrEqual(run.exitedAt)
      const arn = (JSON.parse(run.outputs['run-task-arn']!) as string[])[0]!
      expect((stop!.input as Record<string, unknown>)['task']).toBe(arn)
      const task = await describeTask(arn)
      expect(task.stopCode).toBe('UserInitiated')
      expect(task.desiredStatus).toBe('STOPPED')
      expect(world.emulator.calls({ operation: 'UpdateService', since })).toEqual([])
      expect(run.errors.join('\n')).toContain('Cancelled: stopped the one-off task')
    } finally {
      await run.cleanup()
    }
  })

  it("takes the official deploy action's run-task step unchanged", async () => {
    // The official README's "Running Tasks" step: a rendered task definition file, the
    // service, and run-task with wait-for-task-stopped; no image input.
    const seeded = await seedService(world, cluster)
    world.emulator.setTaskScenario(seeded.family, { runSteps: 5, logLines: ['ok'] })
    const td = await sampleTaskDefinition(seeded.family)
    ;(td['containerDefinitions'] as Array<Record<string, unknown>>)[0]!['image'] = NEW_IMAGE
    const dir = await mkdtemp(join(tmpdir(), 'official-step-'))
    await writeFile(join(dir, 'task-definition.json'), JSON.stringify(td, null, 2))
    const since = Date.now()
    const run = await world.run(
      {
        'task-definition': 'task-definition.json',
        service: seeded.service,
        cluster,
        'wait-for-service-stability': 'true',
        'run-task': 'true',
        'wait-for-task-stopped': 'true'
      },
      { cwd: dir }
    )
    expect(run.errors).toEqual([])
    expect(run.exitCode).toBe(0)
    const ops = world.emulator.calls({ service: 'ecs', since }).map((c) => c.operation)
    expect(ops.indexOf('RunTask')).toBeGreaterThan(ops.indexOf('RegisterTaskDefinition'))
    expect(ops.indexOf('UpdateService')).toBeGreaterThan(ops.indexOf('RunTask'))
    expect(run.outputs['run-task-exit-code']).toBe('0')
    expect(serviceRecord(world, cluster, seeded.service)!['taskDefinition']).toBe(
      run.outputs['task-definition-arn']
    )
  })
})

describe('without a service', () => {
  it('is a task runner: register, run, wait, report', async () => {
    const family = uniqueName('job')
    world.emulator.setTaskScenario(family, { runSteps: 5, exitCode: 0, logLines: ['report sent'] })
    const td = await sampleTaskDefinition(family)
    ;(td['containerDefinitions'] as Array<Record<string, unknown>>)[0]!['image'] = NEW_IMAGE
    const dir = await mkdtemp(join(tmpdir(), 'task-runner-'))
    await writeFile(join(dir, 'task-definition.json'), JSON.stringify(td))
    const since = Date.now()
    const run = await world.run(
      {
        'task-definition': 'task-definition.json',
        cluster,
        'run-task': 'true',
        'run-task-subnets': 'subnet-0a1b2c3d4e5f60718',
        'run-task-security-groups': 'sg-0a1b2c3d4e5f60718',
        'run-task-started-by': 'nightly-report',
        'run-task-tags': '[{"key":"purpose","value":"report"}]'
      },
      { cwd: dir }
    )
    expect(run.errors).toEqual([])
    expect(run.exitCode).toBe(0)
    const [call] = world.emulator.calls({ operation: 'RunTask', since })
    const input = call!.input as Record<string, unknown>
    expect(input['networkConfiguration']).toEqual({
      awsvpcConfiguration: {
        subnets: ['subnet-0a1b2c3d4e5f60718'],
        securityGroups: ['sg-0a1b2c3d4e5f60718'],
        assignPublicIp: 'DISABLED'
      }
    })
    expect(input['tags']).toEqual([{ key: 'purpose', value: 'report' }])
    const task = await describeTask((JSON.parse(run.outputs['run-task-arn']!) as string[])[0]!)
    expect(task.startedBy).toBe('nightly-report')
    expect(task.group).toBe(`family:${family}`)
    expect(run.stdout).toContain('web | report sent')
    expect(world.emulator.calls({ operation: 'UpdateService', since })).toEqual([])
    expect(run.summary).toContain('✅ registered')
  })

  it('bad run-task inputs fail before anything is written', async () => {
    const since = Date.now()
    const run = await world.run({
      image: NEW_IMAGE,
      'task-definition-family': 'anything',
      cluster,
      'run-task': 'true',
      'run-task-container-overrides': '{"name":"web"}',
      'run-task-launch-type': 'LAMBDA'
    })
    expect(run.exitCode).not.toBe(0)
    expect(run.errors.join('\n')).toContain('`run-task-container-overrides`: must be a JSON array')
    expect(run.errors.join('\n')).toContain('`run-task-launch-type`: "LAMBDA" is not a launch type')
    expect(world.emulator.calls({ since }).map((c) => c.operation)).toEqual([])
  })

  it('a container the task definition does not have fails validation, before any write', async () => {
    const seeded = await seedService(world, cluster)
    const since = Date.now()
    const run = await world.run({
      image: NEW_IMAGE,
      cluster,
      service: seeded.service,
      'run-task': 'true',
      'run-task-container': 'migrator',
      'run-task-command': 'migrate'
    })
    expect(run.exitCode).not.toBe(0)
    expect(run.errors.join('\n')).toContain(
      `\`run-task-container\`: migrator is not a container of ${seeded.family}; its containers are web.`
    )
    expect(writeCalls(world, since)).toEqual([])
    expect(world.emulator.calls({ operation: 'RunTask', since })).toEqual([])
  })
})
