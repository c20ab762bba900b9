import { join } from 'node:path'
import type { ECRClient } from '@aws-sdk/client-ecr'
import type { ImageSource } from '../inputs/config.js'
import { clientRegion } from '../aws/errors.js'
import { ActionError, awsErrorName, describeAwsError, errorMessage, quote } from '../util/errors.js'
import { formatDuration, type Logger } from '../util/log.js'
import { systemClock, type Clock } from '../util/time.js'
import {
  CACHE_TAG,
  EMPTY_BUILDX_INPUTS,
  GHA_CACHE_ENV,
  REVISION_LABEL,
  builderCanExport,
  buildxOnlyInputs,
  exportOnlyInputs,
  ghaCacheAvailable,
  imageLabels,
  nativePlatform,
  planCache,
  runtimePlatformProblem,
  splitPlatforms,
  type BuilderInfo
} from './buildx-args.js'
import { describeBuild } from './docker-args.js'
import type { DockerCli } from './docker.js'
import {
  addTags,
  createRepository,
  describeRepository,
  findImageByTag,
  getRegistryLogin,
  getRegistryLogins,
  type RegistryLogin,
  type RepositoryInfo
} from './ecr.js'
import { readImageLabels } from './registry-read.js'
import {
  MAX_ECS_IMAGE_LENGTH,
  digestFromRepoDigests,
  ecrRegistryOf,
  hostOfRepositoryUri,
  isValidRepositoryName,
  parseImageReference,
  pinnedReference,
  repositoryNameProblem,
  shortDigest,
  shortTag,
  tagProblem
} from './reference.js'

export type BuildSource = Extract<ImageSource, { kind: 'build' }>

/**
 * What the image stage will do, decided before any side effect.
 * - `none`: nothing to write; `plannedReference` is final.
 * - `tag`: reuse an image already in ECR and add the requested tags it lacks.
 * - `build`: (create the repository,) log in, build, push.
 */
export type ImagePlan = GivenImagePlan | ReuseImagePlan | BuildImagePlan

interface PlanCommon {
  /** The reference to deploy as far as validation knows (final unless a build is planned). */
  plannedReference: string
  /** What will happen and why, one line for the log and the summary. */
  reason: string
}

/** The `image` input: deployed as given, or pinned by digest when found in ECR. */
export interface GivenImagePlan extends PlanCommon {
  action: 'none'
  source: 'given'
  digest?: string
  repositoryUri?: string
}

/** The primary tag is already in ECR and `skip-build-if-exists` is on. */
export interface ReuseImagePlan extends PlanCommon {
  action: 'none' | 'tag'
  source: 'reused'
  repository: RepositoryInfo
  digest: string
  /** All requested tags, primary first. */
  tags: string[]
  /** Requested tags the image does not carry yet (added by `resolveImage`). */
  missingTags: string[]
  /** The repository's region, when it is another than the run's (an `ecr-repository` URI). */
  region?: string
}

export interface BuildImagePlan extends PlanCommon {
  action: 'build'
  source: 'built'
  /** The build inputs, tags de-duplicated. */
  build: BuildSource
  /** The repository; `uri` is unknown until a planned creation happened. */
  repository: { name: string; uri?: string; registryId?: string; tagMutability?: string }
  createRepository: boolean
  /** The builder found at validation: buildx (BuildKit) or, without it, the legacy builder. */
  builder: BuilderInfo
  /** The runner's cache service is there (type=gha is the default cache). */
  ghaCache: boolean
}

export interface ResolvedImage {
  /** `<repositoryUri>@sha256:…` whenever built or found in ECR; otherwise the reference as given. */
  reference: string
  digest?: string
  built: boolean
  /** Tags pushed or added by this run (reuse: all requested tags); empty for a given image. */
  tags: string[]
  repositoryUri?: string
}

export interface PlanDeps {
  ecr: ECRClient
  /** ECR of another region, for an `ecr-repository` URI there (AwsClients.ecrIn). */
  ecrIn?: (region: string) => ECRClient
  log: Logger
  /** What the current builder can do (reads only). Absent: the legacy builder. */
  builder?: () => Promise<BuilderInfo>
  /** The task definition's runtimePlatform.cpuArchitecture, checked against the platforms built. */
  cpuArchitecture?: string | undefined
  /** The runner's variables (is the cache service there?). Default: process.env. */
  env?: Record<string, string | undefined>
  /** The runner's CPU (Node's process.arch): the platform of a build without `platform`. */
  arch?: string
}

