import { quote } from '../util/errors.js'
import { ecrRegistryOf } from '../image/reference.js'
import {
  REVISION_LABEL,
  parseSecretLine,
  type BuildSecret,
  type BuildxInputs
} from '../image/buildx-args.js'

/**
 * The BuildKit inputs (docker/build-push-action's names and syntax), parsed
 * and checked (pure). Problems are appended to `problems`, each naming the
 * input and the fix, like every other input's.
 */
export interface BuildxInputSources {
  /** Trimmed input value, '' when unset. */
  input: (name: string) => string
  /** `parseKeyValueLines` of parse.ts (one home for the KEY=VALUE rule). */
  keyValues: (
    raw: string,
    input: string,
    problems: string[]
  ) => Array<{ name: string; value: string }>
  bool: (name: 'no-cache' | 'pull') => boolean
  env: Record<string, string | undefined>
  problems: string[]
}

export const BUILDX_INPUT_NAMES = [
  'cache-from',
  'cache-to',
  'build-secrets',
  'labels',
  'no-cache',
  'pull',
  'provenance',
  'sbom',
  'network',
  'registries'
] as const

const REGISTRY_ID = /^\d{12}$/
const NETWORKS = new Set(['default', 'none', 'host'])

export function parseBuildxInputs(sources: BuildxInputSources): BuildxInputs {
  const { input, env, problems } = sources
  const lines = (name: string): string[] =>
    input(name)
      .split(/\r?\n/)
      .map((l) => l.trim())
      .filter((l) => l !== '' && !l.startsWith('#'))

  const cacheFrom = lines('cache-from')
  const cacheTo = lines('cache-to')
  for (const [name, specs] of [
    ['cache-from', cacheFrom],
    ['cache-to', cacheTo]
  ] as const) {
    for (const spec of specs) {
      if (/\s/.test(spec)) {
        problems.push(
          `\`${name}\`: ${quote(spec)} contains whitespace; write one cache per line in buildx syntax, e.g. type=registry,ref=<repository-uri>:buildcache.`
        )
      }
    }
  }

  const secrets: BuildSecret[] = []
  const ids = new Set<string>()
  lines('build-secrets').forEach((line, index) => {
    const parsed = parseSecretLine(line)
    if (typeof parsed === 'string') {
      problems.push(
        `\`build-secrets\` line ${index + 1}: ${parsed}; write id=<id>,env=<VARIABLE> or id=<id>,src=<file>.`
      )
      return
    }
    if (ids.has(parsed.id)) {
      problems.push(`\`build-secrets\`: id ${parsed.id} is given twice; give each secret once.`)
      return
    }
    ids.add(parsed.id)
    if ('env' in parsed && env[parsed.env] === undefined) {
      problems.push(
        `\`build-secrets\`: secret ${parsed.id} reads the environment variable ${parsed.env}, which is not set; set it in the step's \`env:\` (e.g. ${parsed.env}: \${{ secrets.${parsed.env} }}).`
      )
      return
    }
    secrets.push(parsed)
  })

  const labels = sources.keyValues(input('labels'), 'labels', problems)
  const revision = env['GITHUB_SHA'] || undefined
  const userRevision = labels.find((l) => l.name === REVISION_LABEL)
  if (userRevision && userRevision.value !== revision) {
    problems.push(
      `\`labels\`: ${REVISION_LABEL} is set by the action to this run's commit (${revision ?? 'GITHUB_SHA, unset here'}); skip-build-if-exists trusts it. Remove it from \`labels\`.`
    )
  }

  const registries: string[] = []
  for (const raw of input('registries').split(/[\n,]/)) {
    const id = raw.trim()
    if (id === '' || registries.includes(id)) continue
    if (!REGISTRY_ID.test(id) && id !== 'public.ecr.aws') {
      problems.push(
        `\`registries\`: ${quote(id)} is not an AWS account id; give 12-digit registry ids, comma-separated (e.g. 123456789012,210987654321).`
      )
      continue
    }
    registries.push(id)
  }

  const network = input('network')
  if (network !== '' && !NETWORKS.has(network)) {
    problems.push(
      `\`network\`: ${quote(network)} is not a build network; use default, none or host.`
    )
  }

  const result: BuildxInputs = {
    cacheFrom,
    cacheTo,
    secrets,
    labels,
    noCache: sources.bool('no-cache'),
    pull: sources.bool('pull'),
    registries
  }
  for (const name of ['provenance', 'sbom'] as const) {
    const value = input(name)
    if (value === '') continue
    if (/\s/.test(value)) {
      problems.push(
        `\`${name}\`: ${quote(value)} contains whitespace; use buildx's syntax, e.g. false, true or mode=max.`
      )
      continue
    }
    result[name] = value
  }
  if (network !== '') result.network = network
  if (revision) result.revision = revision
  const repo = env['GITHUB_REPOSITORY']
  if (repo) {
    const server = (env['GITHUB_SERVER_URL'] || 'https://github.com').replace(/\/+$/, '')
    result.sourceUrl = `${server}/${repo}`
  }
  return result
}

/**
 * `ecr-repository`: a name in this account's registry, or a full URI
 * (`<account>.dkr.ecr.<region>.amazonaws.com/<name>`) in any account's
 * registry, in the run's region or another one of the same partition (`region`
 * is set then: that registry is reached with an ECR client for its region).
 * Returns the target, or what is wrong.
 */
export function parseRepositoryTarget(
  value: string,
  region: string
): { name: string; registryId?: string; region?: string } | string {
  // `<registry host>/<name>`, the host read by the one ECR host rule (image/reference.ts).
  const slash = value.indexOf('/')
  const registry = slash > 0 ? ecrRegistryOf(value.slice(0, slash)) : undefined
  if (registry) {
    const { accountId: account, region: uriRegion } = registry
    const name = value.slice(slash + 1)
    if (region === '' || uriRegion === region) return { name, registryId: account }
    // One set of credentials reaches one partition: aws-cn regions are cn-*.
    if (uriRegion.startsWith('cn-') !== region.startsWith('cn-')) {
      return `${value} is in ${uriRegion}, another AWS partition than this run's region ${region}; credentials of one partition cannot push to the other: run this step with credentials and aws-region of ${uriRegion}.`
    }
    return { name, registryId: account, region: uriRegion }
  }
  if (value.startsWith('public.ecr.aws/')) {
    return 'pushing to Public ECR (public.ecr.aws) is not supported; give a private ECR repository. Public images can still be build sources (FROM public.ecr.aws/…).'
  }
  if (value.includes('://')) {
    return `give the repository name (e.g. web) or its URI without a scheme (123456789012.dkr.ecr.${region || 'us-east-1'}.amazonaws.com/web).`
  }
  return { name: value }
}
