import { beforeEach, describe, expect, it } from '@jest/globals'
import { readdir, readFile } from 'node:fs/promises'
import path from 'node:path'
import { mockClient } from 'aws-sdk-client-mock'
import {
  DeleteServiceCommand,
  DeleteTaskDefinitionsCommand,
  DeregisterTaskDefinitionCommand,
  DescribeServicesCommand,
  DescribeTaskDefinitionCommand,
  ECSClient,
  UpdateServiceCommand
} from '@aws-sdk/client-ecs'
import {
  DeleteRuleCommand,
  DeleteTargetGroupCommand,
  DescribeRulesCommand,
  DescribeTagsCommand,
  ElasticLoadBalancingV2Client,
  TargetGroupNotFoundException
} from '@aws-sdk/client-elastic-load-balancing-v2'
import { BatchDeleteImageCommand, ECRClient } from '@aws-sdk/client-ecr'
import {
  assertPreviewServiceName,
  assertTaggedAs,
  deletePreviewImageTags,
  deletePreviewRule,
  deletePreviewService,
  deletePreviewTargetGroup,
  deletePreviewTaskDefinitions,
  PreviewGuardError
} from '../../../src/preview/guard.js'
import { previewImageMark } from '../../../src/preview/names.js'

const ecsMock = mockClient(ECSClient)
const elbMock = mockClient(ElasticLoadBalancingV2Client)
const ecrMock = mockClient(ECRClient)
const ecs = new ECSClient({ region: 'us-east-1' })
const elb = new ElasticLoadBalancingV2Client({ region: 'us-east-1' })
const ecr = new ECRClient({ region: 'us-east-1' })
const identity = { baseService: 'web', id: '12', repository: 'octo/app', cluster: 'prod' }
const ours = [
  { key: 'preview-of', value: 'web' },
  { key: 'pull-request', value: '12' },
  { key: 'repository', value: 'octo/app' },
  { key: 'cluster', value: 'prod' }
]
const oursElb = [
  { Key: 'preview-of', Value: 'web' },
  { Key: 'pull-request', Value: '12' },
  { Key: 'repository', Value: 'octo/app' },
  { Key: 'cluster', Value: 'prod' }
]
const RULE = 'arn:aws:elasticloadbalancing:us-east-1:123456789012:listener-rule/app/alb/1/2/3'
const TG =
  'arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/web-pr-12/0123456789abcdef'

beforeEach(() => {
  ecsMock.reset()
  elbMock.reset()
  ecrMock.reset()
})

function mutations(): string[] {
  const names = [
    ...ecsMock.calls().map((c) => c.args[0].constructor.name),
    ...elbMock.calls().map((c) => c.args[0].constructor.name),
    ...ecrMock.calls().map((c) => c.args[0].constructor.name)
  ]
  return names.filter((n) => !/^(Describe|List)/.test(n))
}

describe('pure guards', () => {
  it('refuse the base service by name, and any name but the preview', () => {
    expect(() => assertPreviewServiceName('web', identity)).toThrow('it is the base service')
    expect(() => assertPreviewServiceName('web-pr-13', identity)).toThrow(PreviewGuardError)
    expect(() => assertPreviewServiceName('web-pr-12', identity)).not.toThrow()
    expect(() => assertPreviewServiceName('web-pr-12', { ...identity, baseService: '' })).toThrow(
      'incomplete'
    )
  })

  it('refuse anything whose tags do not name this preview', () => {
    const all = {
      'preview-of': 'web',
      'pull-request': '12',
      repository: 'octo/app',
      cluster: 'prod'
    }
    expect(() => assertTaggedAs('x', {}, identity)).toThrow('Refusing to delete x')
    expect(() => assertTaggedAs('x', { ...all, 'pull-request': '1' }, identity)).toThrow()
    expect(() => assertTaggedAs('x', all, identity)).not.toThrow()
    // Each of the four tags matters: another cluster's or repository's preview, or one without it.
    for (const key of Object.keys(all)) {
      expect(() => assertTaggedAs('x', { ...all, [key]: 'other' }, identity)).toThrow(
        'repository=octo/app, cluster=prod'
      )
      const missing = Object.fromEntries(Object.entries(all).filter(([k]) => k !== key))
      expect(() => assertTaggedAs('x', missing, identity)).toThrow(PreviewGuardError)
    }
    expect(() => assertTaggedAs('x', all, { ...identity, repository: '' })).toThrow('incomplete')
  })
})