export interface ResolveDeps {
  ecr: ECRClient
  /** ECR of another region, for an `ecr-repository` URI there (AwsClients.ecrIn). */
  ecrIn?: (region: string) => ECRClient
  docker: DockerCli
  log: Logger
  clock?: Clock
  /** The runner's variables (build secrets are masked from here). Default: process.env. */
  env?: Record<string, string | undefined>
  /** Where the build metadata file goes. */
  tempDir?: string
}

/**
 * Validates the image inputs and decides build, reuse or deploy-as-given.
 * Reads only (DescribeRepositories, DescribeImages): no repository is
 * created, nothing is pushed and nobody logs in.
 */
export async function planImage(source: ImageSource, deps: PlanDeps): Promise<ImagePlan> {
  if (source.kind === 'none') {
    throw new ActionError(
      'Nothing to deploy: set `image` (an existing image) or `ecr-repository` (build and push).'
    )
  }
  const plan =
    source.kind === 'existing'
      ? await planExisting(source.reference, deps)
      : await planBuild(source, deps)
  deps.log.info(plan.reason)
  return plan
}

/**
 * Carries out the plan: creates the repository, logs in to the registry
 * (password masked first, kept in the private DOCKER_CONFIG), builds, pushes
 * every tag and finds the digest; or adds tags to a reused image.
 */
export async function resolveImage(plan: ImagePlan, deps: ResolveDeps): Promise<ResolvedImage> {
  switch (plan.action) {
    case 'none':
      return plan.source === 'given'
        ? {
            reference: plan.plannedReference,
            built: false,
            tags: [],
            ...(plan.digest ? { digest: plan.digest } : {}),
            ...(plan.repositoryUri ? { repositoryUri: plan.repositoryUri } : {})
          }
        : reused(plan)
    case 'tag':
      return tagExisting(plan, deps)
    case 'build':
      return buildAndPush(plan, deps)
  }
}

// ---------------------------------------------------------------- planning

function validateBuildInputs(source: BuildSource): string[] {
  const problems: string[] = []
  const nameProblem = repositoryNameProblem(source.repository)
  if (nameProblem) {
    problems.push(
      `\`ecr-repository\` ${quote(source.repository)} is not a valid ECR repository name: it ${nameProblem}.`
    )
  }
  if (source.tags.length === 0) problems.push('`tags` is empty: give at least one tag.')
  for (const tag of source.tags) {
    const problem = tagProblem(tag)
    if (problem) {
      problems.push(`\`tags\`: ${quote(tag)} is not a valid image tag: it ${problem}.`)
    }
  }
  return problems
}

function invalid(problems: string[]): ActionError {
  return problems.length === 1
    ? new ActionError(problems[0] ?? '')
    : new ActionError(`${problems.length} image inputs are invalid:`, problems)
}

