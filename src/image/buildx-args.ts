/**
 * BuildKit through buildx (pure): the inputs of a build, the decisions about
 * them (cache default, OCI labels, platforms) and the `docker buildx build`
 * argument array. Nothing here runs a process or reads a file.
 */
import { DIGEST } from './reference.js'

/** One `--secret` for BuildKit: the value comes from an env variable or a file, never argv. */
export type BuildSecret = { id: string; env: string } | { id: string; src: string }

/** The buildx-only inputs (docker/build-push-action's, same syntax). */
export interface BuildxInputs {
  cacheFrom: string[]
  cacheTo: string[]
  secrets: BuildSecret[]
  /** User labels, in input order. */
  labels: Array<{ name: string; value: string }>
  noCache: boolean
  pull: boolean
  /** Passed as `--provenance=<value>` when set (`false`, `true`, `mode=max`, …). */
  provenance?: string
  /** Passed as `--sbom=<value>` when set. */
  sbom?: string
  /** `--network` for RUN steps (`host`, `none`, `default`). */
  network?: string
  /** 12-digit registry ids to log in to besides the repository's own. */
  registries: string[]
  /** The run's commit (GITHUB_SHA): the revision label, and the skip rule's key. */
  revision?: string
  /** `https://github.com/<owner>/<repo>`: the source label. */
  sourceUrl?: string
}

export const EMPTY_BUILDX_INPUTS: BuildxInputs = {
  cacheFrom: [],
  cacheTo: [],
  secrets: [],
  labels: [],
  noCache: false,
  pull: false,
  registries: []
}

export const REVISION_LABEL = 'org.opencontainers.image.revision'
export const SOURCE_LABEL = 'org.opencontainers.image.source'
export const CREATED_LABEL = 'org.opencontainers.image.created'

/** The tag the default registry cache lives under, in the image's own repository. */
export const CACHE_TAG = 'buildcache'

/** What the current builder can do, as `docker buildx inspect` / `docker info` tell. */
export interface BuilderInfo {
  /** buildx version line; undefined = no buildx (legacy builder). */
  buildx?: string
  name?: string
  /** `docker`, `docker-container`, `remote`, `kubernetes`. */
  driver?: string
  /** The first node's endpoint: a docker context name for the docker driver. */
  endpoint?: string
  /** The engine stores images in containerd (docker driver can export cache, attest, multi-platform). */
  containerdStore: boolean
}

/**
 * Cache export, attestations and multi-platform images need a builder other
 * than the plain docker driver, or the docker driver on an engine with the
 * containerd image store.
 */
export function builderCanExport(builder: BuilderInfo): boolean {
  return builder.driver !== undefined && (builder.driver !== 'docker' || builder.containerdStore)
}

/** The runner's cache service, as the Actions runtime exports it to actions. */
export function ghaCacheAvailable(env: Record<string, string | undefined>): boolean {
  const url = env['ACTIONS_CACHE_URL'] || env['ACTIONS_RESULTS_URL']
  return Boolean(url && env['ACTIONS_RUNTIME_TOKEN'])
}

/** Variables buildx's `type=gha` cache reads; the only ACTIONS_* ones docker ever gets. */
export const GHA_CACHE_ENV = [
  'ACTIONS_CACHE_URL',
  'ACTIONS_RESULTS_URL',
  'ACTIONS_RUNTIME_TOKEN',
  'ACTIONS_CACHE_SERVICE_V2'
]

export interface CachePlan {
  from: string[]
  to: string[]
  /** One line for the log: where the cache comes from and goes to. */
  note: string
}

/**
 * The cache: the inputs when given; otherwise the runner's cache service when
 * it is there, else a registry cache in the image's own ECR repository under
 * `buildcache` (an OCI image manifest, the only cache form ECR accepts). A
 * builder that cannot export cache still imports the registry cache.
 */
export function planCache(
  inputs: Pick<BuildxInputs, 'cacheFrom' | 'cacheTo'>,
  repositoryUri: string,
  builder: BuilderInfo,
  env: Record<string, string | undefined>
): CachePlan {
  if (inputs.cacheFrom.length > 0 || inputs.cacheTo.length > 0) {
    return {
      from: [...inputs.cacheFrom],
      to: [...inputs.cacheTo],
      note: `Cache as given: from ${inputs.cacheFrom.join(' ; ') || 'none'}, to ${inputs.cacheTo.join(' ; ') || 'none'}.`
    }
  }
  const canExport = builderCanExport(builder)
  if (ghaCacheAvailable(env)) {
    return canExport
      ? {
          from: ['type=gha'],
          to: ['type=gha,mode=max'],
          note: "Cache: the runner's cache service (type=gha, mode=max)."
        }
      : {
          from: ['type=gha'],
          to: [],
          note: "Cache: read from the runner's cache service (type=gha); this builder (docker driver without the containerd image store) cannot export cache."
        }
  }
  const ref = `${repositoryUri}:${CACHE_TAG}`
  const from = [`type=registry,ref=${ref}`]
  return canExport
    ? {
        from,
        to: [`type=registry,ref=${ref},mode=max,image-manifest=true,oci-mediatypes=true`],
        note: `Cache: registry cache ${ref} (read and written, mode=max).`
      }
    : {
        from,
        to: [],
        note: `Cache: read from ${ref}; this builder (docker driver without the containerd image store) cannot export cache, so it is not written.`
      }
}

