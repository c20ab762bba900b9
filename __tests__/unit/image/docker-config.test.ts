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
  symlink,
  writeFile
} from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { basename, dirname, join } from 'node:path'
import {
  createDockerConfig,
  DockerConfigRefusal,
  MARKER_FILE,
  newDockerConfigMarker,
  removeDockerConfig
} from '../../../src/image/docker-config.js'

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
    const dir = await createDockerConfig(work, { inheritFrom: '', marker: 'tok' })
    await writeFile(join(dir, 'config.json'), '{"auths":{"h":{"auth":"secret"}}}')
    await expect(removeDockerConfig(dir, { root: work, marker: 'tok' })).resolves.toBe('removed')
    await expect(access(dir)).rejects.toThrow()
    await expect(removeDockerConfig(dir, { root: work, marker: 'tok' })).resolves.toBe('absent')
  })

  it('writes the marker token into a 0600 marker file', async () => {
    const marker = newDockerConfigMarker()
    expect(marker).toMatch(/^[0-9a-f]{32}$/)
    expect(newDockerConfigMarker()).not.toBe(marker)
    const dir = await createDockerConfig(work, { inheritFrom: '', marker })
    expect(await readFile(join(dir, MARKER_FILE), 'utf8')).toBe(marker)
    expect((await stat(join(dir, MARKER_FILE))).mode & 0o777).toBe(0o600)
  })

  it('leaves the linked user directories alone', async () => {
    const user = join(work, 'user-docker')
    await mkdir(join(user, 'cli-plugins'), { recursive: true })
    await writeFile(join(user, 'cli-plugins', 'docker-buildx'), 'binary')
    const dir = await createDockerConfig(join(work, 'tmp'), { inheritFrom: user })
    await removeDockerConfig(dir, { root: join(work, 'tmp') })
    await expect(readFile(join(user, 'cli-plugins', 'docker-buildx'), 'utf8')).resolves.toBe(
      'binary'
    )
  })

  it('defaults the root to RUNNER_TEMP', async () => {
    const saved = process.env['RUNNER_TEMP']
    process.env['RUNNER_TEMP'] = work
    try {
      const dir = await createDockerConfig(work, { inheritFrom: '' })
      await expect(removeDockerConfig(dir)).resolves.toBe('removed')
      const elsewhere = await createDockerConfig(join(work, 'sub'), { inheritFrom: '' })
      await expect(removeDockerConfig(elsewhere)).rejects.toThrow(/not directly inside/)
      await expect(access(elsewhere)).resolves.toBeUndefined()
    } finally {
      if (saved === undefined) delete process.env['RUNNER_TEMP']
      else process.env['RUNNER_TEMP'] = saved
    }
  })

  describe('refuses, deleting nothing', () => {
    async function precious(dir: string): Promise<void> {
      await mkdir(dir, { recursive: true })
      await writeFile(join(dir, 'keep.txt'), 'precious')
    }
    async function expectRefused(
      dir: string,
      options: Parameters<typeof removeDockerConfig>[1],
      why: RegExp
    ): Promise<void> {
      await expect(removeDockerConfig(dir, options)).rejects.toThrow(DockerConfigRefusal)
      await expect(removeDockerConfig(dir, options)).rejects.toThrow(why)
      await expect(readFile(join(dir, 'keep.txt'), 'utf8')).resolves.toBe('precious')
    }

    it('a directory not named like ours (the workspace, $HOME, a relative path)', async () => {
      const workspace = join(work, 'workspace')
      await precious(workspace)
      await expectRefused(workspace, { root: work }, /not a docker-config-XXXXXX directory/)
      await expect(removeDockerConfig('docker-config-abcdef', { root: work })).rejects.toThrow(
        DockerConfigRefusal
      )
    })

    it('a look-alike without the marker file', async () => {
      const lookAlike = join(work, 'docker-config-AbC123')
      await precious(lookAlike)
      await expectRefused(lookAlike, { root: work }, /no \.ecs-ship-docker-config marker/)
    })

    it('a directory whose marker holds another token', async () => {
      const dir = await createDockerConfig(work, { inheritFrom: '', marker: 'mine' })
      await writeFile(join(dir, 'keep.txt'), 'precious')
      await expectRefused(dir, { root: work, marker: 'other' }, /marker does not match/)
      await expectRefused(dir, { root: work, marker: '' }, /marker does not match/)
    })

    it('one of ours outside the root, or reached through a symbolic link', async () => {
      const dir = await createDockerConfig(join(work, 'a'), { inheritFrom: '', marker: 'm' })
      await writeFile(join(dir, 'keep.txt'), 'precious')
      await mkdir(join(work, 'b'))
      await expectRefused(dir, { root: join(work, 'b'), marker: 'm' }, /not directly inside/)
      const link = join(work, 'b', basename(dir))
      await symlink(dir, link, 'dir')
      await expectRefused(link, { root: join(work, 'b'), marker: 'm' }, /not a directory/)
    })
  })
})
