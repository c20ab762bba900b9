/**
 * The environment docker runs with (pure): the runner's, minus what docker
 * has no use for and must not see — the action's inputs (`INPUT_*`, which
 * may hold tokens), the Actions runtime's tokens (`ACTIONS_*`) and AWS
 * credentials — with `DOCKER_CONFIG` set to the run's private config, where
 * the registry logins are. Variables named in `keep` pass deliberately: the
 * ones a `type=gha` cache reads, and those a build secret names (`env=…`).
 */
const DROPPED_EXACT = new Set([
  'AWS_ACCESS_KEY_ID',
  'AWS_SECRET_ACCESS_KEY',
  'AWS_SESSION_TOKEN',
  'AWS_SECURITY_TOKEN',
  'AWS_CONTAINER_AUTHORIZATION_TOKEN',
  'AWS_WEB_IDENTITY_TOKEN_FILE'
])

export function dropFromDockerEnv(name: string): boolean {
  const upper = name.toUpperCase()
  return upper.startsWith('INPUT_') || upper.startsWith('ACTIONS_') || DROPPED_EXACT.has(upper)
}

export function dockerChildEnv(
  parent: Record<string, string | undefined>,
  configDir: string,
  keep: readonly string[] = []
): Record<string, string> {
  const kept = new Set(keep)
  const env: Record<string, string> = {}
  for (const [key, value] of Object.entries(parent)) {
    if (value === undefined) continue
    if (dropFromDockerEnv(key) && !kept.has(key)) continue
    env[key] = value
  }
  env['DOCKER_CONFIG'] = configDir
  return env
}
