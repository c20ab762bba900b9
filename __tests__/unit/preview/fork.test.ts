import { describe, expect, it } from '@jest/globals'
import { forkOf, forkSkipReason, hasAwsCredentials } from '../../../src/preview/fork.js'
import { pullRequestEvent } from '../../../test-support/github-fake/event.js'
import { previewConfig } from './config.js'

function config(event: Record<string, unknown> | undefined, eventName = 'pull_request') {
  const base = previewConfig()
  return { ...base, github: { ...base.github, eventName, ...(event ? { event } : {}) } }
}

describe('forkSkipReason', () => {
  const fork = pullRequestEvent({ action: 'opened', number: 7, fork: 'someone/app' })

  it('explains and skips a fork without AWS credentials', () => {
    const reason = forkSkipReason(config(fork), {})
    expect(reason).toContain('someone/app')
    expect(reason).toContain('no AWS credentials')
  })

  it('says so for a deleted fork too', () => {
    const deleted = pullRequestEvent({ action: 'synchronize', number: 7, fork: 'deleted' })
    expect(forkSkipReason(config(deleted), {})).toContain('no longer exists')
  })

  it.each([
    ['AWS_ACCESS_KEY_ID', 'AKIA'],
    ['AWS_WEB_IDENTITY_TOKEN_FILE', '/tmp/token'],
    ['AWS_PROFILE', 'ci'],
    ['AWS_CONTAINER_CREDENTIALS_RELATIVE_URI', '/v2/credentials'],
    ['AWS_CONTAINER_CREDENTIALS_FULL_URI', 'http://169.254.170.2/creds']
  ])('does not skip a fork when %s is set', (name, value) => {
    expect(forkSkipReason(config(fork), { [name]: value })).toBeUndefined()
  })

  it('ignores empty credential variables', () => {
    expect(hasAwsCredentials({ AWS_ACCESS_KEY_ID: ' ' })).toBe(false)
    expect(forkSkipReason(config(fork), { AWS_ACCESS_KEY_ID: '' })).toBeDefined()
  })

  it('does not skip pull requests from the same repository, other events, or no event', () => {
    const same = pullRequestEvent({ action: 'opened', number: 7 })
    expect(forkSkipReason(config(same), {})).toBeUndefined()
    expect(forkSkipReason(config(fork, 'push'), {})).toBeUndefined()
    expect(forkSkipReason(config(undefined), {})).toBeUndefined()
  })

  it('compares repositories case-insensitively', () => {
    const event = pullRequestEvent({
      action: 'opened',
      number: 7,
      repository: 'Octo/App',
      fork: 'octo/app'
    })
    expect(forkOf(event)).toBeUndefined()
  })
})
