/**
 * Tests that need a real part (a registry binary, the Docker engine, Node 24)
 * skip with a notice on a developer's machine that lacks it, but FAIL in CI
 * (`CI` set, as GitHub Actions does): a CI run must never go green with them
 * silently skipped.
 */
import { describe, it } from '@jest/globals'

export type RealPartsDecision = 'run' | 'skip' | 'fail'

/** `missing`: why the part is not there, undefined when it is. */
export function realPartsDecision(
  missing: string | undefined,
  env: NodeJS.ProcessEnv = process.env
): RealPartsDecision {
  if (missing === undefined) return 'run'
  const ci = env['CI']
  return ci !== undefined && ci !== '' && ci !== 'false' && ci !== '0' ? 'fail' : 'skip'
}

/**
 * `describe` for a block that needs a real part: runs it when the part is
 * there; otherwise skips it with a console notice, or in CI replaces it with
 * one failing test that says what is missing.
 */
export function describeNeeding(missing: string | undefined, name: string, body: () => void): void {
  const decision = realPartsDecision(missing)
  if (decision === 'run') return describe(name, body)
  if (decision === 'skip') {
    console.warn(`SKIPPED ${name}: ${missing}`)
    return describe.skip(name, body)
  }
  describe(name, () => {
    it('has the real parts it needs (CI does not skip)', () => {
      throw new Error(`${missing} (CI is set: this fails instead of skipping)`)
    })
  })
}
