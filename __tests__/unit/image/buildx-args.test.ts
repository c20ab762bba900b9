import { describe, expect, it } from '@jest/globals'
import {
  EMPTY_BUILDX_INPUTS,
  buildxBuildArgs,
  digestFromMetadata,
  exportOnlyInputs,
  imageLabels,
  parseBuilderInfo,
  parseSecretLine,
  planCache,
  runtimePlatformProblem,
  type BuilderInfo
} from '../../../src/image/buildx-args.js'

const URI = '123456789012.dkr.ecr.eu-west-1.amazonaws.com/web'
const DOCKER: BuilderInfo = { buildx: 'v0.13', driver: 'docker', containerdStore: false }
const CONTAINER: BuilderInfo = {
  buildx: 'v0.13',
  driver: 'docker-container',
  containerdStore: false
}
const STORE: BuilderInfo = { buildx: 'v0.13', driver: 'docker', containerdStore: true }
const D = `sha256:${'a'.repeat(64)}`

describe('buildxBuildArgs', () => {
  const base = {
    context: '-ctx',
    dockerfile: 'ctx/Dockerfile',
    tags: [`${URI}:v1`, `${URI}:latest`],
    buildArgs: [{ name: 'A', value: '$(x)' }],
    labels: [{ name: 'org.opencontainers.image.revision', value: 'abc' }],
    secrets: [
      { id: 'npm', env: 'NPM_TOKEN' },
      { id: 'key', src: '/tmp/key' }
    ],
    cacheFrom: ['type=registry,ref=x:buildcache'],
    cacheTo: ['type=registry,ref=x:buildcache,mode=max,image-manifest=true,oci-mediatypes=true'],
    noCache: true,
    pull: true,
    provenance: 'mode=max',
    sbom: 'true',
    network: 'none',
    platform: 'linux/amd64,linux/arm64',
    target: 'run',
    metadataFile: '/tmp/m.json'
  }

  it('pushes from the builder, writes the metadata file, and ends options before the context', () => {
    expect(buildxBuildArgs(base)).toEqual([
      'buildx',
      'build',
      '--file',
      'ctx/Dockerfile',
      '--build-arg',
      'A=$(x)',
      '--label',
      'org.opencontainers.image.revision=abc',
      '--target',
      'run',
      '--platform',
      'linux/amd64,linux/arm64',
      '--secret',
      'id=npm,env=NPM_TOKEN',
      '--secret',
      'id=key,src=/tmp/key',
      '--cache-from',
      'type=registry,ref=x:buildcache',
      '--cache-to',
      'type=registry,ref=x:buildcache,mode=max,image-manifest=true,oci-mediatypes=true',
      '--no-cache',
      '--pull',
      '--provenance=mode=max',
      '--sbom=true',
      '--network',
      'none',
      '--tag',
      `${URI}:v1`,
      '--tag',
      `${URI}:latest`,
      '--push',
      '--metadata-file',
      '/tmp/m.json',
      '--',
      '-ctx'
    ])
  })

  it('names secrets by id and source only: a secret value never reaches argv', () => {
    const secretValue = 'hunter2-very-secret'
    const args = buildxBuildArgs({ ...base, secrets: [{ id: 'tok', env: 'TOK' }] })
    expect(args.join(' ')).not.toContain(secretValue)
    expect(args).toContain('id=tok,env=TOK')
  })

  it('leaves out what is not asked for', () => {
    const args = buildxBuildArgs({
      ...base,
      secrets: [],
      cacheFrom: [],
      cacheTo: [],
      noCache: false,
      pull: false,
      provenance: undefined,
      sbom: undefined,
      network: undefined,
      platform: undefined,
      target: undefined
    })
    for (const flag of [
      '--secret',
      '--cache-from',
      '--cache-to',
      '--no-cache',
      '--pull',
      '--platform',
      '--network'
    ]) {
      expect(args).not.toContain(flag)
    }
    expect(args.some((a) => a.startsWith('--provenance'))).toBe(false)
  })
})

describe('planCache', () => {
  const none = { cacheFrom: [], cacheTo: [] }
  it('defaults to a registry cache in the same repository, in the form ECR accepts', () => {
    const plan = planCache(none, URI, CONTAINER, {})
    expect(plan.from).toEqual([`type=registry,ref=${URI}:buildcache`])
    expect(plan.to).toEqual([
      `type=registry,ref=${URI}:buildcache,mode=max,image-manifest=true,oci-mediatypes=true`
    ])
  })
  it('the docker driver with the containerd image store exports too', () => {
    expect(planCache(none, URI, STORE, {}).to).toHaveLength(1)
  })
  it('the plain docker driver only reads the cache, and says why', () => {
    const plan = planCache(none, URI, DOCKER, {})
    expect(plan.to).toEqual([])
    expect(plan.note).toContain('cannot export cache')
  })
  it("uses the runner's cache service when it is there", () => {
    const env = { ACTIONS_CACHE_URL: 'https://cache', ACTIONS_RUNTIME_TOKEN: 't' }
    expect(planCache(none, URI, CONTAINER, env)).toMatchObject({
      from: ['type=gha'],
      to: ['type=gha,mode=max']
    })
    const v2 = { ACTIONS_RESULTS_URL: 'https://results', ACTIONS_RUNTIME_TOKEN: 't' }
    expect(planCache(none, URI, CONTAINER, v2).from).toEqual(['type=gha'])
    expect(planCache(none, URI, CONTAINER, { ACTIONS_CACHE_URL: 'x' }).from[0]).toContain(
      'registry'
    )
  })
  it('takes the inputs as given when any is set', () => {
    const plan = planCache({ cacheFrom: ['type=local,src=/c'], cacheTo: [] }, URI, CONTAINER, {})
    expect(plan).toMatchObject({ from: ['type=local,src=/c'], to: [] })
  })
})