async function planBuild(input: BuildSource, runDeps: PlanDeps): Promise<ImagePlan> {
  // The repository's own region answers for it (an `ecr-repository` URI of another region).
  const deps = { ...runDeps, ecr: regionalEcr(runDeps, input.region) }
  const { ecr, log } = deps
  const problems = validateBuildInputs(input)
  if (problems.length > 0) throw invalid(problems)
  const tags = [...new Set(input.tags)]
  const source: BuildSource = { ...input, tags }
  const primary = tags[0] ?? ''
  const name = source.repository
  const builder = await checkBuilder(source, deps)
  const ghaCache = ghaCacheAvailable(deps.env ?? process.env)
  const revision = source.buildx?.revision

  const repository = await aws(`Looking up ECR repository ${name}`, ecr, () =>
    describeRepository(ecr, name, source.registryId)
  )
  if (!repository && source.registryId) {
    throw new ActionError(
      `ECR repository ${JSON.stringify(name)} (\`ecr-repository\`) does not exist in registry ${source.registryId}${source.region ? ` (${source.region})` : ''}, or this role may not read it: create it there (create-repository only creates in this account's registry), or check the URI and the repository policy.`
    )
  }
  if (!repository) {
    if (!source.createRepository) {
      const region = await clientRegion(ecr)
      throw new ActionError(
        `ECR repository ${JSON.stringify(name)} (\`ecr-repository\`) does not exist${region ? ` in ${region}` : ''}: set \`create-repository: true\` to have this action create it (scan on push on), or check the name and the region.`
      )
    }
    return {
      action: 'build',
      source: 'built',
      build: source,
      repository: { name },
      createRepository: true,
      builder,
      ghaCache,
      plannedReference: `${name}:${primary}`,
      reason: `ECR repository ${name} does not exist: it will be created (create-repository), then tag ${shortTag(primary)} built and pushed.`
    }
  }
  log.info(`ECR repository ${name}: ${repository.uri}`)
  checkLength(repository.uri, '`ecr-repository`')

  const existing = await aws(`Looking up tag ${primary} in ECR repository ${name}`, ecr, () =>
    findImageByTag(ecr, repository, primary)
  )
  const immutable = repository.tagMutability === 'IMMUTABLE'
  let rebuildWhy: string | undefined
  if (existing?.imageDigest && source.skipIfExists) {
    const digest = existing.imageDigest
    const same = await sameCommit(primary, digest, revision, repository, deps)
    if (same.same) {
      const carried = new Set(existing.imageTags ?? [])
      const missingTags = tags.filter((t) => !carried.has(t))
      if (immutable) await checkImmutableTags(ecr, repository, missingTags, digest)
      const pinned = pinnedReference(repository.uri, digest)
      return {
        action: missingTags.length > 0 ? 'tag' : 'none',
        source: 'reused',
        repository,
        digest,
        tags,
        missingTags,
        ...(source.region ? { region: source.region } : {}),
        plannedReference: pinned,
        reason:
          `Tag ${shortTag(primary)} already in ECR (${shortDigest(digest)}) and ${same.why}: build skipped (skip-build-if-exists).` +
          (missingTags.length > 0 ? ` Tags ${missingTags.join(', ')} will be added to it.` : '')
      }
    }
    if (immutable) {
      throw new ActionError(
        `Tag ${primary} already exists in the immutable ECR repository ${name}, but ${same.why}. skip-build-if-exists reuses an existing image only when it is this run's commit, and ECR refuses to move a tag in an immutable repository, so this run cannot deploy its commit under ${primary}. Use a tag that is new for every commit (e.g. tags: \${{ github.sha }}, the default), or make the repository MUTABLE.`
      )
    }
    rebuildWhy = `Tag ${shortTag(primary)} already in ECR (${shortDigest(digest)}) but ${same.why}: building this commit and pushing over it (skip-build-if-exists reuses only an image of this commit).`
  }
  if (existing?.imageDigest && !source.skipIfExists && immutable) {
    throw new ActionError(
      `Tag ${primary} already exists in the immutable ECR repository ${name} and \`skip-build-if-exists\` is false, so ECR would reject the push: use a new tag (e.g. the commit SHA), or set \`skip-build-if-exists: true\` to reuse that image.`
    )
  }
  if (immutable) await checkImmutableTags(ecr, repository, tags.slice(1), undefined)
  return {
    action: 'build',
    source: 'built',
    build: source,
    repository: {
      name,
      uri: repository.uri,
      ...(repository.registryId ? { registryId: repository.registryId } : {}),
      ...(repository.tagMutability ? { tagMutability: repository.tagMutability } : {})
    },
    createRepository: false,
    builder,
    ghaCache,
    plannedReference: `${repository.uri}:${primary}`,
    reason: rebuildWhy
      ? rebuildWhy
      : existing?.imageDigest
        ? `Tag ${shortTag(primary)} already in ECR (${shortDigest(existing.imageDigest)}) but skip-build-if-exists is false: building and pushing over it.`
        : `Tag ${shortTag(primary)} not in ECR yet: building.`
  }
}

/**
 * Whether the image under the primary tag is this run's commit: the tag is
 * the commit SHA itself, or the image's revision label says so (read from
 * its config blob in ECR, reads only). Anything else — another commit, no
 * label, no known commit — is not safe to redeploy as this run's image.
 */
