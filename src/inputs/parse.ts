import * as path from 'node:path'
import { runnerTempDir } from '../util/files.js'
import { ActionError, quote } from '../util/errors.js'
import { assignImages, parseContainerLines, parseContainerNames } from './containers.js'
import { parseDeploySettings } from './deploy-inputs.js'
import { unknownInputProblems } from './names.js'
import { parsePairs, parseRenderSettings, variableNameProblem } from './render-inputs.js'
import { parseRunTaskInputs } from '../task/config.js'
import { parseScheduledTasks } from '../schedule/config.js'
import { BUILDX_INPUT_NAMES, parseBuildxInputs, parseRepositoryTarget } from './buildx.js'
import type {
  Config,
  GitHubConfig,
  ImageAssignment,
  ImageSource,
  PreviewConfig,
  PreviewMode,
  TaskDefinitionSource
} from './config.js'
import { parseStrategyInputs } from './strategy.js'
import { parseCodeDeployInputs } from './codedeploy.js'
import {
  MAX_ECS_NAME_LENGTH,
  isEcsName,
  isFamilyReference,
  isRegion,
  isRevisionNumber,
  parseClusterArn,
  parseServiceArn,
  parseTaskDefinitionArn
} from '../aws/arn.js'
import { imageReferenceProblem, repositoryNameProblem, tagProblem } from '../image/reference.js'
import { hostTemplateProblem, previewIdProblem, previewNameOf } from '../preview/names.js'
import { parseFleetInputs, splitServiceNames } from '../deploy/fleet/inputs.js'

/**
 * Turns the action's raw inputs into the one typed `Config`, checking
 * everything before anything happens. Pure: inputs come from `get`, the
 * runner's variables from `env`, the event payload (already parsed) from
 * `event`. Every problem found is collected and reported in one ActionError,
 * one line per problem, each naming the input and how to fix it.
 */

/** Reads one input: the raw string, '' when unset. */
export type InputGetter = (name: string) => string

export type Env = Record<string, string | undefined>

/** Built-in defaults, the same as action.yml's, for when the runner did not apply them. */
export const DEFAULTS = {
  'create-repository': false,
  context: '.',
  'skip-build-if-exists': true,
  'no-cache': false,
  pull: false,
  cluster: 'default',
  'force-new-deployment': false,
  'wait-for-service-stability': true,
  'wait-for-minutes': '30',
  'rollback-on-failure': true,
  'wait-for-rollback': false,
  'cancel-deployment-on-abort': false,
  'dry-run': false,
  'show-values-in-diff': false,
  apiUrl: 'https://api.github.com',
  serverUrl: 'https://github.com'
} as const

type BooleanInput =
  | 'create-repository'
  | 'skip-build-if-exists'
  | 'no-cache'
  | 'pull'
  | 'force-new-deployment'
  | 'wait-for-service-stability'
  | 'rollback-on-failure'
  | 'wait-for-rollback'
  | 'cancel-deployment-on-abort'
  | 'dry-run'
  | 'show-values-in-diff'

export const MAX_WAIT_MINUTES = 360

const BUILD_STAGE = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/
const PLATFORM = /^[a-z0-9]+\/[a-z0-9_]+(\/[a-z0-9]+)?$/

/** The preview suffix used only to check a `preview-host` template in `cleanup` mode. */
const SAMPLE_PREVIEW_ID = '123'

