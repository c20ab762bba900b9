import { describe, expect, it } from '@jest/globals'
import { dockerChildEnv } from '../../../src/image/child-env.js'

describe('dockerChildEnv', () => {
  const runner = {
    PATH: '/usr/bin',
    HOME: '/home/runner',
    GITHUB_SHA: 'abc',
    AWS_REGION: 'eu-west-1',
    AWS_ACCESS_KEY_ID: 'AKIA…',
    AWS_SECRET_ACCESS_KEY: 'secret',
    AWS_SESSION_TOKEN: 'session',
    'INPUT_GITHUB-TOKEN': 'ghs_x',
    'INPUT_ECR-REPOSITORY': 'web',
    ACTIONS_RUNTIME_TOKEN: 'runtime',
    ACTIONS_CACHE_URL: 'https://cache',
    ACTIONS_ID_TOKEN_REQUEST_TOKEN: 'oidc',
    NPM_TOKEN: 'npm',
    DOCKER_CONFIG: '/home/runner/.docker',
    UNSET: undefined
  }

  it('drops inputs, Actions tokens and AWS credentials; points DOCKER_CONFIG at the private config', () => {
    expect(dockerChildEnv(runner, '/tmp/private')).toEqual({
      PATH: '/usr/bin',
      HOME: '/home/runner',
      GITHUB_SHA: 'abc',
      AWS_REGION: 'eu-west-1',
      NPM_TOKEN: 'npm',
      DOCKER_CONFIG: '/tmp/private'
    })
  })

  it('passes what a command needs on purpose (gha cache, a secret named by env=)', () => {
    const env = dockerChildEnv(runner, '/tmp/p', [
      'ACTIONS_RUNTIME_TOKEN',
      'ACTIONS_CACHE_URL',
      'AWS_SECRET_ACCESS_KEY'
    ])
    expect(env['ACTIONS_RUNTIME_TOKEN']).toBe('runtime')
    expect(env['ACTIONS_CACHE_URL']).toBe('https://cache')
    expect(env['AWS_SECRET_ACCESS_KEY']).toBe('secret')
    expect(env['ACTIONS_ID_TOKEN_REQUEST_TOKEN']).toBeUndefined()
    expect(env['INPUT_GITHUB-TOKEN']).toBeUndefined()
  })

  it('is case-insensitive about the prefixes', () => {
    expect(dockerChildEnv({ input_x: '1', actions_y: '2', aws_session_token: '3' }, '/c')).toEqual({
      DOCKER_CONFIG: '/c'
    })
  })
})
