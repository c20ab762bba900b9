import { describe, expect, it } from '@jest/globals'
import {
  decodeAuthorizationToken,
  digestFromPushOutput,
  digestFromRepoDigests,
  ecrRegistryOf,
  parseImageReference,
  registryHost,
  repositoryNameProblem,
  shortDigest,
  shortTag,
  tagProblem
} from '../../../src/image/reference.js'

const D1 = `sha256:${'a'.repeat(64)}`
const D2 = `sha256:${'b'.repeat(64)}`

describe('tagProblem', () => {
  it.each([
    'v1',
    'latest',
    '3f2a9c1d0b8e7f6a5b4c3d2e1f0a9b8c7d6e5f4a',
    '_x',
    'a.b-c_d',
    'A'.repeat(128)
  ])('%s is a valid tag', (tag) => {
    expect(tagProblem(tag)).toBeUndefined()
  })

  it.each([
    ['', 'is empty'],
    ['.hidden', 'starts with `.` or `-`'],
    ['-rc', 'starts with `.` or `-`'],
    ['feature/x', 'contains "/"'],
    ['a b', 'contains " "'],
    ['v1:2', 'contains ":"'],
    ['x'.repeat(129), 'is 129 characters long (at most 128)']
  ])('%j is rejected: %s', (tag, problem) => {
    expect(tagProblem(tag)).toContain(problem)
  })
})

describe('repositoryNameProblem', () => {
  it.each(['app', 'team/web', 'a1', 'my-app', 'my_app', 'my.app', 'a/b/c-d', 'x'.repeat(256)])(
    '%s is a valid ECR repository name',
    (name) => {
      expect(repositoryNameProblem(name)).toBeUndefined()
    }
  )

  it.each([
    ['a', '2 to 256'],
    ['x'.repeat(257), '2 to 256'],
    ['My_App', 'uppercase'],
    ['-app', 'each part starting and ending'],
    ['app-', 'each part starting and ending'],
    ['team//web', 'each part'],
    ['/web', 'each part'],
    // ECR's CreateRepository pattern: one separator between letters and digits.
    ['my__app', 'each part'],
    ['my--app', 'each part'],
    ['my___app', 'each part'],
    ['my..app', 'each part'],
    ['app:v1', 'each part']
  ])('%j is rejected (%s)', (name, problem) => {
    expect(repositoryNameProblem(name)).toContain(problem)
  })
})

describe('parseImageReference', () => {
  it.each([
    ['nginx', { path: 'nginx' }],
    ['nginx:1.25', { path: 'nginx', tag: '1.25' }],
    ['library/nginx:latest', { path: 'library/nginx', tag: 'latest' }],
    ['localhost/app', { host: 'localhost', path: 'app' }],
    ['127.0.0.1:5055/app:t1', { host: '127.0.0.1:5055', path: 'app', tag: 't1' }],
    ['localhost:5000/team/web', { host: 'localhost:5000', path: 'team/web' }],
    [
      '123456789012.dkr.ecr.eu-west-1.amazonaws.com/web:1.4.2',
      { host: '123456789012.dkr.ecr.eu-west-1.amazonaws.com', path: 'web', tag: '1.4.2' }
    ],
    [`ghcr.io/o/app@${D1}`, { host: 'ghcr.io', path: 'o/app', digest: D1 }],
    [`ghcr.io/o/app:v2@${D1}`, { host: 'ghcr.io', path: 'o/app', tag: 'v2', digest: D1 }],
    ['Registry/app', { host: 'Registry', path: 'app' }],
    ['[::1]:5000/app', { host: '[::1]:5000', path: 'app' }]
  ])('%s', (reference, parts) => {
    expect(parseImageReference(reference)).toEqual(parts)
  })

  it.each([
    ['', 'is empty'],
    [' nginx', 'surrounding spaces'],
    ['ngi nx', 'whitespace'],
    ['Nginx', 'invalid repository part "Nginx"'],
    ['nginx:-1', 'has a tag that starts with'],
    ['nginx@sha256:abc', 'malformed digest'],
    ['ghcr.io/', 'has no repository name'],
    ['ghcr.io:port/app', 'invalid registry host'],
    ['-bad.io/app', 'invalid registry host'],
    ['app__-x', 'invalid repository part'],
    [`host.io/${'a'.repeat(250)}`, 'longer than 255']
  ])('%j is rejected: %s', (reference, problem) => {
    const parsed = parseImageReference(reference)
    expect(typeof parsed).toBe('string')
    expect(parsed).toContain(problem)
  })
})

