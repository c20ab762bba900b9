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
    const auth = Buffer.from(`${login.username}:${login.password}`).toString('base64')
    const url = `${login.endpoint}/v2/${repository.name}/blobs/${step.digest}`
    const res = await fetch(url, { headers: { Authorization: `Basic ${auth}` } })
    if (!res.ok) return `the registry answered HTTP ${res.status} for the config blob`
    return labelsOfConfig(Buffer.from(await res.arrayBuffer()), step.digest)
  }
  return 'the index nests too deep'
}
