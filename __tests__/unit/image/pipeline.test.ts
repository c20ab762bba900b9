import { afterEach, beforeEach, describe, expect, it } from '@jest/globals'
import {
  BatchGetImageCommand,
  CreateRepositoryCommand,
  DescribeImagesCommand,
  DescribeRepositoriesCommand,
  ECRClient,
  ECRServiceException,
  GetAuthorizationTokenCommand,
  ImageAlreadyExistsException,
  ImageNotFoundException,
  PutImageCommand,
  RepositoryAlreadyExistsException,
  RepositoryNotFoundException,
  type Repository
} from '@aws-sdk/client-ecr'
import { mockClient } from 'aws-sdk-client-mock'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { ImageSource } from '../../../src/inputs/config.js'
import { EMPTY_BUILDX_INPUTS } from '../../../src/image/buildx-args.js'
import { DockerCli } from '../../../src/image/docker.js'
import { createDockerConfig } from '../../../src/image/docker-config.js'
import {
  planImage,
  resolveImage,
  type BuildImagePlan,
  type ImagePlan
} from '../../../src/image/pipeline.js'
import { ActionError } from '../../../src/util/errors.js'
import { MemoryLogger } from '../../../src/util/log.js'
import { createFakeDocker, type FakeDocker } from './fake-docker.js'

const ACCOUNT = '123456789012'
const D1 = `sha256:${'1'.repeat(64)}`
const D2 = `sha256:${'2'.repeat(64)}`
const SHA = '3f2a9c1d0b8e7f6a5b4c3d2e1f0a9b8c7d6e5f4a'
const LOCAL_URI = '127.0.0.1:5055/app'
const ECR_URI = `${ACCOUNT}.dkr.ecr.eu-west-1.amazonaws.com/app`

const ecrMock = mockClient(ECRClient)
let ecr: ECRClient
let log: MemoryLogger

function repo(uri = LOCAL_URI, extra: Partial<Repository> = {}): Repository {
  return {
    repositoryName: 'app',
    repositoryUri: uri,
    registryId: ACCOUNT,
    imageTagMutability: 'MUTABLE',
    ...extra
  }
}

const notFoundRepo = (name = 'app'): RepositoryNotFoundException =>
  new RepositoryNotFoundException({
    message: `The repository with name '${name}' does not exist in the registry with id '${ACCOUNT}'`,
    $metadata: {}
  })
const notFoundImage = (tag: string): ImageNotFoundException =>
  new ImageNotFoundException({
    message: `The image with imageId {imageDigest:'null', imageTag:'${tag}'} does not exist within the repository with name 'app' in the registry with id '${ACCOUNT}'`,
    $metadata: {}
  })

function build(overrides: Partial<Extract<ImageSource, { kind: 'build' }>> = {}): ImageSource {
  return {
    kind: 'build',
    repository: 'app',
    createRepository: false,
    tags: [SHA],
    context: '.',
    dockerfile: './Dockerfile',
    buildArgs: [],
    skipIfExists: true,
    buildx: { ...EMPTY_BUILDX_INPUTS, revision: SHA },
    ...overrides
  }
}

function callNames(): string[] {
  return ecrMock
    .calls()
    .map((c) => (c.args[0] as { constructor: { name: string } }).constructor.name)
}

beforeEach(() => {
  ecrMock.reset()
  ecr = new ECRClient({ region: 'eu-west-1' })
  log = new MemoryLogger()
})

