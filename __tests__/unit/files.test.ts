import { afterEach, beforeEach, expect, it } from '@jest/globals'
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { writeJsonFile } from '../../src/util/files.js'

let dir: string
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'files-'))
})
afterEach(async () => {
  await rm(dir, { recursive: true, force: true })
})

it('writes the rendered file readable by its owner only', async () => {
  const path = await writeJsonFile(dir, 'td.json', { a: 1 })
  expect((await stat(path)).mode & 0o777).toBe(0o600)
  expect(JSON.parse(await readFile(path, 'utf8'))).toEqual({ a: 1 })
})

it('tightens a file left world-readable by an earlier run', async () => {
  await writeFile(join(dir, 'td.json'), '{}', { mode: 0o644 })
  const path = await writeJsonFile(dir, 'td.json', { b: 2 })
  expect((await stat(path)).mode & 0o777).toBe(0o600)
})
