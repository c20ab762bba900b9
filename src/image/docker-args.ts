/**
 * Docker command lines as argument arrays (pure). They are handed to
 * `runCommand` as they are, never joined into a shell string, so a value
 * like `$(rm -rf ~)` reaches docker as those exact characters.
 */

export interface BuildOptions {
  context: string
  dockerfile: string
  /** Full references to tag the image with, e.g. `<repositoryUri>:<tag>`. */
  tags: readonly string[]
  buildArgs: ReadonlyArray<{ name: string; value: string }>
  target?: string | undefined
  platform?: string | undefined
  /** `--label` pairs (the OCI labels the action adds, then the user's). */
  labels?: ReadonlyArray<{ name: string; value: string }>
}

export function buildCommandArgs(options: BuildOptions): string[] {
  if (options.tags.length === 0) throw new Error('docker build needs at least one tag')
  const args = ['build', '--file', options.dockerfile]
  for (const { name, value } of options.buildArgs) args.push('--build-arg', `${name}=${value}`)
  for (const { name, value } of options.labels ?? []) args.push('--label', `${name}=${value}`)
  if (options.target) args.push('--target', options.target)
  if (options.platform) args.push('--platform', options.platform)
  for (const tag of options.tags) args.push('--tag', tag)
  // `--` ends the options: a context path starting with `-` is still a path.
  args.push('--', options.context)
  return args
}

/** The password goes to stdin, never to argv where `ps` could show it. */
export function loginCommandArgs(host: string, username: string): string[] {
  return ['login', '--username', username, '--password-stdin', host]
}

export function pushCommandArgs(reference: string): string[] {
  return ['push', reference]
}

export function repoDigestsCommandArgs(reference: string): string[] {
  return ['image', 'inspect', '--format', '{{json .RepoDigests}}', reference]
}

/** A one-line description of a build for the log: build-arg values stay out (they may be secret). */
export function describeBuild(options: BuildOptions): string {
  const parts = [`context ${options.context}`, `Dockerfile ${options.dockerfile}`]
  if (options.buildArgs.length > 0) {
    parts.push(`build args ${options.buildArgs.map((a) => a.name).join(', ')}`)
  }
  if (options.target) parts.push(`target ${options.target}`)
  if (options.platform) parts.push(`platform ${options.platform}`)
  return parts.join(', ')
}
