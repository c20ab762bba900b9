import { describe, expect, it } from '@jest/globals'
import { buildSummary, type RunReport } from '../../../src/report/summary.js'

describe('buildSummary: several services', () => {
  it('one table: service, revision, deployment, result, duration; untrusted text escaped', () => {
    const report: RunReport = {
      result: 'failed',
      message: '1 of 2 services failed',
      durationMs: 90_000,
      timings: [],
      services: [
        {
          service: 'web',
          revision: 'arn:aws:ecs:us-east-1:123456789012:task-definition/web:8',
          deploymentId: 'ecs-svc/1234567890123456789',
          result: 'deployed',
          durationMs: 41_000,
          ok: true
        },
        {
          service: 'worker',
          revision: 'arn:aws:ecs:us-east-1:123456789012:task-definition/worker:5',
          result: 'update failed: <img src=x> | [link](http://evil)',
          durationMs: 800,
          ok: false
        }
      ]
    }
    const md = buildSummary(report)
    expect(md).toContain('| Service | Revision | Deployment | Result | Duration |')
    expect(md).toContain(
      '| `web` | `web:8` | `ecs-svc/1234567890123456789` | ✅ deployed | 41.0s |'
    )
    expect(md).toContain(
      '| `worker` | `worker:5` | – | ❌ update failed\\: &lt;img src\\=x&gt; \\| \\[link\\]\\(http\\://evil\\) | 800ms |'
    )
    expect(md).not.toContain('<img')
  })

  it('no table for one service', () => {
    const md = buildSummary({ result: 'deployed', message: 'ok', durationMs: 1, timings: [] })
    expect(md).not.toContain('| Service | Revision |')
  })
})