async function sameCommit(
  tag: string,
  digest: string,
  revision: string | undefined,
  repository: RepositoryInfo,
  deps: PlanDeps
): Promise<{ same: boolean; why: string }> {
  if (!revision) {
    return {
      same: false,
      why: "this run's commit is unknown (GITHUB_SHA unset), so it cannot be shown to be this commit"
    }
  }
  if (tag === revision) return { same: true, why: "the tag is this run's commit SHA" }
  let labels: Record<string, string> | string
  try {
    const login = await registryLogin(deps.ecr, deps.log, repository.registryId)
    labels = await readImageLabels(deps.ecr, repository, digest, login)
  } catch (error) {
    labels = errorMessage(error)
  }
  if (typeof labels === 'string') {
    deps.log.warning(`Could not read the labels of ${shortDigest(digest)}: ${labels}.`)
    return { same: false, why: `its ${REVISION_LABEL} label could not be read (${labels})` }
  }
  const found = labels[REVISION_LABEL]
  if (found === revision) {
    return {
      same: true,
      why: `its ${REVISION_LABEL} label is this run's commit ${revision.slice(0, 12)}`
    }
  }
  return {
    same: false,
    why: found
      ? `its image is from commit ${found.slice(0, 40)} (${REVISION_LABEL}), not this run's ${revision.slice(0, 12)}`
      : `its image has no ${REVISION_LABEL} label, so it cannot be shown to be this run's commit ${revision.slice(0, 12)}`
  }
}

/**
 * The builder, and what it can honour, checked before any side effect:
 * BuildKit-only inputs need buildx, cache export / attestations / several
 * platforms need more than the plain docker driver, and the platforms built
 * must include the task definition's runtimePlatform.
 */
async function checkBuilder(source: BuildSource, deps: PlanDeps): Promise<BuilderInfo> {
  const inputs = source.buildx ?? EMPTY_BUILDX_INPUTS
  const platforms = splitPlatforms(source.platform)
  const built = platforms.length > 0 ? platforms : [nativePlatform(deps.arch ?? process.arch)]
  const problem = runtimePlatformProblem(built, deps.cpuArchitecture)
  if (problem) {
    throw new ActionError(
      `\`platform\`${platforms.length === 0 ? ' (not set: this runner builds ' + built.join(',') + ')' : ''}: ${problem}`
    )
  }
  const builder: BuilderInfo = deps.builder ? await deps.builder() : { containerdStore: false }
  if (!builder.buildx) {
    const needs = buildxOnlyInputs(inputs, platforms)
    if (needs.length > 0) {
      throw new ActionError(
        `${needs.map((n) => `\`${n}\``).join(', ')} need BuildKit through buildx, and this runner's docker has no buildx plugin: add docker/setup-buildx-action before this step (or install the docker-buildx package), or remove ${needs.length === 1 ? 'it' : 'them'}.`
      )
    }
    deps.log.info(
      'Builder: the legacy docker builder (no buildx plugin found); BuildKit-only inputs are unavailable.'
    )
    return builder
  }
  if (!builderCanExport(builder)) {
    const needs = exportOnlyInputs(inputs, platforms)
    if (needs.length > 0) {
      throw new ActionError(
        `${needs.map((n) => `\`${n}\``).join(', ')} need a builder that can export (cache, attestations, several platforms); the current builder ${builder.name ?? ''} uses the docker driver on an engine without the containerd image store. Add docker/setup-buildx-action (docker-container driver) before this step, or turn on the containerd image store.`
      )
    }
  }
  deps.log.info(
    `Builder: BuildKit through buildx (${builder.buildx}; builder ${builder.name ?? '?'}, driver ${builder.driver ?? '?'}${builder.containerdStore ? ', containerd image store' : ''}).`
  )
  return builder
}

/**
 * In an IMMUTABLE repository a tag that already names another image cannot
 * be pushed or moved; find that out before anything is written.
 */
async function checkImmutableTags(
  ecr: ECRClient,
  repository: RepositoryInfo,
  tags: readonly string[],
  digest: string | undefined
): Promise<void> {
  for (const tag of tags) {
    const found = await aws(`Looking up tag ${tag} in ECR repository ${repository.name}`, ecr, () =>
      findImageByTag(ecr, repository, tag)
    )
    if (found?.imageDigest && found.imageDigest !== digest) {
      throw new ActionError(
        `\`tags\`: ${tag} already names another image (${shortDigest(found.imageDigest)}) in the immutable ECR repository ${repository.name}, so ECR would reject it: remove it from \`tags\`, or use tags that are new for every build.`
      )
    }
  }
}

function checkLength(repositoryUri: string, input: string): void {
  const pinnedLength = repositoryUri.length + '@sha256:'.length + 64
  if (pinnedLength > MAX_ECS_IMAGE_LENGTH) {
    throw new ActionError(
      `The image reference ${repositoryUri}@sha256:… would be ${pinnedLength} characters long; ECS accepts at most ${MAX_ECS_IMAGE_LENGTH}. Use a shorter ${input}.`
    )
  }
}

