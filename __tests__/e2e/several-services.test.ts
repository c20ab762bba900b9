/**
 * Issue 10, end to end: one build, several services. The bundle on Node 24
 * builds one image with the real Docker engine, pushes it to the real
 * registry, gives each of three services (web, worker and a cron service,
 * each its own family; the worker with its own command and size) a new
 * revision of its own current task definition, updates them at once and
 * watches them with one DescribeServices per poll for all three. One of
 * them crashes: with `rollback-scope: service` ECS's circuit breaker rolls
 * it back and the other two stay deployed; with `rollback-scope: all` the
 * action puts all three back on what they ran before.
 */
import { describe, expect, it } from '@jest/globals'
import type { CallRecord } from '../../test-support/emulator/server.js'
import type { ActionRun } from '../../test-support/harness.js'
import {
  sampleApp,
  sampleTaskDefinition,
  SEED_IMAGE,
  serviceRecord,
  uniqueName,
  writeCalls
} from './world.js'
import { useWorld } from './use-world.js'
import { expectCadence, NEW_IMAGE } from './watch-support.js'
import { escapeText } from '../../src/util/markdown.js'

const cluster = 'fleet'

const world = useWorld({ clusters: [cluster] })

/** Rollbacks (by ECS or by an UpdateService back) take their time, scaled to seconds. */
const ROLLBACK = { taskStartSeconds: 4, healthCheckSeconds: 4, deregistrationDelaySeconds: 2 }

interface Member {
  service: string
  family: string
  previousArn: string
}

/** web, worker (own command, twice the size) and cron; cron's new tasks crash. */
async function seedFleet(): Promise<Record<'web' | 'worker' | 'cron', Member>> {
  const out: Record<string, Member> = {}
  for (const role of ['web', 'worker', 'cron'] as const) {
    const service = uniqueName(role)
    const family = uniqueName(`${role}-fam`)
    const td = await sampleTaskDefinition(family)
    const container = (td['containerDefinitions'] as Array<Record<string, unknown>>)[0]!
    container['image'] = SEED_IMAGE
    if (role === 'worker') {
      container['command'] = ['node', 'worker.js', '--queue', 'jobs']
      td['cpu'] = '512'
      td['memory'] = '1024'
    }
    const seeded = await world.emulator.seedService({
      cluster,
      serviceName: service,
      taskDefinition: td,
      circuitBreaker: { enable: true, rollback: true },
      // Each at its own pace: the web starts in about 4 s, the worker in about 8 s.
      ...(role === 'cron' ? { scenario: 'crash' as const } : { scenario: 'healthy' as const }),
      scenarioOptions: {
        rollback: ROLLBACK,
        ...(role === 'web' ? { startSteps: 40 } : role === 'worker' ? { startSteps: 80 } : {})
      }
    })
    out[role] = { service, family, previousArn: seeded.taskDefinitionArn }
  }
  return out
}

function taskDefinition(arn: string | undefined): Record<string, unknown> {
  const td = world.emulator.state().ecs.taskDefinitions.find((t) => t['taskDefinitionArn'] === arn)
  expect(td).toBeDefined()
  return td!
}

function container(arn: string | undefined): Record<string, unknown> {
  return (taskDefinition(arn)['containerDefinitions'] as Array<Record<string, unknown>>)[0]!
}

/** The DescribeServices calls naming any of `services`, from the first UpdateService on. */
function watchCalls(services: readonly string[], since: number): CallRecord[] {
  const update = world.emulator
    .calls({ service: 'ecs', operation: 'UpdateService', since })
    .find((c) => services.includes((c.input as { service: string }).service))
  expect(update).toBeDefined()
  return world.emulator
    .calls({ service: 'ecs', operation: 'DescribeServices', since: update!.at })
    .filter((c) => listed(c).some((s) => services.includes(s)))
}

function listed(call: CallRecord): string[] {
  return (call.input as { services: string[] }).services
}

