/**
 * Issue 2: every bad input fails with a message that names the input and the
 * fix, and the run writes nothing: no login, no push, no registration, no update.
 */
import { describe, expect, it } from '@jest/globals'
import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { sampleApp, sampleTaskDefinition, uniqueName, writeCalls } from './world.js'
import { useWorld } from './use-world.js'

const cluster = 'prod'
let service: string
let multiService: string
let codeDeployService: string
let drainingService: string
let repository: string
let context: string

const world = useWorld({
  clusters: [cluster],
  setUp: async () => {
    const seed = async (extra: Record<string, unknown> = {}, containers = 1): Promise<string> => {
      const name = uniqueName('svc')
      const td = await sampleTaskDefinition(uniqueName('fam'))
      const defs = td['containerDefinitions'] as Array<Record<string, unknown>>
      defs[0]!['image'] = 'registry.example.com/sample/web:1'
      if (containers > 1) defs.push({ ...defs[0]!, name: 'sidecar', portMappings: [] })
      await world.emulator.seedService({ cluster, serviceName: name, taskDefinition: td, ...extra })
      return name
    }
    service = await seed()
    multiService = await seed({}, 2)
    codeDeployService = await seed({ deploymentController: 'CODE_DEPLOY' })
    drainingService = await seed({ status: 'DRAINING' })
    repository = uniqueName('app')
    world.ecr.seedRepository(repository)
    context = await sampleApp()
  }
})

type Case = [string, () => Record<string, string>, RegExp]

const cases: Case[] = [
  [
    'image and ecr-repository together',
    () => ({ image: 'x/y:1', 'ecr-repository': repository, cluster, service }),
    /`image` and `ecr-repository`/
  ],
  [
    'a service that does not exist',
    () => ({ 'ecr-repository': repository, context, cluster, service: 'nope-404' }),
    /nope-404 not found in cluster prod/i
  ],
  [
    'a cluster that does not exist',
    () => ({ 'ecr-repository': repository, context, cluster: 'ghost', service }),
    /ghost/
  ],
  [
    'several containers and no container-name',
    () => ({ 'ecr-repository': repository, context, cluster, service: multiService }),
    /"web", "sidecar".*`container-name`/
  ],
  [
    'a container-name that is not in the task definition',
    () => ({
      'ecr-repository': repository,
      context,
      cluster,
      service,
      'container-name': 'api'
    }),
    /api.*web/
  ],
  [
    'a non-numeric wait-for-minutes',
    () => ({ 'ecr-repository': repository, context, cluster, service, 'wait-for-minutes': 'soon' }),
    /`wait-for-minutes`/
  ],
  [
    'a service deployed by CodeDeploy',
    () => ({ 'ecr-repository': repository, context, cluster, service: codeDeployService }),
    /CODE_DEPLOY|CodeDeploy/
  ],
  [
    'a draining service',
    () => ({ 'ecr-repository': repository, context, cluster, service: drainingService }),
    /DRAINING|ACTIVE/
  ],
  [
    'a missing repository without create-repository',
    () => ({ 'ecr-repository': 'does-not-exist', context, cluster, service }),
    /`create-repository: true`/
  ],
  [
    'an invalid tag',
    () => ({ 'ecr-repository': repository, tags: 'bad tag!', context, cluster, service }),
    /`tags`/
  ],
  [
    'a malformed build-args line',
    () => ({
      'ecr-repository': repository,
      context,
      cluster,
      service,
      'build-args': 'export X'
    }),
    /`build-args`/
  ],
  [
    'a build context outside the workspace',
    () => ({ 'ecr-repository': repository, context: '/etc', cluster, service }),
    /`context`: "\/etc" is outside the workspace/
  ],
  [
    'a task definition file outside the workspace',
    () => ({
      'ecr-repository': repository,
      context,
      cluster,
      service,
      'task-definition': '../../../../../../etc/hostname'
    }),
    /`task-definition`: ".*" is outside the workspace/
  ]
]

describe('bad input fails clearly and changes nothing', () => {
  it.each(cases)('%s', async (_name, inputs, message) => {
    const since = Date.now()
    const run = await world.run(inputs())
    expect(run.exitCode).toBe(1)
    expect(run.errors.join('\n')).toMatch(message)
    expect(writeCalls(world, since)).toEqual([])
    expect(run.stdout).not.toMatch(/Building |Pushed |Registered /)
  })

  it('a task definition file that is not valid JSON or YAML names the input', async () => {
    const file = join(context, 'broken.json')
    await writeFile(file, '{"family": "x", "containerDefinitions": [')
    const since = Date.now()
    const run = await world.run({
      'ecr-repository': repository,
      context,
      'task-definition': file,
      cluster,
      service
    })
    expect(run.exitCode).toBe(1)
    expect(run.errors.join('\n')).toMatch(/`task-definition`/)
    expect(writeCalls(world, since)).toEqual([])
  })

  it('no region at all is reported before any AWS call', async () => {
    const since = Date.now()
    const run = await world.run(
      { image: 'x/y:1', cluster, service },
      { env: { AWS_REGION: undefined, AWS_DEFAULT_REGION: undefined } }
    )
    expect(run.exitCode).toBe(1)
    expect(run.errors.join('\n')).toMatch(/`aws-region`/)
    expect(world.emulator.calls({ since })).toEqual([])
  })
})