describe('planImage: build', () => {
  it('reports every invalid input at once, naming the inputs, before any AWS call', async () => {
    const error = await planImage(
      build({ repository: 'My_App', tags: ['ok', 'feature/x', '-rc'] }),
      {
        ecr,
        log
      }
    ).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(ActionError)
    const { message, details } = error as ActionError
    expect(message).toBe('3 image inputs are invalid:')
    expect(details).toEqual([
      expect.stringContaining('`ecr-repository` "My_App" is not a valid ECR repository name'),
      expect.stringContaining('`tags`: "feature/x" is not a valid image tag'),
      expect.stringContaining('`tags`: "-rc" is not a valid image tag')
    ])
    expect(ecrMock.calls()).toHaveLength(0)
  })

  it('a single invalid input is the message itself', async () => {
    await expect(planImage(build({ tags: ['a:b'] }), { ecr, log })).rejects.toThrow(
      '`tags`: "a:b" is not a valid image tag: it contains ":"'
    )
  })

  it('fails on a missing repository, naming ecr-repository and suggesting create-repository', async () => {
    ecrMock.on(DescribeRepositoriesCommand).rejects(notFoundRepo())
    const error = (await planImage(build(), { ecr, log }).catch((e: unknown) => e)) as ActionError
    expect(error).toBeInstanceOf(ActionError)
    expect(error.message).toBe(
      'ECR repository "app" (`ecr-repository`) does not exist in eu-west-1: set `create-repository: true` to have this action create it (scan on push on), or check the name and the region.'
    )
    expect(callNames()).toEqual(['DescribeRepositoriesCommand'])
  })

  it('plans the creation of a missing repository without creating it', async () => {
    ecrMock.on(DescribeRepositoriesCommand).rejects(notFoundRepo())
    const plan = await planImage(build({ createRepository: true }), { ecr, log })
    expect(plan).toMatchObject({
      action: 'build',
      source: 'built',
      createRepository: true,
      repository: { name: 'app' },
      plannedReference: `app:${SHA}`
    })
    expect(callNames()).toEqual(['DescribeRepositoriesCommand'])
    expect(log.lines).toEqual([
      'Builder: the legacy docker builder (no buildx plugin found); BuildKit-only inputs are unavailable.',
      'ECR repository app does not exist: it will be created (create-repository), then tag 3f2a9c1… built and pushed.'
    ])
  })

  it('reuses the image when the primary tag is already in ECR', async () => {
    ecrMock
      .on(DescribeRepositoriesCommand, { repositoryNames: ['app'] })
      .resolves({ repositories: [repo()] })
    ecrMock
      .on(DescribeImagesCommand, { repositoryName: 'app', imageIds: [{ imageTag: SHA }] })
      .resolves({ imageDetails: [{ imageDigest: D1, imageTags: [SHA, 'latest'] }] })
    const plan = await planImage(build({ tags: [SHA, 'latest', SHA] }), { ecr, log })
    expect(plan).toEqual({
      action: 'none',
      source: 'reused',
      repository: { name: 'app', uri: LOCAL_URI, registryId: ACCOUNT, tagMutability: 'MUTABLE' },
      digest: D1,
      tags: [SHA, 'latest'],
      missingTags: [],
      plannedReference: `${LOCAL_URI}@${D1}`,
      reason: `Tag 3f2a9c1… already in ECR (sha256:111111111111…) and the tag is this run's commit SHA: build skipped (skip-build-if-exists).`
    })
    expect(log.lines).toEqual([
      'Builder: the legacy docker builder (no buildx plugin found); BuildKit-only inputs are unavailable.',
      `ECR repository app: ${LOCAL_URI}`,
      plan.reason
    ])
  })

  it('plans adding the requested tags the reused image lacks', async () => {
    ecrMock.on(DescribeRepositoriesCommand).resolves({ repositories: [repo()] })
    ecrMock
      .on(DescribeImagesCommand)
      .resolves({ imageDetails: [{ imageDigest: D1, imageTags: [SHA] }] })
    const plan = await planImage(build({ tags: [SHA, 'latest'] }), { ecr, log })
    expect(plan).toMatchObject({ action: 'tag', missingTags: ['latest'] })
    expect(plan.reason).toContain('Tags latest will be added to it.')
  })

  it('builds when the primary tag is not in ECR', async () => {
    ecrMock.on(DescribeRepositoriesCommand).resolves({ repositories: [repo()] })
    ecrMock.on(DescribeImagesCommand).rejects(notFoundImage(SHA))
    const plan = await planImage(build(), { ecr, log })
    expect(plan).toMatchObject({
      action: 'build',
      createRepository: false,
      repository: { name: 'app', uri: LOCAL_URI },
      plannedReference: `${LOCAL_URI}:${SHA}`,
      reason: 'Tag 3f2a9c1… not in ECR yet: building.'
    })
  })

  it('rebuilds an existing tag when skip-build-if-exists is false, and says so', async () => {
    ecrMock.on(DescribeRepositoriesCommand).resolves({ repositories: [repo()] })
    ecrMock
      .on(DescribeImagesCommand)
      .resolves({ imageDetails: [{ imageDigest: D1, imageTags: [SHA] }] })
    const plan = await planImage(build({ skipIfExists: false }), { ecr, log })
    expect(plan.action).toBe('build')
    expect(plan.reason).toBe(
      'Tag 3f2a9c1… already in ECR (sha256:111111111111…) but skip-build-if-exists is false: building and pushing over it.'
    )
  })

  it('fails before any write when an immutable repository would reject the push', async () => {
    ecrMock
      .on(DescribeRepositoriesCommand)
      .resolves({ repositories: [repo(LOCAL_URI, { imageTagMutability: 'IMMUTABLE' })] })
    ecrMock
      .on(DescribeImagesCommand)
      .resolves({ imageDetails: [{ imageDigest: D1, imageTags: [SHA] }] })
    await expect(planImage(build({ skipIfExists: false }), { ecr, log })).rejects.toThrow(
      'immutable ECR repository app'
    )
  })

  it('fails before any write when an immutable repository holds another tag elsewhere', async () => {
    ecrMock
      .on(DescribeRepositoriesCommand)
      .resolves({ repositories: [repo(LOCAL_URI, { imageTagMutability: 'IMMUTABLE' })] })
    ecrMock.on(DescribeImagesCommand, { imageIds: [{ imageTag: SHA }] }).rejects(notFoundImage(SHA))
    ecrMock
      .on(DescribeImagesCommand, { imageIds: [{ imageTag: 'latest' }] })
      .resolves({ imageDetails: [{ imageDigest: D2, imageTags: ['latest'] }] })
    await expect(planImage(build({ tags: [SHA, 'latest'] }), { ecr, log })).rejects.toThrow(
      '`tags`: latest already names another image (sha256:222222222222…) in the immutable ECR repository app'
    )
  })

  it('describes an AWS error with what was being done and what to check', async () => {
    ecrMock.on(DescribeRepositoriesCommand).rejects(
      new ECRServiceException({
        name: 'AccessDeniedException',
        $fault: 'client',
        message:
          'User: arn:aws:iam::1:role/x is not authorized to perform: ecr:DescribeRepositories',
        $metadata: {}
      })
    )
    const error = (await planImage(build(), { ecr, log }).catch((e: unknown) => e)) as ActionError
    expect(error).toBeInstanceOf(ActionError)
    expect(error.message).toMatch(/^Looking up ECR repository app failed: AccessDeniedException: /)
    expect(error.message).toContain('IAM policy')
  })

  it('refuses a build ECS could not run (runtimePlatform) before any AWS call', async () => {
    const plan = planImage(build({ platform: 'linux/amd64' }), {
      ecr,
      log,
      cpuArchitecture: 'ARM64'
    })
    await expect(plan).rejects.toThrow(
      "`platform`: the task definition's runtimePlatform.cpuArchitecture is ARM64 (linux/arm64) but the image is built for linux/amd64"
    )
    expect(callNames()).toEqual([])
    // No platform given: the runner's own is what would be built.
    await expect(
      planImage(build(), { ecr, log, cpuArchitecture: 'ARM64', arch: 'x64' })
    ).rejects.toThrow('(not set: this runner builds linux/amd64)')
    expect(callNames()).toEqual([])
  })

  it('accepts several platforms that include the runtime platform', async () => {
    ecrMock.on(DescribeRepositoriesCommand).resolves({ repositories: [repo()] })
    ecrMock.on(DescribeImagesCommand).rejects(notFoundImage(SHA))
    const builder = { buildx: 'v0.13', driver: 'docker-container', containerdStore: false }
    const plan = await planImage(build({ platform: 'linux/amd64,linux/arm64' }), {
      ecr,
      log,
      cpuArchitecture: 'ARM64',
      builder: () => Promise.resolve(builder)
    })
    expect(plan).toMatchObject({ action: 'build', builder })
    expect(log.lines[0]).toContain(
      'Builder: BuildKit through buildx (v0.13; builder ?, driver docker-container)'
    )
  })

  it('refuses BuildKit-only inputs without buildx, and export-only ones on the plain docker driver, before any AWS call', async () => {
    const secrets = { ...EMPTY_BUILDX_INPUTS, secrets: [{ id: 'a', env: 'A' }], revision: SHA }
    await expect(planImage(build({ buildx: secrets }), { ecr, log })).rejects.toThrow(
      '`build-secrets` need BuildKit through buildx'
    )
    const docker = { buildx: 'v0.13', name: 'default', driver: 'docker', containerdStore: false }
    await expect(
      planImage(build({ platform: 'linux/amd64,linux/arm64' }), {
        ecr,
        log,
        builder: () => Promise.resolve(docker)
      })
    ).rejects.toThrow(
      '`platform (several platforms)` need a builder that can export (cache, attestations, several platforms); the current builder default uses the docker driver'
    )
    expect(callNames()).toEqual([])
  })

  it('rebuilds a mutable tag it cannot show to be this commit, and says why', async () => {
    ecrMock.on(DescribeRepositoriesCommand).resolves({ repositories: [repo()] })
    ecrMock
      .on(DescribeImagesCommand)
      .resolves({ imageDetails: [{ imageDigest: D1, imageTags: ['latest'] }] })
    ecrMock.on(GetAuthorizationTokenCommand).resolves({ authorizationData: [] })
    const plan = await planImage(build({ tags: ['latest'] }), { ecr, log })
    expect(plan).toMatchObject({ action: 'build', source: 'built' })
    expect(plan.reason).toContain(
      'Tag latest already in ECR (sha256:111111111111…) but its org.opencontainers.image.revision label could not be read'
    )
    expect(plan.reason).toContain('building this commit and pushing over it')
    expect(callNames()).not.toContain('PutImageCommand')
  })

  it('fails before any write when an immutable tag holds an image that is not this commit', async () => {
    ecrMock
      .on(DescribeRepositoriesCommand)
      .resolves({ repositories: [repo(LOCAL_URI, { imageTagMutability: 'IMMUTABLE' })] })
    ecrMock
      .on(DescribeImagesCommand)
      .resolves({ imageDetails: [{ imageDigest: D1, imageTags: ['v1'] }] })
    ecrMock.on(GetAuthorizationTokenCommand).resolves({ authorizationData: [] })
    const plan = planImage(build({ tags: ['v1'] }), { ecr, log })
    await expect(plan).rejects.toThrow(
      'Tag v1 already exists in the immutable ECR repository app, but its org.opencontainers.image.revision label could not be read'
    )
    await expect(plan).rejects.toThrow('Use a tag that is new for every commit')
    expect(callNames().filter((n) => /Put|Create|Batch(Delete)/.test(n))).toEqual([])
  })

  it('plans a repository of another region (an ecr-repository URI) with that region’s client only', async () => {
    const west = new ECRClient({ region: 'us-west-2' })
    const asked: string[] = []
    const ecrIn = (region: string): ECRClient => (asked.push(region), west)
    ecrMock
      .on(DescribeRepositoriesCommand, { registryId: ACCOUNT, repositoryNames: ['app'] })
      .resolves({ repositories: [repo(`${ACCOUNT}.dkr.ecr.us-west-2.amazonaws.com/app`)] })
    ecrMock.on(DescribeImagesCommand).rejects(notFoundImage(SHA))
    const plan = await planImage(build({ registryId: ACCOUNT, region: 'us-west-2' }), {
      ecr,
      ecrIn,
      log
    })
    expect(plan).toMatchObject({ action: 'build', repository: { registryId: ACCOUNT } })
    expect(asked).toEqual(['us-west-2'])
    expect(callNames()).toEqual(['DescribeRepositoriesCommand', 'DescribeImagesCommand'])
    expect(ecrMock.calls().every((c) => c.thisValue === west)).toBe(true)

    ecrMock.reset()
    ecrMock.on(DescribeRepositoriesCommand).rejects(notFoundRepo())
    await expect(
      planImage(build({ registryId: '210987654321', region: 'us-west-2' }), { ecr, ecrIn, log })
    ).rejects.toThrow(
      'ECR repository "app" (`ecr-repository`) does not exist in registry 210987654321 (us-west-2), or this role may not read it'
    )
    expect(ecrMock.calls().every((c) => c.thisValue === west)).toBe(true)
  })

  it('refuses a config with no image at all', async () => {
    await expect(planImage({ kind: 'none' }, { ecr, log })).rejects.toThrow('Nothing to deploy')
  })
})

