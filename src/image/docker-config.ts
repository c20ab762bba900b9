import { chmod, mkdir, mkdtemp, readFile, rm, stat, symlink, writeFile } from 'node:fs/promises'
import { homedir } from 'node:os'
import { join } from 'node:path'

/**
 * A private DOCKER_CONFIG directory for one run, so the ECR login never lands
 * in the user's `~/.docker/config.json` and is gone when the run ends.
 *
 * Logins the job already made (`auths` in the user's config, e.g. to pull a
 * private base image) are copied in, and CLI plugins, buildx builders and
 * contexts are linked, so builds behave as they would with the user's config.
 * A credential store (`credsStore`) is dropped from the copy: `docker login`
 * would otherwise save the ECR password into the machine's keychain, where it
 * would outlive the run.
 */
export interface DockerConfigOptions {
  /** The docker config to inherit from; default `$DOCKER_CONFIG` or `~/.docker`. Empty: none. */
  inheritFrom?: string
}

const LINKED = ['cli-plugins', 'buildx', 'contexts']

export async function createDockerConfig(
  baseDir: string,
  options: DockerConfigOptions = {}
): Promise<string> {
  await mkdir(baseDir, { recursive: true })
  const dir = await mkdtemp(join(baseDir, 'docker-config-'))
  // mkdtemp already creates 0700; chmod makes it explicit whatever the umask.
  await chmod(dir, 0o700)
  const from = options.inheritFrom ?? defaultDockerConfigDir()
  if (from) await inherit(from, dir)
  return dir
}

/** Removes the directory and the credentials in it. Safe to call twice, or on a missing path. */
export async function removeDockerConfig(dir: string): Promise<void> {
  await rm(dir, { recursive: true, force: true })
}

export function defaultDockerConfigDir(): string {
  return process.env['DOCKER_CONFIG'] || join(homedir(), '.docker')
}

async function inherit(from: string, to: string): Promise<void> {
  const config = await readJson(join(from, 'config.json'))
  if (config) {
    delete config['credsStore']
    await writeFile(join(to, 'config.json'), `${JSON.stringify(config, null, 2)}\n`, {
      mode: 0o600
    })
  }
  for (const name of LINKED) {
    const source = join(from, name)
    if (await isDirectory(source)) await symlink(source, join(to, name), 'dir')
  }
}

/**
 * Makes `docker login <host>` store its credentials in `dir/config.json`: a
 * credential helper inherited for that host would otherwise receive them.
 */
export async function prepareLogin(dir: string, host: string): Promise<void> {
  const path = join(dir, 'config.json')
  const config = await readJson(path)
  const helpers = config?.['credHelpers']
  if (!config || !helpers || typeof helpers !== 'object' || !(host in helpers)) return
  delete (helpers as Record<string, unknown>)[host]
  await writeFile(path, `${JSON.stringify(config, null, 2)}\n`, { mode: 0o600 })
}

async function readJson(path: string): Promise<Record<string, unknown> | undefined> {
  let text: string
  try {
    text = await readFile(path, 'utf8')
  } catch {
    return undefined
  }
  try {
    const value: unknown = JSON.parse(text)
    return value && typeof value === 'object' && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined
  } catch {
    return undefined
  }
}

async function isDirectory(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isDirectory()
  } catch {
    return false
  }
}
