import { afterEach, beforeEach, describe, expect, it } from '@jest/globals'
import { access, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { DockerCli } from '../../../src/image/docker.js'
import { createDockerConfig, removeDockerConfig } from '../../../src/image/docker-config.js'
import { ActionError } from '../../../src/util/errors.js'
import { createFakeDocker, type FakeDocker } from './fake-docker.js'

const DIGEST = `sha256:${'d'.repeat(64)}`

let fake: FakeDocker
let work: string
let configDir: string
let output: string[]
const savedEnv = { ...process.env }

beforeEach(async () => {
  fake = await createFakeDocker()
  work = await mkdtemp(join(tmpdir(), 'docker-cli-test-'))
  configDir = await createDockerConfig(work, { inheritFrom: '' })
  output = []
})

afterEach(async () => {
  process.env = { ...savedEnv }
  await rm(fake.dir, { recursive: true, force: true })
  await rm(work, { recursive: true, force: true })
})

function cli(): DockerCli {
  return new DockerCli(configDir, { command: fake.command, output: (l) => output.push(l) })
}

describe('DockerCli against a fake docker executable', () => {
  it('passes shell metacharacters in build args literally: nothing is run by a shell', async () => {
    const marker = join(work, 'pwned')
    const buildArgs = [
      { name: 'SUB', value: `$(touch ${marker})` },
      { name: 'SEMI', value: `; touch ${marker}` },
      { name: 'TICKS', value: `\`touch ${marker}\`` },
      { name: 'AMP', value: `x && touch ${marker} || true` },
      { name: 'NL', value: `a\nb` }
    ]
    await cli().build({ context: '.', dockerfile: 'Dockerfile', tags: ['r/app:v1'], buildArgs })
    const [call] = await fake.calls()
    expect(call?.args).toEqual([
      'build',
      '--file',
      'Dockerfile',
      ...buildArgs.flatMap((a) => ['--build-arg', `${a.name}=${a.value}`]),
      '--tag',
      'r/app:v1',
      '--',
      '.'
    ])
    await expect(access(marker)).rejects.toThrow()
  })

  it('sets DOCKER_CONFIG to the private directory on every command', async () => {
    const docker = cli()
    await docker.login('127.0.0.1:5055', 'AWS', 'pw')
    await docker.build({
      context: '.',
      dockerfile: 'Dockerfile',
      tags: ['r/app:v1'],
      buildArgs: []
    })
    await docker.push('r/app:v1')
    await docker.repoDigests('r/app:v1')
    const calls = await fake.calls()
    expect(calls.map((c) => c.args[0])).toEqual(['login', 'build', 'push', 'image'])
    for (const call of calls) expect(call.dockerConfig).toBe(configDir)
  })

  it('logs in with the password on stdin only, and the login lands in the private config', async () => {
    const password = 'eyJwYXlsb2FkIjoi-secret'
    await cli().login('127.0.0.1:5055', 'AWS', password)
    const [call] = await fake.calls()
    expect(call?.args).toEqual(['login', '--username', 'AWS', '--password-stdin', '127.0.0.1:5055'])
    expect(call?.stdin).toBe(password)
    expect(JSON.stringify(call?.args)).not.toContain(password)
    const config = JSON.parse(await readFile(join(configDir, 'config.json'), 'utf8')) as {
      auths: Record<string, { auth: string }>
    }
    expect(config.auths['127.0.0.1:5055']?.auth).toBe(
      Buffer.from(`AWS:${password}`).toString('base64')
    )
    // Login output is not streamed anywhere.
    expect(output).toEqual([])
  })

  it('removes an inherited credential helper for the login host before logging in', async () => {
    await writeFile(
      join(configDir, 'config.json'),
      JSON.stringify({ credHelpers: { '127.0.0.1:5055': 'ecr-login', 'gcr.io': 'gcloud' } })
    )
    await cli().login('127.0.0.1:5055', 'AWS', 'pw')
    const config = JSON.parse(await readFile(join(configDir, 'config.json'), 'utf8')) as {
      credHelpers: Record<string, string>
    }
    expect(config.credHelpers).toEqual({ 'gcr.io': 'gcloud' })
  })

  it('streams build output to the output sink', async () => {
    await cli().build({ context: '.', dockerfile: 'Dockerfile', tags: ['r/app:v1'], buildArgs: [] })
    expect(output).toEqual(['Step 1/2 : FROM scratch', 'Successfully built 0123456789ab'])
  })

  it('returns the digest docker push reports for the pushed tag', async () => {
    process.env['FAKE_DOCKER_DIGEST'] = DIGEST
    await expect(cli().push('127.0.0.1:5055/app:v1')).resolves.toBe(DIGEST)
  })

  it('returns undefined when push reports no digest, and inspect finds it', async () => {
    process.env['FAKE_DOCKER_DIGEST'] = DIGEST
    process.env['FAKE_DOCKER_NO_DIGEST'] = '1'
    const docker = cli()
    await expect(docker.push('127.0.0.1:5055/app:v1')).resolves.toBeUndefined()
    await expect(docker.repoDigests('127.0.0.1:5055/app:v1')).resolves.toEqual([
      `127.0.0.1:5055/app@${DIGEST}`
    ])
  })

  it('turns a failure into an ActionError with the last stderr line', async () => {
    process.env['FAKE_DOCKER_FAIL'] = 'push'
    process.env['FAKE_DOCKER_ERROR'] = 'denied: requested access to the resource is denied'
    const error = await cli()
      .push('r/app:v1')
      .catch((e: unknown) => e)
    expect(error).toBeInstanceOf(ActionError)
    expect((error as ActionError).message).toBe(
      'docker push failed (exit code 1): denied: requested access to the resource is denied'
    )
    expect((error as ActionError).details).toEqual(['first error line'])
  })

  it('gives docker no inputs, Actions tokens or AWS credentials, except what a command needs', async () => {
    process.env['INPUT_GITHUB-TOKEN'] = 'ghs_secret'
    process.env['ACTIONS_RUNTIME_TOKEN'] = 'runtime'
    process.env['ACTIONS_ID_TOKEN_REQUEST_TOKEN'] = 'oidc'
    process.env['AWS_SECRET_ACCESS_KEY'] = 'aws-secret'
    process.env['AWS_SESSION_TOKEN'] = 'aws-session'
    process.env['BUILD_TOKEN'] = 'value-of-the-build-token'
    await cli().login('127.0.0.1:5055', 'AWS', 'pw')
    const metadataFile = join(work, 'metadata.json')
    const metadata = await cli().buildxBuild(
      {
        context: 'ctx',
        dockerfile: 'ctx/Dockerfile',
        tags: ['r/app:v1'],
        buildArgs: [],
        labels: [],
        secrets: [{ id: 'tok', env: 'BUILD_TOKEN' }],
        cacheFrom: ['type=gha'],
        cacheTo: [],
        noCache: false,
        pull: false,
        metadataFile
      },
      ['ACTIONS_RUNTIME_TOKEN']
    )
    expect(metadata).toEqual({ digest: `sha256:${'c'.repeat(64)}` })
    await expect(access(metadataFile)).rejects.toThrow() // removed after reading
    const [login, build] = await fake.calls()
    expect(login?.sensitiveEnv).toEqual([])
    expect(build?.sensitiveEnv).toEqual(['ACTIONS_RUNTIME_TOKEN'])
    expect(build?.args).toContain('id=tok,env=BUILD_TOKEN')
    expect(JSON.stringify(build?.args)).not.toContain('value-of-the-build-token')
  })

  it('finds docker on PATH by default', async () => {
    process.env['PATH'] = `${fake.dir}:${process.env['PATH'] ?? ''}`
    await new DockerCli(configDir, { output: () => {} }).push('r/app:v1')
    expect((await fake.calls()).map((c) => c.args)).toEqual([['push', 'r/app:v1']])
  })

  it('says what to do when docker is missing', async () => {
    const docker = new DockerCli(configDir, { command: join(work, 'no-such-docker') })
    await expect(docker.push('r/app:v1')).rejects.toThrow(/Could not run .* push/)
  })

  it('config directory is gone after removeDockerConfig', async () => {
    await cli().login('127.0.0.1:5055', 'AWS', 'pw')
    await removeDockerConfig(configDir, { root: dirname(configDir) })
    await expect(access(configDir)).rejects.toThrow()
  })
})