export function parseInputs(get: InputGetter, env: Env, event?: Record<string, unknown>): Config {
  // A `with:` key action.yml does not declare still arrives as INPUT_*: never drop it silently.
  const problems: string[] = unknownInputProblems(env)
  const warnings: string[] = []
  const input = (name: string): string => (get(name) ?? '').trim()
  const bool = (name: BooleanInput): boolean => {
    const raw = input(name)
    const fallback = DEFAULTS[name]
    if (raw === '') return fallback
    const value = parseBoolean(raw)
    if (value === undefined) {
      problems.push(`\`${name}\`: ${quote(raw)} is not a boolean; use true or false.`)
      return fallback
    }
    return value
  }

  // Region
  const region = input('aws-region') || env['AWS_REGION'] || env['AWS_DEFAULT_REGION'] || ''
  if (region === '') {
    problems.push(
      '`aws-region`: no region; set `aws-region` or the AWS_REGION environment variable (configure-aws-credentials sets it).'
    )
  } else if (!isRegion(region)) {
    problems.push(
      `\`aws-region\`: ${quote(region)} is not an AWS region; use a code like us-east-1.`
    )
  }

  // Preview mode first: it changes what else is required.
  const previewRaw = input('preview').toLowerCase()
  let previewMode: PreviewMode | undefined
  if (previewRaw !== '') {
    if (previewRaw === 'deploy' || previewRaw === 'destroy' || previewRaw === 'cleanup') {
      previewMode = previewRaw
    } else {
      problems.push(
        `\`preview\`: ${quote(input('preview'))} is not a preview mode; use deploy, destroy or cleanup.`
      )
    }
  }
  const tearingDown = previewMode === 'destroy' || previewMode === 'cleanup'

  // Service and cluster
  const cluster = input('cluster') || DEFAULTS.cluster
  const clusterArn = parseClusterArn(cluster)
  if (!clusterArn && !isEcsName(cluster)) {
    problems.push(
      `\`cluster\`: ${quote(cluster)} is not a cluster name or ARN; names use letters, digits, - and _ (at most 255).`
    )
  } else if (clusterArn && isRegion(region) && clusterArn.region !== region) {
    problems.push(
      `\`cluster\`: the ARN is in ${clusterArn.region} but the region is ${region}; set \`aws-region\` to ${clusterArn.region} or use the cluster's name.`
    )
  }
  // Several names (one per line or comma): one build to several services (src/deploy/fleet).
  const serviceNames = splitServiceNames(input('service'))
  const service = serviceNames[0]
  for (const service of serviceNames) {
    const serviceArn = parseServiceArn(service)
    if (!serviceArn && !isEcsName(service)) {
      problems.push(
        `\`service\`: ${quote(service)} is not a service name or ARN; names use letters, digits, - and _ (at most 255).`
      )
    } else if (serviceArn && previewMode) {
      problems.push(
        '`service`: previews are named after the base service; give its name, not its ARN.'
      )
    } else if (serviceArn && isRegion(region) && serviceArn.region !== region) {
      problems.push(
        `\`service\`: the ARN is in ${serviceArn.region} but the region is ${region}; set \`aws-region\` to ${serviceArn.region} or use the service's name.`
      )
    }
  }

  // Containers and images: `containers` (one image per container) or `image`/a build for `container-name`.
  const containerNames = parseContainerNames(input('container-name'), problems)
  const containerLines = parseContainerLines(
    get('containers') ?? '',
    problems,
    imageReferenceProblem
  )
  const withContainers = containerLines.length > 0
  const image = parseImageSource(
    input,
    (n) => get(n) ?? '',
    bool,
    env,
    problems,
    tearingDown || withContainers,
    region
  )
  let images: ImageAssignment[] =
    image.kind === 'none' ? [] : [{ containers: containerNames, source: image }]
  if (withContainers) {
    for (const name of ['image', 'context', 'dockerfile'] as const) {
      if (input(name) !== '' && !(name === 'context' && input(name) === DEFAULTS.context)) {
        problems.push(
          `\`${name}\` and \`containers\`: give one; with \`containers\` every image is named on its line (name=image-reference or name=build:<context>[:<dockerfile>]).`
        )
      }
    }
    const builds = containerLines.filter((l) => l.kind === 'build')
    if (builds.length > 0 && image.kind !== 'build') {
      problems.push(
        `\`containers\`: ${builds.map((b) => b.name).join(', ')} ${builds.length === 1 ? 'is' : 'are'} built, so \`ecr-repository\` is required (every build is pushed there, tagged <tag>-<container>).`
      )
    }
    images = assignImages(containerLines, image.kind === 'build' ? image : undefined, problems)
  }

  // Task definition
  const taskDefinition = parseTaskDefinitionSource(input, service, region, tearingDown, problems)

  // Environment and the other render inputs, for the containers named by `container-name`
  const environmentVariables = parseKeyValueLines(
    get('environment-variables') ?? '',
    'environment-variables',
    problems,
    warnings
  )
  const render = parseRenderSettings((n) => get(n) ?? '', { region, problems, warnings })
  const deploy = parseDeploySettings(
    (n) => get(n) ?? '',
    (name) => {
      const raw = input(name)
      if (raw === '') return undefined
      const value = parseBoolean(raw)
      if (value === undefined)
        problems.push(`\`${name}\`: ${quote(raw)} is not a boolean; use true or false.`)
      return value
    },
    service !== undefined,
    problems
  )

  // Service update
  const desiredRaw = input('desired-count')
  let desiredCount: number | undefined
  if (desiredRaw !== '') {
    if (!/^\d+$/.test(desiredRaw) || !Number.isSafeInteger(Number(desiredRaw))) {
      problems.push(
        `\`desired-count\`: ${quote(desiredRaw)} is not a whole number of tasks; use 0 or more, e.g. 2.`
      )
    } else {
      desiredCount = Number(desiredRaw)
    }
    if (service === undefined) {
      problems.push('`desired-count`: needs `service`; set the service to scale, or remove it.')
    }
  }
  const forceNewDeployment = bool('force-new-deployment')
  if (forceNewDeployment && service === undefined) {
    problems.push(
      '`force-new-deployment`: needs `service`; without a service only a revision is registered.'
    )
  }
  const waitForServiceStability = bool('wait-for-service-stability')
  const waitTimeoutMs = parseWaitMinutes(input('wait-for-minutes'), problems)
  const rollbackOnFailure = bool('rollback-on-failure')
  const waitForRollback = bool('wait-for-rollback')
  const strategy = parseStrategyInputs(input, bool, problems)
  const codeDeploy = parseCodeDeployInputs(input, problems)
  const dryRun = bool('dry-run')
  const showValuesInDiff = bool('show-values-in-diff')

  // Preview
  const preview = parsePreview(input, previewMode, service, event, problems)
  // A preview marks its image, and destroy later deletes its tags, with the run's own ECR client.
  if (preview && image.kind === 'build' && image.region) {
    problems.push(
      `\`ecr-repository\`: previews are not supported with a repository of another region (${image.region}) yet: give a repository of ${region}.`
    )
  }

  // One-off task (run-task*)
  const runTask = parseRunTaskInputs(input, env, { previewMode }, problems)
  const scheduledTasks = parseScheduledTasks(
    get('scheduled-tasks') ?? '',
    { previewMode },
    problems
  )

  const fleet = parseFleetInputs(
    input,
    serviceNames,
    { scheduledTasks: scheduledTasks !== undefined, rollbackOnFailure },
    problems
  )

  // GitHub environment name
  const environment = parseEnvironmentName(input('environment'), preview, problems)

  const github: GitHubConfig = {
    apiUrl: stripTrailingSlash(env['GITHUB_API_URL'] || DEFAULTS.apiUrl),
    serverUrl: stripTrailingSlash(env['GITHUB_SERVER_URL'] || DEFAULTS.serverUrl)
  }
  setIf(github, 'token', input('github-token'))
  setIf(github, 'repository', env['GITHUB_REPOSITORY'])
  setIf(github, 'eventName', env['GITHUB_EVENT_NAME'])
  if (event !== undefined) github.event = event
  setIf(github, 'sha', env['GITHUB_SHA'])
  setIf(github, 'ref', env['GITHUB_REF'])
  setIf(github, 'runId', env['GITHUB_RUN_ID'])
  setIf(github, 'runAttempt', env['GITHUB_RUN_ATTEMPT'])

  if (problems.length > 0) {
    const count = problems.length === 1 ? 'a problem' : `${problems.length} problems`
    throw new ActionError(
      `The action's inputs have ${count}; nothing was changed:\n${problems.map((p) => `- ${p}`).join('\n')}`
    )
  }

  const containerName = containerNames[0]
  const config: Config = {
    region,
    image: withContainers ? (images[0]?.source ?? image) : image,
    images,
    taskDefinition,
    containerNames,
    environmentVariables,
    render,
    deploy,
    warnings,
    cluster,
    forceNewDeployment,
    waitForServiceStability,
    waitTimeoutMs,
    rollbackOnFailure,
    waitForRollback,
    strategy,
    dryRun,
    showValuesInDiff,
    github,
    tempDir: runnerTempDir(env)
  }
  if (containerName !== undefined) config.containerName = containerName
  if (service !== undefined) config.service = service
  if (desiredCount !== undefined) config.desiredCount = desiredCount
  if (preview !== undefined) config.preview = preview
  if (environment !== undefined) config.environment = environment
  if (runTask !== undefined) config.runTask = runTask
  if (scheduledTasks !== undefined) config.scheduledTasks = scheduledTasks
  if (fleet !== undefined) config.fleet = fleet
  if (Object.keys(codeDeploy).length > 0) config.codeDeploy = codeDeploy
  return config
}

