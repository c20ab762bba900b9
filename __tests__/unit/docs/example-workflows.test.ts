/**
 * The example workflows are what users copy, so their AWS trust set-up must be
 * right: each configure-aws-credentials step documents the OIDC subject its
 * job's token carries (`# OIDC subject: …` right above the step), and that
 * subject must be the one GitHub issues for the job: with `environment: X`
 * it is `repo:ORG/REPO:environment:X` whatever the trigger; without one it
 * follows the event (`pull_request`, or the default branch's ref for
 * scheduled runs). The README's trust policy of each role must allow the
 * subjects of every job that assumes it.
 */
import { describe, expect, it } from '@jest/globals'
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { isMap, isSeq, parseDocument, type YAMLSeq } from 'yaml'

const root = fileURLToPath(new URL('../../../', import.meta.url))
const examplesDir = join(root, 'examples/workflows')
const REPO = 'repo:ORG/REPO'
/** Scheduled and manually dispatched runs use the default branch. */
const DEFAULT_BRANCH = 'main'
/** configure-aws-credentials' session length when role-duration-seconds is not set. */
const DEFAULT_SESSION_SECONDS = 3600

interface Assumption {
  file: string
  job: string
  role: string
  subject: string
}

interface Check {
  problems: string[]
  assumptions: Assumption[]
}

type Json = Record<string, unknown>

