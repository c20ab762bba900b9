import { describe, expect, it } from '@jest/globals'
import {
  familyOf,
  fromEcsTags,
  fromElbTags,
  isPreviewImageTag,
  isTaggedAs,
  isValidTargetGroupName,
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

  it.each(['12', 'feature-x', 'A1', 'a'.repeat(32)])('accepts the preview id %s', (id) => {
    expect(() => validatePreviewId(id)).not.toThrow()
  })

  it.each(['', '-12', '12-', 'a_b', 'a.b', 'a b', 'a'.repeat(33), '../x'])(
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

describe('previewTargetGroupName', () => {
  it('is the readable name when it fits', () => {
    expect(previewTargetGroupName('web', '12')).toBe('web-pr-12')
  })

  it.each([
    ['a-very-long-service-name-for-billing', '1234'],
    ['svc_with_underscores', '7'],
    ['-odd--name-', '3'],
    ['x'.repeat(40), 'abcdefghijklmnopqrstuvwxyz012345'],
    ['___', '1']
  ])('shortens %s / %s to a valid, stable name', (service, id) => {
    const name = previewTargetGroupName(service, id)
    expect(isValidTargetGroupName(name)).toBe(true)
    expect(name.length).toBeLessThanOrEqual(32)
    expect(previewTargetGroupName(service, id)).toBe(name)
  })

  it('two long names sharing a prefix differ (hash suffix)', () => {
    const a = previewTargetGroupName('payments-reconciliation-worker', '101')
    const b = previewTargetGroupName('payments-reconciliation-worker', '102')
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
  const identity = { baseService: 'web', id: '12' }

  it('carry the base service, the id and the repository', () => {
    expect(previewTags(identity, 'octo/app')).toEqual({
      'preview-of': 'web',
      'pull-request': '12',
      repository: 'octo/app'
    })
    expect(previewTags(identity)).toEqual({ 'preview-of': 'web', 'pull-request': '12' })
  })

  it.each([
    [{ 'preview-of': 'web', 'pull-request': '12' }, true],
    [{ 'preview-of': 'web', 'pull-request': '12', repository: 'any' }, true],
    [{ 'preview-of': 'web', 'pull-request': '13' }, false],
    [{ 'preview-of': 'web', 'pull-request': '1' }, false],
    [{ 'preview-of': 'api', 'pull-request': '12' }, false],
    [{ 'pull-request': '12' }, false],
    [{ 'preview-of': 'web' }, false],
    [{}, false],
    [undefined, false]
  ])('isTaggedAs(%j) = %s', (tags, expected) => {
    expect(isTaggedAs(tags, identity)).toBe(expected)
  })

  it('an empty identity matches nothing, not even empty tags', () => {
    expect(isTaggedAs({ 'preview-of': '', 'pull-request': '' }, { baseService: '', id: '' })).toBe(
      false
    )
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