/** Strict boolean: true/false/yes/no, any case. Anything else is undefined. */
export function parseBoolean(raw: string): boolean | undefined {
  switch (raw.trim().toLowerCase()) {
    case 'true':
    case 'yes':
      return true
    case 'false':
    case 'no':
      return false
    default:
      return undefined
  }
}

/** A newline- or comma-separated list: trimmed, blanks dropped, duplicates removed, order kept. */
export function splitList(raw: string): string[] {
  const items = raw
    .split(/[\n,]/)
    .map((s) => s.trim())
    .filter((s) => s !== '')
  return [...new Set(items)]
}

/**
 * Multiline `KEY=VALUE`: split on the first `=` (the value may contain `=` and
 * may be empty), blank lines and `#` comment lines ignored. Problems (no `=`,
 * a bad key, a key given twice) are appended to `problems`, naming `input` and
 * the line number.
 */
export function parseKeyValueLines(
  raw: string,
  input: string,
  problems: string[],
  /** Given: a key set twice keeps the last value, with a warning (the official render action's rule). */
  warnings?: string[]
): Array<{ name: string; value: string }> {
  return parsePairs(
    raw,
    input,
    { problems, warnings: warnings ?? [] },
    variableNameProblem,
    'KEY=VALUE (KEY= for an empty value)',
    { duplicates: warnings === undefined ? 'refuse' : 'warn', trimKey: false }
  )
}

