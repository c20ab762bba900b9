/**
 * Issue 4, end to end: tearing previews down when things are not tidy. A
 * deploy that failed halfway, `cleanup` across open, closed and unknown
 * pull requests, and look-alikes that destroy must leave alone: whatever
 * the inputs, no run deletes or scales down anything of a base service.
 */
import { afterEach, describe, expect, it } from '@jest/globals'
import type { ActionRun } from '../../test-support/harness.js'
import {
  CLUSTER,
  familyRevisions,
  forbiddenDeletes,
  previewTgName,
  protectedArns,
  REPOSITORY,
  runPr,
  runScheduled,
  seedBaseService,
  serviceStatus,
  usePreviewWorld,
  type BaseService
} from './preview-world.js'
import { sampleTaskDefinition, serviceRecord, uniqueName, writeCalls } from './world.js'

const protect = { services: [] as string[], arns: [] as string[] }

const pw = usePreviewWorld()
afterEach(() => {
  expect(forbiddenDeletes(pw.world, protect)).toEqual([])
})

async function base(options: Parameters<typeof seedBaseService>[1] = {}): Promise<BaseService> {
  const b = await seedBaseService(pw.world, options)
  protect.services.push(b.service)
  protect.arns.push(...protectedArns(pw.world, b))
  return b
}

function expectExit(run: ActionRun, code: 0 | 1): void {
  if (code === 0) {
    expect({ exitCode: run.exitCode, errors: run.errors, post: run.post.exitCode }).toEqual({
      exitCode: 0,
      errors: [],
      post: 0
    })
  } else {
    expect(run.exitCode).toBe(1)
  }
}

const deployInputs = (b: BaseService, extra: Record<string, string> = {}) => ({
  preview: 'deploy',
  image: 'registry.example.com/sample/web:3.1.0',
  cluster: CLUSTER,
  service: b.service,
  'preview-host': 'pr-{id}.preview.example.com',
  ...extra
})

const destroyInputs = (b: BaseService, extra: Record<string, string> = {}) => ({
  preview: 'destroy',
  cluster: CLUSTER,
  service: b.service,
  ...extra
})

function previewTargetGroups(b: BaseService): Array<{ name: string; arn: string }> {
  return pw.world.elb
    .snapshot()
    .targetGroups.filter((tg) => tg.tags['preview-of'] === b.service)
    .map(({ name, arn }) => ({ name, arn }))
}

function previewRules(b: BaseService): string[][] {
  return pw.world.elb
    .snapshot()
    .rules.filter((r) => r.tags['preview-of'] === b.service)
    .map((r) => r.hosts)
}