/**
 * The labels on the image: the OCI labels the action adds, then the user's.
 * The revision label is always this run's commit (the skip rule trusts it);
 * a user label that says otherwise is refused by validation.
 */
export function imageLabels(
  inputs: Pick<BuildxInputs, 'labels' | 'revision' | 'sourceUrl'>,
  created: Date
): Array<{ name: string; value: string }> {
  const merged = new Map<string, string>()
  if (inputs.sourceUrl) merged.set(SOURCE_LABEL, inputs.sourceUrl)
  merged.set(CREATED_LABEL, created.toISOString())
  for (const { name, value } of inputs.labels) merged.set(name, value)
  if (inputs.revision) merged.set(REVISION_LABEL, inputs.revision)
  return [...merged].map(([name, value]) => ({ name, value }))
}

export interface BuildxBuildOptions {
  context: string
  dockerfile: string
  tags: readonly string[]
  buildArgs: ReadonlyArray<{ name: string; value: string }>
  labels: ReadonlyArray<{ name: string; value: string }>
  target?: string | undefined
  /** Comma-separated platforms, as buildx takes them. */
  platform?: string | undefined
  secrets: readonly BuildSecret[]
  cacheFrom: readonly string[]
  cacheTo: readonly string[]
  noCache: boolean
  pull: boolean
  provenance?: string | undefined
  sbom?: string | undefined
  network?: string | undefined
  metadataFile: string
}

/**
 * `docker buildx build … --push --metadata-file <file> -- <context>`: the
 * builder pushes itself (no load into the local image store, so any driver
 * works) and writes the pushed digest into the metadata file. Secrets are
 * named by id and source only; their values never reach argv.
 */
export function buildxBuildArgs(options: BuildxBuildOptions): string[] {
  if (options.tags.length === 0) throw new Error('docker buildx build needs at least one tag')
  const args = ['buildx', 'build', '--file', options.dockerfile]
  for (const { name, value } of options.buildArgs) args.push('--build-arg', `${name}=${value}`)
  for (const { name, value } of options.labels) args.push('--label', `${name}=${value}`)
  if (options.target) args.push('--target', options.target)
  if (options.platform) args.push('--platform', options.platform)
  for (const secret of options.secrets) args.push('--secret', secretSpec(secret))
  for (const spec of options.cacheFrom) args.push('--cache-from', spec)
  for (const spec of options.cacheTo) args.push('--cache-to', spec)
  if (options.noCache) args.push('--no-cache')
  if (options.pull) args.push('--pull')
  if (options.provenance !== undefined) args.push(`--provenance=${options.provenance}`)
  if (options.sbom !== undefined) args.push(`--sbom=${options.sbom}`)
  if (options.network) args.push('--network', options.network)
  for (const tag of options.tags) args.push('--tag', tag)
  args.push('--push', '--metadata-file', options.metadataFile)
  args.push('--', options.context)
  return args
}

export function secretSpec(secret: BuildSecret): string {
  return 'env' in secret ? `id=${secret.id},env=${secret.env}` : `id=${secret.id},src=${secret.src}`
}

const SECRET_ID = /^[A-Za-z0-9_.-]{1,128}$/
const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/

/** One `build-secrets` line (`id=…,env=…` or `id=…,src=…`): the secret, or what is wrong with it. */
export function parseSecretLine(line: string): BuildSecret | string {
  const fields = new Map<string, string>()
  for (const part of line.split(',')) {
    const eq = part.indexOf('=')
    // The text itself stays out of the message: it may be a pasted secret value.
    if (eq <= 0) return 'has a part that is not key=value'
    const key = part.slice(0, eq).trim()
    if (fields.has(key)) return `names ${key} twice`
    fields.set(key, part.slice(eq + 1).trim())
  }
  const id = fields.get('id')
  const env = fields.get('env')
  const src = fields.get('src') ?? fields.get('source')
  const unknown = [...fields.keys()].filter(
    (k) => !['id', 'env', 'src', 'source', 'type'].includes(k)
  )
  if (unknown.length > 0) return `has unknown key ${unknown.join(', ')} (use id, env or src)`
  const type = fields.get('type')
  if (type !== undefined && type !== 'env' && type !== 'file') return `type must be env or file`
  if (!id || !SECRET_ID.test(id)) {
    return 'needs id=<name> (letters, digits, _ . -), the id a RUN --mount=type=secret uses'
  }
  if ((env === undefined) === (src === undefined)) {
    return 'needs exactly one of env=<VARIABLE> or src=<file> (the value itself never goes in the input)'
  }
  if (env !== undefined) {
    if (!ENV_NAME.test(env)) return `env=${env} is not an environment variable name`
    return { id, env }
  }
  if (!src) return 'src= is empty'
  return { id, src }
}

