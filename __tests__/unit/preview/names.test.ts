import { describe, expect, it } from '@jest/globals'
import fc from 'fast-check'
import {
  familyOf,
  fromEcsTags,
  fromElbTags,
  clusterName,
  createServiceClientToken,
  describeIdentity,
  identityHash,
  isPreviewImageMark,
  isPreviewImageTag,
  isTaggedAs,
  isValidTargetGroupName,
  previewImageMark,
  previewImageTagsToDelete,
  previewFamily,
  previewHost,
  previewServiceName,
  previewTags,
  previewTargetGroupName,
  toEcsTags,
  toElbTags,
  validatePreviewId
} from '../../../src/preview/names.js'
import { ActionError } from '../../../src/util/errors.js'

describe('preview names', () => {
  it('service and family get -pr-<id>', () => {
    expect(previewServiceName('web', '12')).toBe('web-pr-12')
    expect(previewFamily('web-task', '12')).toBe('web-task-pr-12')
    expect(() => previewServiceName('s'.repeat(250), '123456')).toThrow(ActionError)
  })

  // The one preview-id rule (also the input's): lowercase, inner hyphens, 1-20 characters.
  it.each(['12', 'feature-x', 'a1', 'a'.repeat(20)])('accepts the preview id %s', (id) => {
    expect(() => validatePreviewId(id)).not.toThrow()
  })

  it.each(['', '-12', '12-', 'a_b', 'a.b', 'a b', 'A1', 'a'.repeat(21), '../x'])(
    'rejects the preview id %j',
    (id) => {
      expect(() => validatePreviewId(id)).toThrow(ActionError)
    }
  )

  it('familyOf reads ARNs, family:revision and bare families', () => {
    expect(familyOf('arn:aws:ecs:us-east-1:123456789012:task-definition/web-pr-12:3')).toBe(
      'web-pr-12'
    )
    expect(familyOf('web:42')).toBe('web')
    expect(familyOf('web')).toBe('web')
  })
})

const ID = { baseService: 'web', id: '12', repository: 'octo/app', cluster: 'prod' }

describe('previewTargetGroupName', () => {
  it('is the readable name plus the identity hash', () => {
    expect(previewTargetGroupName(ID)).toBe(`web-pr-12-${identityHash(ID)}`)
    expect(identityHash(ID)).toMatch(/^[0-9a-f]{8}$/)
  })

  it('differs per cluster, repository, service and id: two clusters never share one', () => {
    const names = new Set([
      previewTargetGroupName(ID),
      previewTargetGroupName({ ...ID, cluster: 'staging' }),
      previewTargetGroupName({ ...ID, repository: 'other/app' }),
      previewTargetGroupName({ ...ID, baseService: 'web2' }),
      previewTargetGroupName({ ...ID, id: '13' })
    ])
    expect(names.size).toBe(5)
    // Part boundaries matter: ("ab", "c") is not ("a", "bc").
    expect(identityHash({ ...ID, cluster: 'ab', repository: 'c' })).not.toBe(
      identityHash({ ...ID, cluster: 'a', repository: 'bc' })
    )
  })

  it.each([
    ['a-very-long-service-name-for-billing', '1234'],
    ['svc_with_underscores', '7'],
    ['-odd--name-', '3'],
    ['x'.repeat(40), 'abcdefghijklmnopqrstuvwxyz012345'],
    ['___', '1']
  ])('shortens %s / %s to a valid, stable name of at most 32 characters', (service, id) => {
    const identity = { ...ID, baseService: service, id }
    const name = previewTargetGroupName(identity)
    expect(isValidTargetGroupName(name)).toBe(true)
    expect(name.length).toBeLessThanOrEqual(32)
    expect(name.endsWith(identityHash(identity))).toBe(true)
    expect(previewTargetGroupName(identity)).toBe(name)
  })

  it('two long names sharing a prefix differ (the hash covers the id cut off)', () => {
    const a = previewTargetGroupName({
      ...ID,
      baseService: 'payments-reconciliation-worker',
      id: '101'
    })
    const b = previewTargetGroupName({
      ...ID,
      baseService: 'payments-reconciliation-worker',
      id: '102'
    })
    expect(a).not.toBe(b)
    expect(a).toMatch(/^payments-reconciliation-[0-9a-f]{8}$/)
  })

  it.each([
    ['web-pr-12', true],
    ['a'.repeat(32), true],
    ['a'.repeat(33), false],
    ['-web', false],
    ['web-', false],
    ['web_pr', false],
    ['', false]
  ])('isValidTargetGroupName(%s) = %s', (name, valid) => {
    expect(isValidTargetGroupName(name)).toBe(valid)
  })
})