describe('a preview created halfway', () => {
  it('CreateService failed after the target group and rule: destroy removes what is there', async () => {
    const b = await base()
    pw.world.emulator.injectFault({
      service: 'ecs',
      operation: 'CreateService',
      code: 'AccessDeniedException'
    })
    const failed = await runPr(pw, { action: 'opened', number: 30, inputs: deployInputs(b) })
    pw.world.emulator.clearFaults()
    expectExit(failed, 1)
    expect(failed.errors.join('\n')).toMatch(/Creating service .*-pr-30/)
    expect(failed.errors.join('\n')).toMatch(/tagged; the next deploy reuses them/)
    // Left behind: a tagged target group, a tagged rule and the registered revision.
    expect(serviceStatus(pw.world, `${b.service}-pr-30`)).toBe('gone')
    expect(previewTargetGroups(b).map((tg) => tg.name)).toEqual([previewTgName(b.service, 30)])
    expect(previewRules(b)).toEqual([['pr-30.preview.example.com']])
    expect(familyRevisions(pw.world, `${b.family}-pr-30`).map((r) => r.status)).toEqual(['ACTIVE'])
    expect(pw.github.statesOf('pr-30')).toEqual(['failure'])
    expect(pw.github.state.comments.filter((c) => c.issue_number === 30)).toEqual([])

    const since = Date.now()
    const destroyed = await runPr(pw, {
      action: 'closed',
      number: 30,
      inputs: destroyInputs(b)
    })
    expectExit(destroyed, 0)
    expect(destroyed.warnings).toEqual([])
    expect(destroyed.stdout).toMatch(
      /Destroyed preview \S+-pr-30: 1 listener rule, 1 target group, 1 task definition revision\./
    )
    expect(pw.world.emulator.calls({ operation: 'DeleteService', since })).toEqual([])
    expect(previewTargetGroups(b)).toEqual([])
    expect(previewRules(b)).toEqual([])
    expect(familyRevisions(pw.world, `${b.family}-pr-30`).map((r) => r.status)).toEqual([
      'DELETE_IN_PROGRESS'
    ])
    expect(pw.github.statesOf('pr-30')).toEqual(['inactive'])
    // The pull request never had a preview comment; the teardown adds none.
    expect(pw.github.state.comments.filter((c) => c.issue_number === 30)).toEqual([])
  })

  it('the next deploy reuses the tagged leftovers instead of failing on them', async () => {
    const b = await base()
    pw.world.emulator.injectFault({
      service: 'ecs',
      operation: 'CreateService',
      code: 'AccessDeniedException'
    })
    const failed = await runPr(pw, { action: 'opened', number: 31, inputs: deployInputs(b) })
    pw.world.emulator.clearFaults()
    expectExit(failed, 1)
    const leftovers = previewTargetGroups(b)
    expect(leftovers).toHaveLength(1)

    const since = Date.now()
    const retried = await runPr(pw, {
      action: 'synchronize',
      number: 31,
      inputs: deployInputs(b, { 'wait-for-service-stability': 'false' })
    })
    expectExit(retried, 0)
    expect(retried.stdout).toMatch(/exists from an earlier run: reused/)
    const written = writeCalls(pw.world, since)
    expect(written).toContain('ecs:CreateService')
    expect(written).not.toContain('elasticloadbalancing:CreateTargetGroup')
    expect(written).not.toContain('elasticloadbalancing:CreateRule')
    expect(previewTargetGroups(b)).toEqual(leftovers)
    expect(previewRules(b)).toEqual([['pr-31.preview.example.com']])
    const svc = serviceRecord(pw.world, CLUSTER, `${b.service}-pr-31`)!
    expect(svc['loadBalancers']).toEqual([
      { targetGroupArn: leftovers[0]!.arn, containerName: 'web', containerPort: 8080 }
    ])
  })
})

