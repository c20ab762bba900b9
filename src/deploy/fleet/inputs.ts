import { quote } from '../../util/errors.js'

/**
 * Several services from one build (`service` with several names): the list,
 * `rollback-scope`, and the inputs a run over several services refuses.
 * Pure; `parseInputs` calls it once and gets every problem as one line.
 */

/** `service`: each failed service rolls back on its own; `all`: any failure rolls every service back. */
export type RollbackScope = 'service' | 'all'

export interface FleetConfig {
  /** Two to MAX_SERVICES names (or ARNs), in the order given, each once. */
  services: string[]
  rollbackScope: RollbackScope
}

/**
 * ECS's DescribeServices takes at most 10 services: the watch polls every
 * service of the run in one call, so one run updates at most this many.
 */
export const MAX_SERVICES = 10

/** The `service` input's names: one per line or comma, blanks dropped, in order. */
export function splitServiceNames(raw: string): string[] {
  return raw
    .split(/[\n,]/)
    .map((s) => s.trim())
    .filter((s) => s !== '')
}

/** Inputs that cannot apply to several services, and the fix for each. */
const REFUSED: ReadonlyArray<{ input: string; why: string }> = [
  {
    input: 'task-definition',
    why: "each service's current revision is the base of its own new revision; remove it, or deploy the services in separate steps"
  },
  {
    input: 'task-definition-family',
    why: "each service's current revision is the base of its own new revision; remove it, or deploy the services in separate steps"
  },
  {
    input: 'task-definition-arn',
    why: "each service's current revision is the base of its own new revision; remove it, or deploy the services in separate steps"
  },
  {
    input: 'task-definition-revision',
    why: "each service's current revision is the base of its own new revision; remove it"
  },
  {
    input: 'desired-count',
    why: 'one count cannot fit every service; scale them in separate steps, or remove it'
  },
  { input: 'preview', why: 'previews copy one base service; name one service' },
  {
    input: 'environment',
    why: 'a GitHub deployment records one service for now; name one service, or remove it'
  }
]

export interface FleetInputContext {
  /** `scheduled-tasks` is set to something other than false. */
  scheduledTasks: boolean
  rollbackOnFailure: boolean
}

/**
 * The fleet settings when `names` holds several services (undefined for one
 * or none); every problem is pushed to `problems`, naming the input and the fix.
 */
export function parseFleetInputs(
  input: (name: string) => string,
  names: readonly string[],
  context: FleetInputContext,
  problems: string[]
): FleetConfig | undefined {
  const scopeRaw = input('rollback-scope').toLowerCase()
  let rollbackScope: RollbackScope = 'service'
  if (scopeRaw === 'all' || scopeRaw === 'service') rollbackScope = scopeRaw
  else if (scopeRaw !== '') {
    problems.push(
      `\`rollback-scope\`: ${quote(input('rollback-scope'))} is not a rollback scope; use service (each failed service rolls back on its own) or all (any failure rolls every service back).`
    )
  }
  if (names.length < 2) return undefined

  const seen = new Set<string>()
  const twice = new Set<string>()
  for (const name of names) {
    const key = serviceKey(name)
    if (seen.has(key)) twice.add(key)
    seen.add(key)
  }
  if (twice.size > 0) {
    problems.push(
      `\`service\`: ${[...twice].map((n) => quote(n)).join(', ')} ${twice.size === 1 ? 'is' : 'are'} named twice; name each service once.`
    )
  }
  if (names.length > MAX_SERVICES) {
    problems.push(
      `\`service\`: ${names.length} services; one step updates at most ${MAX_SERVICES} (the watch reads them all in one DescribeServices call, which takes ${MAX_SERVICES}); split them into two steps.`
    )
  }
  for (const { input: name, why } of REFUSED) {
    if (input(name) !== '') {
      problems.push(`\`${name}\`: not available with several services (\`service\`): ${why}.`)
    }
  }
  for (const name of [
    'codedeploy-appspec',
    'codedeploy-application',
    'codedeploy-deployment-group',
    'codedeploy-deployment-description',
    'codedeploy-deployment-config'
  ]) {
    if (input(name) !== '') {
      problems.push(
        `\`${name}\`: not available with several services (\`service\`): CodeDeploy services are deployed one per step; name one service.`
      )
    }
  }
  if (context.scheduledTasks) {
    problems.push(
      '`scheduled-tasks`: not available with several services (`service`) yet; move them in a step that deploys one service, or remove it.'
    )
  }
  if (rollbackScope === 'all' && !context.rollbackOnFailure) {
    problems.push(
      '`rollback-scope`: all rolls every service back after a failure, but `rollback-on-failure` is false; set one of them the other way.'
    )
  }
  return { services: [...names], rollbackScope }
}

/** The name a service goes by in outputs and logs: the last part of an ARN, or the name given. */
export function serviceKey(nameOrArn: string): string {
  return nameOrArn.startsWith('arn:') ? (nameOrArn.split('/').pop() ?? nameOrArn) : nameOrArn
}