describe('ecrRegistryOf', () => {
  it.each([
    [
      '123456789012.dkr.ecr.eu-west-1.amazonaws.com',
      { accountId: '123456789012', region: 'eu-west-1' }
    ],
    [
      '123456789012.dkr.ecr-fips.us-east-1.amazonaws.com',
      { accountId: '123456789012', region: 'us-east-1' }
    ],
    [
      '123456789012.dkr.ecr.cn-north-1.amazonaws.com.cn',
      { accountId: '123456789012', region: 'cn-north-1' }
    ],
    ['123456789012.dkr-ecr.us-west-2.on.aws', { accountId: '123456789012', region: 'us-west-2' }],
    ['127.0.0.1:5055', undefined],
    ['12345.dkr.ecr.eu-west-1.amazonaws.com', undefined],
    ['123456789012.dkr.ecr.eu-west-1.amazonaws.com.evil.io', undefined],
    ['ghcr.io', undefined]
  ])('%s', (host, expected) => {
    expect(ecrRegistryOf(host)).toEqual(expected)
  })
})

describe('registryHost', () => {
  it.each([
    [
      'https://123456789012.dkr.ecr.us-east-1.amazonaws.com',
      '123456789012.dkr.ecr.us-east-1.amazonaws.com'
    ],
    ['http://127.0.0.1:5055', '127.0.0.1:5055'],
    ['http://127.0.0.1:5055/', '127.0.0.1:5055'],
    ['https://registry.local:443', 'registry.local'],
    ['123456789012.dkr.ecr.us-east-1.amazonaws.com', '123456789012.dkr.ecr.us-east-1.amazonaws.com']
  ])('%s -> %s', (endpoint, host) => {
    expect(registryHost(endpoint)).toBe(host)
  })

  it('rejects an endpoint with no host', () => {
    expect(() => registryHost('https://')).toThrow('unusable proxyEndpoint')
  })
})

describe('decodeAuthorizationToken', () => {
  it('splits base64 AWS:<password> at the first colon (the password may hold colons)', () => {
    const token = Buffer.from('AWS:pa:ss=word').toString('base64')
    expect(decodeAuthorizationToken(token)).toEqual({ username: 'AWS', password: 'pa:ss=word' })
  })

  it.each([Buffer.from('nocolon').toString('base64'), Buffer.from('AWS:').toString('base64')])(
    'rejects %s without echoing it',
    (token) => {
      expect(() => decodeAuthorizationToken(token)).toThrow(/^ECR returned an authorization token/)
      try {
        decodeAuthorizationToken(token)
      } catch (error) {
        expect(String(error)).not.toContain(token)
      }
    }
  )
})

describe('digestFromPushOutput', () => {
  const output = [
    'The push refers to repository [127.0.0.1:5055/app]',
    '5f70bf18a086: Pushed',
    `t1: digest: ${D1} size: 528`,
    `latest: digest: ${D2} size: 528`
  ].join('\n')

  it.each([
    ['t1', D1],
    ['latest', D2],
    ['other', undefined],
    [undefined, D2]
  ])('tag %s -> %s', (tag, digest) => {
    expect(digestFromPushOutput(output, tag)).toBe(digest)
  })

  it('finds nothing in output without a digest line', () => {
    expect(
      digestFromPushOutput('denied: requested access to the resource is denied')
    ).toBeUndefined()
  })

  it('accepts CRLF output', () => {
    expect(digestFromPushOutput(`x\r\nv1: digest: ${D1} size: 1\r\n`, 'v1')).toBe(D1)
  })
})

describe('digestFromRepoDigests', () => {
  it.each([
    [[`127.0.0.1:5055/app@${D1}`], '127.0.0.1:5055/app', D1],
    [[`127.0.0.1:5055/other@${D2}`, `127.0.0.1:5055/app@${D1}`], '127.0.0.1:5055/app', D1],
    [[`127.0.0.1:5055/app-x@${D1}`], '127.0.0.1:5055/app', undefined],
    [[], '127.0.0.1:5055/app', undefined],
    [['127.0.0.1:5055/app@sha256:short'], '127.0.0.1:5055/app', undefined]
  ])('%j in %s -> %s', (entries, uri, digest) => {
    expect(digestFromRepoDigests(entries, uri)).toBe(digest)
  })
})

describe('short forms for log lines', () => {
  it.each([
    ['3f2a9c1d0b8e7f6a5b4c3d2e1f0a9b8c7d6e5f4a', '3f2a9c1…'],
    ['v1.2.3', 'v1.2.3'],
    ['3f2a9c1', '3f2a9c1']
  ])('tag %s -> %s', (tag, short) => {
    expect(shortTag(tag)).toBe(short)
  })

  it('shortens a digest to its first 12 hex digits', () => {
    expect(shortDigest(D1)).toBe(`sha256:${'a'.repeat(12)}…`)
  })
})
