/**
 * Every input name the action knows, in one place: the inputs action.yml
 * declares (a unit test compares the two lists), official-action names that
 * are coming in other features, and names that are not supported, with why.
 * The runner passes any `with:` key as an INPUT_* variable and only warns
 * about undeclared ones; `unknownInputProblems` turns each into a problem so
 * a copied step never loses an input silently.
 */

import { BUILDX_INPUT_NAMES } from './buildx.js'
import { RUN_TASK_INPUTS } from '../task/config.js'

/** The inputs action.yml declares, in its order. `__tests__/unit/inputs/names.test.ts` keeps them equal. */
export const INPUT_NAMES = [
  'aws-region',
  'image',
  'ecr-repository',
  'create-repository',
  'tags',
  'context',
  'dockerfile',
  'build-args',
  'target',
  'platform',
  'skip-build-if-exists',
  'containers',
  'task-definition',
  'task-definition-family',
  'task-definition-arn',
  'task-definition-revision',
  'container-name',
  'environment-variables',
  'secrets',
  'env-files',
  'command',
  'entry-point',
  'log-configuration-log-driver',
  'log-configuration-options',
  'docker-labels',
  'task-role-arn',
  'execution-role-arn',
  'cpu',
  'memory',
  'cluster',
  'service',
  'desired-count',
  'force-new-deployment',
  'enable-ecs-managed-tags',
  'propagate-tags',
  'service-managed-ebs-volume-name',
  'service-managed-ebs-volume',
  'wait-for-service-stability',
  'wait-for-minutes',
  'wait-max-delay-seconds',
  'rollback-on-failure',
  'wait-for-rollback',
  'rollback-scope',
  'wait-until',
  'cancel-deployment-on-abort',
  'codedeploy-appspec',
  'codedeploy-application',
  'codedeploy-deployment-group',
  'codedeploy-deployment-description',
  'codedeploy-deployment-config',
  'max-retries',
  'keep-null-value-keys',
  'scheduled-tasks',
  'run-task',
  ...RUN_TASK_INPUTS,
  ...BUILDX_INPUT_NAMES,
  'dry-run',
  'show-values-in-diff',
  'preview',
  'preview-id',
  'preview-host',
  'environment',
  'github-token'
] as const

export type InputName = (typeof INPUT_NAMES)[number]

/**
 * Official-action inputs that other features of this action will support.
 * Until then, giving one fails with this text. When a feature lands, delete
 * its lines here and add the input to action.yml and INPUT_NAMES.
 */
export const NOT_YET_SUPPORTED: Readonly<Record<string, string>> = {
  // aws-actions/amazon-ecs-deploy-task-definition: one-off tasks with managed EBS volumes
  'run-task-managed-ebs-volume-name': 'EBS volumes for one-off tasks are not supported yet',
  'run-task-managed-ebs-volume': 'EBS volumes for one-off tasks are not supported yet'
}

/** Official-action inputs this action will not support, and why. */
export const NOT_SUPPORTED: Readonly<Record<string, string>> = {
  // aws-actions/amazon-ecr-login
  'http-proxy': 'the action has no proxy setting',
  'mask-password':
    'the registry password is always masked, kept in a private docker config for this step and never an output',
  'registry-type': 'only ECR private registries are supported (the action deploys to ECS)',
  'skip-logout':
    'the registry login lives in a private docker config that is deleted when the step ends',
  // docker/build-push-action
  'add-hosts': 'builds do not take extra host mappings',
  annotations: 'images carry labels, not OCI annotations',
  attests: 'attestations are chosen with `provenance` and `sbom`',
  'secret-envs': 'build secrets are given as `build-secrets` lines: id=<id>,env=<VARIABLE>',
  'secret-files': 'build secrets are given as `build-secrets` lines: id=<id>,src=<file>',
  allow: 'builds get no extra privileged entitlements',
  'build-contexts': 'builds take one context (`context`, or one per line of `containers`)',
  builder: 'the action uses the current builder',
  call: 'the action builds images; build checks are not run separately',
  'cgroup-parent': 'builds do not take a parent cgroup',
  load: 'images are pushed to ECR, not loaded into the local image store',
  'no-cache-filters': 'builds do not take per-stage cache filters',
  outputs: 'images are always pushed to ECR',
  push: 'images are always pushed to ECR (use `dry-run` to push nothing)',
  'shm-size': 'builds do not take a /dev/shm size',
  ssh: 'builds do not forward SSH agents',
  ulimit: 'builds do not take ulimits'
}

/** Official-action inputs that have another name here. */
export const RENAMED: Readonly<Record<string, InputName>> = {
  file: 'dockerfile',
  platforms: 'platform'
}

/** What the user wrote, as the runner hands it over: `INPUT_TASK-DEFINITION` → `task-definition`. */
function nameOfVariable(variable: string): string {
  return variable.slice('INPUT_'.length).toLowerCase()
}

/** The variable the runner passes an input in (see @actions/core getInput). */
export function inputVariable(name: string): string {
  return `INPUT_${name.replace(/ /g, '_').toUpperCase()}`
}

/**
 * One problem per INPUT_* variable whose name action.yml does not declare,
 * naming the closest input or saying why an official-action name is not
 * supported. Pure: reads only `env`.
 */
export function unknownInputProblems(env: Readonly<Record<string, string | undefined>>): string[] {
  const known = new Set(INPUT_NAMES.map(inputVariable))
  const problems: string[] = []
  for (const variable of Object.keys(env).sort()) {
    if (!variable.startsWith('INPUT_') || known.has(variable)) continue
    problems.push(unknownInputProblem(nameOfVariable(variable)))
  }
  return problems
}

/** The message for one unknown input name (already lower-cased). */
export function unknownInputProblem(name: string): string {
  const key = name.replace(/[_ ]/g, '-')
  const head = `\`${name}\` is not an input of this action`
  const renamed = RENAMED[key]
  if (renamed !== undefined) return `${head}; use \`${renamed}\` (same meaning).`
  const later = NOT_YET_SUPPORTED[key]
  if (later !== undefined) return `${head}: ${later}; remove it (see docs/migrating.md).`
  const never = NOT_SUPPORTED[key]
  if (never !== undefined) return `${head}: not supported, ${never}; remove it.`
  const closest = closestInput(key)
  return closest !== undefined
    ? `${head}; did you mean \`${closest}\`?`
    : `${head}; remove it (the inputs are listed in action.yml and docs/migrating.md).`
}

/** The declared input nearest to `name` (edit distance on the hyphenated form), if close enough. */
export function closestInput(name: string): InputName | undefined {
  let best: InputName | undefined
  let bestDistance = Infinity
  for (const candidate of INPUT_NAMES) {
    const d = editDistance(name, candidate)
    if (d < bestDistance) {
      best = candidate
      bestDistance = d
    }
  }
  const limit = Math.max(2, Math.floor(name.length / 3))
  return bestDistance <= limit ? best : undefined
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j)
  for (let i = 1; i <= a.length; i++) {
    const current = [i]
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + cost)
    }
    previous = current
  }
  return previous[b.length]!
}