describe('deletePreviewService', () => {
  it('refuses the base service before any call, whatever its tags', async () => {
    ecsMock
      .on(DescribeServicesCommand)
      .resolves({ services: [{ serviceName: 'web', status: 'ACTIVE', tags: ours }] })
    await expect(deletePreviewService(ecs, 'prod', 'web', identity)).rejects.toThrow(
      PreviewGuardError
    )
    await expect(
      deletePreviewService(ecs, 'prod', 'web', { ...identity, id: 'web' })
    ).rejects.toThrow(PreviewGuardError)
    expect(ecsMock.calls()).toHaveLength(0)
  })

  it('refuses an untagged service with the preview name: no scale-down, no delete', async () => {
    ecsMock.on(DescribeServicesCommand).resolves({
      services: [
        {
          serviceName: 'web-pr-12',
          status: 'ACTIVE',
          desiredCount: 2,
          tags: [{ key: 'team', value: 'x' }]
        }
      ]
    })
    await expect(deletePreviewService(ecs, 'prod', 'web-pr-12', identity)).rejects.toThrow(
      'is not tagged'
    )
    expect(mutations()).toEqual([])
    expect(ecsMock.commandCalls(DescribeServicesCommand)[0]?.args[0].input.include).toEqual([
      'TAGS'
    ])
  })

  it('scales a tagged preview to zero and force-deletes it', async () => {
    ecsMock.on(DescribeServicesCommand).resolves({
      services: [{ serviceName: 'web-pr-12', status: 'ACTIVE', desiredCount: 1, tags: ours }]
    })
    ecsMock.on(UpdateServiceCommand).resolves({})
    ecsMock.on(DeleteServiceCommand).resolves({})
    expect((await deletePreviewService(ecs, 'prod', 'web-pr-12', identity)).outcome).toBe('deleted')
    expect(ecsMock.commandCalls(UpdateServiceCommand)[0]?.args[0].input).toEqual({
      cluster: 'prod',
      service: 'web-pr-12',
      desiredCount: 0
    })
    expect(ecsMock.commandCalls(DeleteServiceCommand)[0]?.args[0].input).toEqual({
      cluster: 'prod',
      service: 'web-pr-12',
      force: true
    })
  })

  it('missing, INACTIVE or already DRAINING: nothing to do', async () => {
    ecsMock
      .on(DescribeServicesCommand)
      .resolvesOnce({ services: [], failures: [{ reason: 'MISSING' }] })
      .resolvesOnce({ services: [{ serviceName: 'web-pr-12', status: 'INACTIVE' }] })
      .resolvesOnce({ services: [{ serviceName: 'web-pr-12', status: 'DRAINING', tags: ours }] })
    const outcome = async () =>
      (await deletePreviewService(ecs, 'prod', 'web-pr-12', identity)).outcome
    expect(await outcome()).toBe('absent')
    expect(await outcome()).toBe('absent')
    expect(await outcome()).toBe('deleted')
    expect(mutations()).toEqual([])
  })
})