function isRecord(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/** The subject (`sub` claim) of the OIDC token GitHub issues to `job`. */
function expectedSubject(on: unknown, job: Json): string {
  const environment = isRecord(job.environment) ? job.environment.name : job.environment
  if (typeof environment === 'string') return `${REPO}:environment:${environment}`
  const events = typeof on === 'string' ? [on] : Array.isArray(on) ? on : Object.keys(on as Json)
  if (events.every((e) => e === 'pull_request')) return `${REPO}:pull_request`
  if (events.every((e) => e === 'schedule' || e === 'workflow_dispatch')) {
    return `${REPO}:ref:refs/heads/${DEFAULT_BRANCH}`
  }
  throw new Error(`no subject rule for the events ${events.join(', ')}: extend the test`)
}

function commentBefore(steps: YAMLSeq, index: number): string {
  const item = steps.items[index] as { commentBefore?: string | null }
  // yaml attaches a comment above the first item to the sequence itself.
  return [index === 0 ? steps.commentBefore : undefined, item.commentBefore]
    .filter((c): c is string => typeof c === 'string')
    .join('\n')
}

/** Every trust and deployment mistake in one workflow's text. */
function checkWorkflow(file: string, text: string): Check {
  const problems: string[] = []
  const assumptions: Assumption[] = []
  const doc = parseDocument(text)
  if (doc.errors.length > 0) return { problems: doc.errors.map((e) => e.message), assumptions }
  const workflow = doc.toJS() as Json
  const jobs = doc.get('jobs')
  if (!isMap(jobs)) return { problems: [`${file}: no jobs`], assumptions }
  for (const pair of jobs.items) {
    const name = String((pair.key as { value: unknown }).value)
    const jobNode = pair.value
    const job = (workflow.jobs as Json)[name] as Json
    const steps = isMap(jobNode) ? jobNode.get('steps') : undefined
    if (!isSeq(steps)) continue
    const stepValues = job.steps as Json[]
    const timeoutSeconds = Number(job['timeout-minutes'] ?? 360) * 60
    const hasJobEnvironment = job.environment !== undefined
    stepValues.forEach((step, index) => {
      const uses = typeof step.uses === 'string' ? step.uses : ''
      const withInputs = isRecord(step.with) ? step.with : {}
      if (uses.startsWith('aws-actions/configure-aws-credentials@')) {
        const where = `${file} job ${name}`
        const documented = /OIDC subject: (\S+)/.exec(commentBefore(steps, index))?.[1]
        const expected = expectedSubject(workflow.on, job)
        if (documented === undefined) {
          problems.push(`${where}: no "# OIDC subject: ${expected}" comment above the step`)
        } else if (documented !== expected) {
          problems.push(
            `${where}: documents the subject ${documented}, but GitHub issues ${expected}`
          )
        }
        const role = /:role\/(.+)$/.exec(String(withInputs['role-to-assume']))?.[1]
        if (!role) problems.push(`${where}: role-to-assume is not a role ARN`)
        else assumptions.push({ file, job: name, role, subject: expected })
        const session = Number(withInputs['role-duration-seconds'] ?? DEFAULT_SESSION_SECONDS)
        if (session < timeoutSeconds) {
          problems.push(
            `${where}: the credentials last ${session} s but the job may run ${timeoutSeconds} s; raise role-duration-seconds`
          )
        }
      }
      if (/\/ecs-ship-action@/.test(uses) && hasJobEnvironment && 'environment' in withInputs) {
        problems.push(
          `${file} job ${name}: both the job's environment and the action's \`environment\` input name an environment; GitHub already records a deployment for the job's, so this records two`
        )
      }
    })
  }
  return { problems, assumptions }
}

/** The subjects each README trust policy ("Trust policy of `ROLE`" + a JSON block) allows. */
function readmeTrustPolicies(readme: string): Map<string, string[]> {
  const policies = new Map<string, string[]>()
  for (const match of readme.matchAll(
    /Trust policy of `([\w+=,.@-]+)`[\s\S]*?```json\n([\s\S]*?)```/g
  )) {
    const policy = JSON.parse(match[2]!) as { Statement: { Condition?: Record<string, Json> }[] }
    const subjects = policy.Statement.flatMap((statement) =>
      Object.values(statement.Condition ?? {}).flatMap((test) => {
        const sub = test['token.actions.githubusercontent.com:sub']
        return sub === undefined ? [] : Array.isArray(sub) ? (sub as string[]) : [String(sub)]
      })
    )
    policies.set(match[1]!, subjects)
  }
  return policies
}

function exampleFiles(): string[] {
  return readdirSync(examplesDir)
    .filter((f) => /\.ya?ml$/.test(f))
    .sort()
}

describe('example workflows', () => {
  const checks = exampleFiles().map((file) =>
    checkWorkflow(file, readFileSync(join(examplesDir, file), 'utf8'))
  )
  const assumptions = checks.flatMap((c) => c.assumptions)

  it('document the OIDC subject of every job that assumes a role, and it is the one GitHub issues', () => {
    expect(checks.flatMap((c) => c.problems)).toEqual([])
    // Not vacuous: the release job (environment subject) and the preview jobs are covered.
    expect(assumptions).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          file: 'deploy-release.yml',
          role: 'github-deploy',
          subject: `${REPO}:environment:production`
        }),
        expect.objectContaining({ file: 'preview.yml', subject: `${REPO}:pull_request` }),
        expect.objectContaining({
          file: 'preview-cleanup.yml',
          subject: `${REPO}:ref:refs/heads/main`
        })
      ])
    )
  })

  it("are allowed by the README's trust policy of the role they assume, and only by that one", () => {
    const policies = readmeTrustPolicies(readFileSync(join(root, 'README.md'), 'utf8'))
    expect([...policies.keys()].sort()).toEqual(['github-deploy', 'github-preview'])
    for (const { file, job, role, subject } of assumptions) {
      expect({ file, job, role, allowed: policies.get(role)?.includes(subject) }).toEqual({
        file,
        job,
        role,
        allowed: true
      })
    }
    // A pull request must never be able to assume the production role.
    expect(policies.get('github-deploy')).toEqual([`${REPO}:environment:production`])
    expect(policies.get('github-preview')).not.toContain(`${REPO}:environment:production`)
  })

  it('catch a subject that does not match the job, a missing comment and a second deployment', () => {
    const release = readFileSync(join(examplesDir, 'deploy-release.yml'), 'utf8')
    // The mistake this test exists for: a tag subject on a job with an environment.
    const tagSubject = release.replace(
      `# OIDC subject: ${REPO}:environment:production`,
      `# OIDC subject: ${REPO}:ref:refs/tags/v*`
    )
    expect(tagSubject).not.toBe(release)
    expect(checkWorkflow('x.yml', tagSubject).problems).toEqual([
      `x.yml job deploy: documents the subject ${REPO}:ref:refs/tags/v*, but GitHub issues ${REPO}:environment:production`
    ])
    const noComment = release.replace(/^ *# OIDC subject:.*\n/m, '')
    expect(checkWorkflow('x.yml', noComment).problems).toEqual([
      `x.yml job deploy: no "# OIDC subject: ${REPO}:environment:production" comment above the step`
    ])
    const twice = release.replace(
      '          wait-for-minutes: 20\n',
      '          wait-for-minutes: 20\n          environment: production\n'
    )
    expect(twice).not.toBe(release)
    expect(checkWorkflow('x.yml', twice).problems).toEqual([expect.stringContaining('records two')])
    const short = release.replace('role-duration-seconds: 3600', 'role-duration-seconds: 900')
    expect(checkWorkflow('x.yml', short).problems).toEqual([
      expect.stringContaining('raise role-duration-seconds')
    ])
  })

  it('derive the subject from the environment first, then the event', () => {
    expect(expectedSubject({ pull_request: null }, { environment: 'staging' })).toBe(
      `${REPO}:environment:staging`
    )
    expect(expectedSubject({ push: { tags: ['v*'] } }, { environment: { name: 'prod' } })).toBe(
      `${REPO}:environment:prod`
    )
    expect(expectedSubject({ pull_request: { types: ['opened'] } }, {})).toBe(
      `${REPO}:pull_request`
    )
    expect(expectedSubject({ schedule: [], workflow_dispatch: null }, {})).toBe(
      `${REPO}:ref:refs/heads/main`
    )
  })
})
