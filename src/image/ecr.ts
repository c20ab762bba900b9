import {
  BatchGetImageCommand,
  CreateRepositoryCommand,
  DescribeImagesCommand,
  DescribeRepositoriesCommand,
  GetAuthorizationTokenCommand,
  PutImageCommand,
  type ECRClient,
  type ImageDetail,
  type Repository
} from '@aws-sdk/client-ecr'
import { isConflict, isNotFound } from '../aws/errors.js'
import type { Logger } from '../util/log.js'
import { decodeAuthorizationToken, registryHost } from './reference.js'

/**
 * The ECR calls the image pipeline makes, each one request (the SDK retries
 * throttling). "Not found" comes back as undefined; other errors are thrown
 * as the SDK raised them, for the caller to describe.
 */

/** Media types a registry may hold an image manifest as, for BatchGetImage. */
export const MANIFEST_MEDIA_TYPES = [
  'application/vnd.docker.distribution.manifest.v2+json',
  'application/vnd.docker.distribution.manifest.list.v2+json',
  'application/vnd.oci.image.manifest.v1+json',
  'application/vnd.oci.image.index.v1+json'
]

export interface RepositoryInfo {
  name: string
  uri: string
  registryId?: string
  /** MUTABLE, IMMUTABLE, or an `…_WITH_EXCLUSION` variant. */
  tagMutability?: string
}

function toRepositoryInfo(repository: Repository | undefined, name: string): RepositoryInfo {
  if (!repository?.repositoryUri) {
    throw new Error(`ECR returned no repositoryUri for repository ${name}`)
  }
  return {
    name: repository.repositoryName ?? name,
    uri: repository.repositoryUri,
    ...(repository.registryId ? { registryId: repository.registryId } : {}),
    ...(repository.imageTagMutability ? { tagMutability: repository.imageTagMutability } : {})
  }
}

export async function describeRepository(
  ecr: ECRClient,
  name: string,
  registryId?: string
): Promise<RepositoryInfo | undefined> {
  try {
    const out = await ecr.send(
      new DescribeRepositoriesCommand({
        repositoryNames: [name],
        ...(registryId ? { registryId } : {})
      })
    )
    return toRepositoryInfo(out.repositories?.[0], name)
  } catch (error) {
    if (isNotFound(error, 'repository')) return undefined
    throw error
  }
}

/** Creates the repository with scan on push; one created concurrently counts as success. */
export async function createRepository(
  ecr: ECRClient,
  name: string
): Promise<{ repository: RepositoryInfo; created: boolean }> {
  try {
    const out = await ecr.send(
      new CreateRepositoryCommand({
        repositoryName: name,
        imageScanningConfiguration: { scanOnPush: true }
      })
    )
    return { repository: toRepositoryInfo(out.repository, name), created: true }
  } catch (error) {
    if (!isConflict(error, 'repositoryExists')) throw error
    const repository = await describeRepository(ecr, name)
    if (!repository) throw error
    return { repository, created: false }
  }
}

export async function findImageByTag(
  ecr: ECRClient,
  repository: { name: string; registryId?: string | undefined },
  tag: string
): Promise<ImageDetail | undefined> {
  try {
    const out = await ecr.send(
      new DescribeImagesCommand({
        repositoryName: repository.name,
        imageIds: [{ imageTag: tag }],
        ...(repository.registryId ? { registryId: repository.registryId } : {})
      })
    )
    return out.imageDetails?.find((d) => d.imageDigest)
  } catch (error) {
    if (isNotFound(error, 'image')) return undefined
    throw error
  }
}

export interface RegistryLogin {
  host: string
  /** The registry's base URL (`https://<id>.dkr.ecr.<region>.amazonaws.com`), for its HTTP API. */
  endpoint: string
  username: string
  password: string
  expiresAt?: Date
}

/**
 * GetAuthorizationToken, masked before anything else happens: the raw token
 * (which is also what `docker login` writes into config.json) and the
 * decoded password are registered with the logger as secrets first.
 */
export async function getRegistryLogin(ecr: ECRClient, log: Logger): Promise<RegistryLogin> {
  const [login] = await getRegistryLogins(ecr, log)
  if (!login) throw new Error('ECR GetAuthorizationToken returned no authorizationData')
  return login
}

/**
 * One login per registry: the caller's own (no ids), or those of `registryIds`
 * (other accounts' registries, as amazon-ecr-login's `registries`).
 */
export async function getRegistryLogins(
  ecr: ECRClient,
  log: Logger,
  registryIds?: readonly string[]
): Promise<RegistryLogin[]> {
  const out = await ecr.send(
    new GetAuthorizationTokenCommand(registryIds?.length ? { registryIds: [...registryIds] } : {})
  )
  const logins: RegistryLogin[] = []
  for (const data of out.authorizationData ?? []) {
    const token = data.authorizationToken
    if (token) log.secret(token)
    if (!token || !data.proxyEndpoint) {
      throw new Error('ECR GetAuthorizationToken returned no token or proxyEndpoint')
    }
    const { username, password } = decodeAuthorizationToken(token)
    log.secret(password)
    logins.push({
      host: registryHost(data.proxyEndpoint),
      endpoint: data.proxyEndpoint.replace(/\/+$/, ''),
      username,
      password,
      ...(data.expiresAt ? { expiresAt: data.expiresAt } : {})
    })
  }
  return logins
}

/** BatchGetImage of one image: its manifest and media type, or undefined when ECR has none. */
export async function getManifest(
  ecr: ECRClient,
  repository: { name: string; registryId?: string | undefined },
  digest: string
): Promise<{ body: string; mediaType?: string } | undefined> {
  const got = await ecr.send(
    new BatchGetImageCommand({
      repositoryName: repository.name,
      imageIds: [{ imageDigest: digest }],
      acceptedMediaTypes: MANIFEST_MEDIA_TYPES,
      ...(repository.registryId ? { registryId: repository.registryId } : {})
    })
  )
  const image = got.images?.[0]
  if (!image?.imageManifest) return undefined
  return {
    body: image.imageManifest,
    ...(image.imageManifestMediaType ? { mediaType: image.imageManifestMediaType } : {})
  }
}

/**
 * Adds `tags` to the image `digest` without pulling it: BatchGetImage for the
 * manifest, then PutImage once per tag. A tag already on that image is fine.
 */
export async function addTags(
  ecr: ECRClient,
  repository: { name: string; registryId?: string | undefined },
  digest: string,
  tags: readonly string[]
): Promise<void> {
  const registry = repository.registryId ? { registryId: repository.registryId } : {}
  const got = await ecr.send(
    new BatchGetImageCommand({
      repositoryName: repository.name,
      imageIds: [{ imageDigest: digest }],
      acceptedMediaTypes: MANIFEST_MEDIA_TYPES,
      ...registry
    })
  )
  const image = got.images?.[0]
  if (!image?.imageManifest) {
    const reason = got.failures?.[0]?.failureReason ?? 'no manifest returned'
    throw new Error(`BatchGetImage for ${digest} in ${repository.name}: ${reason}`)
  }
  for (const tag of tags) {
    try {
      await ecr.send(
        new PutImageCommand({
          repositoryName: repository.name,
          imageManifest: image.imageManifest,
          imageTag: tag,
          imageDigest: digest,
          ...(image.imageManifestMediaType
            ? { imageManifestMediaType: image.imageManifestMediaType }
            : {}),
          ...registry
        })
      )
    } catch (error) {
      if (!isConflict(error, 'imageExists')) throw error
    }
  }
}
