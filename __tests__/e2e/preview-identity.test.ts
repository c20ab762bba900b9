/**
 * Issue 12, end to end: a preview is only ever its own. Two clusters each
 * with a `web` service and a preview for PR 12 (same service name, same
 * task definition family, same host, same ECR repository): destroying one
 * leaves every resource of the other. A preview that another repository
 * made under the same names is neither adopted by deploy nor deleted by
 * destroy or cleanup. A CreateService whose response is lost is retried
 * with the same client token and creates one service. An AWS call that
 * never answers fails the run, naming the call.
 */
import { afterEach, beforeAll, describe, expect, it } from '@jest/globals'
import type { ActionRun } from '../../test-support/harness.js'
import { identityHash } from '../../src/preview/names.js'
import {
  CLUSTER,
  familyRevisions,
  forbiddenDeletes,
  previewTgName,
  protectedArns,
  registryTags,
  REPOSITORY,
  runPr,
  runScheduled,
  seedBaseService,
  serviceStatus,
  serviceTags,
  usePreviewWorld,
  type BaseService
} from './preview-world.js'
import { sampleApp, serviceRecord, uniqueName, writeCalls } from './world.js'

const OTHER_CLUSTER = 'preview-b'
const OTHER_REPOSITORY = 'someone/app'
const HEAD = '3f2a9c1d4b5e6f708192a3b4c5d6e7f809a1b2c3'

const protect = { services: [] as string[], arns: [] as string[] }

const pw = usePreviewWorld([OTHER_CLUSTER])
afterEach(() => {
  pw.world.emulator.clearFaults()
  expect(forbiddenDeletes(pw.world, protect)).toEqual([])
})

async function base(options: Parameters<typeof seedBaseService>[1] = {}): Promise<BaseService> {
  const b = await seedBaseService(pw.world, options)
  protect.services.push(b.service)
  protect.arns.push(...protectedArns(pw.world, b))
  return b
}

function ok(run: ActionRun): void {
  expect({ exitCode: run.exitCode, errors: run.errors, post: run.post.exitCode }).toEqual({
    exitCode: 0,
    errors: [],
    post: 0
  })
}

/** Everything one cluster's preview of `service` for PR 12 consists of, as plain data. */
function previewResources(
  service: string,
  cluster: string,
  repository: string,
  ecrRepository: string
): Promise<Record<string, unknown>> {
  const elb = pw.world.elb.snapshot()
  const mine = (tags: Record<string, string>): boolean =>
    tags['preview-of'] === service &&
    tags['cluster'] === cluster &&
    tags['repository'] === repository
  const svc = serviceRecord(pw.world, cluster, `${service}-pr-12`)
  const taskDefinitions = pw.world.emulator
    .state()
    .ecs.taskDefinitions.filter((td) => td['taskDefinitionArn'] === svc?.['taskDefinition'])
    .map((td) => ({ arn: td['taskDefinitionArn'], status: td['status'] }))
  return registryTags(pw.world, ecrRepository).then((tags) => ({
    service: {
      status: svc?.['status'],
      desiredCount: svc?.['desiredCount'],
      tags: serviceTags(pw.world, `${service}-pr-12`, cluster)
    },
    taskDefinitions,
    targetGroups: elb.targetGroups.filter((tg) => mine(tg.tags)),
    rules: elb.rules.filter((r) => mine(r.tags)),
    images: tags
  }))
}

