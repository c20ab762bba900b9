/**
 * `npm run demo`: the action deploying the sample app (examples/app) to an
 * emulated ECS, as a workflow step would, in about a minute.
 *
 * The world is the end-to-end suite's (__tests__/e2e/world.ts): the AWS
 * emulator in this process (ECS rolling deployments out in real time, one
 * step every 300 ms so the rollout is watchable; ECR over the real local
 * registry; CloudWatch Logs), the real Docker engine and registry from
 * script/test-env.sh, and the committed bundle run on Node 24 exactly as the
 * runner runs it (test-support/harness.ts). Its log is streamed while it
 * happens, rendered as the runner's log view shows it.
 *
 * Act 1 builds examples/app, pushes it to a new ECR repository and deploys it
 * to service `web`. Act 2 deploys a change that makes the app crash on start:
 * ECS's circuit breaker fails the rollout, the action reports it with the
 * stopped tasks and the container's log and fails the step at once, while
 * ECS's rollback (a minute, as in ECS) continues after it. Exits 0 when both acts behaved as described, 1 otherwise.
 */
import { spawnSync } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { relative } from 'node:path'
import {
  sampleTaskDefinition,
  serviceRecord,
  startWorld,
  type World
} from '../__tests__/e2e/world.js'
import type { DeploymentMilestones } from '../test-support/emulator/ecs-state.js'
import { repoRoot, type ActionRun, type OutputSource } from '../test-support/harness.js'
import { formatMs } from './bench-stats.js'
import { ANSI_STYLE, PLAIN_STYLE, RunnerLogView } from './runner-log.js'

const STEP_MS = 300
const CLUSTER = 'demo'
const SERVICE = 'web'
const REPOSITORY = 'sample-web'
const ACTION = 'your-org/ecs-ship-action@v1'

const color = process.stdout.isTTY === true && !process.env['NO_COLOR']
const style = color ? ANSI_STYLE : PLAIN_STYLE
const bold = (s: string): string => (color ? `\x1b[1m${s}\x1b[0m` : s)
const say = (line = ''): void => {
  process.stdout.write(`${line}\n`)
}

/** Problems found while checking what the acts did; the demo fails when any. */
const problems: string[] = []
function expectThat(ok: boolean, what: string): void {
  if (!ok) problems.push(what)
}

/** Runs the bundle with `inputs`, echoing the step's log as the runner shows it. */
async function runStep(
  world: World,
  inputs: Record<string, string>,
  env: Record<string, string>
): Promise<{ run: ActionRun; lineTimes: Array<{ at: number; line: string }> }> {
  say(style.group(`Run ${ACTION}`))
  say('  with:')
  for (const [k, v] of Object.entries(inputs)) say(`    ${k}: ${v.replace(/\n/g, '\\n')}`)
  const views = new Map<string, RunnerLogView>()
  const lineTimes: Array<{ at: number; line: string }> = []
  let postHeader = false
  const print = (step: OutputSource['step'], lines: string[], at: number): void => {
    if (step === 'post' && !postHeader && lines.length > 0) {
      postHeader = true
      say(style.group(`Post Run ${ACTION}`))
    }
    for (const line of lines) {
      lineTimes.push({ at, line })
      say(line)
    }
  }
  const onOutput = (chunk: string, source: OutputSource): void => {
    const key = `${source.step}:${source.stream}`
    let view = views.get(key)
    if (!view) views.set(key, (view = new RunnerLogView({ style, indent: '  ' })))
    print(source.step, view.push(chunk), Date.now())
  }
  const run = await world.run(inputs, { env, onOutput })
  for (const [key, view] of views) {
    print(key.startsWith('post') ? 'post' : 'main', view.flush(), Date.now())
  }
  say(
    style.dim(
      `  (main step: exit code ${run.exitCode ?? run.signal} after ${formatMs(run.durationMs)}; ` +
        `post step: exit code ${run.post.exitCode ?? run.post.signal})`
    )
  )
  return { run, lineTimes }
}

