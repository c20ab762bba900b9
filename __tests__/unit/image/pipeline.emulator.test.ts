/**
 * The image stage end to end, below the action: planImage/resolveImage with
 * the real ECR SDK client talking to the emulator over HTTP (ECR backed by a
 * real registry), and DockerCli driving the real docker engine.
 */
import { afterAll, beforeAll, expect, it } from '@jest/globals'
import { DescribeImagesCommand, ECRClient } from '@aws-sdk/client-ecr'
import { execFile } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { access, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import type { ImageSource } from '../../../src/inputs/config.js'
import { DockerCli } from '../../../src/image/docker.js'
import { createDockerConfig, removeDockerConfig } from '../../../src/image/docker-config.js'
import { planImage, resolveImage } from '../../../src/image/pipeline.js'
import { MemoryLogger } from '../../../src/util/log.js'
import { EMPTY_BUILDX_INPUTS } from '../../../src/image/buildx-args.js'
import { createEcrService } from '../../../test-support/emulator/ecr.js'
import { startEmulator, type Emulator } from '../../../test-support/emulator/server.js'
import {
  registryMissing,
  startTestRegistry,
  type TestRegistry
} from '../emulator/registry-fixture.js'
import { describeNeeding } from '../../../test-support/real-parts.js'

const run = promisify(execFile)
const REGION = 'eu-west-1'

/** Skips without a registry locally; fails in CI (test-support/real-parts.ts). */
const describeWithRegistry = (name: string, body: () => void): void =>
  describeNeeding(registryMissing, name, body)

describeWithRegistry('image pipeline against the emulator and a real registry', () => {
  let registry: TestRegistry
  let emulator: Emulator
  let ecr: ECRClient
  let work: string
  let context: string
  let dockerConfig: string
  const tag = randomBytes(20).toString('hex') // a commit SHA, as the default tag is
  const dockerOutput: string[] = []

  beforeAll(async () => {
    registry = await startTestRegistry()
    emulator = await startEmulator({
      region: REGION,
      registry: {
        url: registry.url,
        host: registry.host,
        username: registry.username,
        password: registry.password
      },
      jsonServices: [createEcrService]
    })
    ecr = new ECRClient({
      region: REGION,
      endpoint: emulator.url,
      credentials: { accessKeyId: 'AKIDTEST', secretAccessKey: 'secret' }
    })
    work = await mkdtemp(join(tmpdir(), 'image-e2e-'))
    context = join(work, 'app')
    await mkdir(context)
    await writeFile(join(context, 'hello.txt'), `hello ${randomBytes(8).toString('hex')}\n`)
    await writeFile(
      join(context, 'Dockerfile'),
      'FROM scratch\nARG EVIL\nARG SEMI\nLABEL evil="$EVIL" semi="$SEMI"\nCOPY hello.txt /hello.txt\n'
    )
    dockerConfig = await createDockerConfig(join(work, 'runner-temp'), { inheritFrom: '' })
  }, 60_000)

  afterAll(async () => {
    ecr?.destroy()
    await emulator?.close()
    await registry?.stop()
    await rm(work, { recursive: true, force: true })
  })

  function source(overrides: Partial<Extract<ImageSource, { kind: 'build' }>> = {}): ImageSource {
    return {
      kind: 'build',
      repository: 'web',
      createRepository: true,
      tags: [tag],
      context,
      dockerfile: join(context, 'Dockerfile'),
      buildArgs: [
        { name: 'EVIL', value: '$(rm -rf ~)' },
        { name: 'SEMI', value: '; touch /tmp/x' }
      ],
      skipIfExists: true,
      buildx: { ...EMPTY_BUILDX_INPUTS, revision: tag },
      ...overrides
    }
  }

  let digest = ''

  it('creates the repository, logs in with the ECR token, builds and pushes, pinned by digest', async () => {
    const log = new MemoryLogger()
    const plan = await planImage(source(), { ecr, log })
    expect(plan).toMatchObject({ action: 'build', createRepository: true })
    // Planning wrote nothing.
    expect(emulator.calls({ service: 'ecr' }).map((c) => c.operation)).toEqual([
      'DescribeRepositories'
    ])

    const docker = new DockerCli(dockerConfig, { output: (l) => dockerOutput.push(l) })
    const image = await resolveImage(plan, { ecr, docker, log })
    expect(image.built).toBe(true)
    expect(image.repositoryUri).toBe(`${registry.host}/web`)
    expect(image.reference).toMatch(new RegExp(`^${registry.host}/web@sha256:[a-f0-9]{64}$`))
    digest = image.digest ?? ''

    // What ECR (i.e. the registry) now holds under the tag is that digest.
    const described = await ecr.send(
      new DescribeImagesCommand({ repositoryName: 'web', imageIds: [{ imageTag: tag }] })
    )
    expect(described.imageDetails?.[0]?.imageDigest).toBe(digest)

    // The password was masked, and reached docker only through the private config.
    expect(log.secrets).toContain(registry.password)
    expect(log.lines.join('\n')).not.toContain(registry.password)
    expect(dockerOutput.join('\n')).not.toContain(registry.password)
    const config = await readFile(join(dockerConfig, 'config.json'), 'utf8')
    expect(config).toContain(registry.host)
    expect(log.lines).toContain(`Image digest ${digest} (from docker push).`)
  }, 120_000)

  it('passed the build args to docker as data: the labels hold them verbatim', async () => {
    const { stdout } = await run('docker', [
      'image',
      'inspect',
      '--format',
      '{{json .Config.Labels}}',
      `${registry.host}/web:${tag}`
    ])
    expect(JSON.parse(stdout)).toEqual({
      evil: '$(rm -rf ~)',
      semi: '; touch /tmp/x',
      'org.opencontainers.image.created': expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      'org.opencontainers.image.revision': tag
    })
    await expect(access('/tmp/x')).rejects.toThrow()
  })

  it('re-runs with the same tag reuse the image: no build, no login', async () => {
    emulator.clearCalls()
    const log = new MemoryLogger()
    const plan = await planImage(source(), { ecr, log })
    expect(plan).toMatchObject({ action: 'none', source: 'reused', digest })
    expect(log.lines).toContain(
      `Tag ${tag.slice(0, 7)}… already in ECR (${digest.slice(0, 19)}…) and the tag is this run's commit SHA: build skipped (skip-build-if-exists).`
    )
    const image = await resolveImage(plan, {
      ecr,
      docker: new DockerCli(join(work, 'unused'), { command: join(work, 'no-docker-here') }),
      log
    })
    expect(image).toEqual({
      reference: `${registry.host}/web@${digest}`,
      digest,
      built: false,
      tags: [tag],
      repositoryUri: `${registry.host}/web`
    })
    expect(emulator.calls({ service: 'ecr' }).map((c) => c.operation)).toEqual([
      'DescribeRepositories',
      'DescribeImages'
    ])
  })

  it('adds a missing extra tag to the reused image through ECR, without docker', async () => {
    const log = new MemoryLogger()
    const plan = await planImage(source({ tags: [tag, 'latest'] }), { ecr, log })
    expect(plan).toMatchObject({ action: 'tag', missingTags: ['latest'] })
    await resolveImage(plan, {
      ecr,
      docker: new DockerCli(join(work, 'unused'), { command: join(work, 'no-docker-here') }),
      log
    })
    const latest = await ecr.send(
      new DescribeImagesCommand({ repositoryName: 'web', imageIds: [{ imageTag: 'latest' }] })
    )
    expect(latest.imageDetails?.[0]?.imageDigest).toBe(digest)
    expect([...(latest.imageDetails?.[0]?.imageTags ?? [])].sort()).toEqual([tag, 'latest'].sort())
  })

  it('reuses a mutable tag only when its revision label (read from ECR and the registry) is this commit', async () => {
    const log = new MemoryLogger()
    const same = await planImage(source({ tags: ['latest'] }), { ecr, log })
    expect(same).toMatchObject({ action: 'none', source: 'reused', digest })
    expect(same.reason).toContain(
      `its org.opencontainers.image.revision label is this run's commit ${tag.slice(0, 12)}`
    )
    const other = randomBytes(20).toString('hex')
    const stale = await planImage(
      source({ tags: ['latest'], buildx: { ...EMPTY_BUILDX_INPUTS, revision: other } }),
      { ecr, log }
    )
    expect(stale).toMatchObject({ action: 'build', source: 'built' })
    expect(stale.reason).toContain(`its image is from commit ${tag}`)
    expect(stale.reason).toContain(`not this run's ${other.slice(0, 12)}`)
  })

  it('pins an existing image reference in the emulated ECR by digest', async () => {
    const log = new MemoryLogger()
    const plan = await planImage(
      { kind: 'existing', reference: `${registry.host}/web:latest` },
      { ecr, log }
    )
    expect(plan.plannedReference).toBe(`${registry.host}/web@${digest}`)
    const missing = planImage(
      { kind: 'existing', reference: `${registry.host}/web:nope` },
      { ecr, log }
    )
    await expect(missing).rejects.toThrow('tag nope does not exist in ECR repository web')
  })

  it('fails validation for a missing repository without create-repository, writing nothing', async () => {
    emulator.clearCalls()
    await expect(
      planImage(source({ repository: 'absent', createRepository: false }), {
        ecr,
        log: new MemoryLogger()
      })
    ).rejects.toThrow('`create-repository: true`')
    expect(emulator.calls({ service: 'ecr' }).map((c) => c.operation)).toEqual([
      'DescribeRepositories'
    ])
  })

  it('leaves no credentials behind once the config directory is removed', async () => {
    await removeDockerConfig(dockerConfig, { root: join(work, 'runner-temp') })
    await expect(access(dockerConfig)).rejects.toThrow()
    const left = await readdir(join(work, 'runner-temp'))
    expect(left).toEqual([])
  })
})