/** ECS `runtimePlatform.cpuArchitecture` → the buildx platform it runs. */
export function platformOfCpuArchitecture(cpu: string): string | undefined {
  const upper = cpu.toUpperCase()
  if (upper === 'X86_64') return 'linux/amd64'
  if (upper === 'ARM64') return 'linux/arm64'
  return undefined
}

/** Node's `process.arch` → the platform a build without `platform` produces on this runner. */
export function nativePlatform(arch: string): string {
  if (arch === 'x64') return 'linux/amd64'
  if (arch === 'arm64') return 'linux/arm64'
  if (arch === 'arm') return 'linux/arm/v7'
  return `linux/${arch}`
}

export function splitPlatforms(platform: string | undefined): string[] {
  return (platform ?? '')
    .split(',')
    .map((p) => p.trim())
    .filter((p) => p !== '')
}

/**
 * Whether the image will run where the task definition says: `linux/arm64`
 * matches ARM64, `linux/amd64` (any variant) matches X86_64. Undefined = fine.
 */
export function runtimePlatformProblem(
  platforms: readonly string[],
  cpuArchitecture: string | undefined
): string | undefined {
  if (!cpuArchitecture) return undefined
  const wanted = platformOfCpuArchitecture(cpuArchitecture)
  if (!wanted) return undefined
  const matches = platforms.some((p) => p === wanted || p.startsWith(`${wanted}/`))
  if (matches) return undefined
  return `the task definition's runtimePlatform.cpuArchitecture is ${cpuArchitecture.toUpperCase()} (${wanted}) but the image is built for ${platforms.join(', ')}: ECS could not start it. Add ${wanted} to \`platform\` (e.g. platform: ${[...platforms, wanted].join(',')}), or change the task definition's runtimePlatform.`
}

export interface BuildMetadata {
  digest: string
  mediaType?: string
}

/** The pushed digest from buildx's `--metadata-file` JSON (`containerimage.digest`). */
export function digestFromMetadata(text: string): BuildMetadata | undefined {
  let parsed: unknown
  try {
    parsed = JSON.parse(text)
  } catch {
    return undefined
  }
  if (!parsed || typeof parsed !== 'object') return undefined
  const record = parsed as Record<string, unknown>
  const digest = record['containerimage.digest']
  if (typeof digest !== 'string' || !DIGEST.test(digest)) return undefined
  const descriptor = record['containerimage.descriptor']
  const mediaType =
    descriptor && typeof descriptor === 'object'
      ? (descriptor as Record<string, unknown>)['mediaType']
      : undefined
  return { digest, ...(typeof mediaType === 'string' ? { mediaType } : {}) }
}

/** Inputs that only BuildKit can honour, named for the error when buildx is missing. */
export function buildxOnlyInputs(inputs: BuildxInputs, platforms: readonly string[]): string[] {
  const used: string[] = []
  if (inputs.cacheFrom.length > 0) used.push('cache-from')
  if (inputs.cacheTo.length > 0) used.push('cache-to')
  if (inputs.secrets.length > 0) used.push('build-secrets')
  if (inputs.provenance !== undefined) used.push('provenance')
  if (inputs.sbom !== undefined) used.push('sbom')
  if (platforms.length > 1) used.push('platform (several platforms)')
  return used
}

/** Inputs the plain docker driver (without the containerd image store) cannot honour. */
export function exportOnlyInputs(inputs: BuildxInputs, platforms: readonly string[]): string[] {
  const used: string[] = []
  if (inputs.cacheTo.length > 0) used.push('cache-to')
  if (inputs.provenance !== undefined && inputs.provenance !== 'false') used.push('provenance')
  if (inputs.sbom !== undefined && inputs.sbom !== 'false') used.push('sbom')
  if (platforms.length > 1) used.push('platform (several platforms)')
  return used
}

/**
 * `docker buildx version`, `docker buildx inspect` (current builder) and
 * `docker info --format '{{json .DriverStatus}}'` → what the builder can do.
 */
export function parseBuilderInfo(
  version: string,
  inspect: string,
  driverStatus: string
): BuilderInfo {
  const field = (name: string): string | undefined =>
    new RegExp(`^${name}:\\s*(\\S+)`, 'm').exec(inspect)?.[1]
  const name = field('Name')
  const driver = field('Driver')
  const endpoint = field('Endpoint')
  return {
    buildx: version.trim().split(/\r?\n/)[0] ?? 'buildx',
    ...(name ? { name } : {}),
    ...(driver ? { driver } : {}),
    ...(endpoint ? { endpoint } : {}),
    containerdStore: driverStatus.includes('io.containerd.snapshotter')
  }
}