/** The figure the run measured: calls made, polls per service, services per call. */
function logCalls(scope: string, calls: readonly CallRecord[], perService: number[]): void {
  console.log(
    `several-services (scope ${scope}): ${calls.length} DescribeServices calls for polls per service ${perService.join('/')} (${calls
      .map(listed)
      .map((s) => s.length)
      .join(',')} services per call)`
  )
}

/**
 * One call per poll for every service still watched: the first names all
 * three, each later one the same or fewer (a service leaves when its watch
 * ends; with `shrinking: false` a followed rollback may join again), never
 * two within a poll interval. Returns each service's polls: what it would
 * have cost alone.
 */
function expectOneCallPerPoll(
  calls: readonly CallRecord[],
  services: readonly string[],
  { shrinking }: { shrinking: boolean }
): number[] {
  expect(listed(calls[0]!).sort()).toEqual([...services].sort())
  for (let i = 1; shrinking && i < calls.length; i++) {
    const before = new Set(listed(calls[i - 1]!))
    expect({ i, extra: listed(calls[i]!).filter((s) => !before.has(s)) }).toEqual({ i, extra: [] })
  }
  expectCadence(calls)
  return services.map((s) => calls.filter((c) => listed(c).includes(s)).length)
}

async function registryTags(repository: string): Promise<string[]> {
  const res = await fetch(`${world.env.registryUrl}/v2/${repository}/tags/list`, {
    headers: {
      authorization: `Basic ${Buffer.from(`AWS:${world.env.password}`).toString('base64')}`
    }
  })
  const body = (await res.json()) as { tags?: string[] | null }
  return body.tags ?? []
}

function outputJson(run: ActionRun, name: string): Record<string, string> {
  return JSON.parse(run.outputs[name] ?? 'null') as Record<string, string>
}

/** Lines of the `Watch deployment` group that a service's watch printed. */
function viewLines(run: ActionRun, service: string): string[] {
  const lines = run.stdout.split('\n')
  const start = lines.indexOf('::group::Watch deployment')
  const end = lines.indexOf('::endgroup::', start)
  return lines.slice(start + 1, end).filter((l) => l.startsWith(`${service} `))
}

