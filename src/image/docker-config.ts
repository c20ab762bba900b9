import { randomBytes } from 'node:crypto'
import {
  chmod,
  lstat,
  mkdir,
  mkdtemp,
  readFile,
  realpath,
  rm,
  stat,
  symlink,
  writeFile
} from 'node:fs/promises'
import { homedir } from 'node:os'
import { basename, dirname, isAbsolute, join } from 'node:path'
import { runnerTempDir } from '../util/files.js'
import { ActionError } from '../util/errors.js'

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
  /** The token written to the marker file (see newDockerConfigMarker); default a fresh one. */
  marker?: string
}

const LINKED = ['cli-plugins', 'buildx', 'contexts']

/** The directory names this module creates: the prefix plus mkdtemp's six characters. */
const PREFIX = 'docker-config-'
const OWN_NAME = /^docker-config-[A-Za-z0-9]{6}$/
/** Written at creation; removal requires it (and, when given, its token). */
export const MARKER_FILE = '.ecs-ship-docker-config'

/** A random token for the marker file: save it in state and give it back to removeDockerConfig. */
export function newDockerConfigMarker(): string {
  return randomBytes(16).toString('hex')
}

export async function createDockerConfig(
  baseDir: string,
  options: DockerConfigOptions = {}
): Promise<string> {
  await mkdir(baseDir, { recursive: true })
  const dir = await mkdtemp(join(baseDir, PREFIX))
  // mkdtemp already creates 0700; chmod makes it explicit whatever the umask.
  await chmod(dir, 0o700)
  await writeFile(join(dir, MARKER_FILE), options.marker ?? newDockerConfigMarker(), {
    mode: 0o600,
    flag: 'wx'
  })
  const from = options.inheritFrom ?? defaultDockerConfigDir()
  if (from) await inherit(from, dir)
  return dir
}

export interface RemoveOptions {
  /** The token createDockerConfig wrote; when given, the marker file must hold exactly it. */
  marker?: string
  /** The directory it was created in; default `$RUNNER_TEMP` (else `$TMPDIR`, `/tmp`, as the inputs do). */
  root?: string
}

/** Thrown instead of deleting a path that is not a docker config this action created. */
export class DockerConfigRefusal extends ActionError {}

/**
 * Removes the directory and the credentials in it, but only when it is one
 * createDockerConfig made: directly in `root`, named `docker-config-XXXXXX`,
 * a real directory (not a link) owned by this user, holding the marker file
 * (with the expected token, when given). Anything else throws a
 * DockerConfigRefusal and nothing is deleted: the path comes from saved
 * state, which must never be able to name `$HOME` or the workspace.
 * A missing directory is 'absent' (removing twice is fine).
 */
export async function removeDockerConfig(
  dir: string,
  options: RemoveOptions = {}
): Promise<'removed' | 'absent'> {
  const refuse = (why: string): never => {
    throw new DockerConfigRefusal(`Refusing to remove ${JSON.stringify(dir)}: ${why}.`)
  }
  if (!isAbsolute(dir) || !OWN_NAME.test(basename(dir))) {
    refuse(`it is not a ${PREFIX}XXXXXX directory this action creates`)
  }
  const info = await lstat(dir).catch(() => undefined)
  if (!info) return 'absent'
  if (!info.isDirectory()) refuse('it is not a directory')
  if (typeof process.getuid === 'function' && info.uid !== process.getuid()) {
    refuse('it belongs to another user')
  }
  const root = options.root ?? runnerTempDir()
  const [parent, expected] = await Promise.all([
    realpath(dirname(dir)).catch(() => ''),
    realpath(root).catch(() => '')
  ])
  if (!expected || parent !== expected) refuse(`it is not directly inside ${root}`)
  const marker = join(dir, MARKER_FILE)
  const markerInfo = await lstat(marker).catch(() => undefined)
  if (!markerInfo?.isFile()) refuse(`it has no ${MARKER_FILE} marker file`)
  if (options.marker !== undefined) {
    const token = await readFile(marker, 'utf8').catch(() => '')
    if (!options.marker || token !== options.marker) {
      refuse('its marker does not match the one this run wrote')
    }
  }
  await rm(dir, { recursive: true, force: true })
  return 'removed'
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
