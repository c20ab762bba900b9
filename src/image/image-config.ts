import { createHash } from 'node:crypto'
import { DIGEST } from './reference.js'

/**
 * Reading what an image says about itself (pure): from a manifest or an
 * index to the config blob, and from the config to its labels.
 */

export type ManifestStep =
  | { kind: 'config'; digest: string }
  | { kind: 'manifest'; digest: string }
  | { kind: 'unreadable'; why: string }

/**
 * The next step towards the image config: a manifest names its config blob;
 * an index (multi-platform, or one platform plus attestations) names the
 * manifest of its first real platform (attestation manifests are
 * `unknown/unknown`). Every platform of one build carries the same labels.
 */
export function nextManifestStep(body: string): ManifestStep {
  let parsed: unknown
  try {
    parsed = JSON.parse(body)
  } catch {
    return { kind: 'unreadable', why: 'the manifest is not JSON' }
  }
  if (!parsed || typeof parsed !== 'object') return { kind: 'unreadable', why: 'empty manifest' }
  const manifest = parsed as Record<string, unknown>
  const config = manifest['config'] as Record<string, unknown> | undefined
  if (config && typeof config['digest'] === 'string' && DIGEST.test(config['digest'])) {
    return { kind: 'config', digest: config['digest'] }
  }
  const entries = manifest['manifests']
  if (Array.isArray(entries)) {
    for (const entry of entries as Array<Record<string, unknown>>) {
      const platform = entry['platform'] as Record<string, unknown> | undefined
      if (platform?.['os'] === 'unknown') continue
      const digest = entry['digest']
      if (typeof digest === 'string' && DIGEST.test(digest)) return { kind: 'manifest', digest }
    }
    return { kind: 'unreadable', why: 'the index names no image manifest' }
  }
  return { kind: 'unreadable', why: 'neither an image manifest nor an index' }
}

/** `config.Labels` of an image config blob, after checking the blob is the digest it claims. */
export function labelsOfConfig(blob: Buffer, digest: string): Record<string, string> | string {
  const actual = `sha256:${createHash('sha256').update(blob).digest('hex')}`
  if (actual !== digest) return `the config blob's digest is ${actual}, not ${digest}`
  let parsed: unknown
  try {
    parsed = JSON.parse(blob.toString('utf8'))
  } catch {
    return 'the config blob is not JSON'
  }
  const labels = (parsed as { config?: { Labels?: unknown } } | null)?.config?.Labels
  const result: Record<string, string> = {}
  if (labels && typeof labels === 'object') {
    for (const [key, value] of Object.entries(labels as Record<string, unknown>)) {
      if (typeof value === 'string') result[key] = value
    }
  }
  return result
}