function printOutputs(run: ActionRun): void {
  say()
  say(bold('Step outputs'))
  const width = Math.max(...Object.keys(run.outputs).map((k) => k.length))
  for (const [k, v] of Object.entries(run.outputs)) say(`  ${k.padEnd(width)}  ${v}`)
  say()
  say(bold('Job summary (GITHUB_STEP_SUMMARY, Markdown)'))
  for (const line of run.summary.trimEnd().split('\n')) say(style.dim('  │ ') + line)
}

function milestoneOf(
  world: World,
  deploymentId: string | undefined
): DeploymentMilestones | undefined {
  return world.emulator.milestones().find((m) => m.deploymentId === deploymentId)
}

function currentTaskDefinition(world: World): string | undefined {
  return serviceRecord(world, CLUSTER, SERVICE)?.['taskDefinition'] as string | undefined
}

const since = (t: number | undefined, t0: number): string =>
  t === undefined ? '    n/a' : `+${((t - t0) / 1000).toFixed(1).padStart(4)} s`

/** The version a Node binary reports, e.g. `v24.21.0`. */
function nodeVersion(bin: string): string {
  return spawnSync(bin, ['--version'], { encoding: 'utf8' }).stdout?.trim() || '(unknown version)'
}

async function main(): Promise<number> {
  const started = Date.now()
  const world = await startWorld({ stepMs: STEP_MS })
  try {
    const node = world.env.node24
    say(bold('ECS Ship: local demo'))
    say(`  AWS      emulated ECS, ECR and CloudWatch Logs at ${world.emulator.url}`)
    say(`           (deployments move one step every ${STEP_MS} ms, in real time)`)
    say(`  Registry ${world.env.registryHost} (real registry; ECR hands out its password)`)
    say(`  Docker   the real engine builds and pushes`)
    say(
      `  Action   ${relative(repoRoot, process.env['E2E_ACTION_DIR'] ?? repoRoot) || '.'}/dist/index.js on Node ${nodeVersion(node)}, run as the runner runs it`
    )

    // The service as it runs before this "workflow": the sample app's task
    // definition, two tasks, ECS's circuit breaker with rollback.
    world.emulator.seedCluster(CLUSTER)
    const seeded = await world.emulator.seedService({
      cluster: CLUSTER,
      serviceName: SERVICE,
      taskDefinition: await sampleTaskDefinition(REPOSITORY),
      desiredCount: 2,
      circuitBreaker: { enable: true, rollback: true }
    })
    say(
      `  Seeded   cluster ${CLUSTER}, service ${SERVICE}: 2 tasks of ${seeded.taskDefinitionArn.split('/').pop()}, circuit breaker with rollback`
    )

    // Act 1 -------------------------------------------------------------------
    const sha = randomBytes(20).toString('hex')
    say()
    say(bold(`Act 1: a push to main (commit ${sha.slice(0, 7)}): build, push to ECR, deploy`))
    say()
    const first = await runStep(
      world,
      {
        'ecr-repository': REPOSITORY,
        'create-repository': 'true',
        context: 'examples/app',
        'task-definition': 'examples/app/task-definition.json',
        'environment-variables': `RELEASE=${sha.slice(0, 7)}`,
        cluster: CLUSTER,
        service: SERVICE
      },
      { GITHUB_SHA: sha }
    )
    const one = first.run
    printOutputs(one)
    const m1 = milestoneOf(world, one.outputs['deployment-id'])
    say()
    say(
      `  ECS reached a steady state ${formatMs(m1?.steadyAt !== undefined ? m1.steadyAt - m1.createdAt : NaN)} after the update; ` +
        `the step exited ${formatMs(m1?.steadyAt !== undefined ? one.exitedAt - m1.steadyAt : NaN)} later.`
    )
    expectThat(one.exitCode === 0, `act 1: the step exited with ${one.exitCode}, not 0`)
    expectThat(
      new RegExp(
        `^${world.env.registryHost.replace(/\./g, '\\.')}/${REPOSITORY}@sha256:[0-9a-f]{64}$`
      ).test(one.outputs['image'] ?? ''),
      `act 1: output image is '${one.outputs['image']}', not the pushed image pinned by digest`
    )
    expectThat(one.outputs['rolled-back'] === 'false', 'act 1: rolled-back is not false')
    expectThat(
      currentTaskDefinition(world) === one.outputs['task-definition-arn'] &&
        one.outputs['task-definition-arn'] !== undefined,
      'act 1: the service does not run the registered revision'
    )
    expectThat(m1?.steadyAt !== undefined, 'act 1: the deployment never became steady')
    expectThat(one.post.exitCode === 0, `act 1: the post step exited with ${one.post.exitCode}`)

    // Act 2 -------------------------------------------------------------------
    // The next change points the app at a database it cannot reach: every new
    // task crashes on start (and logs why to CloudWatch).
    world.emulator.setScenario(CLUSTER, SERVICE, 'crash')
    const good = currentTaskDefinition(world)
    say()
    say(bold('Act 2: a bad change: the new revision crashes on start'))
    say()
    const second = await runStep(
      world,
      {
        image: one.outputs['image'] ?? '',
        'environment-variables': 'DATABASE_URL=postgres://10.0.1.17:5432/app',
        cluster: CLUSTER,
        service: SERVICE
      },
      { GITHUB_SHA: randomBytes(20).toString('hex') }
    )
    const two = second.run
    printOutputs(two)
    const m2 = milestoneOf(world, two.outputs['deployment-id'])
    const reported = second.lineTimes.find((l) => /Deployment \S+ failed/.test(l.line))?.at
    const t0 = m2?.createdAt ?? two.startedAt
    say()
    const failedToReport =
      reported !== undefined && m2?.failedAt !== undefined ? reported - m2.failedAt : NaN
    const timeline: Array<[number | undefined, string]> = [
      [m2?.createdAt, `UpdateService: deployment ${two.outputs['deployment-id'] ?? '?'} started`],
      [m2?.failedAt, 'ECS: the circuit breaker marks the rollout FAILED and starts rolling back'],
      [m2?.rolledBackAt, 'ECS: the previous revision is steady again'],
      [
        reported,
        `action: failure reported, with diagnostics (${formatMs(failedToReport)} after ECS marked it; it polls every 5 s)`
      ],
      [two.exitedAt, `action: step failed, rolled-back=${two.outputs['rolled-back'] ?? '?'}`]
    ]
    say(bold('Timeline of act 2'))
    for (const [at, what] of timeline.sort((a, b) => (a[0] ?? Infinity) - (b[0] ?? Infinity))) {
      say(`  ${since(at, t0)}  ${what}`)
    }

    expectThat(two.exitCode !== 0 && two.exitCode !== null, 'act 2: the step did not fail')
    expectThat(two.outputs['rolled-back'] === 'true', 'act 2: rolled-back is not true')
    expectThat(m2?.failedAt !== undefined, 'act 2: ECS never marked the rollout FAILED')
    expectThat(
      failedToReport <= 6_000,
      'act 2: the failure was not reported within one poll of ECS marking it'
    )
    expectThat(/ECONNREFUSED/.test(two.stdout), "act 2: the crashed container's log is not shown")
    expectThat(/Stopped tasks/.test(two.stdout), 'act 2: the stopped tasks are not shown')
    expectThat(two.errors.length > 0, 'act 2: no error annotation')
    expectThat(
      currentTaskDefinition(world) === good,
      'act 2: the service does not run the good revision again'
    )

    say()
    if (problems.length === 0) {
      say(
        bold(
          `Demo finished in ${formatMs(Date.now() - started)}: deployed, then a broken deploy failed fast and was rolled back, as expected.`
        )
      )
      return 0
    }
    say(style.error(`The demo did not behave as expected:`))
    for (const p of problems) say(style.error(`  - ${p}`))
    return 1
  } finally {
    await world.close()
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(
      `demo: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`
    )
    process.exit(1)
  }
)
