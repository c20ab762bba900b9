import { describe, expect, it } from '@jest/globals'
import { existsSync } from 'node:fs'
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { post } from '../../src/post.js'

describe('post', () => {
  async function dockerConfig(): Promise<string> {
    const dir = join(await mkdtemp(join(tmpdir(), 'post-test-')), 'docker-config-abc')
    await mkdir(dir)
    await writeFile(join(dir, 'config.json'), '{"auths":{"r.example":{"auth":"c2VjcmV0"}}}')
    return dir
  }

  it('removes the docker config the main step saved in its state', async () => {
    const dir = await dockerConfig()
    const out: string[] = []
    await post({ STATE_dockerConfig: dir }, (t) => out.push(t))
    expect(existsSync(dir)).toBe(false)
    expect(out).toEqual([`::debug::Removed docker config ${dir}\n`])
  })

  it('says so when the main step removed it already', async () => {
    const dir = await dockerConfig()
    await post({ STATE_dockerConfig: dir }, () => {})
    const out: string[] = []
    await post({ STATE_dockerConfig: dir }, (t) => out.push(t))
    expect(out).toEqual([`::debug::Docker config ${dir} already removed by the main step\n`])
  })

  it('does nothing without saved state', async () => {
    const out: string[] = []
    await post({}, (t) => out.push(t))
    expect(out).toEqual([])
  })
})