async function planExisting(reference: string, deps: PlanDeps): Promise<GivenImagePlan> {
  const { ecr, log } = deps
  const parsed = parseImageReference(reference)
  if (typeof parsed === 'string') {
    throw new ActionError(
      `\`image\` ${quote(reference)} is not a valid image reference: it ${parsed}. Expected [registry/]repository[:tag][@sha256:digest], e.g. 123456789012.dkr.ecr.eu-west-1.amazonaws.com/web:1.4.2.`
    )
  }
  if (reference.length > MAX_ECS_IMAGE_LENGTH) {
    throw new ActionError(
      `\`image\` is ${reference.length} characters long; ECS accepts at most ${MAX_ECS_IMAGE_LENGTH}.`
    )
  }
  const given = (why: string): GivenImagePlan => ({
    action: 'none',
    source: 'given',
    plannedReference: reference,
    ...(parsed.digest ? { digest: parsed.digest } : {}),
    reason: `Image ${reference}: ${why}.`
  })
  if (parsed.digest) return given('pinned by digest already, deployed as given')
  if (!parsed.host) return given('not in ECR (Docker Hub), deployed as given')
  const tag = parsed.tag ?? 'latest'

  const ecrHost = ecrRegistryOf(parsed.host)
  let repository: RepositoryInfo | undefined
  if (ecrHost) {
    const region = await clientRegion(ecr)
    if (region && ecrHost.region !== region) {
      return given(
        `in ECR in ${ecrHost.region}, not in this run's region ${region}; deployed as given, not pinned by digest`
      )
    }
    try {
      repository = await describeRepository(ecr, parsed.path, ecrHost.accountId)
    } catch (error) {
      log.warning(
        `Could not look up ${parsed.path} in ECR (${awsErrorName(error) ?? errorMessage(error)}); the image is deployed as given, not pinned by digest.`
      )
      return given('deployed as given (ECR lookup failed)')
    }
    if (!repository) {
      throw new ActionError(
        `\`image\` ${reference}: ECR repository ${parsed.path} does not exist in registry ${ecrHost.accountId} (${ecrHost.region}); check the image reference.`
      )
    }
  } else if (isValidRepositoryName(parsed.path)) {
    // A registry that is not on an ECR host name (an endpoint override, a
    // local registry): it is ours when one of our repositories lives there.
    try {
      const candidate = await describeRepository(ecr, parsed.path)
      if (candidate && hostOfRepositoryUri(candidate.uri) === parsed.host) repository = candidate
    } catch (error) {
      log.debug(`ECR lookup of ${parsed.path} failed: ${errorMessage(error)}`)
    }
  }
  if (!repository) return given("not in this account's ECR, deployed as given")

  const found = repository
  const image = await aws(`Looking up tag ${tag} in ECR repository ${found.name}`, ecr, () =>
    findImageByTag(ecr, found, tag)
  )
  if (!image?.imageDigest) {
    throw new ActionError(
      `\`image\` ${reference}: tag ${tag} does not exist in ECR repository ${found.name}; push the image first, or check the tag.`
    )
  }
  return {
    action: 'none',
    source: 'given',
    plannedReference: pinnedReference(found.uri, image.imageDigest),
    digest: image.imageDigest,
    repositoryUri: found.uri,
    reason: `Image ${reference} found in ECR (${shortDigest(image.imageDigest)}): deployed pinned by digest.`
  }
}

// ---------------------------------------------------------------- side effects

function reused(plan: ReuseImagePlan): ResolvedImage {
  return {
    reference: pinnedReference(plan.repository.uri, plan.digest),
    digest: plan.digest,
    built: false,
    tags: plan.tags,
    repositoryUri: plan.repository.uri
  }
}

async function tagExisting(plan: ReuseImagePlan, deps: ResolveDeps): Promise<ResolvedImage> {
  const { log } = deps
  const ecr = regionalEcr(deps, plan.region)
  const clock = deps.clock ?? systemClock
  const t0 = clock.now()
  await aws(
    `Tagging ${shortDigest(plan.digest)} in ECR repository ${plan.repository.name}`,
    ecr,
    () => addTags(ecr, plan.repository, plan.digest, plan.missingTags)
  )
  log.info(
    `Added tags ${plan.missingTags.join(', ')} to ${shortDigest(plan.digest)} in ${formatDuration(clock.now() - t0)} (no pull, no push).`
  )
  return reused(plan)
}