describe('cleanup', () => {
  it('destroys the previews of closed pull requests only', async () => {
    const b = await base()
    const other = await base()
    // Open (21), merged (22), closed (23), half-created and closed (24), unknown to GitHub (25).
    for (const number of [21, 22, 23, 25]) {
      const run = await runPr(pw, {
        action: 'opened',
        number,
        inputs: deployInputs(b, { 'wait-for-service-stability': 'false' })
      })
      expectExit(run, 0)
    }
    pw.world.emulator.injectFault({
      service: 'ecs',
      operation: 'CreateService',
      code: 'AccessDeniedException'
    })
    expectExit(await runPr(pw, { action: 'opened', number: 24, inputs: deployInputs(b) }), 1)
    pw.world.emulator.clearFaults()
    // Another service's preview for a closed pull request: not this cleanup's business.
    const foreign = await runPr(pw, {
      action: 'opened',
      number: 22,
      inputs: deployInputs(other, {
        'wait-for-service-stability': 'false',
        'preview-host': 'other-{id}.preview.example.com',
        environment: 'other-pr-{id}'
      })
    })
    expectExit(foreign, 0)
    pw.github.setPullRequest(21, 'open')
    pw.github.setPullRequest(22, 'closed', true)
    pw.github.setPullRequest(23, 'closed')
    pw.github.setPullRequest(24, 'closed')
    expect(previewTargetGroups(b)).toHaveLength(5)

    const run = await runScheduled(pw, { preview: 'cleanup', cluster: CLUSTER, service: b.service })
    expectExit(run, 0)
    for (const [number, status] of [
      [21, 'ACTIVE'],
      [22, 'INACTIVE'],
      [23, 'INACTIVE'],
      [24, 'gone'],
      [25, 'ACTIVE']
    ] as const) {
      const actual = serviceStatus(pw.world, `${b.service}-pr-${number}`)
      expect({
        number,
        status: actual === 'gone' && status === 'INACTIVE' ? status : actual
      }).toEqual({ number, status })
    }
    expect(
      previewTargetGroups(b)
        .map((tg) => tg.name)
        .sort()
    ).toEqual([previewTgName(b.service, 21), previewTgName(b.service, 25)].sort())
    expect(previewRules(b).sort()).toEqual([
      ['pr-21.preview.example.com'],
      ['pr-25.preview.example.com']
    ])
    for (const number of [22, 23, 24]) {
      for (const r of familyRevisions(pw.world, `${b.family}-pr-${number}`)) {
        expect({ number, status: r.status }).toEqual({ number, status: 'DELETE_IN_PROGRESS' })
      }
    }
    // The other service's preview of the merged pull request is still there.
    expect(serviceStatus(pw.world, `${other.service}-pr-22`)).toBe('ACTIVE')
    expect(previewTargetGroups(other)).toHaveLength(1)
    // GitHub: the destroyed previews' deployments are inactive, the others are not.
    expect(pw.github.statesOf('pr-21')).toEqual(['success'])
    expect(pw.github.statesOf('pr-22')).toEqual(['inactive'])
    expect(pw.github.statesOf('pr-23')).toEqual(['inactive'])
    expect(pw.github.statesOf('pr-25')).toEqual(['success'])
    expect(pw.github.statesOf('other-pr-22')).toEqual(['success'])
    // The log says what happened to each, and why #25 was kept.
    expect(run.stdout).toMatch(/#21: pull request open, kept/)
    expect(run.stdout).toMatch(/#22: pull request closed, destroyed/)
    expect(run.stdout).toMatch(/#24: pull request closed, destroyed/)
    expect(run.stdout).toMatch(/#25: pull request unknown, kept/)
    expect(run.warnings).toEqual([expect.stringMatching(/pull request #25.*404/)])
    expect(run.stdout).toMatch(/3 destroyed, 2 kept, 0 failed/)
  })
})

describe('destroy never touches what is not the preview', () => {
  it('leaves an untagged service, target group, rule and family named like the preview, and reports the service', async () => {
    const shop = await base()
    const id = '7'
    // A real service that happens to be called <service>-pr-7, with its own target group
    // named like the preview's, reached through a rule for the preview's own host.
    const lookalike = `${shop.service}-pr-${id}`
    const tgArn = pw.world.elb.control.createTargetGroup({
      Name: lookalike,
      Protocol: 'HTTP',
      Port: 8080,
      VpcId: 'vpc-0a1b2c3d4e5f60718',
      TargetType: 'ip'
    })
    const rule = pw.world.elb.control.createRule(shop.listenerArn, {
      priority: 7,
      hostHeader: [`pr-${id}.preview.example.com`],
      action: { type: 'forward', targetGroupArn: tgArn }
    })
    const td = await sampleTaskDefinition(`${shop.family}-pr-${id}`)
    ;(td['containerDefinitions'] as Array<Record<string, unknown>>)[0]!['image'] =
      'registry.example.com/sample/web:9.9.9'
    const seeded = await pw.world.emulator.seedService({
      cluster: CLUSTER,
      serviceName: lookalike,
      taskDefinition: td,
      loadBalancers: [{ targetGroupArn: tgArn, containerName: 'web', containerPort: 8080 }]
    })
    protect.services.push(lookalike)
    protect.arns.push(tgArn, rule.arn, seeded.taskDefinitionArn)
    const snapshot = () => ({
      service: serviceRecord(pw.world, CLUSTER, lookalike)?.['status'],
      desired: serviceRecord(pw.world, CLUSTER, lookalike)?.['desiredCount'],
      elb: pw.world.elb.snapshot(),
      family: familyRevisions(pw.world, `${shop.family}-pr-${id}`)
    })
    const before = snapshot()

    const destroyed = await runPr(pw, {
      action: 'closed',
      number: 7,
      inputs: destroyInputs(shop)
    })
    expectExit(destroyed, 0)
    expect(destroyed.warnings).toEqual(
      expect.arrayContaining([
        expect.stringMatching(
          new RegExp(`Refusing to delete service ${lookalike}: it is not tagged`)
        ),
        expect.stringMatching(/Task definition .*-pr-7:1 left in place: it is not tagged/)
      ])
    )
    expect(snapshot()).toEqual(before)

    // Nor will deploy take it over.
    const since = Date.now()
    const deploy = await runPr(pw, { action: 'opened', number: 7, inputs: deployInputs(shop) })
    expectExit(deploy, 1)
    expect(deploy.errors.join('\n')).toMatch(
      /not tagged as this preview \(preview-of=.*, cluster=preview\); refusing to take it over/
    )
    expect(writeCalls(pw.world, since)).toEqual([])
    expect(snapshot()).toEqual(before)
  })

  it('leaves a look-alike tagged for another pull request', async () => {
    const shop = await base()
    const lookalike = `${shop.service}-pr-8`
    const td = await sampleTaskDefinition(uniqueName('fam'))
    ;(td['containerDefinitions'] as Array<Record<string, unknown>>)[0]!['image'] =
      'registry.example.com/sample/web:9.9.9'
    await pw.world.emulator.seedService({
      cluster: CLUSTER,
      serviceName: lookalike,
      taskDefinition: td,
      tags: [
        { key: 'preview-of', value: shop.service },
        { key: 'pull-request', value: '9' },
        { key: 'repository', value: REPOSITORY }
      ]
    })
    protect.services.push(lookalike)
    const destroyed = await runPr(pw, {
      action: 'closed',
      number: 8,
      inputs: destroyInputs(shop)
    })
    expectExit(destroyed, 0)
    expect(destroyed.warnings).toEqual([
      expect.stringMatching(
        new RegExp(
          `Refusing to delete service ${lookalike}: it is not tagged preview-of=${shop.service}, pull-request=8`
        )
      )
    ])
    expect(serviceStatus(pw.world, lookalike)).toBe('ACTIVE')
    expect(serviceRecord(pw.world, CLUSTER, lookalike)?.['desiredCount']).toBe(1)
  })

  it("keeps the base service's target group and rule even when they carry the preview's tags", async () => {
    const service = uniqueName('web')
    const tags = {
      'preview-of': service,
      'pull-request': '5',
      repository: REPOSITORY,
      cluster: CLUSTER
    }
    // Someone copied the preview tags onto the production target group and its rule.
    const shop = await base({
      service,
      app: { forwardVia: { priority: 10, pathPattern: '/*' }, tags }
    })
    for (const arn of shop.app.ruleArns) pw.world.elb.control.tag(arn, tags)
    const elbBefore = pw.world.elb.snapshot()

    const destroyed = await runPr(pw, {
      action: 'closed',
      number: 5,
      inputs: destroyInputs(shop)
    })
    expectExit(destroyed, 0)
    expect(pw.world.elb.snapshot()).toEqual(elbBefore)
    expect(destroyed.warnings.join('\n')).toMatch(/target group of the base service/)
    expect(serviceStatus(pw.world, shop.service)).toBe('ACTIVE')
  })

  it('rejects a preview-id that is not a plain name, before any AWS call', async () => {
    const shop = await base()
    const since = Date.now()
    const run = await runPr(pw, {
      action: 'closed',
      number: 6,
      inputs: destroyInputs(shop, { 'preview-id': `x/../../${shop.service}` })
    })
    expectExit(run, 1)
    expect(run.errors.join('\n')).toMatch(/`preview-id`: .* is not a safe preview id/)
    expect(pw.world.emulator.calls({ since })).toEqual([])
  })
})