describe('deletePreviewRule', () => {
  it('refuses a default rule and an untagged rule', async () => {
    elbMock
      .on(DescribeRulesCommand)
      .resolvesOnce({ Rules: [{ RuleArn: RULE, IsDefault: true, Priority: 'default' }] })
    await expect(deletePreviewRule(elb, RULE, identity)).rejects.toThrow('default rule')
    elbMock
      .on(DescribeRulesCommand)
      .resolves({ Rules: [{ RuleArn: RULE, IsDefault: false, Priority: '3' }] })
    elbMock.on(DescribeTagsCommand).resolves({
      TagDescriptions: [{ ResourceArn: RULE, Tags: [{ Key: 'preview-of', Value: 'web' }] }]
    })
    await expect(deletePreviewRule(elb, RULE, identity)).rejects.toThrow('is not tagged')
    expect(mutations()).toEqual([])
  })

  it('refuses a rule forwarding to a base target group, even if tagged as ours', async () => {
    elbMock.on(DescribeRulesCommand).resolves({
      Rules: [
        {
          RuleArn: RULE,
          IsDefault: false,
          Priority: '10',
          Actions: [
            {
              Type: 'forward',
              ForwardConfig: {
                TargetGroups: [{ TargetGroupArn: 'arn:other' }, { TargetGroupArn: TG }]
              }
            }
          ]
        }
      ]
    })
    elbMock
      .on(DescribeTagsCommand)
      .resolves({ TagDescriptions: [{ ResourceArn: RULE, Tags: oursElb }] })
    await expect(deletePreviewRule(elb, RULE, identity, new Set([TG]))).rejects.toThrow(
      `it forwards to ${TG}, a target group of the base service web`
    )
    expect(mutations()).toEqual([])
    // Without the protection it would go: the refusal is the protection's doing.
    elbMock.on(DeleteRuleCommand).resolves({})
    expect(await deletePreviewRule(elb, RULE, identity)).toBe('deleted')
  })

  it('deletes a tagged rule; a vanished one is absent', async () => {
    elbMock
      .on(DescribeRulesCommand)
      .resolves({ Rules: [{ RuleArn: RULE, IsDefault: false, Priority: '3' }] })
    elbMock
      .on(DescribeTagsCommand)
      .resolves({ TagDescriptions: [{ ResourceArn: RULE, Tags: oursElb }] })
    elbMock.on(DeleteRuleCommand).resolves({})
    expect(await deletePreviewRule(elb, RULE, identity)).toBe('deleted')
    expect(elbMock.commandCalls(DeleteRuleCommand)).toHaveLength(1)
    elbMock
      .on(DescribeRulesCommand)
      .rejects(
        Object.assign(new Error('One or more rules not found'), { name: 'RuleNotFoundException' })
      )
    expect(await deletePreviewRule(elb, RULE, identity)).toBe('absent')
  })
})

describe('deletePreviewTargetGroup', () => {
  it('refuses a protected (base) target group before any call, even if tagged as ours', async () => {
    elbMock
      .on(DescribeTagsCommand)
      .resolves({ TagDescriptions: [{ ResourceArn: TG, Tags: oursElb }] })
    await expect(deletePreviewTargetGroup(elb, TG, identity, new Set([TG]))).rejects.toThrow(
      'base service'
    )
    expect(elbMock.calls()).toHaveLength(0)
  })

  it('refuses an untagged group; deletes a tagged one; a missing one is absent', async () => {
    elbMock
      .on(DescribeTagsCommand)
      .resolvesOnce({ TagDescriptions: [{ ResourceArn: TG, Tags: [] }] })
      .resolvesOnce({ TagDescriptions: [{ ResourceArn: TG, Tags: oursElb }] })
      .rejectsOnce(new TargetGroupNotFoundException({ message: 'not found', $metadata: {} }))
    elbMock.on(DeleteTargetGroupCommand).resolves({})
    await expect(deletePreviewTargetGroup(elb, TG, identity)).rejects.toThrow('is not tagged')
    expect(mutations()).toEqual([])
    expect(await deletePreviewTargetGroup(elb, TG, identity)).toBe('deleted')
    expect(await deletePreviewTargetGroup(elb, TG, identity)).toBe('absent')
    expect(elbMock.commandCalls(DeleteTargetGroupCommand)).toHaveLength(1)
  })
})

