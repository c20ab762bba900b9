/**
 * ECR over AWS JSON 1.1 (target prefix `AmazonEC2ContainerRegistry_V20150921`,
 * signing name `ecr`), backed by a real registry.
 *
 * Repositories live in the emulator's state; images are what the registry
 * holds: every image call reads the registry's HTTP API v2 (tags list,
 * manifest HEAD/GET/PUT/DELETE with basic auth), and only for repositories
 * that exist here. So a `docker push` to `repositoryUri` is what makes an
 * image appear, exactly as with ECR. `GetAuthorizationToken` hands out the
 * registry's password as `base64(AWS:<password>)` with the registry URL as
 * `proxyEndpoint`, so `docker login --username AWS` works against it (the
 * registry's htpasswd user must therefore be `AWS`).
 *
 * Images under a name that exist in the registry before `CreateRepository`
 * (or after `reset()`) show up in the new repository: the registry is not
 * wiped. Deleting needs the registry's `storage.delete.enabled: true`.
 *
 * Texts follow ecs-facts §1.3/§5; those marked [U] there are our best guess.
 */
import * as ecrModel from '@aws-sdk/client-ecr'
import { createHash } from 'node:crypto'
import {
  AwsError,
  epochSeconds,
  registryHost,
  unknownOperation,
  type JsonService,
  type RegistryOptions
} from './protocol.js'
import { requestSchema, validateShape } from './shapes.js'

export const ECR_TARGET_PREFIX = 'AmazonEC2ContainerRegistry_V20150921'

export interface EcrServiceOptions {
  readonly region: string
  readonly accountId: string
  /** The real registry behind the emulated ECR (`url` e.g. `http://127.0.0.1:5055`). */
  readonly registry?: RegistryOptions
  /** Wall clock in ms; default `Date.now`. */
  now?(): number
}

/** A repository as DescribeRepositories returns it (timestamps in epoch seconds). */
export interface EcrRepositorySnapshot {
  repositoryArn: string
  registryId: string
  repositoryName: string
  repositoryUri: string
  createdAt: number
  imageTagMutability: string
  imageScanningConfiguration: { scanOnPush: boolean }
  encryptionConfiguration: { encryptionType: string; kmsKey?: string }
  tags: Array<{ Key: string; Value: string }>
}

export interface EcrService extends JsonService {
  /** Creates a repository directly (as CreateRepository would), for test setup. */
  seedRepository(name: string, options?: { imageTagMutability?: string }): EcrRepositorySnapshot
  reset(): void
  snapshot(): { repositories: EcrRepositorySnapshot[] }
}

export const MANIFEST_TYPES = [
  'application/vnd.docker.distribution.manifest.v2+json',
  'application/vnd.docker.distribution.manifest.list.v2+json',
  'application/vnd.oci.image.manifest.v1+json',
  'application/vnd.oci.image.index.v1+json'
]

// CreateRepository's pattern, as ECR checks it and quotes it in the error (`a__b` is refused).
const REPOSITORY_NAME_PATTERN = '(?:[a-z0-9]+(?:[._-][a-z0-9]+)*/)*[a-z0-9]+(?:[._-][a-z0-9]+)*'
const REPOSITORY_NAME = new RegExp(`^${REPOSITORY_NAME_PATTERN}$`)
const TAG_MUTABILITY = [
  'MUTABLE',
  'IMMUTABLE',
  'IMMUTABLE_WITH_EXCLUSION',
  'MUTABLE_WITH_EXCLUSION'
]
const ENCRYPTION_TYPES = ['AES256', 'KMS', 'KMS_DSSE']
const TAG_STATUS = ['TAGGED', 'UNTAGGED', 'ANY']
const DIGEST = /^sha256:[a-f0-9]{64}$/
const TOKEN_TTL_MS = 12 * 60 * 60 * 1000