describe('two clusters, one repository, the same names', () => {
  let a: BaseService
  let b: BaseService
  let ecrRepository: string
  let context: string

  beforeAll(async () => {
    const service = uniqueName('web')
    a = await base({ service, cluster: CLUSTER })
    // Same service name and the same task definition family: only the cluster differs.
    b = await base({ service, cluster: OTHER_CLUSTER, family: a.family })
    ecrRepository = uniqueName('app')
    pw.world.ecr.seedRepository(ecrRepository)
    context = await sampleApp()
  })

  const deploy = (cluster: string): Record<string, string> => ({
    preview: 'deploy',
    'ecr-repository': ecrRepository,
    tags: `pr-12-${HEAD.slice(0, 7)}`,
    context,
    cluster,
    service: a.service,
    'preview-host': 'pr-{id}.preview.example.com',
    'wait-for-service-stability': 'false',
    environment: `pr-{id}-${cluster}`
  })

  it('deploys PR 12 in both: separate target groups (hashed names), every resource tagged with its cluster', async () => {
    for (const cluster of [CLUSTER, OTHER_CLUSTER]) {
      ok(await runPr(pw, { action: 'opened', number: 12, headSha: HEAD, inputs: deploy(cluster) }))
    }
    const names = [CLUSTER, OTHER_CLUSTER].map((c) => previewTgName(a.service, 12, c))
    expect(names[0]).not.toBe(names[1])
    for (const [i, cluster] of [CLUSTER, OTHER_CLUSTER].entries()) {
      const tags = {
        'preview-of': a.service,
        'pull-request': '12',
        repository: REPOSITORY,
        cluster
      }
      const r = await previewResources(a.service, cluster, REPOSITORY, ecrRepository)
      expect(r['service']).toEqual({ status: 'ACTIVE', desiredCount: 1, tags })
      expect((r['targetGroups'] as Array<{ name: string }>).map((tg) => tg.name)).toEqual([
        names[i]
      ])
      expect((r['rules'] as Array<{ hosts: string[] }>).map((rule) => rule.hosts)).toEqual([
        ['pr-12.preview.example.com']
      ])
      expect(r['taskDefinitions']).toEqual([{ arn: expect.any(String), status: 'ACTIVE' }])
    }
    // One image (same build), pushed by both: it carries both previews' marks.
    const identity = { baseService: a.service, id: '12', repository: REPOSITORY }
    const tags = await registryTags(pw.world, ecrRepository)
    for (const cluster of [CLUSTER, OTHER_CLUSTER]) {
      expect(tags).toContainEqual(
        expect.stringMatching(`^pr-12-preview-${identityHash({ ...identity, cluster })}-`)
      )
    }
  })

  it("destroying the preview in one cluster leaves every resource of the other's", async () => {
    const otherBefore = await previewResources(a.service, OTHER_CLUSTER, REPOSITORY, ecrRepository)
    const mineBefore = await previewResources(a.service, CLUSTER, REPOSITORY, ecrRepository)
    const since = Date.now()
    const destroyed = await runPr(pw, {
      action: 'closed',
      number: 12,
      headSha: HEAD,
      inputs: {
        preview: 'destroy',
        'ecr-repository': ecrRepository,
        cluster: CLUSTER,
        service: a.service,
        environment: `pr-{id}-${CLUSTER}`
      }
    })
    ok(destroyed)
    expect(destroyed.stdout).toMatch(
      /Destroyed preview \S+-pr-12: the service, 1 listener rule, 1 target group, 1 task definition revision, 1 image tag\./
    )
    // This cluster's preview is gone ...
    expect(['INACTIVE', 'gone']).toContain(serviceStatus(pw.world, `${a.service}-pr-12`, CLUSTER))
    const mine = await previewResources(a.service, CLUSTER, REPOSITORY, ecrRepository)
    expect(mine['targetGroups']).toEqual([])
    expect(mine['rules']).toEqual([])
    const [revision] = mineBefore['taskDefinitions'] as Array<{ arn: string }>
    expect(familyRevisions(pw.world, `${a.family}-pr-12`)).toContainEqual({
      arn: revision!.arn,
      status: 'DELETE_IN_PROGRESS'
    })
    // ... and nothing of the other cluster's was touched, or even named in a delete.
    expect(await previewResources(a.service, OTHER_CLUSTER, REPOSITORY, ecrRepository)).toEqual({
      ...otherBefore,
      // The shared image lost only this cluster's mark.
      images: (otherBefore['images'] as string[]).filter(
        (t) =>
          !t.startsWith(
            `pr-12-preview-${identityHash({ baseService: a.service, id: '12', repository: REPOSITORY, cluster: CLUSTER })}-`
          )
      )
    })
    const otherArns = [
      ...(otherBefore['targetGroups'] as Array<{ arn: string }>).map((tg) => tg.arn),
      ...(otherBefore['rules'] as Array<{ arn: string }>).map((r) => r.arn),
      ...(otherBefore['taskDefinitions'] as Array<{ arn: string }>).map((td) => td.arn)
    ]
    const deletes = pw.world.emulator
      .calls({ since })
      .filter((c) => /^(Delete|Deregister|BatchDelete)/.test(c.operation))
      .map((c) => JSON.stringify(c.input))
    for (const arn of otherArns) expect(deletes.filter((d) => d.includes(arn))).toEqual([])
    // The only scale-down was this cluster's preview.
    expect(
      pw.world.emulator
        .calls({ operation: 'UpdateService', since })
        .map((c) => (c.input as Record<string, unknown>)['cluster'])
    ).toEqual([CLUSTER])
    // The commit's pr-12 tag stays: the other cluster's preview pushed it too.
    expect(await registryTags(pw.world, ecrRepository)).toContain(`pr-12-${HEAD.slice(0, 7)}`)
  })

  it('destroying the other one then removes its resources and the last pr-12 tags', async () => {
    const destroyed = await runPr(pw, {
      action: 'closed',
      number: 12,
      headSha: HEAD,
      inputs: {
        preview: 'destroy',
        'ecr-repository': ecrRepository,
        cluster: OTHER_CLUSTER,
        service: a.service,
        environment: `pr-{id}-${OTHER_CLUSTER}`
      }
    })
    ok(destroyed)
    const left = await previewResources(a.service, OTHER_CLUSTER, REPOSITORY, ecrRepository)
    expect(left['targetGroups']).toEqual([])
    expect(left['rules']).toEqual([])
    expect(
      (await registryTags(pw.world, ecrRepository)).filter((t) => t.startsWith('pr-12'))
    ).toEqual([])
    expect(serviceStatus(pw.world, b.service, OTHER_CLUSTER)).toBe('ACTIVE')
  })
})