async function buildAndPush(plan: BuildImagePlan, deps: ResolveDeps): Promise<ResolvedImage> {
  const { docker, log } = deps
  // The repository's registry, in its own region; `registries` logins stay in the run's.
  const ecr = regionalEcr(deps, plan.build.region)
  const clock = deps.clock ?? systemClock
  const name = plan.repository.name
  let uri = plan.repository.uri
  let t0 = clock.now()

  if (plan.createRepository) {
    const { repository, created } = await aws(`Creating ECR repository ${name}`, ecr, () =>
      createRepository(ecr, name)
    )
    uri = repository.uri
    log.info(
      created
        ? `Created ECR repository ${name} (scan on push) in ${formatDuration(clock.now() - t0)}: ${uri}`
        : `ECR repository ${name} was created concurrently; using it: ${uri}`
    )
  }
  if (!uri) throw new Error(`No repositoryUri known for ${name}`)
  const repositoryUri = uri

  t0 = clock.now()
  const login = await aws('Getting an ECR registry login (GetAuthorizationToken)', ecr, () =>
    registryLogin(ecr, log, plan.build.registryId)
  )
  if (login.host !== hostOfRepositoryUri(repositoryUri)) {
    log.debug(`Registry host ${login.host} differs from the repository host ${repositoryUri}`)
  }
  await docker.login(login.host, login.username, login.password)
  log.info(
    `Logged in to ${login.host} in ${formatDuration(clock.now() - t0)}` +
      (login.expiresAt ? ` (token valid until ${login.expiresAt.toISOString()})` : '') +
      '; credentials kept in a private DOCKER_CONFIG for this run only.'
  )
  const inputs = plan.build.buildx ?? EMPTY_BUILDX_INPUTS
  await loginToRegistries(inputs.registries, deps)

  const tags = plan.build.tags
  const references = tags.map((tag) => `${repositoryUri}:${tag}`)
  const labels = imageLabels(inputs, new Date(clock.now()))
  const base = {
    context: plan.build.context,
    dockerfile: plan.build.dockerfile,
    tags: references,
    buildArgs: plan.build.buildArgs,
    target: plan.build.target,
    platform: plan.build.platform
  }
  if (!plan.builder.buildx)
    return legacyBuildAndPush(plan, { ...base, labels }, repositoryUri, deps)

  const env = deps.env ?? process.env
  // Masked before docker runs: a build step that echoes a secret prints ***.
  for (const secret of inputs.secrets) {
    const value = 'env' in secret ? env[secret.env] : undefined
    if (value) log.secret(value)
  }
  const immutable = (plan.repository.tagMutability ?? 'MUTABLE') !== 'MUTABLE'
  const cache = planCache(inputs, repositoryUri, plan.builder, plan.ghaCache ? env : {})
  // An immutable repository refuses to move the `buildcache` tag: read it, never write it.
  const defaultCache = inputs.cacheFrom.length === 0 && inputs.cacheTo.length === 0
  const cacheTo =
    defaultCache && immutable && cache.to.some((c) => c.includes(`:${CACHE_TAG},`)) ? [] : cache.to
  log.info(
    cacheTo.length < cache.to.length
      ? `${cache.note} Not written: the repository's tags are immutable, so ECR refuses to move ${CACHE_TAG}; give \`cache-to\` to write one elsewhere.`
      : cache.note
  )
  const metadataFile = join(
    deps.tempDir ?? docker.configDir,
    `build-metadata-${process.pid}-${clock.now()}.json`
  )
  const keepEnv = [
    ...inputs.secrets.flatMap((s) => ('env' in s ? [s.env] : [])),
    ...(cache.from.concat(cacheTo).some((c) => c.startsWith('type=gha')) ? GHA_CACHE_ENV : [])
  ]
  log.info(
    `Building ${references[0]} with BuildKit and pushing from the builder (${describeBuild(base)}${
      inputs.secrets.length > 0 ? `, secrets ${inputs.secrets.map((s) => s.id).join(', ')}` : ''
    }).`
  )
  t0 = clock.now()
  const metadata = await docker.buildxBuild(
    {
      ...base,
      labels,
      secrets: inputs.secrets,
      cacheFrom: cache.from,
      cacheTo,
      noCache: inputs.noCache,
      pull: inputs.pull,
      provenance: inputs.provenance,
      sbom: inputs.sbom,
      network: inputs.network,
      metadataFile
    },
    keepEnv
  )
  if (!metadata) {
    throw new ActionError(
      `Built and pushed ${references[0]} but buildx's metadata file named no digest (containerimage.digest); the image cannot be pinned.`
    )
  }
  log.info(
    `Built and pushed ${references.join(', ')} in ${formatDuration(clock.now() - t0)}: ${metadata.digest}${
      metadata.mediaType?.includes('index') || metadata.mediaType?.includes('list')
        ? ' (an image index: ECS pulls the platform it runs)'
        : ''
    } (from buildx --metadata-file).`
  )
  return {
    reference: pinnedReference(repositoryUri, metadata.digest),
    digest: metadata.digest,
    built: true,
    tags,
    repositoryUri
  }
}