describe('planImage: existing image', () => {
  it.each([
    ['Bad:Ref', '`image` "Bad:Ref" is not a valid image reference'],
    ['nginx:-x', '`image` "nginx:-x" is not a valid image reference: it has a tag']
  ])('rejects %s naming the input', async (reference, message) => {
    await expect(planImage({ kind: 'existing', reference }, { ecr, log })).rejects.toThrow(message)
    expect(ecrMock.calls()).toHaveLength(0)
  })

  it.each([
    [`ghcr.io/o/app@${D1}`, D1, 'pinned by digest already'],
    ['nginx:1.25', undefined, 'not in ECR (Docker Hub)']
  ])('%s is deployed as given without AWS calls', async (reference, digest, why) => {
    const plan = await planImage({ kind: 'existing', reference }, { ecr, log })
    expect(plan).toMatchObject({ action: 'none', source: 'given', plannedReference: reference })
    expect(plan.source === 'given' ? plan.digest : 'not given').toBe(digest)
    expect(plan.reason).toContain(why)
    expect(ecrMock.calls()).toHaveLength(0)
  })

  it('pins an ECR image of this region by digest', async () => {
    ecrMock
      .on(DescribeRepositoriesCommand, { registryId: ACCOUNT, repositoryNames: ['app'] })
      .resolves({ repositories: [repo(ECR_URI)] })
    ecrMock
      .on(DescribeImagesCommand, { repositoryName: 'app', imageIds: [{ imageTag: 'v1' }] })
      .resolves({ imageDetails: [{ imageDigest: D1, imageTags: ['v1'] }] })
    const plan = await planImage({ kind: 'existing', reference: `${ECR_URI}:v1` }, { ecr, log })
    expect(plan).toEqual({
      action: 'none',
      source: 'given',
      plannedReference: `${ECR_URI}@${D1}`,
      digest: D1,
      repositoryUri: ECR_URI,
      reason: `Image ${ECR_URI}:v1 found in ECR (sha256:111111111111…): deployed pinned by digest.`
    })
  })

  it('looks up `latest` when the reference has no tag', async () => {
    ecrMock.on(DescribeRepositoriesCommand).resolves({ repositories: [repo(ECR_URI)] })
    ecrMock.on(DescribeImagesCommand).resolves({ imageDetails: [{ imageDigest: D1 }] })
    await planImage({ kind: 'existing', reference: ECR_URI }, { ecr, log })
    expect(ecrMock.commandCalls(DescribeImagesCommand)[0]?.args[0].input.imageIds).toEqual([
      { imageTag: 'latest' }
    ])
  })

  it('pins an image of a registry whose repositoryUri host matches (the local registry)', async () => {
    ecrMock
      .on(DescribeRepositoriesCommand, { repositoryNames: ['app'] })
      .resolves({ repositories: [repo()] })
    ecrMock
      .on(DescribeImagesCommand)
      .resolves({ imageDetails: [{ imageDigest: D2, imageTags: ['t1'] }] })
    const plan = await planImage({ kind: 'existing', reference: `${LOCAL_URI}:t1` }, { ecr, log })
    expect(plan.plannedReference).toBe(`${LOCAL_URI}@${D2}`)
    expect(ecrMock.commandCalls(DescribeRepositoriesCommand)[0]?.args[0].input).toEqual({
      repositoryNames: ['app']
    })
  })

  it('deploys as given when a same-named repository lives on another host', async () => {
    ecrMock.on(DescribeRepositoriesCommand).resolves({ repositories: [repo(ECR_URI)] })
    const plan = await planImage({ kind: 'existing', reference: 'ghcr.io/app:1' }, { ecr, log })
    expect(plan).toMatchObject({ action: 'none', plannedReference: 'ghcr.io/app:1' })
    expect(plan.reason).toContain("not in this account's ECR")
    expect(ecrMock.commandCalls(DescribeImagesCommand)).toHaveLength(0)
  })

  it('deploys a foreign registry image as given when the ECR lookup fails', async () => {
    ecrMock.on(DescribeRepositoriesCommand).rejects(notFoundRepo('o/app'))
    const plan = await planImage({ kind: 'existing', reference: 'ghcr.io/o/app:1' }, { ecr, log })
    expect(plan.plannedReference).toBe('ghcr.io/o/app:1')
  })

  it('fails when the ECR repository of the image does not exist', async () => {
    ecrMock.on(DescribeRepositoriesCommand).rejects(notFoundRepo())
    await expect(
      planImage({ kind: 'existing', reference: `${ECR_URI}:v1` }, { ecr, log })
    ).rejects.toThrow(
      `\`image\` ${ECR_URI}:v1: ECR repository app does not exist in registry ${ACCOUNT}`
    )
  })

  it('fails when the tag is not in ECR', async () => {
    ecrMock.on(DescribeRepositoriesCommand).resolves({ repositories: [repo(ECR_URI)] })
    ecrMock.on(DescribeImagesCommand).rejects(notFoundImage('v9'))
    await expect(
      planImage({ kind: 'existing', reference: `${ECR_URI}:v9` }, { ecr, log })
    ).rejects.toThrow('tag v9 does not exist in ECR repository app')
  })

  it('does not look up an ECR image of another region with this region’s client', async () => {
    const other = `${ACCOUNT}.dkr.ecr.us-east-1.amazonaws.com/app:v1`
    const plan = await planImage({ kind: 'existing', reference: other }, { ecr, log })
    expect(plan.plannedReference).toBe(other)
    expect(plan.reason).toContain('in ECR in us-east-1, not in this run')
    expect(ecrMock.calls()).toHaveLength(0)
  })

  it('warns and deploys as given when ECR may not be read', async () => {
    ecrMock.on(DescribeRepositoriesCommand).rejects(
      new ECRServiceException({
        name: 'AccessDeniedException',
        $fault: 'client',
        message: 'not authorized',
        $metadata: {}
      })
    )
    const plan = await planImage({ kind: 'existing', reference: `${ECR_URI}:v1` }, { ecr, log })
    expect(plan.plannedReference).toBe(`${ECR_URI}:v1`)
    expect(log.lines[0]).toMatch(/^warning: Could not look up app in ECR \(AccessDeniedException\)/)
  })
})

