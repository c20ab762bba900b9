/**
 * Whether an image a task would pull exists on the local registry: the
 * emulator's stand-in for ECS pulling from ECR. Asks the registry's v2 API
 * (HEAD manifest, basic auth) and words a miss the way ECS reports it.
 */
import type { Json } from './ecs-state.js'
import { type RegistryOptions, registryHost } from './protocol.js'

/**
 * The first container whose image lives on the local registry but is not
 * in it, with the CannotPullContainerError ECS would report. Images on
 * other hosts are not checked; without a registry nothing is.
 */
export async function missingImage(
  registry: RegistryOptions | undefined,
  containers: readonly Json[]
): Promise<{ container: string; reason: string } | undefined> {
  if (!registry) return undefined
  const host = registryHost(registry)
  for (const c of containers) {
    const ref = parseImage(String(c['image'] ?? ''))
    if (ref.host !== host) continue
    const problem = await manifestProblem(registry, ref.repository, ref.reference)
    if (problem) {
      return {
        container: String(c['name']),
        reason: `CannotPullContainerError: pull image manifest has been retried 5 time(s): failed to resolve ref ${ref.full}: ${problem}`
      }
    }
  }
  return undefined
}

export interface ImageRef {
  /** Registry host, `docker.io` when the image names none. */
  readonly host: string
  readonly repository: string
  /** Tag or digest. */
  readonly reference: string
  /** Fully qualified, as containerd names it in errors. */
  readonly full: string
}

/** Splits an image reference the way docker does (host only when it has `.`/`:` or is localhost). */
export function parseImage(image: string): ImageRef {
  const slash = image.indexOf('/')
  const first = slash >= 0 ? image.slice(0, slash) : ''
  const hasHost =
    slash >= 0 && (first.includes('.') || first.includes(':') || first === 'localhost')
  const host = hasHost ? first : 'docker.io'
  let rest = hasHost ? image.slice(slash + 1) : image
  if (!hasHost && !rest.includes('/')) rest = `library/${rest}`
  let reference = 'latest'
  let sep = ':'
  const at = rest.indexOf('@')
  if (at >= 0) {
    reference = rest.slice(at + 1)
    rest = rest.slice(0, at)
    sep = '@'
  } else {
    const colon = rest.lastIndexOf(':')
    if (colon > rest.lastIndexOf('/')) {
      reference = rest.slice(colon + 1)
      rest = rest.slice(0, colon)
    }
  }
  return { host, repository: rest, reference, full: `${host}/${rest}${sep}${reference}` }
}

const MANIFEST_TYPES = [
  'application/vnd.oci.image.index.v1+json',
  'application/vnd.oci.image.manifest.v1+json',
  'application/vnd.docker.distribution.manifest.list.v2+json',
  'application/vnd.docker.distribution.manifest.v2+json'
].join(', ')

/** undefined when the registry has the manifest; otherwise the pull error's tail. */
async function manifestProblem(
  registry: RegistryOptions,
  repository: string,
  reference: string
): Promise<string | undefined> {
  const headers: Record<string, string> = { Accept: MANIFEST_TYPES }
  if (registry.username !== undefined) {
    const basic = Buffer.from(`${registry.username}:${registry.password ?? ''}`).toString('base64')
    headers['Authorization'] = `Basic ${basic}`
  }
  const url = `${registry.url.replace(/\/+$/, '')}/v2/${repository}/manifests/${reference}`
  try {
    const res = await fetch(url, { method: 'HEAD', headers })
    if (res.ok) return undefined
    if (res.status === 404) return 'not found'
    return `unexpected status from HEAD request to ${url}: ${res.status} ${res.statusText}`
  } catch (err) {
    return `failed to do request: Head "${url}": ${err instanceof Error ? err.message : String(err)}`
  }
}
