import { describe, expect, it } from '@jest/globals'
import { existsSync } from 'node:fs'
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { post } from '../../src/post.js'
import { createDockerConfig, newDockerConfigMarker } from '../../src/image/docker-config.js'

describe('post', () => {
  /** A docker config as the main step makes it, and the state it saves for the post step. */
  async function saved(): Promise<{ dir: string; env: NodeJS.ProcessEnv }> {
    const runnerTemp = await mkdtemp(join(tmpdir(), 'post-test-'))
    const marker = newDockerConfigMarker()
    const dir = await createDockerConfig(runnerTemp, { marker, inheritFrom: '' })
    await writeFile(join(dir, 'config.json'), '{"auths":{"r.example":{"auth":"c2VjcmV0"}}}')
    return {
      dir,
      env: { RUNNER_TEMP: runnerTemp, STATE_dockerConfig: dir, STATE_dockerConfigMarker: marker }
    }
  }

  it('removes the docker config the main step saved in its state', async () => {
    const { dir, env } = await saved()
    const out: string[] = []
    await post(env, (t) => out.push(t))
    expect(existsSync(dir)).toBe(false)
    expect(out).toEqual([`::debug::Removed docker config ${dir}\n`])
  })

  it('says so when the main step removed it already', async () => {
    const { dir, env } = await saved()
    await post(env, () => {})
    const out: string[] = []
    await post(env, (t) => out.push(t))
    expect(out).toEqual([`::debug::Docker config ${dir} already removed by the main step\n`])
  })

  it('refuses, with a warning, a directory whose marker is not the saved one', async () => {
    const { dir, env } = await saved()
    const out: string[] = []
    await post({ ...env, STATE_dockerConfigMarker: newDockerConfigMarker() }, (t) => out.push(t))
    expect(existsSync(dir)).toBe(true)
    expect(out.join('')).toMatch(/^::warning::Could not remove .*marker does not match/)
  })

  it('refuses a path that is not a docker config this action created', async () => {
    const runnerTemp = await mkdtemp(join(tmpdir(), 'post-test-'))
    const dir = join(runnerTemp, 'workspace')
    await mkdir(dir)
    const out: string[] = []
    await post({ RUNNER_TEMP: runnerTemp, STATE_dockerConfig: dir }, (t) => out.push(t))
    expect(existsSync(dir)).toBe(true)
    expect(out.join('')).toMatch(/^::warning::/)
  })

  it('does nothing without saved state', async () => {
    const out: string[] = []
    await post({}, (t) => out.push(t))
    expect(out).toEqual([])
  })
})
