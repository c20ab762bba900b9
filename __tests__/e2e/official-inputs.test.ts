/**
 * Issue 8, end to end: a step copied from the official render + deploy
 * actions, with several containers, against the emulator, the real Docker
 * engine and the real registry, running the committed bundle.
 */
import { describe, expect, it } from '@jest/globals'
import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import {
  SEED_IMAGE,
  sampleApp,
  sampleTaskDefinition,
  serviceRecord,
  serviceTaskDefinition,
  uniqueName,
  writeCalls
} from './world.js'
import { useWorld } from './use-world.js'

const cluster = 'prod'
const ACCOUNT = '123456789012'
const EXEC_ROLE = `arn:aws:iam::${ACCOUNT}:role/ecsTaskExecutionRole`
const TASK_ROLE = `arn:aws:iam::${ACCOUNT}:role/shop-web-task`
const INFRA_ROLE = `arn:aws:iam::${ACCOUNT}:role/ecsInfrastructureRole`

const world = useWorld({ clusters: [cluster] })

type Container = Record<string, unknown>

/** A Fargate service whose task has web, worker and sidecar containers and a volume configured at launch. */
async function seedThreeContainerService(): Promise<{ service: string; family: string }> {
  const service = uniqueName('shop')
  const family = uniqueName('fam')
  const td = await sampleTaskDefinition(family)
  const [web] = td['containerDefinitions'] as Container[]
  web!['image'] = SEED_IMAGE
  td['containerDefinitions'] = [
    web,
    { ...web, name: 'worker', portMappings: [] },
    { name: 'sidecar', image: SEED_IMAGE, essential: false }
  ]
  td['volumes'] = [{ name: 'data', configuredAtLaunch: true }]
  await world.emulator.seedService({ cluster, serviceName: service, taskDefinition: td })
  return { service, family }
}

/** A context with the sample app and a second Dockerfile for the sidecar. */
async function twoDockerfileContext(): Promise<string> {
  const context = await sampleApp()
  await writeFile(
    join(context, 'Dockerfile.sidecar'),
    'FROM scratch\nCOPY version.txt /sidecar/version.txt\nLABEL role="sidecar"\n'
  )
  return context
}

