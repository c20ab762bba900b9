import { awsErrorName, isAuthProblem, isNotFound, isThrottling } from '../aws/errors.js'

// The SDK error checks live in aws/errors.ts; awsErrorName is used all over.
export { awsErrorName }

/**
 * The one error type for user-facing failures: a message that names what
 * failed and what to do about it. Anything else reaching main is a bug or an
 * unexpected AWS/docker error and is reported with its own message.
 */
export class ActionError extends Error {
  override readonly name = 'ActionError'
  constructor(
    message: string,
    /** Extra lines shown after the message (diagnostics, hints). */
    readonly details: string[] = []
  ) {
    super(message)
  }
}

/** How much of an input line or value an error message may quote. */
export const MAX_QUOTED = 80

/**
 * An input value or line quoted for an error message: its first line only,
 * at most MAX_QUOTED characters (`…` when cut), in double quotes with
 * control characters escaped. A malformed line may hold a secret (a typo in
 * `KEY=VALUE`), and a file's content never belongs in a message, so this is
 * the one way messages quote what a user gave.
 */
export function quote(text: string): string {
  const first = text.split(/\r\n|\r|\n/, 1)[0] ?? ''
  const chars = [...first]
  const cut = chars.length > MAX_QUOTED || first.length !== text.length
  const json = JSON.stringify(chars.slice(0, MAX_QUOTED).join(''))
  return cut ? `${json.slice(0, -1)}…"` : json
}

/** The text of anything thrown, for messages. */
export function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message
  return String(error)
}

/**
 * Turns an AWS SDK error into an ActionError that says what was being done
 * and what to check. Access and missing-resource errors get specific hints.
 */
export function describeAwsError(action: string, error: unknown, region?: string): ActionError {
  if (error instanceof ActionError) return error
  const name = awsErrorName(error) ?? 'Error'
  const message = errorMessage(error)
  let hint: string
  if (isAuthProblem(error)) {
    hint = 'Check the credentials and that the IAM policy grants this action (see the README).'
  } else if (isNotFound(error, 'cluster')) {
    hint = `Check the cluster name and the region${region ? ` (${region})` : ''}.`
  } else if (isNotFound(error, 'repository')) {
    hint = 'Check `ecr-repository`, or set `create-repository: true`.'
  } else if (isThrottling(error)) {
    hint = 'AWS kept throttling after retries; other pipelines may share the quota. Re-run later.'
  } else {
    hint = `Check the names and the region${region ? ` (${region})` : ''}.`
  }
  return new ActionError(`${action} failed: ${name}: ${message}. ${hint}`)
}