describe('clusterName and client tokens', () => {
  it('reads the cluster name from a name or an ARN', () => {
    expect(clusterName('prod')).toBe('prod')
    expect(clusterName('arn:aws:ecs:us-east-1:123456789012:cluster/prod')).toBe('prod')
  })

  it('CreateService client token: stable within a run attempt, different across runs, ≤ 36 characters', () => {
    const run = {
      repository: 'octo/app',
      runId: '4242',
      runAttempt: '1',
      cluster: 'prod',
      serviceName: 'web-pr-12'
    }
    const token = createServiceClientToken(run)
    expect(token).toMatch(/^[0-9a-f]{32}$/)
    expect(createServiceClientToken({ ...run })).toBe(token)
    for (const change of [
      { runId: '4243' },
      { runAttempt: '2' },
      { repository: 'octo/other' },
      { cluster: 'staging' },
      { serviceName: 'web-pr-13' }
    ]) {
      expect(createServiceClientToken({ ...run, ...change })).not.toBe(token)
    }
  })
})

describe('previewHost', () => {
  it('fills {id} and lower-cases', () => {
    expect(previewHost('pr-{id}.preview.example.com', 'AB12')).toBe('pr-ab12.preview.example.com')
    expect(previewHost('{id}.{id}.example.com', '7')).toBe('7.7.example.com')
  })

  it.each([
    ['preview.example.com', 'must contain {id}'],
    ['pr-{id}..example.com', 'not a valid host name'],
    ['pr_{id}.example.com', 'not a valid host name'],
    [`${'a'.repeat(120)}-{id}.example.com`, 'not a valid host name'],
    ['https://pr-{id}.example.com', 'not a valid host name']
  ])('rejects %s', (template, message) => {
    expect(() => previewHost(template, '12')).toThrow(message)
  })
})

describe('preview tags', () => {
  const identity = ID
  const all = { 'preview-of': 'web', 'pull-request': '12', repository: 'octo/app', cluster: 'prod' }

  it('carry the base service, the id, the repository and the cluster', () => {
    expect(previewTags(identity)).toEqual(all)
    expect(describeIdentity(identity)).toBe(
      'preview-of=web, pull-request=12, repository=octo/app, cluster=prod'
    )
  })

  it.each([
    [all, true],
    [{ ...all, team: 'x' }, true],
    [{ ...all, 'pull-request': '13' }, false],
    [{ ...all, 'pull-request': '1' }, false],
    [{ ...all, 'preview-of': 'api' }, false],
    [{ ...all, repository: 'other/app' }, false],
    [{ ...all, cluster: 'staging' }, false],
    [{ ...all, cluster: 'arn:aws:ecs:us-east-1:123456789012:cluster/prod' }, false],
    // Made before the cluster tag existed, or by hand: not this preview's.
    [{ 'preview-of': 'web', 'pull-request': '12', repository: 'octo/app' }, false],
    [{ 'preview-of': 'web', 'pull-request': '12' }, false],
    [{}, false],
    [undefined, false]
  ])('isTaggedAs(%j) = %s', (tags, expected) => {
    expect(isTaggedAs(tags, identity)).toBe(expected)
  })

  it('an incomplete identity matches nothing, not even empty tags', () => {
    const empty = { baseService: '', id: '', repository: '', cluster: '' }
    expect(isTaggedAs(previewTags(empty), empty)).toBe(false)
    expect(isTaggedAs(previewTags({ ...ID, repository: '' }), { ...ID, repository: '' })).toBe(
      false
    )
    expect(isTaggedAs(previewTags({ ...ID, cluster: '' }), { ...ID, cluster: '' })).toBe(false)
  })

  it('converts between ECS, ELB and map forms', () => {
    const map = { a: '1', b: '' }
    expect(fromEcsTags(toEcsTags(map))).toEqual(map)
    expect(fromElbTags(toElbTags(map))).toEqual(map)
    expect(toEcsTags({ a: '1' })).toEqual([{ key: 'a', value: '1' }])
    expect(toElbTags({ a: '1' })).toEqual([{ Key: 'a', Value: '1' }])
  })
})

describe('isPreviewImageTag', () => {
  it.each([
    ['pr-12', true],
    ['pr-12-3f2a9c1', true],
    ['pr-1', false],
    ['pr-123', false],
    ['pr-12x', false],
    ['3f2a9c1', false],
    ['latest', false],
    ['x-pr-12', false]
  ])('%s for preview 12: %s', (tag, expected) => {
    expect(isPreviewImageTag(tag, '12')).toBe(expected)
  })
})

