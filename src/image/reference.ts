/**
 * Pure rules for image names: tags, ECR repository names, image references,
 * registry hosts and digests. No I/O; every function is table-tested.
 */
import { quote } from '../util/errors.js'

/** Docker/OCI tag rule: a word character first, then up to 127 of `[A-Za-z0-9_.-]`. */
export const MAX_TAG_LENGTH = 128
const TAG = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/

/**
 * ECR repository name, as CreateRepository checks it: lowercase components
 * joined by one `.`, `_` or `-`, `/` between namespaces, 2-256 characters
 * (so `a__b` and `a--b`, which docker would take, are refused by ECR).
 */
const REPOSITORY_COMPONENT = '[a-z0-9]+(?:[._-][a-z0-9]+)*'
const REPOSITORY_NAME = new RegExp(`^(?:${REPOSITORY_COMPONENT}/)*${REPOSITORY_COMPONENT}$`)

/** `sha256:` and 64 lowercase hex digits. */
export const DIGEST = /^sha256:[a-f0-9]{64}$/

/** `<account>.dkr.ecr[-fips].<region>.amazonaws.com[.cn]`, or the dual-stack `dkr-ecr…on.aws`. */
const ECR_HOST =
  /^(\d{12})\.dkr[.-]ecr(?:-fips)?\.([a-z0-9-]+)\.(?:amazonaws\.com(?:\.cn)?|on\.aws)$/

/** ECS accepts an `image` of at most 255 characters. */
export const MAX_ECS_IMAGE_LENGTH = 255

/** Why `tag` is not a valid docker tag, or undefined when it is. */
export function tagProblem(tag: string): string | undefined {
  if (tag === '') return 'is empty'
  if (tag.length > MAX_TAG_LENGTH) {
    return `is ${tag.length} characters long (at most ${MAX_TAG_LENGTH})`
  }
  if (/^[.-]/.test(tag)) return 'starts with `.` or `-`'
  if (!TAG.test(tag)) {
    const bad = [...new Set(tag.replace(/[A-Za-z0-9_.-]/g, ''))].join('')
    return `contains ${quote(bad)} (allowed: letters, digits, \`_\`, \`.\`, \`-\`)`
  }
  return undefined
}

/** Why `name` is not a valid ECR repository name, or undefined when it is. */
export function repositoryNameProblem(name: string): string | undefined {
  if (name.length < 2 || name.length > 256) {
    return `is ${name.length} characters long (2 to 256 allowed)`
  }
  if (/[A-Z]/.test(name)) return 'contains uppercase letters (ECR names are lowercase)'
  if (!REPOSITORY_NAME.test(name)) {
    return 'must be lowercase letters and digits, separated by one `.`, `_` or `-` within a part and `/` between parts, each part starting and ending with a letter or digit'
  }
  return undefined
}

export function isValidRepositoryName(name: string): boolean {
  return repositoryNameProblem(name) === undefined
}

/** An image reference split into its parts (distribution's `reference` grammar). */
export interface ImageReference {
  /** Registry host (with port) when the reference names one; undefined = Docker Hub. */
  host?: string
  /** Repository path inside the registry, e.g. `team/web`. */
  path: string
  tag?: string
  digest?: string
}

const PATH_COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/
const DOMAIN_COMPONENT = /^(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])$/
const IPV6_HOST = /^\[[a-fA-F0-9:.]+\]$/

function isValidHost(hostPort: string): boolean {
  const portAt = hostPort.startsWith('[') ? hostPort.indexOf(']:') + 1 : hostPort.lastIndexOf(':')
  const host = portAt > 0 ? hostPort.slice(0, portAt) : hostPort
  const port = portAt > 0 ? hostPort.slice(portAt + 1) : undefined
  if (port !== undefined && !/^[0-9]+$/.test(port)) return false
  if (IPV6_HOST.test(host)) return true
  return host.split('.').every((part) => DOMAIN_COMPONENT.test(part))
}

/**
 * Splits `name[:tag][@digest]` without judging it: the tag is what follows
 * the last `:` after the last `/`. For references read back from AWS (a task
 * definition's images); input is checked with parseImageReference.
 */
export function splitImageReference(reference: string): {
  name: string
  tag?: string
  digest?: string
} {
  const at = reference.indexOf('@')
  const digest = at >= 0 ? reference.slice(at + 1) : undefined
  const named = at >= 0 ? reference.slice(0, at) : reference
  const lastSlash = named.lastIndexOf('/')
  const colon = named.lastIndexOf(':')
  const tag = colon > lastSlash ? named.slice(colon + 1) : undefined
  return {
    name: tag !== undefined ? named.slice(0, colon) : named,
    ...(tag !== undefined ? { tag } : {}),
    ...(digest !== undefined ? { digest } : {})
  }
}

/**
 * Parses `[host[:port]/]path[:tag][@sha256:…]`. Returns a reason string when
 * the reference is not one docker would accept.
 */