/** The pull request number in a `pull_request`-like event payload, if any. */
export function pullRequestNumber(event: Record<string, unknown> | undefined): number | undefined {
  if (!event) return undefined
  const pr = event['pull_request']
  const candidates = [
    pr && typeof pr === 'object' ? (pr as Record<string, unknown>)['number'] : undefined,
    event['number']
  ]
  for (const n of candidates) {
    if (typeof n === 'number' && Number.isSafeInteger(n) && n > 0) return n
  }
  return undefined
}

function parseImageSource(
  input: (name: string) => string,
  rawInput: (name: string) => string,
  bool: (name: 'create-repository' | 'skip-build-if-exists' | 'no-cache' | 'pull') => boolean,
  env: Env,
  problems: string[],
  /** Neither `image` nor `ecr-repository` is required (teardown, or `containers` names the images). */
  imageOptional: boolean,
  region: string
): ImageSource {
  const imageRef = input('image')
  const repository = input('ecr-repository')
  const createRepository = bool('create-repository')
  const skipIfExists = bool('skip-build-if-exists')
  const context = input('context') || DEFAULTS.context
  const dockerfile = input('dockerfile') || path.join(context, 'Dockerfile')
  const target = input('target')
  const platform = input('platform')
  const tagsRaw = input('tags')

  if (imageRef !== '' && repository !== '') {
    problems.push(
      '`image` and `ecr-repository`: give one; `image` deploys an existing image, `ecr-repository` builds and pushes one.'
    )
  }

  if (imageRef !== '') {
    const problem = imageReferenceProblem(imageRef)
    if (problem) problems.push(`\`image\`: ${quote(imageRef)} ${problem}.`)
    if (repository === '') {
      // Build-only inputs have no effect when nothing is built: say so rather than ignore them.
      const buildOnly: Array<[string, boolean]> = [
        ['tags', tagsRaw !== ''],
        ['context', input('context') !== '' && input('context') !== DEFAULTS.context],
        ['dockerfile', input('dockerfile') !== ''],
        ['build-args', input('build-args') !== ''],
        ['target', target !== ''],
        ['platform', platform !== ''],
        ['create-repository', createRepository],
        ...BUILDX_INPUT_NAMES.map((n): [string, boolean] => [
          n,
          n === 'no-cache' || n === 'pull' ? parseBoolean(input(n)) === true : input(n) !== ''
        ])
      ]
      for (const [name, set] of buildOnly) {
        if (set) {
          problems.push(
            `\`${name}\`: only applies to a build, and \`image\` deploys an existing image without building; remove \`${name}\` or use \`ecr-repository\` instead of \`image\`.`
          )
        }
      }
    }
    return { kind: 'existing', reference: imageRef }
  }

  if (repository === '') {
    // A task definition file names its images already (the official deploy action's way).
    if (!imageOptional && input('task-definition') === '') {
      problems.push(
        '`ecr-repository` or `image`: one is required; set `ecr-repository` to build and push, or `image` to deploy an existing image (or give a `task-definition` file that names its image).'
      )
    }
    return { kind: 'none' }
  }

  // A full URI names another account's registry, or another region's (its own ECR client).
  const repoTarget = parseRepositoryTarget(repository, region)
  if (typeof repoTarget === 'string') {
    problems.push(`\`ecr-repository\`: ${repoTarget}`)
  } else {
    const problem = repositoryNameProblem(repoTarget.name)
    if (problem) {
      problems.push(
        `\`ecr-repository\`: ${quote(repoTarget.name)} is not a repository name: it ${problem}.`
      )
    }
  }
  const repositoryName = typeof repoTarget === 'string' ? repository : repoTarget.name

  let tags = splitList(tagsRaw)
  if (tags.length === 0) {
    const sha = env['GITHUB_SHA'] ?? ''
    if (sha === '') {
      problems.push('`tags`: not set and GITHUB_SHA is empty; set `tags`, e.g. tags: v1.2.3.')
    } else {
      tags = [sha]
    }
  }
  for (const tag of tags) {
    const problem = tagProblem(tag)
    if (problem) {
      problems.push(`\`tags\`: ${quote(tag)} is not a valid image tag: it ${problem}.`)
    }
  }

  const buildArgs = parseKeyValueLines(rawInput('build-args'), 'build-args', problems)

  if (target !== '' && !BUILD_STAGE.test(target)) {
    problems.push(`\`target\`: ${quote(target)} is not a build stage name.`)
  }
  if (platform !== '') {
    for (const p of platform.split(',').map((s) => s.trim())) {
      if (!PLATFORM.test(p)) {
        problems.push(`\`platform\`: ${quote(p)} is not a platform; use os/arch, e.g. linux/arm64.`)
      }
    }
  }

  const source: ImageSource = {
    kind: 'build',
    repository: repositoryName,
    createRepository,
    tags,
    context,
    dockerfile,
    buildArgs,
    skipIfExists,
    buildx: parseBuildxInputs({ input, keyValues: parseKeyValueLines, bool, env, problems })
  }
  if (target !== '') source.target = target
  if (platform !== '') source.platform = platform
  if (typeof repoTarget !== 'string' && repoTarget.registryId) {
    source.registryId = repoTarget.registryId
  }
  if (typeof repoTarget !== 'string' && repoTarget.region) source.region = repoTarget.region
  return source
}