describe('image marks and the ECR deletion rule', () => {
  const d = (c: string): string => `sha256:${c.repeat(64)}`
  const other = { ...ID, cluster: 'staging' }

  it('the mark names the preview (identity hash) and the image (digest)', () => {
    const mark = previewImageMark(ID, d('a'))
    expect(mark).toBe(`pr-12-preview-${identityHash(ID)}-${'a'.repeat(12)}`)
    expect(mark.length).toBeLessThanOrEqual(128)
    expect(isPreviewImageTag(mark, '12')).toBe(true)
    expect(isPreviewImageMark(mark, '12')).toBe(true)
    expect(isPreviewImageMark(mark, '1')).toBe(false)
    expect(isPreviewImageMark('pr-12-3f2a9c1', '12')).toBe(false)
    expect(previewImageMark(other, d('a'))).not.toBe(mark)
    expect(previewImageMark(ID, d('b'))).not.toBe(mark)
  })

  it("deletes pr-<id> tags of images carrying this preview's mark for their own digest", () => {
    const result = previewImageTagsToDelete(
      [
        { digest: d('a'), tags: ['pr-12-sha1', '3f2a9c1', previewImageMark(ID, d('a'))] },
        // Another repository (or a person) pushed pr-12 tags: no mark, nothing deleted.
        { digest: d('b'), tags: ['pr-12', 'pr-12-sha2'] },
        // A mark copied from another image does not count: it names that image's digest.
        {
          digest: d('c'),
          tags: ['pr-12-sha3', previewImageMark(ID, d('a')).replace('aaaa', 'aaab')]
        },
        // Another cluster's preview of the same PR pushed this image too: only our mark goes.
        {
          digest: d('e'),
          tags: ['pr-12-sha4', previewImageMark(ID, d('e')), previewImageMark(other, d('e'))]
        },
        { digest: d('f'), tags: ['main', 'latest'] }
      ],
      ID
    )
    expect(result.tags).toEqual([
      { tag: 'pr-12-sha1', digest: d('a') },
      { tag: previewImageMark(ID, d('a')), digest: d('a') },
      { tag: previewImageMark(ID, d('e')), digest: d('e') }
    ])
    expect(result.unmarked).toEqual([
      'pr-12',
      'pr-12-sha2',
      'pr-12-sha3',
      previewImageMark(ID, d('a')).replace('aaaa', 'aaab')
    ])
  })
})

describe('withPreviewTags', () => {
  it('adds the preview tags to a task definition, replacing same keys, keeping others', async () => {
    const { withPreviewTags } = await import('../../../src/preview/plan.js')
    const td = {
      family: 'web-pr-12',
      tags: [
        { key: 'team', value: 'web' },
        { key: 'pull-request', value: 'old' }
      ]
    }
    expect(withPreviewTags(td, { tags: { 'preview-of': 'web', 'pull-request': '12' } })).toEqual({
      family: 'web-pr-12',
      tags: [
        { key: 'team', value: 'web' },
        { key: 'preview-of', value: 'web' },
        { key: 'pull-request', value: '12' }
      ]
    })
    expect(td.tags).toHaveLength(2)
    const bare: { family: string; tags?: Array<{ key?: string; value?: string }> } = { family: 'f' }
    expect(withPreviewTags(bare, { tags: { a: '1' } }).tags).toEqual([{ key: 'a', value: '1' }])
  })
})

describe('properties', () => {
  const part = fc.string({ minLength: 1, maxLength: 60 })
  const identity = fc.record({
    baseService: fc.stringMatching(/^[A-Za-z0-9_-]{1,255}$/),
    id: fc.stringMatching(/^[A-Za-z0-9](?:[A-Za-z0-9-]{0,30}[A-Za-z0-9])?$/),
    repository: part,
    cluster: part
  })

  it('every target group name is a valid ELB name of at most 32 characters ending in the hash', () => {
    fc.assert(
      fc.property(identity, (id) => {
        const name = previewTargetGroupName(id)
        expect(isValidTargetGroupName(name)).toBe(true)
        expect(name.endsWith(identityHash(id))).toBe(true)
      })
    )
  })

  it('tags match only the identity they were made from', () => {
    fc.assert(
      fc.property(identity, identity, (a, b) => {
        const same =
          a.baseService === b.baseService &&
          a.id === b.id &&
          a.repository === b.repository &&
          a.cluster === b.cluster
        expect(isTaggedAs(previewTags(a), b)).toBe(same)
      })
    )
  })

  it('every image mark is a valid image tag (at most 128 characters)', () => {
    fc.assert(
      fc.property(identity, fc.stringMatching(/^[0-9a-f]{64}$/), (id, hex) => {
        const mark = previewImageMark(id, `sha256:${hex}`)
        expect(mark).toMatch(/^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/)
        expect(isPreviewImageMark(mark, id.id)).toBe(true)
      })
    )
  })
})