describe("another repository's preview under the same names", () => {
  it('is neither adopted by deploy nor deleted by destroy or cleanup', async () => {
    const shop = await base()
    const ecrRepository = uniqueName('app')
    pw.world.ecr.seedRepository(ecrRepository)
    const context = await sampleApp()
    const inputs = {
      preview: 'deploy',
      'ecr-repository': ecrRepository,
      tags: `pr-12-${HEAD.slice(0, 7)}`,
      context,
      cluster: CLUSTER,
      service: shop.service,
      'preview-host': 'pr-{id}.preview.example.com',
      'wait-for-service-stability': 'false'
    }
    // The other repository's workflow (same AWS account and cluster) deploys its PR 12 first.
    const theirs = await runPr(pw, {
      action: 'opened',
      number: 12,
      headSha: HEAD,
      repository: OTHER_REPOSITORY,
      token: null,
      inputs
    })
    expect(theirs.exitCode).toBe(0)
    expect(serviceTags(pw.world, `${shop.service}-pr-12`)['repository']).toBe(OTHER_REPOSITORY)
    const snapshot = () => previewResources(shop.service, CLUSTER, OTHER_REPOSITORY, ecrRepository)
    const before = await snapshot()
    expect((before['targetGroups'] as unknown[]).length).toBe(1)
    expect((before['images'] as string[]).filter((t) => t.startsWith('pr-12-'))).toHaveLength(2)

    // Deploy from this repository: refuses to take it over, writes nothing.
    let since = Date.now()
    const deploy = await runPr(pw, { action: 'synchronize', number: 12, headSha: HEAD, inputs })
    expect(deploy.exitCode).toBe(1)
    expect(deploy.errors.join('\n')).toMatch(
      /exists in preview but is not tagged as this preview \(.*repository=octo\/app, cluster=preview\); refusing to take it over/
    )
    expect(writeCalls(pw.world, since)).toEqual([])

    // Destroy from this repository: refuses the service, finds no target group, rule,
    // revision or image tag of its own, deletes nothing.
    since = Date.now()
    const destroyed = await runPr(pw, {
      action: 'closed',
      number: 12,
      headSha: HEAD,
      inputs: {
        preview: 'destroy',
        'ecr-repository': ecrRepository,
        cluster: CLUSTER,
        service: shop.service
      }
    })
    expect(destroyed.exitCode).toBe(0)
    expect(destroyed.warnings.join('\n')).toMatch(
      /Refusing to delete service \S+-pr-12: it is not tagged preview-of=\S+, pull-request=12, repository=octo\/app, cluster=preview/
    )
    expect(destroyed.stdout).toMatch(
      /Image tag\(s\) .*pr-12-3f2a9c1.* left in \S+: their images do not carry this preview's mark/
    )
    expect(writeCalls(pw.world, since).filter((c) => !c.endsWith('GetAuthorizationToken'))).toEqual(
      []
    )
    expect(await snapshot()).toEqual(before)

    // Cleanup from this repository (PR 12 closed): finds no preview of its own.
    pw.github.setPullRequest(12, 'closed')
    since = Date.now()
    const cleaned = await runScheduled(pw, {
      preview: 'cleanup',
      cluster: CLUSTER,
      service: shop.service
    })
    ok(cleaned)
    expect(cleaned.stdout).toMatch(/Found 0 preview\(s\) of /)
    expect(writeCalls(pw.world, since)).toEqual([])
    expect(await snapshot()).toEqual(before)
  })
})