function parseTaskDefinitionSource(
  input: (name: string) => string,
  service: string | undefined,
  region: string,
  tearingDown: boolean,
  problems: string[]
): TaskDefinitionSource {
  const file = input('task-definition')
  const family = input('task-definition-family')
  const arn = input('task-definition-arn')
  const revision = input('task-definition-revision')
  const given = [
    ['task-definition', file],
    ['task-definition-arn', arn],
    ['task-definition-family', family]
  ].filter(([, v]) => v !== '')
  if (given.length > 1) {
    problems.push(
      `${given.map(([n]) => `\`${n}\``).join(' and ')}: give one; a file to start from, or a task definition registered in ECS (ARN, or family with an optional revision).`
    )
  }
  if (revision !== '') {
    if (!isRevisionNumber(revision)) {
      problems.push(
        `\`task-definition-revision\`: ${quote(revision)} is not a revision number (1 or more).`
      )
    } else if (family === '') {
      problems.push(
        '`task-definition-revision`: needs `task-definition-family` (the revision of which family); set it, or use `task-definition-arn`.'
      )
    } else if (family.includes(':')) {
      problems.push(
        '`task-definition-revision`: `task-definition-family` already names a revision; give the family alone, or remove `task-definition-revision`.'
      )
    }
  }
  if (file !== '') return { kind: 'file', path: file }
  if (arn !== '') {
    const match = parseTaskDefinitionArn(arn)
    if (!match) {
      problems.push(
        `\`task-definition-arn\`: ${quote(arn)} is not a task definition ARN (arn:aws:ecs:<region>:<account>:task-definition/<family>:<revision>).`
      )
    } else if (isRegion(region) && match.region !== region) {
      problems.push(
        `\`task-definition-arn\`: the ARN is in ${match.region} but the region is ${region}; set \`aws-region\` to ${match.region}.`
      )
    }
    return { kind: 'family', reference: arn }
  }
  if (family !== '') {
    if (!isFamilyReference(family) && !parseTaskDefinitionArn(family)) {
      problems.push(
        `\`task-definition-family\`: ${quote(family)} is not a family, family:revision or task definition ARN.`
      )
    }
    const withRevision = isRevisionNumber(revision) && !family.includes(':')
    return { kind: 'family', reference: withRevision ? `${family}:${revision}` : family }
  }
  if (service === undefined && !tearingDown) {
    problems.push(
      '`task-definition`, `task-definition-arn`, `task-definition-family` or `service`: nothing to start from; give a task definition file, a registered task definition, or the service whose current revision to update.'
    )
  }
  return { kind: 'service' }
}

