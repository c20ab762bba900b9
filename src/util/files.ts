import { chmod, mkdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'

/**
 * Writes `value` as pretty JSON under `dir`, creating it; returns the path.
 * The file is readable by its owner only (0600, also when it existed
 * before): a rendered task definition holds environment values.
 */
export async function writeJsonFile(dir: string, name: string, value: unknown): Promise<string> {
  await mkdir(dir, { recursive: true, mode: 0o700 })
  const path = join(dir, name)
  await writeFile(path, JSON.stringify(value, null, 2) + '\n', { mode: 0o600 })
  await chmod(path, 0o600)
  return path
}

/** Where the action puts its files: `$RUNNER_TEMP`, else `$TMPDIR`, else `/tmp`. */
export function runnerTempDir(env: NodeJS.ProcessEnv = process.env): string {
  return env['RUNNER_TEMP'] || env['TMPDIR'] || '/tmp'
}