describe('the run, not the network, decides', () => {
  it('a CreateService whose response is lost is retried with the same client token: one service', async () => {
    const shop = await base()
    pw.world.emulator.injectFault({
      service: 'ecs',
      operation: 'CreateService',
      code: 'ServerException',
      afterApply: true
    })
    const since = Date.now()
    const run = await runPr(pw, {
      action: 'opened',
      number: 40,
      inputs: {
        preview: 'deploy',
        image: 'registry.example.com/sample/web:3.1.0',
        cluster: CLUSTER,
        service: shop.service,
        'wait-for-service-stability': 'false'
      }
    })
    ok(run)
    const creates = pw.world.emulator.calls({ operation: 'CreateService', since })
    expect(creates.map((c) => c.error)).toEqual(['ServerException', undefined])
    const tokens = creates.map((c) => (c.input as Record<string, unknown>)['clientToken'])
    expect(tokens[0]).toMatch(/^[0-9a-f]{32}$/)
    expect(tokens[1]).toBe(tokens[0])
    const svc = serviceRecord(pw.world, CLUSTER, `${shop.service}-pr-40`)!
    expect(svc['status']).toBe('ACTIVE')
    expect(svc['deployments']).toHaveLength(1)
    expect(run.outputs['deployment-id']).toBe((svc['deployments'] as Array<{ id: string }>)[0]!.id)
  })

  it('an AWS call that never answers fails the run within its timeout, naming the call', async () => {
    const shop = await base()
    pw.world.emulator.injectFault({
      service: 'ecs',
      operation: 'DescribeServices',
      code: 'ServerException',
      hang: true,
      count: 100
    })
    const since = Date.now()
    const run = await runPr(pw, {
      action: 'opened',
      number: 41,
      inputs: {
        preview: 'deploy',
        image: 'registry.example.com/sample/web:3.1.0',
        cluster: CLUSTER,
        service: shop.service
      },
      env: { ECS_SHIP_AWS_REQUEST_TIMEOUT: '0.5', AWS_MAX_ATTEMPTS: '3' }
    })
    pw.world.emulator.clearFaults()
    expect(run.exitCode).toBe(1)
    expect(run.errors.join('\n')).toMatch(
      /TimeoutError: ECS DescribeServices got no answer \(connection 5 s, request 0\.5 s timeout, 3 attempts\)/
    )
    // Each attempt reached the emulator and was held; the SDK gave up after the third.
    expect(
      pw.world.emulator.calls({ operation: 'DescribeServices', since }).map((c) => c.error)
    ).toEqual(['hang', 'hang', 'hang'])
    expect(writeCalls(pw.world, since)).toEqual([])
  })
})