describe('deletePreviewTaskDefinitions', () => {
  const arn = (family: string, rev: number) =>
    `arn:aws:ecs:us-east-1:123456789012:task-definition/${family}:${rev}`

  it('deletes tagged revisions of -pr-<id> families only', async () => {
    ecsMock.on(DescribeTaskDefinitionCommand).callsFake((input: { taskDefinition: string }) => ({
      taskDefinition: {
        taskDefinitionArn: input.taskDefinition,
        status: input.taskDefinition.endsWith(':2') ? 'INACTIVE' : 'ACTIVE'
      },
      tags: input.taskDefinition.endsWith(':3') ? [] : ours
    }))
    ecsMock.on(DeregisterTaskDefinitionCommand).resolves({})
    ecsMock.on(DeleteTaskDefinitionsCommand).callsFake((input: { taskDefinitions: string[] }) => ({
      taskDefinitions: input.taskDefinitions.map((taskDefinitionArn) => ({ taskDefinitionArn }))
    }))
    const result = await deletePreviewTaskDefinitions(
      ecs,
      [
        arn('web-pr-12', 1),
        arn('web-pr-12', 2),
        arn('web-pr-12', 3),
        arn('web', 40),
        arn('web-pr-123', 1)
      ],
      identity
    )
    expect(result.deleted).toEqual([arn('web-pr-12', 1), arn('web-pr-12', 2)])
    expect(result.refused.map((r) => r.arn)).toEqual([
      arn('web-pr-12', 3),
      arn('web', 40),
      arn('web-pr-123', 1)
    ])
    // Only the ACTIVE one is deregistered; the base family is never even described.
    expect(
      ecsMock
        .commandCalls(DeregisterTaskDefinitionCommand)
        .map((c) => c.args[0].input.taskDefinition)
    ).toEqual([arn('web-pr-12', 1)])
    expect(
      ecsMock.commandCalls(DescribeTaskDefinitionCommand).map((c) => c.args[0].input.taskDefinition)
    ).not.toContain(arn('web', 40))
  })

  it('deletes in batches of ten', async () => {
    ecsMock
      .on(DescribeTaskDefinitionCommand)
      .resolves({ taskDefinition: { status: 'INACTIVE' }, tags: ours })
    ecsMock.on(DeleteTaskDefinitionsCommand).callsFake((input: { taskDefinitions: string[] }) => ({
      taskDefinitions: input.taskDefinitions.map((taskDefinitionArn) => ({ taskDefinitionArn }))
    }))
    const arns = Array.from({ length: 23 }, (_, i) => arn('web-pr-12', i + 1))
    const result = await deletePreviewTaskDefinitions(ecs, arns, identity)
    expect(result.deleted).toHaveLength(23)
    expect(
      ecsMock
        .commandCalls(DeleteTaskDefinitionsCommand)
        .map((c) => c.args[0].input.taskDefinitions?.length)
    ).toEqual([10, 10, 3])
  })
})

describe('deletePreviewImageTags', () => {
  const digest = (c: string): string => `sha256:${c.repeat(64)}`
  const mark = (d: string): string => previewImageMark(identity, d)

  it('deletes pr-<id> tags of marked images only, by tag, never what the base service runs', async () => {
    ecrMock
      .on(BatchDeleteImageCommand)
      .callsFake((input: { imageIds: Array<{ imageTag: string }> }) => ({
        imageIds: input.imageIds
      }))
    const result = await deletePreviewImageTags(
      ecr,
      'web',
      [
        { digest: digest('a'), tags: ['pr-12-aaa', '3f2a9c1', mark(digest('a'))] },
        { digest: digest('b'), tags: ['pr-12-bbb', mark(digest('b'))] },
        { digest: digest('c'), tags: ['pr-12-ccc', 'pr-12-ddd', mark(digest('c'))] },
        // Pushed by someone else (another repository sharing the ECR repository): no mark.
        { digest: digest('e'), tags: ['pr-12-eee', 'latest'] },
        { digest: digest('f'), tags: ['pr-123-x', mark(digest('f'))] }
      ],
      identity,
      { digests: new Set([digest('b')]), tags: new Set(['pr-12-ccc']) }
    )
    expect(result).toEqual({
      deleted: ['pr-12-aaa', mark(digest('a')), 'pr-12-ddd', mark(digest('c')), mark(digest('f'))],
      unmarked: ['pr-12-eee']
    })
    expect(ecrMock.commandCalls(BatchDeleteImageCommand)[0]?.args[0].input).toEqual({
      repositoryName: 'web',
      imageIds: result.deleted.map((imageTag) => ({ imageTag }))
    })
  })

  it('makes no call when nothing qualifies', async () => {
    expect(
      await deletePreviewImageTags(
        ecr,
        'web',
        [{ digest: digest('a'), tags: ['main', 'pr-12'] }],
        identity
      )
    ).toEqual({ deleted: [], unmarked: ['pr-12'] })
    expect(ecrMock.calls()).toHaveLength(0)
  })
})

describe('the guard is the only deleter', () => {
  it('no other preview module builds a delete, deregister or scale command', async () => {
    const dir = path.join(process.cwd(), 'src', 'preview')
    const offenders: string[] = []
    for (const file of await readdir(dir)) {
      if (!file.endsWith('.ts') || file === 'guard.ts') continue
      const text = await readFile(path.join(dir, file), 'utf8')
      const found = text.match(
        /\b(Delete\w*Command|BatchDeleteImageCommand|DeregisterTaskDefinitionCommand|UpdateServiceCommand|RemoveTagsCommand)\b/g
      )
      if (found) offenders.push(`${file}: ${[...new Set(found)].join(', ')}`)
    }
    expect(offenders).toEqual([])
  })
})