interface Repo {
  snapshot: EcrRepositorySnapshot
  /** When the emulator first saw each digest in the registry: its `imagePushedAt`. */
  firstSeen: Map<string, number>
}

interface ImageId {
  imageDigest?: string
  imageTag?: string
}

/** The manifests an image index names (digest and media type); none for anything else. */
function indexChildren(body: string | undefined): Array<{ digest: string; mediaType: string }> {
  try {
    const parsed = JSON.parse(body ?? '') as { manifests?: unknown }
    if (!Array.isArray(parsed.manifests)) return []
    return (parsed.manifests as Array<Record<string, unknown>>).flatMap((m) =>
      typeof m['digest'] === 'string' && typeof m['mediaType'] === 'string'
        ? [{ digest: m['digest'], mediaType: m['mediaType'] }]
        : []
    )
  } catch {
    return []
  }
}

/** One image as the registry holds it. */
interface Image {
  digest: string
  tags: string[]
  mediaType: string
  pushedAt: number
}

interface Manifest {
  digest: string
  mediaType: string
  body: string
}

type Input = Record<string, unknown>

export function createEcrService(options: EcrServiceOptions): EcrService {
  const { region, accountId } = options
  const now = (): number => (options.now ? options.now() : Date.now())
  if (!options.registry) {
    throw new Error('The ECR emulator needs a registry (url, username, password) to keep images in')
  }
  const registry = new RegistryClient(options.registry)
  const host = registryHost(options.registry)
  const repos = new Map<string, Repo>()
  const details = new Map<string, { size?: number; artifactMediaType?: string }>()

  // ------------------------------------------------------------ helpers

  const invalid = (member: string, constraint: string): AwsError =>
    new AwsError(
      'InvalidParameterException',
      `Invalid parameter at '${member}' failed to satisfy constraint: '${constraint}'`
    )

  const repoNotFound = (name: string, registryId = accountId): AwsError =>
    new AwsError(
      'RepositoryNotFoundException',
      `The repository with name '${name}' does not exist in the registry with id '${registryId}'`
    )

  const imageNotFound = (repo: Repo, id: ImageId): AwsError =>
    new AwsError(
      'ImageNotFoundException',
      `The image with imageId {imageDigest:'${id.imageDigest ?? 'null'}', imageTag:'${id.imageTag ?? 'null'}'} does not exist within the repository with name '${repo.snapshot.repositoryName}' in the registry with id '${accountId}'`
    )

  function checkRepositoryName(name: unknown): string {
    if (typeof name !== 'string') throw invalid('repositoryName', 'must not be null')
    if (name.length < 2)
      throw invalid('repositoryName', 'must have length greater than or equal to 2')
    if (name.length > 256)
      throw invalid('repositoryName', 'must have length less than or equal to 256')
    if (!REPOSITORY_NAME.test(name)) {
      throw invalid(
        'repositoryName',
        `must satisfy regular expression '${REPOSITORY_NAME_PATTERN}'`
      )
    }
    return name
  }

  function checkRegistryId(input: Input, name?: string): void {
    const id = input['registryId']
    if (id === undefined) return
    if (typeof id !== 'string' || !/^[0-9]{12}$/.test(id)) {
      throw invalid('registryId', "must satisfy regular expression '[0-9]{12}'")
    }
    if (id !== accountId) {
      throw name !== undefined
        ? repoNotFound(name, id)
        : new AwsError('InvalidParameterException', `Registry ${id} is not accessible`)
    }
  }

  function repoOf(input: Input): Repo {
    const name = checkRepositoryName(input['repositoryName'])
    checkRegistryId(input, name)
    const repo = repos.get(name)
    if (!repo) throw repoNotFound(name)
    return repo
  }

  function checkEnum(member: string, value: unknown, allowed: readonly string[]): void {
    if (value !== undefined && (typeof value !== 'string' || !allowed.includes(value))) {
      throw invalid(member, `must satisfy enum value set: [${allowed.join(', ')}]`)
    }
  }

  function checkMaxResults(input: Input, max: number): number | undefined {
    const n = input['maxResults']
    if (n === undefined) return undefined
    if (typeof n !== 'number' || !Number.isInteger(n) || n < 1 || n > max) {
      throw invalid('maxResults', `must be between 1 and ${max}`)
    }
    return n
  }

  function checkImageIds(input: Input, member = 'imageIds'): ImageId[] | undefined {
    const ids = input[member] as ImageId[] | undefined
    if (ids === undefined) return undefined
    if (ids.length < 1 || ids.length > 100) {
      throw invalid(member, 'must have length between 1 and 100')
    }
    for (const id of ids) {
      if (id.imageDigest !== undefined && !DIGEST.test(id.imageDigest)) {
        throw new AwsError(
          'InvalidParameterException',
          `Invalid parameter at 'imageDigest' failed to satisfy constraint: 'Invalid image digest ${id.imageDigest}'`
        )
      }
      if (id.imageTag !== undefined && (id.imageTag.length < 1 || id.imageTag.length > 300)) {
        throw invalid('imageTag', 'must have length between 1 and 300')
      }
    }
    return ids
  }

  /** Pages `items` with an opaque token (an offset), as the real API pages. */
  function page<T>(
    items: T[],
    input: Input,
    defaultMax: number,
    max: number
  ): { items: T[]; nextToken?: string } {
    const limit = checkMaxResults(input, max) ?? defaultMax
    let offset = 0
    const token = input['nextToken']
    if (typeof token === 'string') {
      const decoded = Number(
        Buffer.from(token, 'base64')
          .toString('utf8')
          .replace(/^offset:/, '')
      )
      if (!Number.isInteger(decoded) || decoded < 0)
        throw invalid('nextToken', 'Invalid pagination token')
      offset = decoded
    }
    const slice = items.slice(offset, offset + limit)
    const next = offset + limit
    return next < items.length
      ? { items: slice, nextToken: Buffer.from(`offset:${next}`).toString('base64') }
      : { items: slice }
  }

  /** Every image of the repository in the registry, oldest first. */
  async function images(repo: Repo): Promise<Image[]> {
    const name = repo.snapshot.repositoryName
    const byDigest = new Map<string, Image>()
    const at = now()
    for (const tag of await registry.tags(name)) {
      const head = await registry.head(name, tag)
      if (!head) continue // deleted between the two calls
      const image = byDigest.get(head.digest) ?? {
        digest: head.digest,
        tags: [],
        mediaType: head.mediaType,
        pushedAt: 0
      }
      image.tags.push(tag)
      byDigest.set(head.digest, image)
    }
    // The manifests an index names (platforms, attestations) are images of the
    // repository too, untagged, as ECR stores and lists them.
    for (const image of [...byDigest.values()]) {
      if (!image.mediaType.includes('index') && !image.mediaType.includes('list')) continue
      const index = await registry.manifest(name, image.digest, MANIFEST_TYPES)
      for (const child of indexChildren(index?.body)) {
        if (!byDigest.has(child.digest))
          byDigest.set(child.digest, { ...child, tags: [], pushedAt: 0 })
      }
    }
    // Untagged images: digests seen before that the registry still holds.
    for (const digest of repo.firstSeen.keys()) {
      if (byDigest.has(digest)) continue
      const head = await registry.head(name, digest)
      if (head) byDigest.set(digest, { digest, tags: [], mediaType: head.mediaType, pushedAt: 0 })
      else repo.firstSeen.delete(digest)
    }
    for (const image of byDigest.values()) {
      if (!repo.firstSeen.has(image.digest)) repo.firstSeen.set(image.digest, at)
      image.pushedAt = repo.firstSeen.get(image.digest) ?? at
      image.tags.sort()
    }
    return [...byDigest.values()].sort(
      (a, b) => a.pushedAt - b.pushedAt || a.digest.localeCompare(b.digest)
    )
  }

  function find(all: Image[], id: ImageId): Image | undefined {
    return all.find(
      (image) =>
        (id.imageDigest === undefined || image.digest === id.imageDigest) &&
        (id.imageTag === undefined || image.tags.includes(id.imageTag)) &&
        (id.imageDigest !== undefined || id.imageTag !== undefined)
    )
  }

  function tagFilter(input: Input): (image: Image) => boolean {
    const filter = input['filter'] as { tagStatus?: string } | undefined
    checkEnum('filter.tagStatus', filter?.tagStatus, TAG_STATUS)
    const status = filter?.tagStatus ?? 'ANY'
    return (image) =>
      status === 'ANY' || (status === 'TAGGED' ? image.tags.length > 0 : image.tags.length === 0)
  }

  async function detail(repo: Repo, image: Image): Promise<Record<string, unknown>> {
    let known = details.get(image.digest)
    if (!known) {
      const manifest = await registry.manifest(
        repo.snapshot.repositoryName,
        image.digest,
        MANIFEST_TYPES
      )
      known = manifest ? measure(manifest) : {}
      details.set(image.digest, known)
    }
    return {
      registryId: accountId,
      repositoryName: repo.snapshot.repositoryName,
      imageDigest: image.digest,
      ...(image.tags.length > 0 ? { imageTags: image.tags } : {}),
      ...(known.size !== undefined ? { imageSizeInBytes: known.size } : {}),
      imagePushedAt: epochSeconds(image.pushedAt),
      imageManifestMediaType: image.mediaType,
      ...(known.artifactMediaType ? { artifactMediaType: known.artifactMediaType } : {})
    }
  }

  function newRepository(input: Input): EcrRepositorySnapshot {
    const name = checkRepositoryName(input['repositoryName'])
    checkRegistryId(input)
    checkEnum('imageTagMutability', input['imageTagMutability'], TAG_MUTABILITY)
    const encryption = input['encryptionConfiguration'] as
      { encryptionType: string; kmsKey?: string } | undefined
    checkEnum(
      'encryptionConfiguration.encryptionType',
      encryption?.encryptionType,
      ENCRYPTION_TYPES
    )
    const tags = (input['tags'] as Array<{ Key: string; Value: string }> | undefined) ?? []
    if (tags.length > 50) {
      throw new AwsError('TooManyTagsException', 'The repository cannot have more than 50 tags')
    }
    if (repos.has(name)) {
      throw new AwsError(
        'RepositoryAlreadyExistsException',
        `The repository with name '${name}' already exists in the registry with id '${accountId}'`
      )
    }
    const scanning = input['imageScanningConfiguration'] as { scanOnPush?: boolean } | undefined
    const snapshot: EcrRepositorySnapshot = {
      repositoryArn: `arn:aws:ecr:${region}:${accountId}:repository/${name}`,
      registryId: accountId,
      repositoryName: name,
      repositoryUri: `${host}/${name}`,
      createdAt: epochSeconds(now()),
      imageTagMutability: (input['imageTagMutability'] as string | undefined) ?? 'MUTABLE',
      imageScanningConfiguration: { scanOnPush: scanning?.scanOnPush ?? false },
      encryptionConfiguration: encryption
        ? {
            encryptionType: encryption.encryptionType,
            ...(encryption.kmsKey ? { kmsKey: encryption.kmsKey } : {})
          }
        : { encryptionType: 'AES256' },
      tags
    }
    repos.set(name, { snapshot, firstSeen: new Map() })
    return snapshot
  }

  function publicRepository(s: EcrRepositorySnapshot): Record<string, unknown> {
    const { tags: _tags, ...rest } = s
    return rest
  }

  /** Removes `tag` only: the registry deletes by digest, so the other tags are put back. */
  async function untag(repo: Repo, image: Image, tag: string): Promise<void> {
    const name = repo.snapshot.repositoryName
    const manifest = await registry.manifest(name, image.digest, MANIFEST_TYPES)
    if (!manifest) return
    await registry.delete(name, image.digest)
    for (const other of image.tags) {
      if (other !== tag) await registry.put(name, other, manifest.body, manifest.mediaType)
    }
  }

  // ------------------------------------------------------------ operations

  const handlers: Record<string, (input: Input) => unknown> = {
    GetAuthorizationToken(input) {
      const ids = (input['registryIds'] as string[] | undefined) ?? [accountId]
      if (ids.length < 1 || ids.length > 10)
        throw invalid('registryIds', 'must have length between 1 and 10')
      for (const id of ids) {
        if (!/^[0-9]{12}$/.test(id))
          throw invalid('registryIds', "must satisfy regular expression '[0-9]{12}'")
      }
      const token = Buffer.from(`AWS:${options.registry?.password ?? ''}`).toString('base64')
      const expiresAt = epochSeconds(now() + TOKEN_TTL_MS)
      const proxyEndpoint = (options.registry?.url ?? '').replace(/\/+$/, '')
      return {
        authorizationData: ids.map(() => ({ authorizationToken: token, expiresAt, proxyEndpoint }))
      }
    },

    CreateRepository(input) {
      return { repository: publicRepository(newRepository(input)) }
    },

    DescribeRepositories(input) {
      const names = input['repositoryNames'] as string[] | undefined
      checkRegistryId(input, names?.[0] ?? '')
      if (names !== undefined) {
        if (input['nextToken'] !== undefined || input['maxResults'] !== undefined) {
          throw new AwsError(
            'InvalidParameterException',
            'Invalid parameter: maxResults and nextToken cannot be used with repositoryNames'
          )
        }
        if (names.length < 1 || names.length > 100) {
          throw invalid('repositoryNames', 'must have length between 1 and 100')
        }
        const found = names.map((name) => {
          checkRepositoryName(name)
          const repo = repos.get(name)
          if (!repo) throw repoNotFound(name)
          return publicRepository(repo.snapshot)
        })
        return { repositories: found }
      }
      const all = [...repos.values()].map((r) => publicRepository(r.snapshot))
      const { items, nextToken } = page(all, input, 100, 1000)
      return { repositories: items, ...(nextToken ? { nextToken } : {}) }
    },

    async DeleteRepository(input) {
      const repo = repoOf(input)
      const all = await images(repo)
      if (all.length > 0 && input['force'] !== true) {
        throw new AwsError(
          'RepositoryNotEmptyException',
          `The repository with name '${repo.snapshot.repositoryName}' in registry with id '${accountId}' cannot be deleted because it still contains images`
        )
      }
      for (const image of all) await registry.delete(repo.snapshot.repositoryName, image.digest)
      repos.delete(repo.snapshot.repositoryName)
      return { repository: publicRepository(repo.snapshot) }
    },

    async DescribeImages(input) {
      const repo = repoOf(input)
      const ids = checkImageIds(input)
      const all = await images(repo)
      if (ids) {
        if (input['nextToken'] !== undefined || input['maxResults'] !== undefined) {
          throw new AwsError(
            'InvalidParameterException',
            'Invalid parameter: maxResults and nextToken cannot be used with imageIds'
          )
        }
        const picked: Image[] = []
        for (const id of ids) {
          if (id.imageDigest === undefined && id.imageTag === undefined) {
            throw new AwsError(
              'InvalidParameterException',
              'Invalid parameter: imageId must have an imageDigest or an imageTag'
            )
          }
          const image = find(all, id)
          if (!image) throw imageNotFound(repo, id)
          if (!picked.includes(image)) picked.push(image)
        }
        return { imageDetails: await Promise.all(picked.map((i) => detail(repo, i))) }
      }
      const { items, nextToken } = page(all.filter(tagFilter(input)), input, 100, 1000)
      return {
        imageDetails: await Promise.all(items.map((i) => detail(repo, i))),
        ...(nextToken ? { nextToken } : {})
      }
    },

    async ListImages(input) {
      const repo = repoOf(input)
      const all = (await images(repo)).filter(tagFilter(input))
      const ids = all.flatMap((image) =>
        image.tags.length > 0
          ? image.tags.map((tag) => ({ imageDigest: image.digest, imageTag: tag }))
          : [{ imageDigest: image.digest }]
      )
      const { items, nextToken } = page(ids, input, 100, 1000)
      return { imageIds: items, ...(nextToken ? { nextToken } : {}) }
    },

    async BatchGetImage(input) {
      const repo = repoOf(input)
      const ids = checkImageIds(input) ?? []
      const accepted = (input['acceptedMediaTypes'] as string[] | undefined) ?? MANIFEST_TYPES
      const all = await images(repo)
      const result: unknown[] = []
      const failures: unknown[] = []
      for (const id of ids) {
        if (id.imageDigest === undefined && id.imageTag === undefined) {
          failures.push({
            imageId: id,
            failureCode: 'MissingDigestAndTag',
            failureReason: 'Invalid request: Missing image digest and tag'
          })
          continue
        }
        const image = find(all, id)
        if (!image) {
          const tagged =
            id.imageTag !== undefined &&
            id.imageDigest !== undefined &&
            find(all, { imageTag: id.imageTag })
          failures.push(
            tagged
              ? {
                  imageId: id,
                  failureCode: 'ImageTagDoesNotMatchDigest',
                  failureReason: 'Invalid image digest and tag combination'
                }
              : {
                  imageId: id,
                  failureCode: 'ImageNotFound',
                  failureReason: 'Requested image not found'
                }
          )
          continue
        }
        const manifest = await registry.manifest(
          repo.snapshot.repositoryName,
          image.digest,
          accepted
        )
        if (!manifest) {
          failures.push({
            imageId: id,
            failureCode: 'ImageNotFound',
            failureReason: 'Requested image not found'
          })
          continue
        }
        result.push({
          registryId: accountId,
          repositoryName: repo.snapshot.repositoryName,
          imageId: { imageDigest: image.digest, ...(id.imageTag ? { imageTag: id.imageTag } : {}) },
          imageManifest: manifest.body,
          imageManifestMediaType: manifest.mediaType
        })
      }
      return { images: result, failures }
    },

    async BatchDeleteImage(input) {
      const repo = repoOf(input)
      const ids = checkImageIds(input) ?? []
      const deleted: ImageId[] = []
      const failures: unknown[] = []
      for (const id of ids) {
        // Re-read each time: an earlier id may have changed the repository.
        const all = await images(repo)
        const image =
          id.imageDigest !== undefined || id.imageTag !== undefined ? find(all, id) : undefined
        if (!image) {
          failures.push(
            id.imageDigest === undefined && id.imageTag === undefined
              ? {
                  imageId: id,
                  failureCode: 'MissingDigestAndTag',
                  failureReason: 'Invalid request: Missing image digest and tag'
                }
              : {
                  imageId: id,
                  failureCode: 'ImageNotFound',
                  failureReason: 'Requested image not found'
                }
          )
          continue
        }
        const name = repo.snapshot.repositoryName
        if (id.imageTag !== undefined && id.imageDigest === undefined && image.tags.length > 1) {
          await untag(repo, image, id.imageTag)
          deleted.push({ imageDigest: image.digest, imageTag: id.imageTag })
          continue
        }
        await registry.delete(name, image.digest)
        repo.firstSeen.delete(image.digest)
        if (image.tags.length === 0) deleted.push({ imageDigest: image.digest })
        for (const tag of image.tags) deleted.push({ imageDigest: image.digest, imageTag: tag })
      }
      return { imageIds: deleted, failures }
    },

    async PutImage(input) {
      const repo = repoOf(input)
      const name = repo.snapshot.repositoryName
      const body = input['imageManifest'] as string
      let declared: unknown
      try {
        declared = (JSON.parse(body) as { mediaType?: unknown }).mediaType
      } catch {
        throw new AwsError(
          'InvalidParameterException',
          "Invalid parameter at 'imageManifest' failed to satisfy constraint: 'Invalid JSON syntax'"
        )
      }
      const mediaType = (input['imageManifestMediaType'] as string | undefined) ?? declared
      if (typeof mediaType !== 'string' || !MANIFEST_TYPES.includes(mediaType)) {
        throw new AwsError(
          'InvalidParameterException',
          'Invalid parameter: the manifest media type is missing or not supported'
        )
      }
      const digest = `sha256:${createHash('sha256').update(body, 'utf8').digest('hex')}`
      const wanted = input['imageDigest'] as string | undefined
      if (wanted !== undefined && wanted !== digest) {
        throw new AwsError(
          'ImageDigestDoesNotMatchException',
          `The digest of the manifest ${digest} does not match the imageDigest ${wanted}`
        )
      }
      const tag = input['imageTag'] as string | undefined
      const all = await images(repo)
      const current =
        tag !== undefined ? find(all, { imageTag: tag }) : find(all, { imageDigest: digest })
      if (current?.digest === digest) {
        throw new AwsError(
          'ImageAlreadyExistsException',
          `Image with digest '${digest}'${tag !== undefined ? ` and tag '${tag}'` : ''} already exists in the repository with name '${name}' in the registry with id '${accountId}'`
        )
      }
      if (current && tag !== undefined && repo.snapshot.imageTagMutability === 'IMMUTABLE') {
        throw new AwsError(
          'ImageTagAlreadyExistsException',
          `The image tag '${tag}' already exists in the '${name}' repository and cannot be overwritten because the repository is immutable.`
        )
      }
      await registry.put(name, tag ?? digest, body, mediaType)
      return {
        image: {
          registryId: accountId,
          repositoryName: name,
          imageId: { imageDigest: digest, ...(tag !== undefined ? { imageTag: tag } : {}) },
          imageManifest: body,
          imageManifestMediaType: mediaType
        }
      }
    }
  }

  const missing = (path: string): AwsError => invalid(path, 'must not be null')

  return {
    targetPrefix: ECR_TARGET_PREFIX,
    signingName: 'ecr',
    async handle(op, input) {
      const handler = handlers[op]
      const schema = requestSchema(ecrModel, op)
      if (!handler || !schema) throw unknownOperation(op)
      validateShape(schema, input, missing)
      return handler(input)
    },
    seedRepository(name, seed = {}) {
      return newRepository({ repositoryName: name, ...seed })
    },
    reset() {
      repos.clear()
    },
    snapshot() {
      return { repositories: [...repos.values()].map((r) => ({ ...r.snapshot })) }
    }
  }
}

