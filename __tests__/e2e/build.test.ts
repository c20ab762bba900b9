/**
 * Issue 9, end to end: the bundle builds with BuildKit through buildx (Debian's
 * docker-buildx) on the real engine and pushes to the real registry behind
 * the ECR emulator. Parts that need an engine with the containerd image store
 * (cache export, several platforms, attestations) run against the engine
 * script/test-env.sh found or started for that (on bookworm the private
 * Docker 26 of script/engine26.sh). Without one they are skipped, saying so;
 * under CI=true they fail instead.
 */
import { beforeAll, describe, expect, it } from '@jest/globals'
import { execFileSync } from 'node:child_process'
import { createHash, randomBytes } from 'node:crypto'
import { chmod, copyFile, mkdtemp, readFile, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { gunzipSync } from 'node:zlib'
import { startActionsCache } from '../../test-support/actions-cache.js'
import { containerdStoreHost } from '../../test-support/env.js'
import { DEFAULT_SHA } from '../../test-support/harness.js'
import {
  OTHER_REGION,
  sampleApp,
  sampleTaskDefinition,
  seedSampleService,
  serviceImage,
  uniqueName,
  writeCalls
} from './world.js'
import { useWorld } from './use-world.js'

const cluster = 'build'
const engine26Host = containerdStoreHost() ?? ''
const DOCKER = execFileSync('sh', ['-c', 'command -v docker'], { encoding: 'utf8' }).trim()

function engine26Up(): boolean {
  if (engine26Host === '') return false
  try {
    execFileSync(DOCKER, ['version', '--format', '{{.Server.Version}}'], {
      env: { ...process.env, DOCKER_HOST: engine26Host },
      stdio: 'pipe',
      timeout: 10_000
    })
    return true
  } catch {
    return false
  }
}
const withEngine26 = engine26Up()
const mainHost = process.env['DOCKER_HOST'] ?? 'unix:///var/run/docker.sock'

const world = useWorld({ clusters: [cluster], timeoutMs: 60_000 })

// ---------------------------------------------------------------- registry reads

const ACCEPT = [
  'application/vnd.oci.image.index.v1+json',
  'application/vnd.docker.distribution.manifest.list.v2+json',
  'application/vnd.oci.image.manifest.v1+json',
  'application/vnd.docker.distribution.manifest.v2+json'
].join(', ')

async function registryGet(path: string): Promise<Response> {
  return fetch(`${world.env.registryUrl}/v2/${path}`, {
    headers: {
      accept: ACCEPT,
      authorization: `Basic ${Buffer.from(`AWS:${world.env.password}`).toString('base64')}`
    }
  })
}

interface Manifest {
  mediaType?: string
  config?: { digest: string }
  layers?: Array<{ digest: string; mediaType: string }>
  manifests?: Array<{ digest: string; platform?: { os: string; architecture: string } }>
}

async function manifestOf(repository: string, reference: string): Promise<Manifest> {
  const res = await registryGet(`${repository}/manifests/${reference}`)
  expect(res.status).toBe(200)
  return (await res.json()) as Manifest
}

async function blob(repository: string, digest: string): Promise<Buffer> {
  const res = await registryGet(`${repository}/blobs/${digest}`)
  expect(res.status).toBe(200)
  return Buffer.from(await res.arrayBuffer())
}

/** The image manifest behind a reference (an index leads to its first real platform). */
async function imageManifest(repository: string, reference: string): Promise<Manifest> {
  const top = await manifestOf(repository, reference)
  if (!top.manifests) return top
  const first = top.manifests.find((m) => m.platform?.os !== 'unknown')
  return manifestOf(repository, first!.digest)
}

/** The digest of the last layer (the RUN step's) of the image a run pushed. */
async function runLayerOf(
  repository: string,
  run: { outputs: Record<string, string> }
): Promise<string> {
  const digest = run.outputs['image-digest']
  expect(digest).toMatch(/^sha256:/)
  const layers = (await imageManifest(repository, digest!)).layers ?? []
  return layers.at(-1)!.digest
}

async function configOf(repository: string, reference: string): Promise<Record<string, unknown>> {
  const manifest = await imageManifest(repository, reference)
  return JSON.parse((await blob(repository, manifest.config!.digest)).toString('utf8')) as Record<
    string,
    unknown
  >
}

async function labelsOf(repository: string, reference: string): Promise<Record<string, string>> {
  const config = await configOf(repository, reference)
  return ((config['config'] as Record<string, unknown>)['Labels'] ?? {}) as Record<string, string>
}

async function tagsOf(repository: string): Promise<string[]> {
  const res = await registryGet(`${repository}/tags/list`)
  if (res.status === 404) return []
  return ((await res.json()) as { tags?: string[] | null }).tags ?? []
}

// ---------------------------------------------------------------- fixtures

async function seed(cpuArchitecture = 'X86_64'): Promise<string> {
  const family = uniqueName('fam')
  const td = await sampleTaskDefinition(family)
  const { service } = await seedSampleService(world, cluster, {
    taskDefinition: {
      ...td,
      runtimePlatform: { operatingSystemFamily: 'LINUX', cpuArchitecture },
      containerDefinitions: (td['containerDefinitions'] as Array<Record<string, unknown>>).map(
        (c) => ({ ...c, image: 'registry.example.com/sample/web:1.0.0' })
      )
    }
  })
  return service
}

/** A FROM scratch context with busybox, whose RUN step reads a BuildKit secret. */
async function secretApp(): Promise<string> {
  const dir = await sampleApp() // inside the workspace: the action refuses contexts outside it
  await copyFile('/bin/busybox', join(dir, 'busybox'))
  await writeFile(join(dir, 'marker.txt'), `${randomBytes(8).toString('hex')}\n`)
  await writeFile(
    join(dir, 'Dockerfile'),
    [
      'FROM scratch',
      'COPY busybox /bin/busybox',
      'COPY marker.txt /marker.txt',
      // The secret's hash goes into the image: proof the step saw the value, without the value.
      'RUN --mount=type=secret,id=token,required=true ["/bin/busybox","sh","-c","/bin/busybox sha256sum /run/secrets/token | /bin/busybox cut -c1-64 > /token.sha256"]',
      ''
    ].join('\n')
  )
  return dir
}

/** A `docker` first on PATH that records its argv, then runs the real one. */
async function argvRecorder(): Promise<{ dir: string; log: string }> {
  const dir = await mkdtemp(join(tmpdir(), 'ecs-ship-argv-'))
  const log = join(dir, 'argv.log')
  await writeFile(
    join(dir, 'docker'),
    `#!/bin/sh\nprintf '%s\\n' "$*" >> '${log}'\nexec '${DOCKER}' "$@"\n`
  )
  await chmod(join(dir, 'docker'), 0o755)
  return { dir, log }
}

function pathWith(dir: string): string {
  return `${dir}:${process.env['PATH'] ?? '/usr/bin:/bin'}`
}

// ---------------------------------------------------------------- tests

describe('build with BuildKit through buildx (shared engine, docker driver)', () => {
  it('pushes from the builder, pins the digest from the metadata file, adds the OCI labels, reports the registry', async () => {
    const service = await seed()
    const repository = uniqueName('bk')
    world.ecr.seedRepository(repository)
    const run = await world.run({
      'ecr-repository': repository,
      context: await sampleApp(),
      labels: 'team=web',
      cluster,
      service
    })
    expect(run.exitCode).toBe(0)
    expect(run.stdout).toMatch(/Builder: BuildKit through buildx \(github\.com\/docker\/buildx/)
    expect(run.stdout).toContain('cannot export cache, so it is not written')
    const host = world.env.registryHost
    const match =
      /Built and pushed .* in [\d.]+m?s: (sha256:[0-9a-f]{64}) \(from buildx --metadata-file\)/.exec(
        run.stdout
      )
    expect(match).not.toBeNull()
    const digest = match![1]!
    expect(run.outputs['image']).toBe(`${host}/${repository}@${digest}`)
    expect(run.outputs['registry']).toBe(host)
    // What the registry holds under the tag is what was pinned.
    const res = await registryGet(`${repository}/manifests/${DEFAULT_SHA}`)
    expect(res.headers.get('docker-content-digest')).toBe(digest)
    const labels = await labelsOf(repository, digest)
    expect(labels).toMatchObject({
      team: 'web',
      'org.opencontainers.image.revision': DEFAULT_SHA,
      'org.opencontainers.image.source': 'https://github.com/octo-org/octo-app',
      'org.opencontainers.image.title': 'ecs-ship sample app'
    })
    expect(labels['org.opencontainers.image.created']).toMatch(/^\d{4}-\d\d-\d\dT/)
  }, 120_000)

  it('uses a build secret in RUN --mount=type=secret; the value is in no log, argv or image history', async () => {
    const service = await seed()
    const repository = uniqueName('secret')
    world.ecr.seedRepository(repository)
    const value = `s3cr3t-${randomBytes(12).toString('hex')}`
    const recorder = await argvRecorder()
    const run = await world.run(
      {
        'ecr-repository': repository,
        context: await secretApp(),
        'build-secrets': 'id=token,env=BUILD_TOKEN',
        // This engine has no bridge network; RUN steps need none.
        network: 'none',
        cluster,
        service
      },
      { env: { BUILD_TOKEN: value, PATH: pathWith(recorder.dir) } }
    )
    expect(run.exitCode).toBe(0)
    expect(run.stdout).toContain('secrets token')
    expect(run.stdout).toContain(`::add-mask::${value}`)
    // Printed only inside the add-mask command, never as log text.
    expect(run.stdout.split(`::add-mask::${value}`).join('')).not.toContain(value)
    expect(run.stderr).not.toContain(value)
    const argv = await readFile(recorder.log, 'utf8')
    expect(argv).toContain('buildx build')
    expect(argv).toContain('--secret id=token,env=BUILD_TOKEN')
    expect(argv).not.toContain(value)

    const digest = run.outputs['image-digest']!
    const manifest = await imageManifest(repository, digest)
    const config = (await blob(repository, manifest.config!.digest)).toString('utf8')
    expect(config).toContain('/run/secrets/token') // the history names the step …
    expect(config).not.toContain(value) // … not the value
    // The RUN step's layer holds the hash of the value: the step did read the secret.
    const runLayer = manifest.layers!.at(-1)!
    const tar = gunzipSync(await blob(repository, runLayer.digest))
    const expected = createHash('sha256').update(value).digest('hex')
    expect(tar.toString('latin1')).toContain(expected)
    for (const layer of manifest.layers!) {
      expect(gunzipSync(await blob(repository, layer.digest)).toString('latin1')).not.toContain(
        value
      )
    }
  }, 180_000)

  it('rebuilds a mutable tag whose image came from another commit; skips an unchanged SHA tag', async () => {
    const service = await seed()
    const repository = uniqueName('mut')
    world.ecr.seedRepository(repository)
    const context = await sampleApp()
    const shaA = randomBytes(20).toString('hex')
    const shaB = randomBytes(20).toString('hex')
    const first = await world.run(
      { 'ecr-repository': repository, tags: 'latest', context, cluster, service },
      { env: { GITHUB_SHA: shaA } }
    )
    expect(first.exitCode).toBe(0)
    expect(first.stdout).toContain('Tag latest not in ECR yet: building.')

    const second = await world.run(
      { 'ecr-repository': repository, tags: `latest,${shaB}`, context, cluster, service },
      { env: { GITHUB_SHA: shaB } }
    )
    expect(second.exitCode).toBe(0)
    expect(second.stdout).toContain(
      `but its image is from commit ${shaA} (org.opencontainers.image.revision), not this run's ${shaB.slice(0, 12)}: building this commit and pushing over it`
    )
    expect(second.stdout).toMatch(/Building .*:latest with BuildKit/)
    expect(second.outputs['image-digest']).not.toBe(first.outputs['image-digest'])
    expect((await labelsOf(repository, 'latest'))['org.opencontainers.image.revision']).toBe(shaB)

    const since = Date.now()
    const third = await world.run(
      { 'ecr-repository': repository, tags: shaB, context, cluster, service },
      { env: { GITHUB_SHA: shaB } }
    )
    expect(third.exitCode).toBe(0)
    expect(third.stdout).toContain("and the tag is this run's commit SHA: build skipped")
    expect(third.stdout).not.toMatch(/Building /)
    expect(third.outputs['image-digest']).toBe(second.outputs['image-digest'])
    expect(world.emulator.calls({ operation: 'PutImage', since })).toHaveLength(0)
  }, 240_000)

  it("refuses an image ECS could not run (the task definition's runtimePlatform) before anything is written", async () => {
    const service = await seed('ARM64')
    const repository = uniqueName('arm')
    world.ecr.seedRepository(repository)
    const since = Date.now()
    const run = await world.run({
      'ecr-repository': repository,
      context: await sampleApp(),
      cluster,
      service
    })
    expect(run.exitCode).toBe(1)
    expect(run.stdout).toContain(
      "::error::`platform` (not set: this runner builds linux/amd64): the task definition's runtimePlatform.cpuArchitecture is ARM64 (linux/arm64) but the image is built for linux/amd64"
    )
    expect(writeCalls(world, since)).toEqual([])
    expect(await tagsOf(repository)).toEqual([])
  }, 120_000)

  it('logs in to a second registry id (registries) before the build', async () => {
    const service = await seed()
    const repository = uniqueName('reg')
    world.ecr.seedRepository(repository)
    const since = Date.now()
    const run = await world.run({
      'ecr-repository': repository,
      context: await sampleApp(),
      registries: '210987654321',
      cluster,
      service
    })
    expect(run.exitCode).toBe(0)
    const tokens = world.emulator
      .calls({ operation: 'GetAuthorizationToken', since })
      .map((c) => (c.input as { registryIds?: string[] }).registryIds ?? [])
    expect(tokens).toContainEqual(['210987654321'])
    expect(run.stdout).toContain(
      `Logged in to registry 210987654321 at ${world.env.registryHost} (registries).`
    )
  }, 120_000)

  it('pushes to an ecr-repository given as a full URI (registry id from the URI); another account’s missing repository is refused before any write', async () => {
    const service = await seed()
    const repository = uniqueName('uri')
    world.ecr.seedRepository(repository)
    const account = world.emulator.accountId
    const region = world.emulator.region
    const since = Date.now()
    const run = await world.run({
      'ecr-repository': `${account}.dkr.ecr.${region}.amazonaws.com/${repository}`,
      context: await sampleApp(),
      cluster,
      service
    })
    expect(run.exitCode).toBe(0)
    const described = world.emulator
      .calls({ operation: 'DescribeRepositories', since })
      .map((c) => c.input as { registryId?: string; repositoryNames?: string[] })
    expect(described).toContainEqual({ registryId: account, repositoryNames: [repository] })
    const tokens = world.emulator
      .calls({ operation: 'GetAuthorizationToken', since })
      .map((c) => (c.input as { registryIds?: string[] }).registryIds)
    expect(tokens).toContainEqual([account])
    expect(await tagsOf(repository)).toContain(DEFAULT_SHA)

    const before = Date.now()
    const other = await world.run({
      'ecr-repository': `210987654321.dkr.ecr.${region}.amazonaws.com/${repository}`,
      context: await sampleApp(),
      cluster,
      service
    })
    expect(other.exitCode).toBe(1)
    expect(other.stdout).toContain(
      `ECR repository "${repository}" (\`ecr-repository\`) does not exist in registry 210987654321, or this role may not read it`
    )
    expect(writeCalls(world, before)).toEqual([])
  }, 180_000)

  it('pushes to an ecr-repository URI in another region with that region’s ECR, and deploys the image pinned there', async () => {
    const service = await seed()
    const repository = uniqueName('west')
    // Only the other region's ECR has it: the run's region would say it does not exist.
    const seeded = world.ecrOtherRegion.seedRepository(repository)
    const account = world.emulator.accountId
    const since = Date.now()
    const run = await world.run({
      'ecr-repository': `${account}.dkr.ecr.${OTHER_REGION}.amazonaws.com/${repository}`,
      context: await sampleApp(),
      registries: '210987654321',
      cluster,
      service
    })
    expect(run.exitCode).toBe(0)
    const ecrCalls = world.emulator
      .calls({ service: 'ecr', since })
      .map((c) => [c.operation, c.region ?? world.emulator.region, c.error ?? 'ok'])
    // The repository's reads and its login went to us-west-2; the `registries` login stayed home.
    expect(ecrCalls).toContainEqual(['DescribeRepositories', OTHER_REGION, 'ok'])
    expect(ecrCalls).toContainEqual(['DescribeImages', OTHER_REGION, expect.any(String)])
    const tokens = world.emulator
      .calls({ operation: 'GetAuthorizationToken', since })
      .map((c) => [(c.input as { registryIds?: string[] }).registryIds, c.region])
    expect(tokens).toEqual([
      [[account], OTHER_REGION],
      [['210987654321'], undefined]
    ])
    expect(ecrCalls.filter(([op]) => op === 'DescribeRepositories')).toEqual([
      ['DescribeRepositories', OTHER_REGION, 'ok']
    ])
    const digest = run.outputs['image-digest']!
    expect(run.outputs['image']).toBe(`${seeded.repositoryUri}@${digest}`)
    expect(serviceImage(world, cluster, service)).toBe(`${seeded.repositoryUri}@${digest}`)
    // What that region's repository holds under the tag is what was deployed.
    const res = await registryGet(`${repository}/manifests/${DEFAULT_SHA}`)
    expect(res.headers.get('docker-content-digest')).toBe(digest)
  }, 120_000)

  it('pushes from a non-default builder made current in the job’s docker config', async () => {
    const service = await seed()
    const repository = uniqueName('ctx')
    world.ecr.seedRepository(repository)
    // A docker context is a builder (docker driver); using the context makes it current.
    // On Docker 26 (when it runs here) the image never enters the shared engine.
    const config = await mkdtemp(join(tmpdir(), 'ecs-ship-dockercfg-'))
    const name = uniqueName('builder')
    const endpoint = withEngine26 ? engine26Host : mainHost
    const env = { ...process.env, DOCKER_CONFIG: config }
    execFileSync(DOCKER, ['context', 'create', name, '--docker', `host=${endpoint}`], {
      env,
      stdio: 'pipe'
    })
    execFileSync(DOCKER, ['context', 'use', name], { env, stdio: 'pipe' })
    const run = await world.run(
      { 'ecr-repository': repository, context: await sampleApp(), cluster, service },
      { env: { DOCKER_CONFIG: config } }
    )
    expect(run.exitCode).toBe(0)
    expect(run.stdout).toContain(`builder ${name}, driver docker`)
    const digest = run.outputs['image-digest']!
    const res = await registryGet(`${repository}/manifests/${digest}`)
    expect(res.status).toBe(200)
    if (withEngine26) expect(run.stdout).toContain('containerd image store')
    if (withEngine26 && engine26Host !== mainHost) {
      // Not in the shared engine's store: the push came from the builder itself.
      expect(() =>
        execFileSync(
          DOCKER,
          ['image', 'inspect', `${world.env.registryHost}/${repository}:${DEFAULT_SHA}`],
          {
            stdio: 'pipe'
          }
        )
      ).toThrow()
    }
  }, 120_000)
})

const NO_ENGINE26 =
  'no engine with the containerd image store answers (bash script/test-env.sh finds or starts one; on bookworm script/engine26.sh)'
// Under CI the tests run, and fail, rather than skip: CI must prove them.
const inCI = process.env['CI'] === 'true'
const describe26 = withEngine26 || inCI ? describe : describe.skip
if (!withEngine26 && !inCI) {
  console.warn(
    `build.test.ts: ${NO_ENGINE26}: the registry cache round trip, provenance and the two-platform index are skipped.`
  )
}

describe26('build on an engine with the containerd image store (Docker 26 here)', () => {
  const env26 = { ...process.env, DOCKER_HOST: engine26Host }

  beforeAll(() => {
    if (!withEngine26) throw new Error(NO_ENGINE26)
  })

  /**
   * The app with a slow RUN step (so the cache has something to save) that
   * writes `megabytes` of random bytes: a layer equal to an earlier build's
   * was taken from the cache, not run again.
   */
  async function slowApp(seconds: number, megabytes: number): Promise<string> {
    const context = await secretApp()
    await writeFile(
      join(context, 'Dockerfile'),
      [
        'FROM scratch',
        'COPY busybox /bin/busybox',
        'COPY marker.txt /marker.txt',
        `RUN ["/bin/busybox","sh","-c","/bin/busybox sleep ${seconds}; /bin/busybox dd if=/dev/urandom of=/blob bs=1M count=${megabytes}"]`,
        ''
      ].join('\n')
    )
    return context
  }

  function pruneBuilderCache(): void {
    execFileSync(DOCKER, ['buildx', 'prune', '--all', '--force'], { env: env26, stdio: 'pipe' })
    execFileSync(DOCKER, ['image', 'prune', '--all', '--force'], { env: env26, stdio: 'pipe' })
  }

  it('writes the registry cache on a cold build; a second build with an empty local cache reuses every layer from it', async () => {
    const service = await seed()
    const repository = uniqueName('cache')
    world.ecr.seedRepository(repository)
    const context = await slowApp(4, 8)
    pruneBuilderCache()
    const inputs = { 'ecr-repository': repository, context, network: 'none', cluster, service }
    const cold = await world.run(inputs, {
      env: { DOCKER_HOST: engine26Host, GITHUB_SHA: randomBytes(20).toString('hex') }
    })
    expect(cold.exitCode).toBe(0)
    expect(cold.stdout).toContain(
      `Cache: registry cache ${world.env.registryHost}/${repository}:buildcache (read and written, mode=max).`
    )
    expect(await tagsOf(repository)).toContain('buildcache')
    const cache = await manifestOf(repository, 'buildcache')
    expect(cache.mediaType).toBe('application/vnd.oci.image.manifest.v1+json')

    pruneBuilderCache() // nothing local left: the only cache is the registry's
    const warm = await world.run(inputs, {
      env: { DOCKER_HOST: engine26Host, GITHUB_SHA: randomBytes(20).toString('hex') }
    })
    expect(warm.exitCode).toBe(0)
    expect(warm.stdout).toMatch(/importing cache manifest from .*:buildcache/)
    // The RUN step writes random bytes: a layer equal to the cold build's was not run again.
    // (BuildKit prints it as CACHED, or as the layer's download from the cache when the
    // image store needs the blob.)
    expect(await runLayerOf(repository, warm)).toBe(await runLayerOf(repository, cold))
    const seconds = (out: string): number => {
      const m = /Built and pushed .* in ([\d.]+)(m?s):/.exec(out)
      return m ? Number(m[1]) / (m[2] === 'ms' ? 1000 : 1) : NaN
    }
    console.log(
      `registry cache round trip: cold build+push ${seconds(cold.stdout)} s, cached ${seconds(warm.stdout)} s`
    )
  }, 240_000)

  it('uses the runner’s cache service (type=gha) by default when it is there: the cold build saves to it, a build with an empty local cache restores every layer from it', async () => {
    const service = await seed()
    const repository = uniqueName('gha')
    world.ecr.seedRepository(repository)
    const context = await slowApp(3, 4)
    const cache = await startActionsCache()
    try {
      const inputs = { 'ecr-repository': repository, context, network: 'none', cluster, service }
      const env = {
        DOCKER_HOST: engine26Host,
        ACTIONS_CACHE_URL: cache.url,
        ACTIONS_RUNTIME_TOKEN: cache.token
      }
      pruneBuilderCache()
      const cold = await world.run(inputs, {
        env: { ...env, GITHUB_SHA: randomBytes(20).toString('hex') }
      })
      expect(cold.exitCode).toBe(0)
      expect(cold.stdout).toContain("Cache: the runner's cache service (type=gha, mode=max).")
      // Saved through the service's API: the layers and BuildKit's index of them.
      const saved = cache.entries().map((e) => e.key)
      expect(saved.some((k) => k.startsWith('index-'))).toBe(true)
      expect(saved.filter((k) => k.includes('sha256:')).length).toBeGreaterThanOrEqual(3)
      // Not the registry cache: no buildcache tag in the repository.
      expect(await tagsOf(repository)).not.toContain('buildcache')
      // The token went to docker for the cache and nowhere into the output.
      expect(cold.stdout.split(`::add-mask::${cache.token}`).join('')).not.toContain(cache.token)

      pruneBuilderCache() // nothing local left: the only cache is the service's
      const before = cache.calls().length
      const warm = await world.run(inputs, {
        env: { ...env, GITHUB_SHA: randomBytes(20).toString('hex') }
      })
      expect(warm.exitCode).toBe(0)
      // The RUN step writes random bytes: the same layer means it was restored, not run.
      expect(await runLayerOf(repository, warm)).toBe(await runLayerOf(repository, cold))
      const downloads = cache
        .calls()
        .slice(before)
        .filter((c) => c.method === 'GET' && c.path.startsWith('/download/') && c.status < 300)
      expect(downloads.length).toBeGreaterThan(0)
    } finally {
      await cache.close()
    }
  }, 240_000)

  it('with provenance (mode=max) pins the index digest, and the skip rule reads the label through the index', async () => {
    const service = await seed()
    const repository = uniqueName('prov')
    world.ecr.seedRepository(repository)
    const context = await sampleApp()
    const sha = randomBytes(20).toString('hex')
    const inputs = {
      'ecr-repository': repository,
      tags: 'latest',
      provenance: 'mode=max',
      context,
      cluster,
      service
    }
    const env = { DOCKER_HOST: engine26Host, GITHUB_SHA: sha }
    const first = await world.run(inputs, { env })
    expect(first.exitCode).toBe(0)
    const digest = first.outputs['image-digest']!
    const index = await manifestOf(repository, digest)
    expect(index.mediaType).toBe('application/vnd.oci.image.index.v1+json')
    expect(index.manifests?.map((m) => `${m.platform?.os}/${m.platform?.architecture}`)).toEqual([
      'linux/amd64',
      'unknown/unknown'
    ])
    expect(first.outputs['image']).toBe(`${world.env.registryHost}/${repository}@${digest}`)

    const second = await world.run(inputs, { env })
    expect(second.exitCode).toBe(0)
    expect(second.stdout).toContain(
      `its org.opencontainers.image.revision label is this run's commit ${sha.slice(0, 12)}: build skipped`
    )
    expect(second.outputs['image-digest']).toBe(digest)
  }, 180_000)

  it('pushes one two-platform index, pins its digest, and ECS gets the index', async () => {
    const service = await seed('ARM64')
    const repository = uniqueName('multi')
    world.ecr.seedRepository(repository)
    const run = await world.run(
      {
        'ecr-repository': repository,
        context: await sampleApp(),
        platform: 'linux/amd64,linux/arm64',
        provenance: 'false',
        cluster,
        service
      },
      { env: { DOCKER_HOST: engine26Host } }
    )
    expect(run.exitCode).toBe(0)
    const digest = run.outputs['image-digest']!
    expect(run.stdout).toContain('(an image index: ECS pulls the platform it runs)')
    const index = await manifestOf(repository, digest)
    expect(
      index.manifests?.map((m) => `${m.platform?.os}/${m.platform?.architecture}`).sort()
    ).toEqual(['linux/amd64', 'linux/arm64'])
    expect(run.outputs['image']).toBe(`${world.env.registryHost}/${repository}@${digest}`)
  }, 180_000)
})