describe('imageLabels', () => {
  const created = new Date('2026-12-03T06:00:00Z')
  it('adds the OCI labels, merges the user labels over them, and keeps the revision', () => {
    expect(
      imageLabels(
        {
          labels: [
            { name: 'team', value: 'web' },
            { name: 'org.opencontainers.image.source', value: 'https://example.com/x' }
          ],
          revision: 'abc123',
          sourceUrl: 'https://github.com/acme/shop'
        },
        created
      )
    ).toEqual([
      { name: 'org.opencontainers.image.source', value: 'https://example.com/x' },
      { name: 'org.opencontainers.image.created', value: '2026-12-03T06:00:00.000Z' },
      { name: 'team', value: 'web' },
      { name: 'org.opencontainers.image.revision', value: 'abc123' }
    ])
  })
})

describe('parseSecretLine', () => {
  it.each([
    ['id=npm,env=NPM_TOKEN', { id: 'npm', env: 'NPM_TOKEN' }],
    ['id=key,src=./key.pem', { id: 'key', src: './key.pem' }],
    ['type=file,id=key,source=/k', { id: 'key', src: '/k' }]
  ])('%s', (line, expected) => expect(parseSecretLine(line)).toEqual(expected))
  it.each([
    ['npm=abc', 'unknown key'],
    ['id=npm', 'exactly one of env'],
    ['id=npm,env=A,src=/b', 'exactly one of env'],
    ['env=A', 'needs id='],
    ['id=a,env=1BAD', 'not an environment variable name'],
    ['id=a,id=b,env=A', 'twice'],
    ['hunter2', 'a part that is not key=value']
  ])('%s is refused', (line, why) => expect(parseSecretLine(line)).toContain(why))
})

describe('runtimePlatformProblem', () => {
  it('accepts a build that includes the runtime platform', () => {
    expect(runtimePlatformProblem(['linux/amd64', 'linux/arm64'], 'ARM64')).toBeUndefined()
    expect(runtimePlatformProblem(['linux/amd64'], 'X86_64')).toBeUndefined()
    expect(runtimePlatformProblem(['linux/arm64/v8'], 'ARM64')).toBeUndefined()
    expect(runtimePlatformProblem(['linux/arm64'], undefined)).toBeUndefined()
  })
  it('refuses a build ECS could not run, naming the fix', () => {
    const problem = runtimePlatformProblem(['linux/amd64'], 'ARM64')
    expect(problem).toContain('ARM64 (linux/arm64)')
    expect(problem).toContain('platform: linux/amd64,linux/arm64')
  })
})

describe('digestFromMetadata', () => {
  it('reads the pushed digest and media type (an index for several platforms)', () => {
    const text = JSON.stringify({
      'containerimage.descriptor': {
        mediaType: 'application/vnd.oci.image.index.v1+json',
        digest: D,
        size: 1
      },
      'containerimage.digest': D
    })
    expect(digestFromMetadata(text)).toEqual({
      digest: D,
      mediaType: 'application/vnd.oci.image.index.v1+json'
    })
    expect(digestFromMetadata(JSON.stringify({ 'containerimage.digest': D }))).toEqual({
      digest: D
    })
  })
  it('gives nothing for a file without a valid digest', () => {
    expect(digestFromMetadata('')).toBeUndefined()
    expect(digestFromMetadata('{"containerimage.digest":"sha256:zz"}')).toBeUndefined()
  })
})

describe('parseBuilderInfo and what the builder can export', () => {
  const inspect = `Name:          ci
Driver:        docker-container
Last Activity: 2026-12-03 06:21:36 +0000 UTC

Nodes:
Name:             ci0
Endpoint:         unix:///var/run/docker.sock
`
  it('reads name, driver, endpoint and the containerd image store', () => {
    expect(
      parseBuilderInfo(
        'github.com/docker/buildx 0.13.1\n',
        inspect,
        '[["driver-type","io.containerd.snapshotter.v1"]]'
      )
    ).toEqual({
      buildx: 'github.com/docker/buildx 0.13.1',
      name: 'ci',
      driver: 'docker-container',
      endpoint: 'unix:///var/run/docker.sock',
      containerdStore: true
    })
    expect(parseBuilderInfo('v', 'Name: default\nDriver: docker\n', 'null').containerdStore).toBe(
      false
    )
  })
  it('names the inputs a plain docker driver cannot honour', () => {
    expect(
      exportOnlyInputs(
        { ...EMPTY_BUILDX_INPUTS, cacheTo: ['type=inline'], provenance: 'false', sbom: 'true' },
        ['linux/amd64', 'linux/arm64']
      )
    ).toEqual(['cache-to', 'sbom', 'platform (several platforms)'])
  })
})
