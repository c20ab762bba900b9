import { describe, expect, it } from '@jest/globals'
import {
  buildPreviewComment,
  previewCommentMarker,
  revisionOf
} from '../../../src/preview/comment.js'

const input = {
  service: 'web-pr-12',
  baseService: 'web',
  url: 'https://pr-12.preview.example.com',
  image: '123456789012.dkr.ecr.us-east-1.amazonaws.com/web@sha256:' + 'a'.repeat(64),
  taskDefinitionArn: 'arn:aws:ecs:us-east-1:123456789012:task-definition/web-pr-12:3',
  sha: '3f2a9c1d4b5e6f708192a3b4c5d6e7f809a1b2c3'
}

describe('buildPreviewComment', () => {
  it('starts with the marker and shows URL, image, revision and commit', () => {
    const body = buildPreviewComment(input)
    expect(body.split('\n')[0]).toBe('<!-- ecs-ship:preview:web -->')
    expect(body).toContain('**<https://pr-12.preview.example.com>**')
    expect(body).toContain(`| Image | \`${input.image}\` |`)
    expect(body).toContain('| Task definition | `web-pr-12:3` |')
    expect(body).toContain('| Commit | `3f2a9c1` |')
    expect(body).toContain('| Service | `web-pr-12` (copy of `web`) |')
  })

  it('links the commit and the run when their URLs are known', () => {
    const body = buildPreviewComment({
      ...input,
      repositoryUrl: 'https://github.com/octo/app',
      runUrl: 'https://github.com/octo/app/actions/runs/1'
    })
    expect(body).toContain(`[\`3f2a9c1\`](https://github.com/octo/app/commit/${input.sha})`)
    expect(body).toContain('[logs](https://github.com/octo/app/actions/runs/1)')
  })

  it('leaves out what is unknown', () => {
    const body = buildPreviewComment({ service: 'web-pr-12', baseService: 'web' })
    expect(body).not.toContain('Image')
    expect(body).not.toContain('**http')
    expect(body).not.toContain('Commit')
  })

  it('cannot be broken out of by odd values', () => {
    const body = buildPreviewComment({
      ...input,
      image: 'evil`|\n# heading',
      url: 'javascript:alert(1)'
    })
    // shown whole, as code sized past its backtick: no break-out, no heading
    expect(body).toContain('| Image | ``evil`\\| # heading`` |')
    expect(body).not.toMatch(/^# heading/m)
    expect(body).not.toContain('javascript:')
  })

  it('says destroyed after teardown, with the same marker', () => {
    const body = buildPreviewComment({ ...input, state: 'destroyed' })
    expect(body.startsWith(previewCommentMarker('web'))).toBe(true)
    expect(body).toContain('destroyed')
    expect(body).not.toContain('Image')
  })

  it('markers differ per base service and stay valid HTML comments', () => {
    expect(previewCommentMarker('api')).not.toBe(previewCommentMarker('web'))
    expect(previewCommentMarker('a--b')).toBe('<!-- ecs-ship:preview:a-b -->')
  })

  it('revisionOf shortens ARNs', () => {
    expect(revisionOf(input.taskDefinitionArn)).toBe('web-pr-12:3')
    expect(revisionOf('web:3')).toBe('web:3')
  })
})
