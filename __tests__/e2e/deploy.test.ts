/**
 * Issue 2, end to end: the bundle on Node 24 against the emulator, the real
 * Docker engine and the real registry.
 */
import { describe, expect, it } from '@jest/globals'
import { execFileSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { readFile, readdir, stat, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { findSecretLeaks } from '../../test-support/harness.js'
import { startGitHubFake } from '../../test-support/github-fake/index.js'
import {
  sampleApp,
  sampleTaskDefinition,
  seedSampleService,
  serviceRecord,
  serviceTaskDefinition,
  uniqueName,
  writeCalls,
  type SeedSpec
} from './world.js'
import { useWorld } from './use-world.js'

const cluster = 'prod'

const world = useWorld({ clusters: [cluster] })

function seedService(
  extra: SeedSpec = {}
): Promise<{ service: string; family: string; taskDefinitionArn: string }> {
  return seedSampleService(world, cluster, extra)
}

function containerOf(td: Record<string, unknown> | undefined): Record<string, unknown> {
  const containers = td?.['containerDefinitions'] as Array<Record<string, unknown>>
  return containers[0]!
}

function envOf(td: Record<string, unknown> | undefined): Record<string, string> {
  const env = (containerOf(td)['environment'] ?? []) as Array<{ name: string; value: string }>
  return Object.fromEntries(env.map((e) => [e.name, e.value]))
}

async function registryTags(repository: string): Promise<string[]> {
  const res = await fetch(`${world.env.registryUrl}/v2/${repository}/tags/list`, {
    headers: {
      authorization: `Basic ${Buffer.from(`AWS:${world.env.password}`).toString('base64')}`
    }
  })
  if (res.status === 404) return []
  const body = (await res.json()) as { tags?: string[] | null }
  return body.tags ?? []
}

describe('deploy', () => {
  it("builds, pushes and deploys from the service's current task definition", async () => {
    const { service, taskDefinitionArn } = await seedService()
    const repository = uniqueName('app')
    world.ecr.seedRepository(repository)
    const context = await sampleApp()

    const run = await world.run({
      'ecr-repository': repository,
      tags: 'v1, latest',
      context,
      cluster,
      service
    })

    expect(run.stderr + run.stdout).not.toMatch(/::error::/)
    expect(run.exitCode).toBe(0)
    const digest = run.outputs['image-digest']!
    expect(digest).toMatch(/^sha256:[0-9a-f]{64}$/)
    expect(run.outputs['image']).toBe(`${world.env.registryHost}/${repository}@${digest}`)
    expect(run.outputs['task-definition-arn']).toMatch(/:2$/)
    expect(run.outputs['task-definition-arn']).not.toBe(taskDefinitionArn)
    expect(run.outputs['deployment-id']).toMatch(/^ecs-svc\/\d{19}$/)
    expect(run.outputs['rolled-back']).toBe('false')
    const rendered = JSON.parse(await readFile(run.outputs['task-definition']!, 'utf8')) as Record<
      string,
      unknown
    >
    expect(containerOf(rendered)['image']).toBe(run.outputs['image'])

    // ECS runs the new revision, on a completed deployment, with the pinned image.
    const svc = serviceRecord(world, cluster, service)!
    expect(svc['taskDefinition']).toBe(run.outputs['task-definition-arn'])
    const deployments = svc['deployments'] as Array<Record<string, unknown>>
    expect(deployments).toHaveLength(1)
    expect(deployments[0]!['id']).toBe(run.outputs['deployment-id'])
    expect(deployments[0]!['rolloutState']).toBe('COMPLETED')
    expect(containerOf(serviceTaskDefinition(world, cluster, service))['image']).toBe(
      run.outputs['image']
    )
    // The real registry holds both tags.
    expect((await registryTags(repository)).sort()).toEqual(['latest', 'v1'])

    // The log reads like a CI step; the summary shows what was deployed.
    expect(run.stdout).toContain('::group::Validate')
    expect(run.stdout).toContain('::group::Watch deployment')
    expect(run.stdout).toMatch(/has reached a steady state/)
    expect(run.summary).toContain(digest)
    expect(run.summary).toContain('| Result | ✅ deployed |')
    expect(run.summary).toMatch(/\| Duration \| /)
  })

  it('re-running with the same tag reuses the image instead of building', async () => {
    const { service } = await seedService()
    const repository = uniqueName('app')
    world.ecr.seedRepository(repository)
    const context = await sampleApp()
    const first = await world.run({
      'ecr-repository': repository,
      tags: 'r1',
      context,
      cluster,
      service
    })
    expect(first.exitCode).toBe(0)

    const since = Date.now()
    const second = await world.run({
      'ecr-repository': repository,
      tags: 'r1',
      context,
      cluster,
      service,
      'force-new-deployment': 'true'
    })
    expect(second.exitCode).toBe(0)
    // A mutable tag is reused only because its revision label is this run's commit.
    expect(second.stdout).toMatch(
      /Tag r1 already in ECR \(sha256:[0-9a-f]+…?\) and its org\.opencontainers\.image\.revision label is this run's commit [0-9a-f]{12}: build skipped/
    )
    expect(second.stdout).not.toMatch(/Building /)
    expect(second.outputs['image']).toBe(first.outputs['image'])
    // One token, to read the label from the registry; no docker login, nothing built or pushed.
    expect(world.emulator.calls({ operation: 'GetAuthorizationToken', since })).toHaveLength(1)
    expect(second.stdout).not.toContain('Logged in to')
    // Same revision: nothing new registered; the forced deployment still happened.
    expect(world.emulator.calls({ operation: 'RegisterTaskDefinition', since })).toHaveLength(0)
    expect(second.outputs['deployment-id']).not.toBe(first.outputs['deployment-id'])
  })

  it('deploys from a describe-task-definition file, keeping empty strings and tags', async () => {
    const { service, family } = await seedService()
    const td = await sampleTaskDefinition(family)
    const describe: { taskDefinition: Record<string, unknown>; tags: unknown[] } = {
      taskDefinition: {
        ...td,
        taskDefinitionArn: `arn:aws:ecs:us-east-1:123456789012:task-definition/${family}:9`,
        revision: 9,
        status: 'ACTIVE',
        requiresAttributes: [{ name: 'com.amazonaws.ecs.capability.logging-driver.awslogs' }],
        compatibilities: ['EC2', 'FARGATE'],
        registeredAt: 1733318615.211,
        registeredBy: 'arn:aws:iam::123456789012:user/someone',
        deleteRequestedAt: null
      },
      tags: [{ key: 'team', value: 'payments' }]
    }
    const containers = describe.taskDefinition['containerDefinitions'] as Array<
      Record<string, unknown>
    >
    containers[0]!['environment'] = [
      { name: 'EMPTY', value: '' },
      { name: 'KEEP', value: 'a=b=c' }
    ]
    containers[0]!['dockerLabels'] = { 'com.example.empty': '' }
    const dir = await sampleApp()
    const file = join(dir, 'describe.json')
    await writeFile(file, JSON.stringify(describe))

    const run = await world.run({
      image: 'registry.example.com/sample/web:2.0.0',
      'task-definition': file,
      cluster,
      service
    })
    expect(run.exitCode).toBe(0)
    const registered = serviceTaskDefinition(world, cluster, service)!
    expect(containerOf(registered)['image']).toBe('registry.example.com/sample/web:2.0.0')
    expect(envOf(registered)).toEqual({ EMPTY: '', KEEP: 'a=b=c' })
    expect(containerOf(registered)['dockerLabels']).toEqual({ 'com.example.empty': '' })
    const arn = run.outputs['task-definition-arn']!
    const tagCall = world.emulator
      .calls({ operation: 'RegisterTaskDefinition' })
      .map((c) => c.input as Record<string, unknown>)
      .find((input) => input['family'] === family)
    expect(tagCall?.['tags']).toEqual([{ key: 'team', value: 'payments' }])
    expect(tagCall).not.toHaveProperty('revision')
    expect(arn).toContain(`task-definition/${family}:`)
  })

  it('deploys from a family and merges environment variables', async () => {
    const { service, family } = await seedService()
    const run = await world.run({
      image: 'registry.example.com/sample/web:3.0.0',
      'task-definition-family': family,
      'environment-variables': 'GREETING=changed\nDATABASE_URL=postgres://db/app?x=1',
      cluster,
      service
    })
    expect(run.exitCode).toBe(0)
    const registered = serviceTaskDefinition(world, cluster, service)!
    const env = envOf(registered)
    expect(env['GREETING']).toBe('changed')
    expect(env['DATABASE_URL']).toBe('postgres://db/app?x=1')
    // Variables the family already had survive the merge.
    const original = envOf(await sampleTaskDefinition(family))
    for (const name of Object.keys(original).filter((n) => n !== 'GREETING')) {
      expect(env[name]).toBe(original[name])
    }
  })

  it('deploys an existing image without building, and a second identical run changes nothing', async () => {
    const { service } = await seedService()
    const since = Date.now()
    const inputs = { image: 'registry.example.com/sample/web:4.0.0', cluster, service }
    const run = await world.run(inputs)
    expect(run.exitCode).toBe(0)
    expect(run.outputs['image']).toBe('registry.example.com/sample/web:4.0.0')
    expect(world.emulator.calls({ operation: 'GetAuthorizationToken', since })).toHaveLength(0)
    expect(world.emulator.calls({ operation: 'RegisterTaskDefinition', since })).toHaveLength(1)

    const again = Date.now()
    const rerun = await world.run(inputs)
    expect(rerun.exitCode).toBe(0)
    expect(rerun.stdout).toMatch(/no new revision registered/)
    expect(rerun.stdout).toMatch(/no deployment started/)
    expect(writeCalls(world, again)).toEqual([])
    expect(rerun.outputs['task-definition-arn']).toBe(run.outputs['task-definition-arn'])
  })

  it('registers only when no service is given', async () => {
    const { family } = await seedService()
    const since = Date.now()
    const run = await world.run({
      image: 'registry.example.com/sample/web:5.0.0',
      'task-definition-family': family
    })
    expect(run.exitCode).toBe(0)
    expect(run.outputs['task-definition-arn']).toMatch(new RegExp(`${family}:2$`))
    expect(run.outputs['deployment-id']).toBeUndefined()
    expect(writeCalls(world, since)).toEqual(['ecs:RegisterTaskDefinition'])
  })

  it('dry-run renders and diffs but writes nothing', async () => {
    const { service } = await seedService()
    const repository = uniqueName('app')
    world.ecr.seedRepository(repository)
    const since = Date.now()
    const run = await world.run({
      'ecr-repository': repository,
      tags: 'dry1',
      context: await sampleApp(),
      'environment-variables': 'NEW_FLAG=on',
      cluster,
      service,
      'dry-run': 'true'
    })
    expect(run.exitCode).toBe(0)
    expect(writeCalls(world, since)).toEqual([])
    expect(await registryTags(repository)).toEqual([])
    // Environment values are named, never shown (show-values-in-diff defaults to false).
    expect(run.stdout).toMatch(/\+ containerDefinitions\[web\]\.environment\.NEW_FLAG \(added\)/)
    expect(run.stdout).not.toMatch(/NEW_FLAG = /)
    expect(existsSync(run.outputs['task-definition']!)).toBe(true)
    expect(run.summary).toContain('dry-run')
  })

  it('survives throttling', async () => {
    const { service } = await seedService()
    for (const operation of ['DescribeServices', 'RegisterTaskDefinition', 'UpdateService']) {
      world.emulator.injectFault({
        service: 'ecs',
        operation,
        code: 'ThrottlingException',
        count: 2
      })
    }
    const since = Date.now()
    const run = await world.run({
      image: 'registry.example.com/sample/web:6.0.0',
      cluster,
      service
    })
    world.emulator.clearFaults()
    expect(run.exitCode).toBe(0)
    const throttled = world.emulator
      .calls({ since })
      .filter((c) => c.error === 'ThrottlingException')
      .map((c) => c.operation)
    expect(throttled.sort()).toEqual([
      'DescribeServices',
      'DescribeServices',
      'RegisterTaskDefinition',
      'RegisterTaskDefinition',
      'UpdateService',
      'UpdateService'
    ])
  })
})

describe('GitHub deployments for a normal deploy', () => {
  it('records a deployment for `environment` with in_progress then success, and failure on a failed run', async () => {
    const github = await startGitHubFake({ repository: 'octo/app' })
    try {
      const env = { GITHUB_API_URL: github.url, GITHUB_REPOSITORY: 'octo/app' }
      const { service } = await seedService()
      const ok = await world.run(
        {
          image: 'registry.example.com/sample/web:7.0.0',
          cluster,
          service,
          environment: 'production',
          'github-token': 'ghs_production0000000000000000000000001'
        },
        { env }
      )
      expect(ok.exitCode).toBe(0)
      const [deployment] = github.state.deployments
      expect(deployment?.environment).toBe('production')
      expect(deployment?.statuses.map((s) => s.state)).toEqual(['in_progress', 'success'])

      const broken = await seedService({ circuitBreaker: { enable: true, rollback: true } })
      world.emulator.setScenario(cluster, broken.service, 'fail-to-start')
      const failed = await world.run(
        {
          image: 'registry.example.com/sample/web:7.0.1',
          cluster,
          service: broken.service,
          environment: 'production',
          'github-token': 'ghs_production0000000000000000000000001'
        },
        { env }
      )
      expect(failed.exitCode).toBe(1)
      expect(github.statesOf('production')).toEqual(['success', 'failure'])
    } finally {
      await github.close()
    }
  })
})

describe('secrets and untrusted input', () => {
  it('masks the registry password, never prints it, and leaves no credentials on disk', async () => {
    const { service } = await seedService()
    const repository = uniqueName('app')
    world.ecr.seedRepository(repository)
    const run = await world.run({
      'ecr-repository': repository,
      tags: 's1',
      context: await sampleApp(),
      cluster,
      service
    })
    expect(run.exitCode).toBe(0)
    const password = world.env.password
    expect(run.masks).toContain(password)
    // The only place the password appears is the mask command itself.
    expect(findSecretLeaks(run.stdout, password)).toEqual([])
    expect(run.stderr).not.toContain(password)
    expect(run.post.stdout + run.post.stderr).not.toContain(password)
    // The private docker config is gone, and nothing under HOME or RUNNER_TEMP holds it.
    const dockerConfig = run.state['dockerConfig']
    expect(dockerConfig).toBeTruthy()
    expect(existsSync(dockerConfig!)).toBe(false)
    for (const root of [run.homeDir, run.runnerTemp]) {
      for (const file of await filesUnder(root)) {
        const text = await readFile(file, 'utf8').catch(() => '')
        expect({ file, leaked: text.includes(password) }).toEqual({ file, leaked: false })
      }
    }
  })

  it('passes shell metacharacters in build-args literally', async () => {
    const { service } = await seedService()
    const repository = uniqueName('app')
    world.ecr.seedRepository(repository)
    const context = await sampleApp()
    const marker = join(context, 'pwned')
    await writeFile(
      join(context, 'Dockerfile'),
      'FROM scratch\nARG NOTE\nARG OTHER\nLABEL note=$NOTE other=$OTHER\nCOPY build-id.txt /\n'
    )
    const note = `$(touch ${marker}); \`touch ${marker}\` && echo "hi" | cat`
    const run = await world.run({
      'ecr-repository': repository,
      tags: 'b1',
      context,
      'build-args': `NOTE=${note}\nOTHER=a=b;c`,
      cluster,
      service
    })
    expect(run.exitCode).toBe(0)
    expect(existsSync(marker)).toBe(false)
    const labels = JSON.parse(
      execFileSync('docker', [
        'image',
        'inspect',
        '--format',
        '{{json .Config.Labels}}',
        `${world.env.registryHost}/${repository}:b1`
      ]).toString()
    ) as Record<string, string>
    expect(labels['note']).toBe(note)
    expect(labels['other']).toBe('a=b;c')
  })
})

async function filesUnder(dir: string): Promise<string[]> {
  const out: string[] = []
  for (const entry of await readdir(dir, { withFileTypes: true }).catch(() => [])) {
    const full = join(dir, entry.name)
    if (entry.isDirectory()) out.push(...(await filesUnder(full)))
    else if (entry.isFile() && (await stat(full)).size < 1_000_000) out.push(full)
  }
  return out
}
