import { describe, expect, it } from '@jest/globals'
import { buildSummary, type RunReport } from '../../../src/report/summary.js'

const base: RunReport = {
  result: 'deployed',
  message: 'ok',
  image: 'repo@sha256:1',
  imageSource: 'built',
  durationMs: 1000,
  timings: []
}

describe('job summary with several images', () => {
  it('one row per container when several got an image', () => {
    const md = buildSummary({ ...base, images: { web: 'repo@sha256:1', sidecar: 'repo@sha256:2' } })
    expect(md).toContain('| Image (web) | `repo@sha256:1` |')
    expect(md).toContain('| Image (sidecar) | `repo@sha256:2` |')
    expect(md).not.toContain('| Image | ')
  })

  it('one image: the single row as before', () => {
    const md = buildSummary({ ...base, images: { web: 'repo@sha256:1' } })
    expect(md).toContain('| Image | `repo@sha256:1` (built) |')
  })
})