describe('resolveImage', () => {
  let fake: FakeDocker
  let work: string
  let docker: DockerCli
  let dockerOutput: string[]
  const events: string[] = []
  const password = 'eyJwYXlsb2FkIjoiZmFrZSJ9-the-password'
  const token = Buffer.from(`AWS:${password}`).toString('base64')
  const savedEnv = { ...process.env }

  class EventLogger extends MemoryLogger {
    override info(m: string): void {
      events.push(`info:${m}`)
      super.info(m)
    }
    override secret(v: string): void {
      events.push(`secret:${v}`)
      super.secret(v)
    }
  }

  beforeEach(async () => {
    events.length = 0
    fake = await createFakeDocker()
    process.env['FAKE_DOCKER_DIGEST'] = D2
    work = await mkdtemp(join(tmpdir(), 'resolve-test-'))
    dockerOutput = []
    docker = new DockerCli(await createDockerConfig(work, { inheritFrom: '' }), {
      command: fake.command,
      output: (l) => dockerOutput.push(l)
    })
    log = new EventLogger()
    ecrMock.on(GetAuthorizationTokenCommand).callsFake(() => {
      events.push('aws:GetAuthorizationToken')
      return {
        authorizationData: [
          {
            authorizationToken: token,
            proxyEndpoint: 'http://127.0.0.1:5055',
            expiresAt: new Date('2026-11-22T11:00:00Z')
          }
        ]
      }
    })
  })

  afterEach(async () => {
    process.env = { ...savedEnv }
    await rm(fake.dir, { recursive: true, force: true })
    await rm(work, { recursive: true, force: true })
  })

  function buildPlan(overrides: Partial<BuildImagePlan> = {}): BuildImagePlan {
    return {
      action: 'build',
      source: 'built',
      build: {
        kind: 'build',
        repository: 'app',
        createRepository: false,
        tags: ['v1', 'latest'],
        context: 'ctx',
        dockerfile: 'ctx/Dockerfile',
        buildArgs: [{ name: 'EVIL', value: '$(rm -rf ~)' }],
        target: 'runtime',
        skipIfExists: true
      },
      repository: { name: 'app', uri: LOCAL_URI },
      createRepository: false,
      builder: { containerdStore: false },
      ghaCache: false,
      plannedReference: `${LOCAL_URI}:v1`,
      reason: 'Tag v1 not in ECR yet: building.',
      ...overrides
    }
  }

  it('returns a given image without side effects', async () => {
    const plan: ImagePlan = {
      action: 'none',
      source: 'given',
      plannedReference: `${ECR_URI}@${D1}`,
      digest: D1,
      repositoryUri: ECR_URI,
      reason: 'x'
    }
    await expect(resolveImage(plan, { ecr, docker, log })).resolves.toEqual({
      reference: `${ECR_URI}@${D1}`,
      digest: D1,
      built: false,
      tags: [],
      repositoryUri: ECR_URI
    })
    expect(ecrMock.calls()).toHaveLength(0)
    expect(await fake.calls()).toEqual([])
  })

  it('reuses an image without docker, adding missing tags through the ECR API', async () => {
    ecrMock.on(BatchGetImageCommand).resolves({
      images: [
        {
          imageId: { imageDigest: D1 },
          imageManifest: '{"schemaVersion":2}',
          imageManifestMediaType: 'application/vnd.oci.image.manifest.v1+json'
        }
      ]
    })
    ecrMock
      .on(PutImageCommand, { imageTag: 'stable' })
      .rejects(new ImageAlreadyExistsException({ message: 'already', $metadata: {} }))
    ecrMock.on(PutImageCommand, { imageTag: 'latest' }).resolves({})
    const plan: ImagePlan = {
      action: 'tag',
      source: 'reused',
      repository: { name: 'app', uri: LOCAL_URI, registryId: ACCOUNT },
      digest: D1,
      tags: ['v1', 'latest', 'stable'],
      missingTags: ['latest', 'stable'],
      plannedReference: `${LOCAL_URI}@${D1}`,
      reason: 'x'
    }
    const image = await resolveImage(plan, { ecr, docker, log })
    expect(image).toEqual({
      reference: `${LOCAL_URI}@${D1}`,
      digest: D1,
      built: false,
      tags: ['v1', 'latest', 'stable'],
      repositoryUri: LOCAL_URI
    })
    expect(ecrMock.commandCalls(BatchGetImageCommand)[0]?.args[0].input).toMatchObject({
      repositoryName: 'app',
      registryId: ACCOUNT,
      imageIds: [{ imageDigest: D1 }]
    })
    expect(ecrMock.commandCalls(PutImageCommand).map((c) => c.args[0].input)).toEqual(
      ['latest', 'stable'].map((tag) => ({
        repositoryName: 'app',
        registryId: ACCOUNT,
        imageManifest: '{"schemaVersion":2}',
        imageManifestMediaType: 'application/vnd.oci.image.manifest.v1+json',
        imageTag: tag,
        imageDigest: D1
      }))
    )
    expect(await fake.calls()).toEqual([])
    expect(log.lines.at(-1)).toMatch(/^Added tags latest, stable to sha256:111111111111… in \d+ms/)
  })

  it('logs in to a repository of another region with that region’s client; `registries` stay in the run’s region', async () => {
    const west = new ECRClient({ region: 'us-west-2' })
    const plan = buildPlan()
    const image = await resolveImage(
      {
        ...plan,
        build: {
          ...plan.build,
          registryId: ACCOUNT,
          region: 'us-west-2',
          buildx: { ...EMPTY_BUILDX_INPUTS, registries: ['210987654321'] }
        },
        repository: { ...plan.repository, registryId: ACCOUNT }
      },
      { ecr, ecrIn: () => west, docker, log }
    )
    expect(image.digest).toBe(D2)
    const tokens = ecrMock.commandCalls(GetAuthorizationTokenCommand)
    expect(tokens.map((c) => [c.args[0].input.registryIds, c.thisValue === west])).toEqual([
      [[ACCOUNT], true],
      [['210987654321'], false]
    ])
  })

  it('creates the repository, masks the password first, logs in, builds, pushes every tag', async () => {
    ecrMock.on(CreateRepositoryCommand).callsFake((input: { repositoryName: string }) => {
      events.push('aws:CreateRepository')
      return { repository: { ...repo(), repositoryName: input.repositoryName } }
    })
    const image = await resolveImage(
      buildPlan({ repository: { name: 'app' }, createRepository: true }),
      { ecr, docker, log }
    )
    expect(image).toEqual({
      reference: `${LOCAL_URI}@${D2}`,
      digest: D2,
      built: true,
      tags: ['v1', 'latest'],
      repositoryUri: LOCAL_URI
    })
    expect(ecrMock.commandCalls(CreateRepositoryCommand)[0]?.args[0].input).toEqual({
      repositoryName: 'app',
      imageScanningConfiguration: { scanOnPush: true }
    })

    // The token and the password are masked right after GetAuthorizationToken, before anything.
    const at = events.indexOf('aws:GetAuthorizationToken')
    expect(events.slice(at, at + 3)).toEqual([
      'aws:GetAuthorizationToken',
      `secret:${token}`,
      `secret:${password}`
    ])
    // Neither appears in any log line, docker argv or docker output.
    const calls = await fake.calls()
    for (const text of [
      log.lines.join('\n'),
      JSON.stringify(calls.map((c) => c.args)),
      dockerOutput.join('\n')
    ]) {
      expect(text).not.toContain(password)
      expect(text).not.toContain(token)
    }

    expect(calls.map((c) => c.args)).toEqual([
      ['login', '--username', 'AWS', '--password-stdin', '127.0.0.1:5055'],
      [
        'build',
        '--file',
        'ctx/Dockerfile',
        '--build-arg',
        'EVIL=$(rm -rf ~)',
        '--label',
        expect.stringMatching(/^org\.opencontainers\.image\.created=\d{4}-/),
        '--target',
        'runtime',
        '--tag',
        `${LOCAL_URI}:v1`,
        '--tag',
        `${LOCAL_URI}:latest`,
        '--',
        'ctx'
      ],
      ['push', `${LOCAL_URI}:v1`],
      ['push', `${LOCAL_URI}:latest`]
    ])
    expect(calls[0]?.stdin).toBe(password)

    const lines = log.lines.map((l) => l.replace(/ in [\d.]+m?s/, ' in <t>'))
    expect(lines).toEqual([
      `Created ECR repository app (scan on push) in <t>: ${LOCAL_URI}`,
      'Logged in to 127.0.0.1:5055 in <t> (token valid until 2026-11-22T11:00:00.000Z); credentials kept in a private DOCKER_CONFIG for this run only.',
      `Building ${LOCAL_URI}:v1 with the legacy builder (context ctx, Dockerfile ctx/Dockerfile, build args EVIL, target runtime).`,
      'Built in <t>.',
      `Pushed ${LOCAL_URI}:v1 in <t>.`,
      `Pushed ${LOCAL_URI}:latest in <t>.`,
      `Image digest ${D2} (from docker push).`
    ])
  })

  it('uses a repository created concurrently', async () => {
    ecrMock
      .on(CreateRepositoryCommand)
      .rejects(new RepositoryAlreadyExistsException({ message: 'exists', $metadata: {} }))
    ecrMock.on(DescribeRepositoriesCommand).resolves({ repositories: [repo()] })
    const image = await resolveImage(
      buildPlan({ repository: { name: 'app' }, createRepository: true }),
      { ecr, docker, log }
    )
    expect(image.repositoryUri).toBe(LOCAL_URI)
    expect(log.lines[0]).toBe(`ECR repository app was created concurrently; using it: ${LOCAL_URI}`)
  })

  it('falls back to docker image inspect for the digest', async () => {
    process.env['FAKE_DOCKER_NO_DIGEST'] = '1'
    const image = await resolveImage(buildPlan(), { ecr, docker, log })
    expect(image.reference).toBe(`${LOCAL_URI}@${D2}`)
    expect((await fake.calls()).at(-1)?.args).toEqual([
      'image',
      'inspect',
      '--format',
      '{{json .RepoDigests}}',
      `${LOCAL_URI}:v1`
    ])
    expect(log.lines.at(-1)).toBe(`Image digest ${D2} (from docker image inspect).`)
  })

  it('stops at a failed build: nothing is pushed', async () => {
    process.env['FAKE_DOCKER_FAIL'] = 'build'
    process.env['FAKE_DOCKER_ERROR'] = 'ERROR: failed to solve: COPY failed'
    await expect(resolveImage(buildPlan(), { ecr, docker, log })).rejects.toThrow(
      'docker build failed (exit code 1): ERROR: failed to solve: COPY failed'
    )
    expect((await fake.calls()).map((c) => c.args[0])).toEqual(['login', 'build'])
  })

  it('fails with a clear message when the registry refuses the login', async () => {
    process.env['FAKE_DOCKER_FAIL'] = 'login'
    process.env['FAKE_DOCKER_ERROR'] =
      'Error response from daemon: login attempt failed: unauthorized'
    const error = (await resolveImage(buildPlan(), { ecr, docker, log }).catch(
      (e: unknown) => e
    )) as ActionError
    expect(error.message).toBe(
      'docker login failed (exit code 1): Error response from daemon: login attempt failed: unauthorized'
    )
    expect(error.message).not.toContain(password)
  })
})
