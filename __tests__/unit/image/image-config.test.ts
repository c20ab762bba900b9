import { describe, expect, it } from '@jest/globals'
import { createHash } from 'node:crypto'
import { labelsOfConfig, nextManifestStep } from '../../../src/image/image-config.js'

const d = (c: string): string => `sha256:${c.repeat(64)}`

describe('nextManifestStep', () => {
  it('a manifest leads to its config blob', () => {
    expect(nextManifestStep(JSON.stringify({ config: { digest: d('a') }, layers: [] }))).toEqual({
      kind: 'config',
      digest: d('a')
    })
  })
  it('an index leads to its first real platform, past attestation manifests', () => {
    const index = {
      manifests: [
        { digest: d('b'), platform: { os: 'unknown', architecture: 'unknown' } },
        { digest: d('c'), platform: { os: 'linux', architecture: 'arm64' } },
        { digest: d('e'), platform: { os: 'linux', architecture: 'amd64' } }
      ]
    }
    expect(nextManifestStep(JSON.stringify(index))).toEqual({ kind: 'manifest', digest: d('c') })
  })
  it('says why it cannot go on', () => {
    expect(nextManifestStep('nope')).toEqual({
      kind: 'unreadable',
      why: 'the manifest is not JSON'
    })
    expect(nextManifestStep(JSON.stringify({ manifests: [] })).kind).toBe('unreadable')
    expect(nextManifestStep(JSON.stringify({ config: { digest: 'md5:x' } })).kind).toBe(
      'unreadable'
    )
  })
})

describe('labelsOfConfig', () => {
  const blob = Buffer.from(
    JSON.stringify({ config: { Labels: { 'org.opencontainers.image.revision': 'abc', n: 1 } } })
  )
  const digest = `sha256:${createHash('sha256').update(blob).digest('hex')}`
  it('returns the string labels of a blob that is what its digest says', () => {
    expect(labelsOfConfig(blob, digest)).toEqual({ 'org.opencontainers.image.revision': 'abc' })
  })
  it('refuses a blob whose digest does not match', () => {
    expect(labelsOfConfig(blob, d('f'))).toContain("the config blob's digest is")
  })
  it('an image without labels has none', () => {
    const bare = Buffer.from('{"config":{}}')
    expect(
      labelsOfConfig(bare, `sha256:${createHash('sha256').update(bare).digest('hex')}`)
    ).toEqual({})
  })
})
