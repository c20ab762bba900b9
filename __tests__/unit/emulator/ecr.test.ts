/**
 * The ECR emulator against a real registry: this file starts its own
 * `docker-registry` (htpasswd auth, deletes enabled) on a free 127.0.0.1 port
 * and calls the service's `handle(op, input)` as the emulator's HTTP front
 * does. Images are pushed with the real docker engine (build FROM scratch +
 * push) and, for speed, straight through the registry's HTTP API.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { execFile, spawn } from 'node:child_process'
import { createHash, randomBytes } from 'node:crypto'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { digestFromPushOutput } from '../../../src/image/reference.js'
import { createEcrService, type EcrService } from '../../../test-support/emulator/ecr.js'
import { AwsError } from '../../../test-support/emulator/protocol.js'
import { registryMissing, startTestRegistry, type TestRegistry } from './registry-fixture.js'
import { describeNeeding } from '../../../test-support/real-parts.js'

const run = promisify(execFile)
const ACCOUNT = '123456789012'
const DOCKER_V2 = 'application/vnd.docker.distribution.manifest.v2+json'

/** Skips without a registry locally; fails in CI (test-support/real-parts.ts). */
const describeWithRegistry = (name: string, body: () => void): void =>
  describeNeeding(registryMissing, name, body)

