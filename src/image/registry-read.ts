import type { ECRClient } from '@aws-sdk/client-ecr'
import { getManifest, type RegistryLogin } from './ecr.js'
import { labelsOfConfig, nextManifestStep } from './image-config.js'

/**
 * The labels of an image in ECR, read without pulling it: the manifest
 * through BatchGetImage (an index leads to its first platform's manifest),
 * then the config blob through the registry's HTTP API with the ECR login
 * (`GET /v2/<name>/blobs/<digest>`, which ECR answers with a redirect to the
 * blob). Reads only. Returns the labels, or why they could not be read.
 */
export async function readImageLabels(
  ecr: ECRClient,
  repository: { name: string; registryId?: string | undefined },
  digest: string,
  login: RegistryLogin
): Promise<Record<string, string> | string> {
  let current = digest
  for (let depth = 0; depth < 3; depth++) {
    const manifest = await getManifest(ecr, repository, current)
    if (!manifest) return `BatchGetImage returned no manifest for ${current}`
    const step = nextManifestStep(manifest.body)
    if (step.kind === 'unreadable') return step.why
    if (step.kind === 'manifest') {
      current = step.digest
      continue
    }
    const blob = await fetchBlob(login, repository.name, step.digest)
    return typeof blob === 'string' ? blob : labelsOfConfig(blob, step.digest)
  }
  return 'the index nests too deep'
}

/**
 * `GET /v2/<name>/blobs/<digest>` with the ECR login. ECR answers with a
 * redirect to a presigned S3 URL, which is followed without the registry's
 * Authorization header (S3 refuses a request that carries two kinds of auth,
 * and the password must not travel to another host).
 */
export async function fetchBlob(
  login: Pick<RegistryLogin, 'endpoint' | 'username' | 'password'>,
  name: string,
  digest: string
): Promise<Buffer | string> {
  const auth = Buffer.from(`${login.username}:${login.password}`).toString('base64')
  const url = `${login.endpoint}/v2/${name}/blobs/${digest}`
  let res = await fetch(url, { headers: { Authorization: `Basic ${auth}` }, redirect: 'manual' })
  for (let hops = 0; hops < 5 && res.status >= 300 && res.status < 400; hops++) {
    const location = res.headers.get('location')
    if (!location) return `the registry redirected (HTTP ${res.status}) without a Location`
    await res.body?.cancel()
    res = await fetch(new URL(location, res.url || url), { redirect: 'manual' })
  }
  if (!res.ok) return `the registry answered HTTP ${res.status} for the config blob`
  return Buffer.from(await res.arrayBuffer())
}
