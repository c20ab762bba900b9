import type { ECRClient } from '@aws-sdk/client-ecr'
import type { ImageSource } from '../inputs/config.js'
import { ActionError, awsErrorName, describeAwsError, errorMessage } from '../util/errors.js'
import { formatDuration, type Logger } from '../util/log.js'
import { systemClock, type Clock } from '../util/time.js'
import { describeBuild } from './docker-args.js'
import type { DockerCli } from './docker.js'
import {
  addTags,
  createRepository,
  describeRepository,
  findImageByTag,
  getRegistryLogin,
  type RepositoryInfo
} from './ecr.js'
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
}

export interface BuildImagePlan extends PlanCommon {
  action: 'build'
  source: 'built'
  /** The build inputs, tags de-duplicated. */
  build: BuildSource
  /** The repository; `uri` is unknown until a planned creation happened. */
  repository: { name: string; uri?: string; registryId?: string }
  createRepository: boolean
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
  log: Logger
}

export interface ResolveDeps {
  ecr: ECRClient
  docker: DockerCli
  log: Logger
  clock?: Clock
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
      `\`ecr-repository\` ${JSON.stringify(source.repository)} is not a valid ECR repository name: it ${nameProblem}.`
    )
  }
  if (source.tags.length === 0) problems.push('`tags` is empty: give at least one tag.')
  for (const tag of source.tags) {
    const problem = tagProblem(tag)
    if (problem) {
      problems.push(`\`tags\`: ${JSON.stringify(tag)} is not a valid image tag: it ${problem}.`)
    }
  }
  return problems
}

function invalid(problems: string[]): ActionError {
  return problems.length === 1
    ? new ActionError(problems[0] ?? '')
    : new ActionError(`${problems.length} image inputs are invalid:`, problems)
}

async function planBuild(input: BuildSource, deps: PlanDeps): Promise<ImagePlan> {
  const { ecr, log } = deps
  const problems = validateBuildInputs(input)
  if (problems.length > 0) throw invalid(problems)
  const tags = [...new Set(input.tags)]
  const source: BuildSource = { ...input, tags }
  const primary = tags[0] ?? ''
  const name = source.repository

  const repository = await aws(`Looking up ECR repository ${name}`, ecr, () =>
    describeRepository(ecr, name)
  )
  if (!repository) {
    if (!source.createRepository) {
      const region = await regionOf(ecr)
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
  if (existing?.imageDigest && source.skipIfExists) {
    const digest = existing.imageDigest
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
      plannedReference: pinned,
      reason:
        `Tag ${shortTag(primary)} already in ECR (${shortDigest(digest)}): build skipped (skip-build-if-exists).` +
        (missingTags.length > 0 ? ` Tags ${missingTags.join(', ')} will be added to it.` : '')
    }
  }
  if (existing?.imageDigest && immutable) {
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
      ...(repository.registryId ? { registryId: repository.registryId } : {})
    },
    createRepository: false,
    plannedReference: `${repository.uri}:${primary}`,
    reason: existing?.imageDigest
      ? `Tag ${shortTag(primary)} already in ECR (${shortDigest(existing.imageDigest)}) but skip-build-if-exists is false: building and pushing over it.`
      : `Tag ${shortTag(primary)} not in ECR yet: building.`
  }
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
      `\`image\` ${JSON.stringify(reference)} is not a valid image reference: it ${parsed}. Expected [registry/]repository[:tag][@sha256:digest], e.g. 123456789012.dkr.ecr.eu-west-1.amazonaws.com/web:1.4.2.`
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
    const region = await regionOf(ecr)
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
  const { ecr, log } = deps
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
  const { ecr, docker, log } = deps
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
    getRegistryLogin(ecr, log)
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

  const tags = plan.build.tags
  const references = tags.map((tag) => `${repositoryUri}:${tag}`)
  const build = {
    context: plan.build.context,
    dockerfile: plan.build.dockerfile,
    tags: references,
    buildArgs: plan.build.buildArgs,
    target: plan.build.target,
    platform: plan.build.platform
  }
  log.info(`Building ${references[0]} (${describeBuild(build)}).`)
  t0 = clock.now()
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

async function regionOf(ecr: ECRClient): Promise<string | undefined> {
  try {
    const region: unknown = await ecr.config.region()
    return typeof region === 'string' ? region : undefined
  } catch {
    return undefined
  }
}

/** Runs one AWS step; its errors become ActionErrors that say what was being done. */
async function aws<T>(action: string, ecr: ECRClient, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn()
  } catch (error) {
    if (error instanceof ActionError) throw error
    throw describeAwsError(action, error, await regionOf(ecr))
  }
}