describeWithRegistry('ECR emulator over a real registry', () => {
  let registry: TestRegistry
  let work: string
  let url: string
  let host: string
  let password: string
  let ecr: EcrService
  let clock = Date.parse('2026-11-21T12:00:00Z')

  async function call(op: string, input: Record<string, unknown> = {}): Promise<any> {
    return ecr.handle(op, input)
  }

  async function failure(op: string, input: Record<string, unknown>): Promise<AwsError> {
    const error = await Promise.resolve()
      .then(() => ecr.handle(op, input))
      .then(
        () => undefined,
        (e: unknown) => e
      )
    if (!(error instanceof AwsError))
      throw new Error(`${op} did not fail with an AwsError: ${String(error)}`)
    return error
  }

  /** Direct registry access, as docker would push. */
  async function registryFetch(path: string, init: RequestInit = {}): Promise<Response> {
    return registry.fetch(path, init)
  }

  async function uploadBlob(name: string, data: Buffer): Promise<string> {
    const digest = `sha256:${createHash('sha256').update(data).digest('hex')}`
    const start = await registryFetch(`/v2/${name}/blobs/uploads/`, { method: 'POST' })
    expect(start.status).toBe(202)
    const location = new URL(start.headers.get('location') ?? '', url)
    location.searchParams.set('digest', digest)
    const done = await registryFetch(location.toString(), {
      method: 'PUT',
      headers: { 'content-type': 'application/octet-stream' },
      body: data
    })
    expect(done.status).toBe(201)
    return digest
  }

  /** Pushes a small random image under `name:tag` through the HTTP API; returns its digest. */
  async function pushImage(
    name: string,
    tag: string
  ): Promise<{ digest: string; manifest: string }> {
    const layer = randomBytes(64)
    const config = Buffer.from(
      JSON.stringify({ architecture: 'amd64', os: 'linux', salt: randomBytes(8).toString('hex') })
    )
    const layerDigest = await uploadBlob(name, layer)
    const configDigest = await uploadBlob(name, config)
    const manifest = JSON.stringify({
      schemaVersion: 2,
      mediaType: DOCKER_V2,
      config: {
        mediaType: 'application/vnd.docker.container.image.v1+json',
        size: config.length,
        digest: configDigest
      },
      layers: [
        {
          mediaType: 'application/vnd.docker.image.rootfs.diff.tar.gzip',
          size: layer.length,
          digest: layerDigest
        }
      ]
    })
    const res = await registryFetch(`/v2/${name}/manifests/${tag}`, {
      method: 'PUT',
      headers: { 'content-type': DOCKER_V2 },
      body: manifest
    })
    expect(res.status).toBe(201)
    return { digest: res.headers.get('docker-content-digest') ?? '', manifest }
  }

  beforeAll(async () => {
    registry = await startTestRegistry()
    ;({ url, host, password } = registry)
    work = await mkdtemp(join(tmpdir(), 'ecr-emulator-test-'))
    ecr = createEcrService({
      region: 'eu-west-1',
      accountId: ACCOUNT,
      registry: { url, host, username: 'AWS', password },
      now: () => clock
    })
  }, 30_000)

  afterAll(async () => {
    await registry?.stop()
    await rm(work, { recursive: true, force: true })
  })

  describe('GetAuthorizationToken', () => {
    it('hands out base64(AWS:<password>) for the registry URL, valid 12 hours', async () => {
      const out = await call('GetAuthorizationToken')
      expect(out.authorizationData).toHaveLength(1)
      const [data] = out.authorizationData
      expect(Buffer.from(data.authorizationToken, 'base64').toString()).toBe(`AWS:${password}`)
      expect(data.proxyEndpoint).toBe(url)
      expect(data.expiresAt).toBe(clock / 1000 + 12 * 3600)
    })

    it('rejects a malformed registry id and unknown members', async () => {
      expect((await failure('GetAuthorizationToken', { registryIds: ['12'] })).code).toBe(
        'InvalidParameterException'
      )
      const unknown = await failure('GetAuthorizationToken', { registryId: ACCOUNT })
      expect([unknown.code, unknown.message]).toEqual([
        'SerializationException',
        'Unrecognized field "registryId"'
      ])
    })
  })

  describe('repositories', () => {
    it('creates a repository whose URI points at the registry, echoing the scan configuration', async () => {
      const out = await call('CreateRepository', {
        repositoryName: 'team/web',
        imageScanningConfiguration: { scanOnPush: true }
      })
      expect(out.repository).toEqual({
        repositoryArn: `arn:aws:ecr:eu-west-1:${ACCOUNT}:repository/team/web`,
        registryId: ACCOUNT,
        repositoryName: 'team/web',
        repositoryUri: `${host}/team/web`,
        createdAt: clock / 1000,
        imageTagMutability: 'MUTABLE',
        imageScanningConfiguration: { scanOnPush: true },
        encryptionConfiguration: { encryptionType: 'AES256' }
      })
      const described = await call('DescribeRepositories', { repositoryNames: ['team/web'] })
      expect(described.repositories).toEqual([out.repository])
    })

    it('refuses a second repository of the same name', async () => {
      await call('CreateRepository', { repositoryName: 'dup' })
      const error = await failure('CreateRepository', { repositoryName: 'dup' })
      expect([error.code, error.message]).toEqual([
        'RepositoryAlreadyExistsException',
        `The repository with name 'dup' already exists in the registry with id '${ACCOUNT}'`
      ])
    })

    it.each([
      ['My_App', "must satisfy regular expression '"],
      ['a', "must have length greater than or equal to 2'"],
      ['app-', "must satisfy regular expression '"],
      // ECR's own pattern: one separator between letters and digits (docker would take these).
      ['a__b', "must satisfy regular expression '"],
      ['a--b', "must satisfy regular expression '"]
    ])('rejects the repository name %j', async (repositoryName, constraint) => {
      const error = await failure('CreateRepository', { repositoryName })
      expect(error.code).toBe('InvalidParameterException')
      expect(error.message).toContain(
        `Invalid parameter at 'repositoryName' failed to satisfy constraint: '${constraint}`
      )
    })

    it('checks request shapes: unknown members, wrong types, missing members, enums', async () => {
      const unknown = await failure('CreateRepository', { repositoryName: 'x1', scanOnPush: true })
      expect([unknown.code, unknown.message]).toEqual([
        'SerializationException',
        'Unrecognized field "scanOnPush"'
      ])
      const nested = await failure('CreateRepository', {
        repositoryName: 'x1',
        imageScanningConfiguration: { scanOnPush: 'yes' }
      })
      expect(nested.code).toBe('SerializationException')
      const missing = await failure('CreateRepository', {})
      expect(missing.code).toBe('InvalidParameterException')
      expect(missing.message).toContain("'repositoryName'")
      const badEnum = await failure('CreateRepository', {
        repositoryName: 'x1',
        imageTagMutability: 'SOMETIMES'
      })
      expect(badEnum.code).toBe('InvalidParameterException')
      expect((await failure('NoSuchOperation', {})).code).toBe('UnknownOperationException')
    })

    it('fails DescribeRepositories on a missing name with the real message', async () => {
      const error = await failure('DescribeRepositories', { repositoryNames: ['dup', 'nope'] })
      expect([error.code, error.message]).toEqual([
        'RepositoryNotFoundException',
        `The repository with name 'nope' does not exist in the registry with id '${ACCOUNT}'`
      ])
    })

    it('pages DescribeRepositories', async () => {
      const first = await call('DescribeRepositories', { maxResults: 1 })
      expect(first.repositories).toHaveLength(1)
      expect(typeof first.nextToken).toBe('string')
      const rest = await call('DescribeRepositories', { nextToken: first.nextToken })
      const names = [...first.repositories, ...rest.repositories].map((r: any) => r.repositoryName)
      expect(names).toEqual(ecr.snapshot().repositories.map((r) => r.repositoryName))
      expect(
        (await failure('DescribeRepositories', { repositoryNames: ['dup'], maxResults: 5 })).code
      ).toBe('InvalidParameterException')
    })
  })

  describe('images are what the registry holds', () => {
    it('sees an image built and pushed by the real docker engine, logged in with the ECR token', async () => {
      const repo = (await call('CreateRepository', { repositoryName: 'app' })).repository
      const token = (await call('GetAuthorizationToken')).authorizationData[0]
      const [user, pass] = Buffer.from(token.authorizationToken, 'base64').toString().split(':')
      const ctx = join(work, 'ctx')
      const dockerConfig = join(work, 'docker-config')
      await rm(ctx, { recursive: true, force: true })
      await run('mkdir', ['-p', ctx, dockerConfig])
      await writeFile(join(ctx, 'hello.txt'), `hello ${randomBytes(8).toString('hex')}\n`)
      await writeFile(join(ctx, 'Dockerfile'), 'FROM scratch\nCOPY hello.txt /hello.txt\n')
      const env = { ...process.env, DOCKER_CONFIG: dockerConfig }
      const login = spawn('docker', ['login', '--username', user ?? '', '--password-stdin', host], {
        env
      })
      login.stdin.end(pass)
      expect(await new Promise((resolve) => login.on('close', resolve))).toBe(0)
      await run('docker', ['build', '--tag', `${repo.repositoryUri}:v1`, ctx], { env })
      const pushed = await run('docker', ['push', `${repo.repositoryUri}:v1`], { env })
      const digest = digestFromPushOutput(pushed.stdout, 'v1')
      expect(digest).toMatch(/^sha256:[a-f0-9]{64}$/)
      await run('docker', ['rmi', `${repo.repositoryUri}:v1`], { env }).catch(() => undefined)

      const out = await call('DescribeImages', {
        repositoryName: 'app',
        imageIds: [{ imageTag: 'v1' }]
      })
      expect(out.imageDetails).toEqual([
        {
          registryId: ACCOUNT,
          repositoryName: 'app',
          imageDigest: digest,
          imageTags: ['v1'],
          imageSizeInBytes: expect.any(Number),
          imagePushedAt: clock / 1000,
          imageManifestMediaType: DOCKER_V2,
          artifactMediaType: 'application/vnd.docker.container.image.v1+json'
        }
      ])
      expect(out.imageDetails[0].imageSizeInBytes).toBeGreaterThan(0)
      const byDigest = await call('DescribeImages', {
        repositoryName: 'app',
        imageIds: [{ imageDigest: digest }]
      })
      expect(byDigest.imageDetails[0].imageTags).toEqual(['v1'])
    }, 120_000)

    it('answers a missing tag with ImageNotFoundException and the real message', async () => {
      const error = await failure('DescribeImages', {
        repositoryName: 'app',
        imageIds: [{ imageTag: 'nope' }]
      })
      expect([error.code, error.message]).toEqual([
        'ImageNotFoundException',
        `The image with imageId {imageDigest:'null', imageTag:'nope'} does not exist within the repository with name 'app' in the registry with id '${ACCOUNT}'`
      ])
    })

    it('shows nothing for a repository the emulator does not know, even when the registry has it', async () => {
      await pushImage('ghost', 'v1')
      for (const op of ['DescribeImages', 'ListImages', 'BatchGetImage', 'BatchDeleteImage']) {
        const input: Record<string, unknown> = { repositoryName: 'ghost' }
        if (op.startsWith('Batch')) input['imageIds'] = [{ imageTag: 'v1' }]
        const error = await failure(op, input)
        expect([op, error.code]).toEqual([op, 'RepositoryNotFoundException'])
      }
      expect(
        (await failure('DescribeImages', { repositoryName: 'ghost', registryId: '999999999999' }))
          .message
      ).toBe(
        "The repository with name 'ghost' does not exist in the registry with id '999999999999'"
      )
    })

    it('lists, filters, gets manifests, adds tags, untags and deletes', async () => {
      await call('CreateRepository', { repositoryName: 'svc' })
      expect((await call('DescribeImages', { repositoryName: 'svc' })).imageDetails).toEqual([])
      const a = await pushImage('svc', 'a')
      clock += 1000
      const b = await pushImage('svc', 'b')

      const listed = await call('ListImages', { repositoryName: 'svc' })
      expect(listed.imageIds).toEqual(
        [
          { imageDigest: a.digest, imageTag: 'a' },
          { imageDigest: b.digest, imageTag: 'b' }
        ].sort((x, y) => (x.imageDigest < y.imageDigest ? -1 : 1))
      )

      // BatchGetImage: the manifest exactly as stored, failures per id.
      const got = await call('BatchGetImage', {
        repositoryName: 'svc',
        imageIds: [{ imageTag: 'a' }, { imageTag: 'zzz' }, { imageTag: 'b', imageDigest: a.digest }]
      })
      expect(got.images).toEqual([
        {
          registryId: ACCOUNT,
          repositoryName: 'svc',
          imageId: { imageDigest: a.digest, imageTag: 'a' },
          imageManifest: a.manifest,
          imageManifestMediaType: DOCKER_V2
        }
      ])
      expect(got.failures).toEqual([
        {
          imageId: { imageTag: 'zzz' },
          failureCode: 'ImageNotFound',
          failureReason: 'Requested image not found'
        },
        {
          imageId: { imageTag: 'b', imageDigest: a.digest },
          failureCode: 'ImageTagDoesNotMatchDigest',
          failureReason: 'Invalid image digest and tag combination'
        }
      ])

      // PutImage adds a tag to an existing image (what the action does to reuse an image).
      const put = await call('PutImage', {
        repositoryName: 'svc',
        imageManifest: a.manifest,
        imageTag: 'latest'
      })
      expect(put.image.imageId).toEqual({ imageDigest: a.digest, imageTag: 'latest' })
      expect(
        (
          await call('DescribeImages', {
            repositoryName: 'svc',
            imageIds: [{ imageTag: 'latest' }]
          })
        ).imageDetails[0].imageTags
      ).toEqual(['a', 'latest'])
      const again = await failure('PutImage', {
        repositoryName: 'svc',
        imageManifest: a.manifest,
        imageTag: 'latest'
      })
      expect(again.code).toBe('ImageAlreadyExistsException')

      // Deleting a tag of an image with several tags keeps the image under the others.
      const untagged = await call('BatchDeleteImage', {
        repositoryName: 'svc',
        imageIds: [{ imageTag: 'latest' }]
      })
      expect(untagged).toEqual({
        imageIds: [{ imageDigest: a.digest, imageTag: 'latest' }],
        failures: []
      })
      const afterUntag = await call('DescribeImages', {
        repositoryName: 'svc',
        imageIds: [{ imageDigest: a.digest }]
      })
      expect(afterUntag.imageDetails[0].imageTags).toEqual(['a'])

      // Deleting by digest removes the image and all its tags, in the registry too.
      const deleted = await call('BatchDeleteImage', {
        repositoryName: 'svc',
        imageIds: [{ imageDigest: b.digest }, { imageTag: 'gone' }]
      })
      expect(deleted).toEqual({
        imageIds: [{ imageDigest: b.digest, imageTag: 'b' }],
        failures: [
          {
            imageId: { imageTag: 'gone' },
            failureCode: 'ImageNotFound',
            failureReason: 'Requested image not found'
          }
        ]
      })
      expect(
        (
          await registryFetch(`/v2/svc/manifests/${b.digest}`, {
            method: 'HEAD',
            headers: { accept: DOCKER_V2 }
          })
        ).status
      ).toBe(404)
      expect((await call('ListImages', { repositoryName: 'svc' })).imageIds).toEqual([
        { imageDigest: a.digest, imageTag: 'a' }
      ])
    })

    it('keeps a re-pushed tag’s old image as untagged, as ECR does', async () => {
      await call('CreateRepository', { repositoryName: 'moving' })
      const old = await pushImage('moving', 'v1')
      await call('DescribeImages', { repositoryName: 'moving' }) // the emulator sees it
      clock += 1000
      const fresh = await pushImage('moving', 'v1')
      const untagged = await call('DescribeImages', {
        repositoryName: 'moving',
        filter: { tagStatus: 'UNTAGGED' }
      })
      expect(untagged.imageDetails.map((d: any) => [d.imageDigest, d.imageTags])).toEqual([
        [old.digest, undefined]
      ])
      const tagged = await call('ListImages', {
        repositoryName: 'moving',
        filter: { tagStatus: 'TAGGED' }
      })
      expect(tagged.imageIds).toEqual([{ imageDigest: fresh.digest, imageTag: 'v1' }])
      const page1 = await call('DescribeImages', { repositoryName: 'moving', maxResults: 1 })
      expect(page1.imageDetails.map((d: any) => d.imageDigest)).toEqual([old.digest])
      const page2 = await call('DescribeImages', {
        repositoryName: 'moving',
        nextToken: page1.nextToken
      })
      expect(page2.imageDetails.map((d: any) => d.imageDigest)).toEqual([fresh.digest])
      expect(page2.nextToken).toBeUndefined()
    })

    it('holds the manifests an index names as untagged images, readable by digest, as ECR does', async () => {
      await call('CreateRepository', { repositoryName: 'multi' })
      const amd = await pushImage('multi', 'amd64-only')
      const arm = await pushImage('multi', 'arm64-only')
      // Only the index stays tagged: its children are reachable by digest alone.
      for (const tag of ['amd64-only', 'arm64-only']) {
        const del = await registryFetch(
          `/v2/multi/manifests/${tag === 'amd64-only' ? amd.digest : arm.digest}`,
          {
            method: 'DELETE'
          }
        )
        expect(del.status).toBe(202)
      }
      const restore = async (m: { digest: string; manifest: string }): Promise<void> => {
        const res = await registryFetch(`/v2/multi/manifests/${m.digest}`, {
          method: 'PUT',
          headers: { 'content-type': DOCKER_V2 },
          body: m.manifest
        })
        expect(res.status).toBe(201)
      }
      await restore(amd)
      await restore(arm)
      const INDEX = 'application/vnd.oci.image.index.v1+json'
      const index = JSON.stringify({
        schemaVersion: 2,
        mediaType: INDEX,
        manifests: [
          {
            mediaType: DOCKER_V2,
            digest: amd.digest,
            size: amd.manifest.length,
            platform: { os: 'linux', architecture: 'amd64' }
          },
          {
            mediaType: DOCKER_V2,
            digest: arm.digest,
            size: arm.manifest.length,
            platform: { os: 'linux', architecture: 'arm64' }
          }
        ]
      })
      const put = await registryFetch('/v2/multi/manifests/v1', {
        method: 'PUT',
        headers: { 'content-type': INDEX },
        body: index
      })
      expect(put.status).toBe(201)
      const indexDigest = put.headers.get('docker-content-digest')
      const listed = await call('DescribeImages', { repositoryName: 'multi' })
      expect(
        listed.imageDetails
          .map((d: any) => [d.imageDigest, d.imageTags ?? [], d.imageManifestMediaType])
          .sort()
      ).toEqual(
        [
          [indexDigest, ['v1'], INDEX],
          [amd.digest, [], DOCKER_V2],
          [arm.digest, [], DOCKER_V2]
        ].sort()
      )
      const got = await call('BatchGetImage', {
        repositoryName: 'multi',
        imageIds: [{ imageDigest: arm.digest }]
      })
      expect(got.failures).toEqual([])
      expect(got.images[0].imageManifest).toBe(arm.manifest)
    })

    it('refuses to move a tag in an immutable repository', async () => {
      await call('CreateRepository', { repositoryName: 'frozen', imageTagMutability: 'IMMUTABLE' })
      const one = await pushImage('frozen', 'v1')
      const two = await pushImage('frozen', 'v2')
      const error = await failure('PutImage', {
        repositoryName: 'frozen',
        imageManifest: two.manifest,
        imageTag: 'v1'
      })
      expect([error.code, error.message]).toEqual([
        'ImageTagAlreadyExistsException',
        "The image tag 'v1' already exists in the 'frozen' repository and cannot be overwritten because the repository is immutable."
      ])
      const still = await call('DescribeImages', {
        repositoryName: 'frozen',
        imageIds: [{ imageTag: 'v1' }]
      })
      expect(still.imageDetails[0].imageDigest).toBe(one.digest)
    })

    it('deletes a repository only when empty unless forced', async () => {
      await call('CreateRepository', { repositoryName: 'temp' })
      await pushImage('temp', 'v1')
      expect((await failure('DeleteRepository', { repositoryName: 'temp' })).code).toBe(
        'RepositoryNotEmptyException'
      )
      await call('DeleteRepository', { repositoryName: 'temp', force: true })
      expect((await failure('DescribeRepositories', { repositoryNames: ['temp'] })).code).toBe(
        'RepositoryNotFoundException'
      )
      expect((await registryFetch('/v2/temp/tags/list')).status).toBe(200)
      const tags = (await (await registryFetch('/v2/temp/tags/list')).json()) as {
        tags: string[] | null
      }
      expect(tags.tags ?? []).toEqual([])
    })
  })

  it('forgets repositories on reset', async () => {
    expect(ecr.snapshot().repositories.length).toBeGreaterThan(0)
    ecr.reset()
    expect(ecr.snapshot().repositories).toEqual([])
    expect((await failure('DescribeRepositories', { repositoryNames: ['app'] })).code).toBe(
      'RepositoryNotFoundException'
    )
  })
})

describe('createEcrService', () => {
  it('needs a registry to keep images in', () => {
    expect(() => createEcrService({ region: 'eu-west-1', accountId: ACCOUNT })).toThrow(
      'needs a registry'
    )
  })
})
