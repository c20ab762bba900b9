import { describe, expect, it } from '@jest/globals'
import {
  buildCommandArgs,
  describeBuild,
  loginCommandArgs,
  pushCommandArgs,
  repoDigestsCommandArgs,
  type BuildOptions
} from '../../../src/image/docker-args.js'

const base: BuildOptions = {
  context: '.',
  dockerfile: './Dockerfile',
  tags: ['127.0.0.1:5055/app:v1'],
  buildArgs: []
}

describe('buildCommandArgs', () => {
  it.each<[string, Partial<BuildOptions>, string[]]>([
    [
      'minimal',
      {},
      ['build', '--file', './Dockerfile', '--tag', '127.0.0.1:5055/app:v1', '--', '.']
    ],
    [
      'every option, one --tag per tag, context last',
      {
        context: 'app',
        dockerfile: 'app/Dockerfile.prod',
        tags: ['r/app:v1', 'r/app:latest'],
        buildArgs: [
          { name: 'A', value: '1' },
          { name: 'B', value: 'x=y' }
        ],
        target: 'runtime',
        platform: 'linux/arm64'
      },
      [
        'build',
        '--file',
        'app/Dockerfile.prod',
        '--build-arg',
        'A=1',
        '--build-arg',
        'B=x=y',
        '--target',
        'runtime',
        '--platform',
        'linux/arm64',
        '--tag',
        'r/app:v1',
        '--tag',
        'r/app:latest',
        '--',
        'app'
      ]
    ],
    [
      'shell metacharacters stay one argument each, unchanged',
      {
        buildArgs: [
          { name: 'EVIL', value: '$(rm -rf ~)' },
          { name: 'SEMI', value: '; touch /tmp/x' },
          { name: 'EMPTY', value: '' },
          { name: 'QUOTES', value: `'"\`` }
        ]
      },
      [
        'build',
        '--file',
        './Dockerfile',
        '--build-arg',
        'EVIL=$(rm -rf ~)',
        '--build-arg',
        'SEMI=; touch /tmp/x',
        '--build-arg',
        'EMPTY=',
        '--build-arg',
        `QUOTES='"\``,
        '--tag',
        '127.0.0.1:5055/app:v1',
        '--',
        '.'
      ]
    ],
    [
      'a context starting with a dash is still the context',
      { context: '--help' },
      ['build', '--file', './Dockerfile', '--tag', '127.0.0.1:5055/app:v1', '--', '--help']
    ]
  ])('%s', (_name, options, args) => {
    expect(buildCommandArgs({ ...base, ...options })).toEqual(args)
  })

  it('refuses a build without tags', () => {
    expect(() => buildCommandArgs({ ...base, tags: [] })).toThrow('at least one tag')
  })
})

describe('other commands', () => {
  it('login reads the password from stdin, never argv', () => {
    const args = loginCommandArgs('127.0.0.1:5055', 'AWS')
    expect(args).toEqual(['login', '--username', 'AWS', '--password-stdin', '127.0.0.1:5055'])
    expect(args).not.toContain('-p')
    expect(args).not.toContain('--password')
  })

  it('push and inspect', () => {
    expect(pushCommandArgs('r/app:v1')).toEqual(['push', 'r/app:v1'])
    expect(repoDigestsCommandArgs('r/app:v1')).toEqual([
      'image',
      'inspect',
      '--format',
      '{{json .RepoDigests}}',
      'r/app:v1'
    ])
  })
})

describe('describeBuild', () => {
  it('names build args without their values', () => {
    const text = describeBuild({
      ...base,
      buildArgs: [{ name: 'NPM_TOKEN', value: 's3cr3t' }],
      target: 'prod',
      platform: 'linux/amd64'
    })
    expect(text).toBe(
      'context ., Dockerfile ./Dockerfile, build args NPM_TOKEN, target prod, platform linux/amd64'
    )
    expect(text).not.toContain('s3cr3t')
  })
})