/** ECR's `imageSizeInBytes` (the layers' compressed size) and `artifactMediaType` from a manifest. */
function measure(manifest: Manifest): { size?: number; artifactMediaType?: string } {
  try {
    const parsed = JSON.parse(manifest.body) as {
      config?: { mediaType?: string }
      layers?: Array<{ size?: number }>
    }
    if (!Array.isArray(parsed.layers)) return {}
    const size = parsed.layers.reduce(
      (sum, l) => sum + (typeof l.size === 'number' ? l.size : 0),
      0
    )
    return {
      size,
      ...(parsed.config?.mediaType ? { artifactMediaType: parsed.config.mediaType } : {})
    }
  } catch {
    return {}
  }
}

/**
 * The registry's HTTP API v2, as much as ECR's image calls need. Failures the
 * caller cannot act on (unreachable, auth) become a `ServerException`.
 */
class RegistryClient {
  private readonly base: string
  private readonly auth: string | undefined

  constructor(options: RegistryOptions) {
    this.base = options.url.replace(/\/+$/, '')
    this.auth =
      options.username !== undefined
        ? `Basic ${Buffer.from(`${options.username}:${options.password ?? ''}`).toString('base64')}`
        : undefined
  }

  async tags(name: string): Promise<string[]> {
    const res = await this.request('GET', `/v2/${name}/tags/list`)
    if (res.status === 404) return []
    await this.expect(res, [200], `listing tags of ${name}`)
    const body = (await res.json()) as { tags?: string[] | null }
    return body.tags ?? []
  }

