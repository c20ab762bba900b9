import { mkdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'

/** Writes `value` as pretty JSON under `dir`, creating it; returns the path. */
export async function writeJsonFile(dir: string, name: string, value: unknown): Promise<string> {
  await mkdir(dir, { recursive: true })
  const path = join(dir, name)
  await writeFile(path, JSON.stringify(value, null, 2) + '\n', { mode: 0o644 })
  return path
}