export function parseImageReference(reference: string): ImageReference | string {
  if (reference.trim() !== reference || reference === '')
    return 'is empty or has surrounding spaces'
  if (/\s/.test(reference)) return 'contains whitespace'
  const { name, tag, digest } = splitImageReference(reference)
  if (digest !== undefined && !DIGEST.test(digest))
    return `has a malformed digest ${quote(digest)} (expected sha256: and 64 hex digits)`
  if (tag !== undefined) {
    const problem = tagProblem(tag)
    if (problem) return `has a tag that ${problem}`
  }
  let rest = name
  let host: string | undefined
  const firstSlash = rest.indexOf('/')
  if (firstSlash > 0) {
    const first = rest.slice(0, firstSlash)
    // Docker's rule: the first part is a registry host when it looks like one.
    if (/[.:]/.test(first) || first === 'localhost' || first !== first.toLowerCase()) {
      if (!isValidHost(first)) return `has an invalid registry host ${quote(first)}`
      host = first
      rest = rest.slice(firstSlash + 1)
    }
  }
  if (rest === '') return 'has no repository name'
  const bad = rest.split('/').find((part) => !PATH_COMPONENT.test(part))
  if (bad !== undefined) {
    return `has an invalid repository part ${quote(bad)} (lowercase letters, digits, and single \`.\`/\`_\`, \`__\` or dashes between them)`
  }
  if ((host ? host.length + 1 : 0) + rest.length > 255)
    return 'has a name longer than 255 characters'
  return {
    ...(host ? { host } : {}),
    path: rest,
    ...(tag ? { tag } : {}),
    ...(digest ? { digest } : {})
  }
}

/**
 * Why `reference` is not an image reference the `image` and `containers`
 * inputs take, or undefined. A URL gets its own hint.
 */
export function imageReferenceProblem(reference: string): string | undefined {
  if (reference.includes('://')) {
    return 'is a URL; use an image reference like 123456789012.dkr.ecr.us-east-1.amazonaws.com/app:v1'
  }
  const parsed = parseImageReference(reference)
  return typeof parsed === 'string' ? parsed : undefined
}

/** The account and region of an ECR registry host, or undefined for any other host. */
export function ecrRegistryOf(host: string): { accountId: string; region: string } | undefined {
  const match = ECR_HOST.exec(host.toLowerCase())
  if (!match || !match[1] || !match[2]) return undefined
  return { accountId: match[1], region: match[2] }
}

/**
 * The registry host to `docker login` to, from ECR's `proxyEndpoint`
 * (`https://123456789012.dkr.ecr.eu-west-1.amazonaws.com` -> the host part).
 */
export function registryHost(proxyEndpoint: string): string {
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(proxyEndpoint)
    ? proxyEndpoint
    : `https://${proxyEndpoint}`
  let url: URL
  try {
    url = new URL(withScheme)
  } catch {
    throw new Error(`ECR returned an unusable proxyEndpoint ${JSON.stringify(proxyEndpoint)}`)
  }
  if (!url.host) {
    throw new Error(`ECR returned an unusable proxyEndpoint ${JSON.stringify(proxyEndpoint)}`)
  }
  return url.host
}

/** The host part of a `repositoryUri` (`<host>/<name>`). */
export function hostOfRepositoryUri(repositoryUri: string): string {
  const slash = repositoryUri.indexOf('/')
  return slash < 0 ? repositoryUri : repositoryUri.slice(0, slash)
}

/**
 * Decodes ECR's `authorizationToken`, base64 of `AWS:<password>`.
 * Throws without echoing the token when it is not in that form.
 */
export function decodeAuthorizationToken(token: string): { username: string; password: string } {
  const decoded = Buffer.from(token, 'base64').toString('utf8')
  const colon = decoded.indexOf(':')
  if (colon <= 0 || colon === decoded.length - 1) {
    throw new Error('ECR returned an authorization token that is not base64 of `user:password`')
  }
  return { username: decoded.slice(0, colon), password: decoded.slice(colon + 1) }
}

/**
 * The digest `docker push` reports for `tag` (`<tag>: digest: sha256:… size: N`).
 * With no tag given, the last digest line wins.
 */
export function digestFromPushOutput(output: string, tag?: string): string | undefined {
  let found: string | undefined
  for (const line of output.split(/\r?\n/)) {
    const match = /^\s*(\S+): digest: (sha256:[a-f0-9]{64}) size: \d+/.exec(line)
    if (match && (tag === undefined || match[1] === tag)) found = match[2]
  }
  return found
}

/** The digest of `repositoryUri` among `docker image inspect`'s RepoDigests (`<repo>@sha256:…`). */
export function digestFromRepoDigests(
  repoDigests: readonly string[],
  repositoryUri: string
): string | undefined {
  for (const entry of repoDigests) {
    const at = entry.lastIndexOf('@')
    if (at > 0 && entry.slice(0, at) === repositoryUri) {
      const digest = entry.slice(at + 1)
      if (DIGEST.test(digest)) return digest
    }
  }
  return undefined
}

/** `<repositoryUri>@sha256:…`: the reference ECS should run. */
export function pinnedReference(repositoryUri: string, digest: string): string {
  return `${repositoryUri}@${digest}`
}

/** A commit SHA tag shortened for log lines (`3f2a9c1…`); other tags as they are. */
export function shortTag(tag: string): string {
  return /^[0-9a-f]{40}$/.test(tag) ? `${tag.slice(0, 7)}…` : tag
}

/** A digest shortened for log lines (`sha256:3f2a9c1d…`). */
export function shortDigest(digest: string): string {
  return DIGEST.test(digest) ? `${digest.slice(0, 19)}…` : digest
}