  async head(
    name: string,
    reference: string
  ): Promise<{ digest: string; mediaType: string } | undefined> {
    const res = await this.request('HEAD', `/v2/${name}/manifests/${reference}`, {
      accept: MANIFEST_TYPES.join(', ')
    })
    if (res.status === 404) return undefined
    await this.expect(res, [200], `reading manifest ${name}:${reference}`)
    return {
      digest: res.headers.get('docker-content-digest') ?? reference,
      mediaType: (res.headers.get('content-type') ?? '').split(';')[0] ?? ''
    }
  }

  async manifest(
    name: string,
    reference: string,
    accept: readonly string[]
  ): Promise<Manifest | undefined> {
    const res = await this.request('GET', `/v2/${name}/manifests/${reference}`, {
      accept: accept.join(', ')
    })
    if (res.status === 404) return undefined
    await this.expect(res, [200], `reading manifest ${name}:${reference}`)
    const body = await res.text()
    const mediaType = (res.headers.get('content-type') ?? '').split(';')[0] ?? ''
    // A registry asked for a type it cannot serve answers with another one.
    if (!accept.includes(mediaType)) return undefined
    const digest =
      res.headers.get('docker-content-digest') ??
      `sha256:${createHash('sha256').update(body, 'utf8').digest('hex')}`
    return { digest, mediaType, body }
  }

