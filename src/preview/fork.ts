/**
 * Pull requests from forks run without secrets and without an OIDC token,
 * so there are no AWS credentials: rather than fail every contributor's
 * pull request with a credentials error, the action says why it does
 * nothing and exits cleanly.
 */
import type { Config } from '../inputs/config.js'

/** Environment variables through which the AWS SDK can find credentials. */
export const AWS_CREDENTIAL_VARIABLES = [
  'AWS_ACCESS_KEY_ID',
  'AWS_WEB_IDENTITY_TOKEN_FILE',
  'AWS_PROFILE',
  'AWS_CONTAINER_CREDENTIALS_RELATIVE_URI',
  'AWS_CONTAINER_CREDENTIALS_FULL_URI'
] as const

export function hasAwsCredentials(env: NodeJS.ProcessEnv): boolean {
  return AWS_CREDENTIAL_VARIABLES.some((name) => (env[name] ?? '').trim() !== '')
}

/** The head repository of a pull_request event when it differs from the base one ('' when deleted). */
export function forkOf(event: Record<string, unknown> | undefined): string | undefined {
  const pr = record(event?.['pull_request'])
  if (!pr) return undefined
  const base = record(record(pr['base'])?.['repo'])?.['full_name']
  const headRepo = record(pr['head'])?.['repo']
  if (headRepo === null) return '' // the fork was deleted
  const head = record(headRepo)?.['full_name']
  if (typeof head !== 'string' || typeof base !== 'string') return undefined
  return head.toLowerCase() === base.toLowerCase() ? undefined : head
}

/**
 * Why this run should do nothing: a `pull_request` event from a fork with
 * no AWS credentials in the environment. Undefined otherwise (including
 * forks when credentials are present, e.g. a self-hosted runner's role).
 */
export function forkSkipReason(
  config: Config,
  env: NodeJS.ProcessEnv = process.env
): string | undefined {
  if (config.github.eventName !== 'pull_request') return undefined
  const fork = forkOf(config.github.event)
  if (fork === undefined || hasAwsCredentials(env)) return undefined
  const from = fork ? `the fork ${fork}` : 'a fork that no longer exists'
  return `This pull request comes from ${from}. GitHub gives workflows run for forks no secrets and no OIDC token, so there are no AWS credentials: nothing was deployed, and this is not a failure. A maintainer can deploy it by pushing the branch to this repository.`
}

function record(value: unknown): Record<string, unknown> | undefined {
  return value && typeof value === 'object' ? (value as Record<string, unknown>) : undefined
}
