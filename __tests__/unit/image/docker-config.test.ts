import { afterEach, beforeEach, describe, expect, it } from '@jest/globals'
import {
  access,
  lstat,
  mkdir,
  mkdtemp,
  readFile,
  readlink,
  rm,
  stat,
  writeFile
} from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { createDockerConfig, removeDockerConfig } from '../../../src/image/docker-config.js'

let work: string

beforeEach(async () => {
  work = await mkdtemp(join(tmpdir(), 'docker-config-test-'))
})

afterEach(async () => {
  await rm(work, { recursive: true, force: true })
})

describe('createDockerConfig', () => {
  it('creates a fresh 0700 directory under baseDir (created when missing)', async () => {
    const base = join(work, 'runner-temp', 'nested')
    const dir = await createDockerConfig(base, { inheritFrom: '' })
    expect(dirname(dir)).toBe(base)
    const info = await stat(dir)
    expect(info.isDirectory()).toBe(true)
    expect(info.mode & 0o777).toBe(0o700)
    const other = await createDockerConfig(base, { inheritFrom: '' })
    expect(other).not.toBe(dir)
  })

  it('inherits existing logins but not the credential store, and links plugins', async () => {
    const user = join(work, 'user-docker')
    await mkdir(join(user, 'cli-plugins'), { recursive: true })
    await writeFile(
      join(user, 'config.json'),
      JSON.stringify({
        auths: { 'ghcr.io': { auth: 'dXNlcjpwYXNz' } },
        credsStore: 'desktop',
        credHelpers: { 'gcr.io': 'gcloud' }
      })
    )
    const dir = await createDockerConfig(join(work, 'tmp'), { inheritFrom: user })
    const copied = JSON.parse(await readFile(join(dir, 'config.json'), 'utf8')) as Record<
      string,
      unknown
    >
    expect(copied).toEqual({
      auths: { 'ghcr.io': { auth: 'dXNlcjpwYXNz' } },
      credHelpers: { 'gcr.io': 'gcloud' }
    })
    expect((await stat(join(dir, 'config.json'))).mode & 0o777).toBe(0o600)
    expect((await lstat(join(dir, 'cli-plugins'))).isSymbolicLink()).toBe(true)
    expect(await readlink(join(dir, 'cli-plugins'))).toBe(join(user, 'cli-plugins'))
    // The user's own config is untouched.
    expect(JSON.parse(await readFile(join(user, 'config.json'), 'utf8'))).toHaveProperty(
      'credsStore',
      'desktop'
    )
  })

  it('works when the inherited config is missing or not JSON', async () => {
    const dir1 = await createDockerConfig(work, { inheritFrom: join(work, 'absent') })
    await expect(access(join(dir1, 'config.json'))).rejects.toThrow()
    const bad = join(work, 'bad')
    await mkdir(bad)
    await writeFile(join(bad, 'config.json'), '{not json')
    const dir2 = await createDockerConfig(work, { inheritFrom: bad })
    await expect(access(join(dir2, 'config.json'))).rejects.toThrow()
  })

  it('defaults to inheriting from $DOCKER_CONFIG', async () => {
    const user = join(work, 'env-docker')
    await mkdir(user)
    await writeFile(join(user, 'config.json'), JSON.stringify({ auths: { x: { auth: 'eA==' } } }))
    const saved = process.env['DOCKER_CONFIG']
    process.env['DOCKER_CONFIG'] = user
    try {
      const dir = await createDockerConfig(join(work, 'tmp'))
      expect(JSON.parse(await readFile(join(dir, 'config.json'), 'utf8'))).toEqual({
        auths: { x: { auth: 'eA==' } }
      })
    } finally {
      if (saved === undefined) delete process.env['DOCKER_CONFIG']
      else process.env['DOCKER_CONFIG'] = saved
    }
  })
})

describe('removeDockerConfig', () => {
  it('removes the directory with the credentials, and is idempotent', async () => {
    const dir = await createDockerConfig(work, { inheritFrom: '' })
    await writeFile(join(dir, 'config.json'), '{"auths":{"h":{"auth":"secret"}}}')
    await removeDockerConfig(dir)
    await expect(access(dir)).rejects.toThrow()
    await expect(removeDockerConfig(dir)).resolves.toBeUndefined()
  })

  it('leaves the linked user directories alone', async () => {
    const user = join(work, 'user-docker')
    await mkdir(join(user, 'cli-plugins'), { recursive: true })
    await writeFile(join(user, 'cli-plugins', 'docker-buildx'), 'binary')
    const dir = await createDockerConfig(join(work, 'tmp'), { inheritFrom: user })
    await removeDockerConfig(dir)
    await expect(readFile(join(user, 'cli-plugins', 'docker-buildx'), 'utf8')).resolves.toBe(
      'binary'
    )
  })
})