function parseWaitMinutes(raw: string, problems: string[]): number {
  const text = raw === '' ? DEFAULTS['wait-for-minutes'] : raw
  const fallback = Number(DEFAULTS['wait-for-minutes']) * 60_000
  if (!/^(\d+(\.\d*)?|\.\d+)$/.test(text)) {
    problems.push(
      `\`wait-for-minutes\`: ${quote(raw)} is not a number of minutes; use e.g. 30 or 7.5 (at most ${MAX_WAIT_MINUTES}).`
    )
    return fallback
  }
  const minutes = Number(text)
  if (!(minutes > 0) || minutes > MAX_WAIT_MINUTES) {
    problems.push(
      `\`wait-for-minutes\`: ${raw} is out of range; use more than 0 and at most ${MAX_WAIT_MINUTES} (6 hours, the job limit).`
    )
    return fallback
  }
  return Math.round(minutes * 60_000)
}

function parsePreview(
  input: (name: string) => string,
  mode: PreviewMode | undefined,
  service: string | undefined,
  event: Record<string, unknown> | undefined,
  problems: string[]
): PreviewConfig | undefined {
  const idRaw = input('preview-id')
  const host = input('preview-host')
  if (mode === undefined) {
    for (const [name, value] of [
      ['preview-id', idRaw],
      ['preview-host', host]
    ] as const) {
      if (value !== '') {
        problems.push(`\`${name}\`: only applies to previews; set \`preview\` or remove it.`)
      }
    }
    return undefined
  }
  if (service === undefined) {
    problems.push('`preview`: needs `service`, the base service the preview copies.')
  }

  const eventNumber = pullRequestNumber(event)
  let id = ''
  if (mode === 'cleanup') {
    if (idRaw !== '') {
      problems.push(
        '`preview-id`: `preview: cleanup` acts on every closed preview; remove `preview-id`, or use `preview: destroy`.'
      )
    }
  } else {
    id = (idRaw || (eventNumber !== undefined ? String(eventNumber) : '')).toLowerCase()
    if (id === '') {
      problems.push(
        `\`preview-id\`: not set and the event has no pull request number; run on pull_request events or set \`preview-id\`.`
      )
    } else {
      const problem = previewIdProblem(id)
      if (problem) problems.push(`\`preview-id\`: ${quote(idRaw || id)} ${problem}.`)
    }
  }

  if (service !== undefined && id !== '' && previewNameOf(service, id) === undefined) {
    problems.push(
      `\`preview-id\`: the preview service ${service}-pr-${id} would be longer than ECS allows (${MAX_ECS_NAME_LENGTH} characters); use a shorter id.`
    )
  }

  const preview: PreviewConfig = { mode, id }
  if (host !== '') {
    const sample = id !== '' && previewIdProblem(id) === undefined ? id : SAMPLE_PREVIEW_ID
    const problem = hostTemplateProblem(host, sample)
    if (problem) problems.push(`\`preview-host\`: ${quote(host)} ${problem}.`)
    preview.hostTemplate = host.toLowerCase()
  }
  const pullRequest = eventNumber ?? (/^\d+$/.test(id) ? Number(id) : undefined)
  if (pullRequest !== undefined && pullRequest > 0) preview.pullRequest = pullRequest
  return preview
}

function parseEnvironmentName(
  raw: string,
  preview: PreviewConfig | undefined,
  problems: string[]
): string | undefined {
  const isPerPreview = preview !== undefined && preview.mode !== 'cleanup'
  if (raw === '') return isPerPreview ? `pr-${preview.id}` : undefined
  if (raw.includes('{id}')) {
    if (!isPerPreview) {
      problems.push(
        '`environment`: {id} is filled only for `preview: deploy` or `destroy`; use a fixed name.'
      )
      return raw
    }
    return raw.split('{id}').join(preview.id)
  }
  return raw
}

function setIf<K extends keyof GitHubConfig>(
  target: GitHubConfig,
  key: K,
  value: string | undefined
): void {
  if (value !== undefined && value !== '') (target as Record<K, string>)[key] = value
}

function stripTrailingSlash(url: string): string {
  return url.replace(/\/+$/, '')
}