/** The step as a user copies it from the official render and deploy actions (plus `containers`). */
function copiedStep(
  context: string,
  repository: string,
  service: string,
  family: string
): Record<string, string> {
  return {
    // render
    'task-definition-family': family,
    'task-definition-revision': '1',
    'container-name': 'web,worker',
    'environment-variables': 'LOG_LEVEL=debug\nDATABASE_URL=postgres://db/shop?sslmode=require&a=b',
    secrets: [
      `DB_PASSWORD=arn:aws:secretsmanager:us-east-1:${ACCOUNT}:secret:shop/db-AbCdEf`,
      `API_KEY=arn:aws:ssm:us-east-1:${ACCOUNT}:parameter/shop/api-key`
    ].join('\n'),
    command: 'npm run "start server"',
    'entry-point': '["/usr/bin/env"]',
    'log-configuration-log-driver': 'awslogs',
    'log-configuration-options': 'awslogs-group=/ecs/shop\nawslogs-stream-prefix=shop',
    'docker-labels': 'team=shop\ncom.example.empty=',
    'task-role-arn': TASK_ROLE,
    'execution-role-arn': EXEC_ROLE,
    'env-files': 'arn:aws:s3:::shop-config/prod.env',
    cpu: '512',
    memory: '1 GB',
    // several containers, each image built once
    'ecr-repository': repository,
    tags: 'v1',
    containers: [
      `web=build:${context}`,
      `worker=build:${context}`,
      `sidecar=build:${context}:${join(context, 'Dockerfile.sidecar')}`
    ].join('\n'),
    // deploy
    cluster,
    service,
    'desired-count': '1',
    'force-new-deployment': 'false',
    'enable-ecs-managed-tags': 'true',
    'propagate-tags': 'SERVICE',
    'service-managed-ebs-volume-name': 'data',
    'service-managed-ebs-volume': JSON.stringify({
      roleArn: INFRA_ROLE,
      sizeInGiB: 20,
      volumeType: 'gp3',
      encrypted: true
    }),
    'wait-for-service-stability': 'true',
    'wait-for-minutes': '5',
    'wait-max-delay-seconds': '15',
    'max-retries': '4',
    'keep-null-value-keys': 'tags'
  }
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

describe('a step copied from the official render + deploy actions', () => {
  it('deploys three containers from two builds, and the revision carries every field', async () => {
    const { service, family } = await seedThreeContainerService()
    const repository = uniqueName('shop')
    world.ecr.seedRepository(repository)
    const context = await twoDockerfileContext()
    const since = Date.now()
    const run = await world.run(copiedStep(context, repository, service, family))
    expect({ exit: run.exitCode, errors: run.errors }).toEqual({ exit: 0, errors: [] })

    // Two distinct builds, each built and pushed once, pinned by digest.
    expect(run.stdout.match(/^Building /gm)).toHaveLength(2)
    expect((await registryTags(repository)).sort()).toEqual(['v1-sidecar', 'v1-web'])
    const images = JSON.parse(run.outputs['images'] ?? '{}') as Record<string, string>
    expect(Object.keys(images).sort()).toEqual(['sidecar', 'web', 'worker'])
    for (const ref of Object.values(images)) expect(ref).toMatch(/@sha256:[a-f0-9]{64}$/)
    expect(images['worker']).toBe(images['web'])
    expect(images['sidecar']).not.toBe(images['web'])
    expect(run.outputs['image']).toBe(images['web'])

    // One revision, registered once.
    expect(writeCalls(world, since).filter((c) => c.endsWith(':RegisterTaskDefinition'))).toEqual([
      'ecs:RegisterTaskDefinition'
    ])
    const td = serviceTaskDefinition(world, cluster, service)!
    expect(td['taskDefinitionArn']).toBe(run.outputs['task-definition-arn'])
    expect(td['revision']).toBe(2)
    expect([td['taskRoleArn'], td['executionRoleArn'], td['cpu'], td['memory']]).toEqual([
      TASK_ROLE,
      EXEC_ROLE,
      '512',
      '1024'
    ])
    const byName = Object.fromEntries(
      (td['containerDefinitions'] as Container[]).map((c) => [c['name'], c])
    )
    for (const name of ['web', 'worker']) {
      const c = byName[name]!
      expect(c['image']).toBe(images[name])
      expect(c['command']).toEqual(['npm', 'run', 'start server'])
      expect(c['entryPoint']).toEqual(['/usr/bin/env'])
      expect(c['environment']).toEqual(
        expect.arrayContaining([
          { name: 'PORT', value: '8080' },
          { name: 'LOG_LEVEL', value: 'debug' },
          { name: 'DATABASE_URL', value: 'postgres://db/shop?sslmode=require&a=b' },
          { name: 'FEATURE_FLAGS', value: '' }
        ])
      )
      expect(c['secrets']).toEqual([
        {
          name: 'DB_PASSWORD',
          valueFrom: `arn:aws:secretsmanager:us-east-1:${ACCOUNT}:secret:shop/db-AbCdEf`
        },
        { name: 'API_KEY', valueFrom: `arn:aws:ssm:us-east-1:${ACCOUNT}:parameter/shop/api-key` }
      ])
      expect(c['environmentFiles']).toEqual([
        { value: 'arn:aws:s3:::shop-config/prod.env', type: 's3' }
      ])
      expect(c['logConfiguration']).toEqual({
        logDriver: 'awslogs',
        options: {
          'awslogs-group': '/ecs/shop',
          'awslogs-region': 'us-east-1',
          'awslogs-stream-prefix': 'shop'
        }
      })
      expect(c['dockerLabels']).toEqual({ team: 'shop', 'com.example.empty': '' })
    }
    // The sidecar gets its own image and nothing else.
    expect(byName['sidecar']!['image']).toBe(images['sidecar'])
    expect(byName['sidecar']!['command']).toBeUndefined()
    expect(byName['sidecar']!['secrets']).toBeUndefined()

    // The service update carried the deploy settings.
    const svc = serviceRecord(world, cluster, service)!
    expect([svc['enableECSManagedTags'], svc['propagateTags']]).toEqual([true, 'SERVICE'])
    const primary = (svc['deployments'] as Array<Record<string, unknown>>).find(
      (d) => d['status'] === 'PRIMARY'
    )!
    expect(primary['rolloutState']).toBe('COMPLETED')
    expect(primary['volumeConfigurations']).toEqual([
      {
        name: 'data',
        managedEBSVolume: { roleArn: INFRA_ROLE, sizeInGiB: 20, volumeType: 'gp3', encrypted: true }
      }
    ])
    expect(run.stdout).toMatch(/wait-max-delay-seconds: accepted; the watch polls every 5 s/)
  })

  it('the same step with one official input misspelt fails before any write and names the fix', async () => {
    const { service, family } = await seedThreeContainerService()
    const repository = uniqueName('shop')
    world.ecr.seedRepository(repository)
    const context = await twoDockerfileContext()
    const step = copiedStep(context, repository, service, family)
    const { 'execution-role-arn': role, ...rest } = step
    const since = Date.now()
    const run = await world.run(
      { ...rest, execution_role_arn: role ?? '' },
      { allowUnknownInputs: true }
    )
    expect(run.exitCode).toBe(1)
    const message = run.errors.join('\n')
    expect(message).toContain(
      '`execution_role_arn` is not an input of this action; did you mean `execution-role-arn`?'
    )
    expect(message).toContain("The action's inputs have a problem; nothing was changed")
    expect(writeCalls(world, since)).toEqual([])
    expect(await registryTags(repository)).toEqual([])
    expect(run.stdout).not.toMatch(/Building |Pushed |Registered /)
  })

  it('official inputs of features not supported yet fail the step, never ignored', async () => {
    const { service, family } = await seedThreeContainerService()
    const repository = uniqueName('shop')
    world.ecr.seedRepository(repository)
    const context = await twoDockerfileContext()
    const since = Date.now()
    const run = await world.run(
      {
        ...copiedStep(context, repository, service, family),
        'run-task-managed-ebs-volume-name': 'data',
        'run-task-managed-ebs-volume': '{"sizeInGiB":20}'
      },
      { allowUnknownInputs: true }
    )
    expect(run.exitCode).toBe(1)
    const message = run.errors.join('\n')
    expect(message).toContain("The action's inputs have 2 problems; nothing was changed")
    for (const name of ['run-task-managed-ebs-volume-name', 'run-task-managed-ebs-volume']) {
      expect(message).toContain(
        `\`${name}\` is not an input of this action: EBS volumes for one-off tasks are not supported yet`
      )
    }
    expect(writeCalls(world, since)).toEqual([])
  })

  it('a Fargate size ECS does not offer fails before anything is built', async () => {
    const { service, family } = await seedThreeContainerService()
    const repository = uniqueName('shop')
    world.ecr.seedRepository(repository)
    const context = await twoDockerfileContext()
    const since = Date.now()
    const run = await world.run({
      ...copiedStep(context, repository, service, family),
      cpu: '1024',
      memory: '1024'
    })
    expect(run.exitCode).toBe(1)
    expect(run.errors.join('\n')).toContain(
      '`cpu`/`memory`: Fargate has no task size of 1024 CPU units and 1024 MiB'
    )
    expect(writeCalls(world, since)).toEqual([])
    expect(await registryTags(repository)).toEqual([])
  })
})

describe('command arrives as the arguments the user meant', () => {
  it.each([
    ['npm run "start server"', ['npm', 'run', 'start server']],
    ['["sh","-c","echo $X"]', ['sh', '-c', 'echo $X']]
  ])('command: %s', async (command, argv) => {
    const family = uniqueName('cmd')
    const dir = await sampleApp()
    const file = join(dir, 'task-definition.json')
    await writeFile(file, JSON.stringify({ ...(await sampleTaskDefinition(family)) }))
    const run = await world.run({ 'task-definition': file, image: SEED_IMAGE, command })
    expect(run.exitCode).toBe(0)
    const td = world.emulator
      .state()
      .ecs.taskDefinitions.find(
        (t) => t['taskDefinitionArn'] === run.outputs['task-definition-arn']
      )
    const [web] = td?.['containerDefinitions'] as Container[]
    expect(web!['command']).toEqual(argv)
    expect((web!['command'] as string[]).length).toBe(3)
  })
})

describe('containers alone', () => {
  it('gives each container its image without container-name, in one revision', async () => {
    const family = uniqueName('pair')
    const dir = await sampleApp()
    const td = await sampleTaskDefinition(family)
    const [web] = td['containerDefinitions'] as Container[]
    td['containerDefinitions'] = [web, { name: 'sidecar', image: 'old', essential: false }]
    const file = join(dir, 'task-definition.json')
    await writeFile(file, JSON.stringify(td))
    const since = Date.now()
    const run = await world.run({
      'task-definition': file,
      containers: `web=${SEED_IMAGE}\nsidecar=registry.example.com/sample/sidecar:2.0.0`
    })
    expect({ exit: run.exitCode, errors: run.errors }).toEqual({ exit: 0, errors: [] })
    expect(JSON.parse(run.outputs['images'] ?? '{}')).toEqual({
      web: SEED_IMAGE,
      sidecar: 'registry.example.com/sample/sidecar:2.0.0'
    })
    expect(writeCalls(world, since)).toEqual(['ecs:RegisterTaskDefinition'])
    const registered = world.emulator
      .state()
      .ecs.taskDefinitions.find(
        (t) => t['taskDefinitionArn'] === run.outputs['task-definition-arn']
      )
    expect((registered?.['containerDefinitions'] as Container[]).map((c) => c['image'])).toEqual([
      SEED_IMAGE,
      'registry.example.com/sample/sidecar:2.0.0'
    ])
  })
})