describe('one build, three services, one failing', () => {
  it('rollback-scope: service — ECS rolls the failed one back, the other two stay deployed', async () => {
    const fleet = await seedFleet()
    const repository = uniqueName('fleet')
    world.ecr.seedRepository(repository)
    const since = Date.now()
    const run = await world.run(
      {
        'ecr-repository': repository,
        tags: 'v2',
        context: await sampleApp(),
        cluster,
        service: `${fleet.web.service}\n${fleet.worker.service}, ${fleet.cron.service}`,
        'environment-variables': 'RELEASE=v2'
      },
      { timeoutMs: 150_000 }
    )

    expect(run.exitCode).toBe(1)
    // One build, one push: every service got the same pinned image.
    const image = run.outputs['image']!
    expect(image).toMatch(
      new RegExp(`^${world.env.registryHost}/${repository}@sha256:[0-9a-f]{64}$`)
    )
    expect(run.stdout.split('\n').filter((l) => l === '::group::Image')).toHaveLength(1)
    expect(await registryTags(repository)).toEqual(['v2'])

    const arns = outputJson(run, 'task-definition-arns')
    const ids = outputJson(run, 'deployment-ids')
    expect(Object.keys(arns)).toEqual([fleet.web.service, fleet.worker.service, fleet.cron.service])
    expect(Object.keys(ids)).toEqual(Object.keys(arns))
    for (const m of Object.values(fleet)) {
      expect(arns[m.service]).toBe(m.previousArn.replace(/:1$/, ':2'))
      expect(ids[m.service]).toMatch(/^ecs-svc\/\d{19}$/)
    }
    // The single-service outputs hold the first service's.
    expect(run.outputs['task-definition-arn']).toBe(arns[fleet.web.service])
    expect(run.outputs['deployment-id']).toBe(ids[fleet.web.service])
    expect(run.outputs['rolled-back']).toBe('true')

    // Each service's own revision as the base: the worker keeps its command and size.
    const worker = taskDefinition(arns[fleet.worker.service])
    expect([worker['cpu'], worker['memory']]).toEqual(['512', '1024'])
    expect(container(arns[fleet.worker.service])['command']).toEqual([
      'node',
      'worker.js',
      '--queue',
      'jobs'
    ])
    expect(container(arns[fleet.web.service])['command']).toBeUndefined()
    for (const m of Object.values(fleet)) {
      expect(container(arns[m.service])['image']).toBe(image)
      const env = container(arns[m.service])['environment'] as Array<{
        name: string
        value: string
      }>
      expect(env).toContainEqual({ name: 'RELEASE', value: 'v2' })
    }

    // web and worker run the new revisions; ECS's circuit breaker took cron back.
    expect(serviceRecord(world, cluster, fleet.web.service)!['taskDefinition']).toBe(
      arns[fleet.web.service]
    )
    expect(serviceRecord(world, cluster, fleet.worker.service)!['taskDefinition']).toBe(
      arns[fleet.worker.service]
    )
    expect(serviceRecord(world, cluster, fleet.cron.service)!['taskDefinition']).toBe(
      fleet.cron.previousArn
    )
    // The action updated each service once: no rollback of its own, none of the others touched.
    const updates = world.emulator.calls({ service: 'ecs', operation: 'UpdateService', since })
    expect(updates.map((c) => (c.input as { service: string }).service).sort()).toEqual(
      [fleet.web.service, fleet.worker.service, fleet.cron.service].sort()
    )

    // One DescribeServices per 5 s for the three.
    const services = [fleet.web.service, fleet.worker.service, fleet.cron.service]
    const calls = watchCalls(services, since)
    const perService = expectOneCallPerPoll(calls, services, { shrinking: true })
    expect(calls.length).toBe(Math.max(...perService))
    expect(calls.length).toBeLessThan(perService.reduce((a, b) => a + b, 0))
    logCalls('service', calls, perService)

    // One live view: each line of the watch names its service.
    expect(viewLines(run, fleet.web.service).some((l) => l.includes('completed'))).toBe(true)
    expect(viewLines(run, fleet.cron.service).some((l) => l.includes('failed'))).toBe(true)
    expect(run.stdout).toContain(`Diagnostics for deployment ${ids[fleet.cron.service]}`)

    // One summary table.
    expect(run.summary).toContain('| Service | Revision | Deployment | Result | Duration |')
    const cell = (text: string): string => escapeText(text)
    expect(run.summary).toContain(
      `| \`${fleet.web.service}\` | \`${fleet.web.family}:2\` | \`${ids[fleet.web.service]}\` | ✅ deployed |`
    )
    expect(run.summary).toContain(
      `| \`${fleet.cron.service}\` | \`${fleet.cron.family}:2\` | \`${ids[fleet.cron.service]}\` | ❌ ${cell(`failed; rolled back by ECS to ${fleet.cron.family}:1`)}`
    )
    expect(run.errors.join('\n')).toContain(`1 of 3 services failed: ${fleet.cron.service}: failed`)
  }, 200_000)

  it('rollback-scope: all — one failure puts all three back on what they ran before', async () => {
    const fleet = await seedFleet()
    const since = Date.now()
    const services = [fleet.web.service, fleet.worker.service, fleet.cron.service]
    const run = await world.run(
      {
        image: NEW_IMAGE,
        cluster,
        service: services.join(','),
        'rollback-scope': 'all',
        'wait-for-rollback': 'true'
      },
      { timeoutMs: 150_000 }
    )

    expect(run.exitCode).toBe(1)
    const arns = outputJson(run, 'task-definition-arns')
    const ids = outputJson(run, 'deployment-ids')
    expect(Object.keys(ids)).toEqual(services)
    expect(run.outputs['rolled-back']).toBe('true')

    // Every service runs its previous revision again, on a completed deployment.
    for (const m of Object.values(fleet)) {
      const svc = serviceRecord(world, cluster, m.service)!
      expect(svc['taskDefinition']).toBe(m.previousArn)
      const primary = (svc['deployments'] as Array<Record<string, unknown>>).find(
        (d) => d['status'] === 'PRIMARY'
      )
      expect([primary?.['taskDefinition'], primary?.['rolloutState']]).toEqual([
        m.previousArn,
        'COMPLETED'
      ])
    }
    // The healthy two were put back by the action (one UpdateService each to the old revision).
    const updates = world.emulator
      .calls({ service: 'ecs', operation: 'UpdateService', since })
      .map((c) => c.input as { service: string; taskDefinition: string })
    for (const m of [fleet.web, fleet.worker]) {
      expect(updates.filter((u) => u.service === m.service).map((u) => u.taskDefinition)).toEqual([
        arns[m.service],
        m.previousArn
      ])
    }
    // The failed one was rolled back by ECS's circuit breaker: the action did not update it again.
    expect(updates.filter((u) => u.service === fleet.cron.service)).toHaveLength(1)

    const calls = watchCalls(services, since)
    // Rollbacks followed after the failure join the one call again.
    const perService = expectOneCallPerPoll(calls, services, { shrinking: false })
    expect(calls.length).toBeLessThan(perService.reduce((a, b) => a + b, 0))
    logCalls('all', calls, perService)
    expect(run.summary).toContain(escapeText('rolled back (rollback-scope: all)'))
    expect(run.stdout).toContain(
      `${fleet.cron.service} failed; rollback-scope: all rolls back ${fleet.web.service}, ${fleet.worker.service}.`
    )
    expect(run.errors.join('\n')).toContain(
      `${fleet.cron.service} failed; rollback-scope: all rolled back ${fleet.web.service}, ${fleet.worker.service}.`
    )
  }, 200_000)

  it('rollback-scope: all — an update ECS refuses puts the services already updated back at once', async () => {
    const fleet = await seedFleet()
    const services = [fleet.web.service, fleet.worker.service, fleet.cron.service]
    world.emulator.injectFault({
      service: 'ecs',
      operation: 'UpdateService',
      code: 'AccessDeniedException'
    })
    const since = Date.now()
    const run = await world.run({
      image: NEW_IMAGE,
      cluster,
      service: services.join(','),
      'rollback-scope': 'all'
    })
    expect(run.exitCode).toBe(1)
    const ids = outputJson(run, 'deployment-ids')
    // Whichever update ECS refused started nothing; the other two were put straight back.
    const refused = services.filter((s) => ids[s] === undefined)
    expect(refused).toHaveLength(1)
    const updates = world.emulator
      .calls({ service: 'ecs', operation: 'UpdateService', since })
      .map((c) => c.input as { service: string; taskDefinition: string })
    for (const m of Object.values(fleet)) {
      expect(serviceRecord(world, cluster, m.service)!['taskDefinition']).toBe(m.previousArn)
      if (m.service === refused[0]) continue
      expect(updates.filter((u) => u.service === m.service).map((u) => u.taskDefinition)).toEqual([
        m.previousArn.replace(/:1$/, ':2'),
        m.previousArn
      ])
    }
    // No watch of a deployment that is being undone.
    expect(run.stdout).not.toContain('together: one DescribeServices every 5 s')
    expect(run.errors.join('\n')).toContain(`${refused[0]} failed; rollback-scope: all rolled back`)
  })

  it("run-task: the migration runs once, from the first service's new revision, before every update", async () => {
    const fleet = await seedFleet()
    const services = [fleet.web.service, fleet.worker.service]
    world.emulator.setTaskScenario(fleet.web.family, {
      exitCode: 1,
      logLines: ['migration 42 failed']
    })
    const migrate = (): Promise<ActionRun> =>
      world.run({
        image: NEW_IMAGE,
        cluster,
        service: services.join(','),
        'run-task': 'true',
        'run-task-command': 'npm run migrate'
      })
    const since = Date.now()
    const failed = await migrate()
    expect(failed.exitCode).toBe(1)
    expect(failed.stdout).toContain('migration 42 failed')
    // No service was updated: both keep what they ran.
    expect(world.emulator.calls({ service: 'ecs', operation: 'UpdateService', since })).toEqual([])
    const runs = world.emulator.calls({ service: 'ecs', operation: 'RunTask', since })
    expect(runs.map((c) => (c.input as { taskDefinition: string }).taskDefinition)).toEqual([
      fleet.web.previousArn.replace(/:1$/, ':2')
    ])

    world.emulator.setTaskScenario(fleet.web.family, { exitCode: 0, logLines: ['migrated'] })
    const since2 = Date.now()
    const ok = await migrate()
    expect(ok.exitCode).toBe(0)
    expect(ok.outputs['run-task-exit-code']).toBe('0')
    const calls = world.emulator.calls({ service: 'ecs', since: since2 })
    const ran = calls.findIndex((c) => c.operation === 'RunTask')
    const updated = calls.findIndex((c) => c.operation === 'UpdateService')
    expect(ran).toBeGreaterThanOrEqual(0)
    expect(updated).toBeGreaterThan(ran)
    expect(calls.filter((c) => c.operation === 'RunTask')).toHaveLength(1)
    for (const m of [fleet.web, fleet.worker]) {
      expect(serviceRecord(world, cluster, m.service)!['taskDefinition']).toBe(
        m.previousArn.replace(/:1$/, ':3')
      )
    }
  })

  it('dry run: each family rendered and compared, nothing written', async () => {
    const fleet = await seedFleet()
    const since = Date.now()
    const run = await world.run({
      image: NEW_IMAGE,
      cluster,
      service: `${fleet.web.service},${fleet.worker.service}`,
      'dry-run': 'true'
    })
    expect(run.exitCode).toBe(0)
    expect(writeCalls(world, since)).toEqual([])
    for (const m of [fleet.web, fleet.worker]) {
      expect(run.stdout).toContain(`Changes against ${m.previousArn}:`)
      expect(run.summary).toContain(`# ${m.family}`)
    }
  })

  it('refuses, before any write, a container that one of the services lacks', async () => {
    const fleet = await seedFleet()
    const family = uniqueName('other-fam')
    const td = await sampleTaskDefinition(family)
    const container = (td['containerDefinitions'] as Array<Record<string, unknown>>)[0]!
    container['image'] = SEED_IMAGE
    container['name'] = 'jobs'
    const other = uniqueName('jobs')
    await world.emulator.seedService({ cluster, serviceName: other, taskDefinition: td })
    const since = Date.now()
    const run = await world.run({
      image: NEW_IMAGE,
      cluster,
      service: `${fleet.web.service},${other}`,
      'container-name': 'web'
    })
    expect(run.exitCode).toBe(1)
    expect(run.errors.join('\n')).toContain(
      `${other} (${family}:1): \`container-name\`: task definition ${family} has no container "web"`
    )
    expect(writeCalls(world, since)).toEqual([])
  })

  it('refuses a service that cannot be deployed with the others before any write', async () => {
    const fleet = await seedFleet()
    const since = Date.now()
    const run = await world.run({
      image: NEW_IMAGE,
      cluster,
      service: `${fleet.web.service},missing-${fleet.worker.service}`
    })
    expect(run.exitCode).toBe(1)
    expect(run.errors.join('\n')).toContain(
      `Service missing-${fleet.worker.service} not found in cluster ${cluster}`
    )
    expect(writeCalls(world, since)).toEqual([])
  })
})