/** The `registries` input: logins to other accounts' registries, to pull base images from. */
async function loginToRegistries(registries: readonly string[], deps: ResolveDeps): Promise<void> {
  const { ecr, docker, log } = deps
  const ids = registries.filter((r) => r !== 'public.ecr.aws')
  if (registries.includes('public.ecr.aws')) {
    log.info('public.ecr.aws: public images are pulled anonymously; no login needed.')
  }
  if (ids.length === 0) return
  const logins: RegistryLogin[] = await aws(
    `Getting ECR logins for registries ${ids.join(', ')} (GetAuthorizationToken)`,
    ecr,
    () => getRegistryLogins(ecr, log, ids)
  )
  for (const [index, login] of logins.entries()) {
    await docker.login(login.host, login.username, login.password)
    log.info(`Logged in to registry ${ids[index] ?? '?'} at ${login.host} (registries).`)
  }
}

async function legacyBuildAndPush(
  plan: BuildImagePlan,
  build: Parameters<DockerCli['build']>[0],
  repositoryUri: string,
  deps: ResolveDeps
): Promise<ResolvedImage> {
  const { docker, log } = deps
  const clock = deps.clock ?? systemClock
  const references = build.tags
  const tags = plan.build.tags
  log.info(`Building ${references[0]} with the legacy builder (${describeBuild(build)}).`)
  let t0 = clock.now()
  await docker.build(build)
  log.info(`Built in ${formatDuration(clock.now() - t0)}.`)

  let digest: string | undefined
  for (const reference of references) {
    t0 = clock.now()
    const pushed = await docker.push(reference)
    digest ??= pushed
    log.info(`Pushed ${reference} in ${formatDuration(clock.now() - t0)}.`)
  }
  let from = 'docker push'
  if (!digest) {
    digest = digestFromRepoDigests(await docker.repoDigests(references[0] ?? ''), repositoryUri)
    from = 'docker image inspect'
  }
  if (!digest) {
    throw new ActionError(
      `Pushed ${references[0]} but could not find its digest (neither docker push nor docker image inspect reported one).`
    )
  }
  log.info(`Image digest ${digest} (from ${from}).`)
  return {
    reference: pinnedReference(repositoryUri, digest),
    digest,
    built: true,
    tags,
    repositoryUri
  }
}

// ---------------------------------------------------------------- helpers

/** The ECR client for a repository's region: the run's own one unless `region` names another. */
function regionalEcr(
  deps: { ecr: ECRClient; ecrIn?: (region: string) => ECRClient },
  region?: string
): ECRClient {
  if (!region) return deps.ecr
  if (!deps.ecrIn) throw new Error(`No ECR client for region ${region} was provided`)
  return deps.ecrIn(region)
}

/** The login to this account's registry, or to another account's (an `ecr-repository` URI). */
async function registryLogin(
  ecr: ECRClient,
  log: Logger,
  registryId: string | undefined
): Promise<RegistryLogin> {
  if (!registryId) return getRegistryLogin(ecr, log)
  const [login] = await getRegistryLogins(ecr, log, [registryId])
  if (!login)
    throw new Error(`ECR GetAuthorizationToken returned no login for registry ${registryId}`)
  return login
}

/** Runs one AWS step; its errors become ActionErrors that say what was being done. */
async function aws<T>(action: string, ecr: ECRClient, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn()
  } catch (error) {
    if (error instanceof ActionError) throw error
    throw describeAwsError(action, error, await clientRegion(ecr))
  }
}