  async delete(name: string, digest: string): Promise<void> {
    const res = await this.request('DELETE', `/v2/${name}/manifests/${digest}`)
    if (res.status === 404) return
    if (res.status === 405) {
      throw new AwsError(
        'ServerException',
        `The emulator's registry does not allow deletes: set storage.delete.enabled: true in its config`,
        500
      )
    }
    await this.expect(res, [200, 202], `deleting ${name}@${digest}`)
  }

  async put(name: string, reference: string, body: string, mediaType: string): Promise<void> {
    const res = await this.request(
      'PUT',
      `/v2/${name}/manifests/${reference}`,
      {
        'content-type': mediaType
      },
      body
    )
    if (res.status === 400) {
      const text = await res.text()
      throw new AwsError(
        /BLOB_UNKNOWN/.test(text) ? 'LayersNotFoundException' : 'InvalidParameterException',
        `The registry refused the manifest: ${text.trim()}`
      )
    }
    await this.expect(res, [201], `writing manifest ${name}:${reference}`)
  }

  private async request(
    method: string,
    path: string,
    headers: Record<string, string> = {},
    body?: string
  ): Promise<Response> {
    try {
      return await fetch(`${this.base}${path}`, {
        method,
        headers: { ...headers, ...(this.auth ? { authorization: this.auth } : {}) },
        ...(body !== undefined ? { body } : {}),
        signal: AbortSignal.timeout(15_000)
      })
    } catch (error) {
      throw new AwsError(
        'ServerException',
        `The emulator's registry at ${this.base} is unreachable: ${error instanceof Error ? error.message : String(error)}`,
        500
      )
    }
  }

  private async expect(res: Response, ok: number[], what: string): Promise<void> {
    if (ok.includes(res.status)) return
    const text = await res.text().catch(() => '')
    throw new AwsError(
      'ServerException',
      `The emulator's registry failed ${what}: HTTP ${res.status} ${text.trim()}`.trim(),
      500
    )
  }
}
