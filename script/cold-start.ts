/**
 * `npx tsx script/cold-start.ts`: what the action costs before and after the
 * work itself, side by side with the official chain it replaces, in one run
 * against one emulated world (zero-latency ECS, prebuilt image), on Node 24 as
 * the runner runs both (test-support/harness.ts).
 *
 * For this action: the main step and the post step (spawn → exit each) and
 * spawn → first AWS request. For the official chain (the released bundles in
 * ../shared/peers, see its README): ECR login, render, deploy (waiting for
 * stability, as this action does by default) and the login's post step, and
 * spawn → first AWS request of the deploy step. Prints medians of the runs.
 *
 *   COLD_START_RUNS      runs of each (default 7)
 *   PEERS_DIR            the peers (default /work/shared/peers)
 *   E2E_ACTION_DIR       measure another build (a directory with action.yml and dist/)
 *   COLD_START_BASELINE  also measure this build, interleaved: before/after in one run
 */
import { mkdtemp, writeFile } from 'node:fs/promises'
import os from 'node:os'
import { join, resolve } from 'node:path'
import { sampleTaskDefinition, startWorld, type World } from '../__tests__/e2e/world.js'
import { runAction, repoRoot, type ActionRun } from '../test-support/harness.js'

const RUNS = Number(process.env['COLD_START_RUNS'] ?? '') || 7
const PEERS = resolve(process.env['PEERS_DIR'] ?? '/work/shared/peers')
const CLUSTER = 'cold'
const SERVICE = 'web'
const BASE_IMAGE = 'registry.example.com/sample/web'
const ACTION_DIR = resolve(process.env['E2E_ACTION_DIR'] ?? repoRoot)
const BASELINE = process.env['COLD_START_BASELINE']
  ? resolve(process.env['COLD_START_BASELINE'])
  : undefined

const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b)
  const m = Math.floor(s.length / 2)
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2
}

function ms(run: ActionRun | ActionRun['post']): number {
  return run.exitedAt - run.startedAt
}

function firstRequestMs(world: World, run: ActionRun): number {
  const first = world.emulator.calls({ since: run.startedAt })[0]
  if (!first || first.at > run.exitedAt) throw new Error('no AWS request during the step')
  return first.at - run.startedAt
}

function check(run: ActionRun, what: string): ActionRun {
  if (run.exitCode !== 0 || (run.post.ran && run.post.exitCode !== 0)) {
    throw new Error(`${what} failed:\n${run.stdout}\n${run.stderr}\n${run.post.stdout}`)
  }
  return run
}

interface Ours {
  main: number
  post: number
  firstRequest: number
}
interface Official {
  login: number
  render: number
  deploy: number
  logout: number
  firstRequest: number
}

async function ours(world: World, tag: string, actionDir = ACTION_DIR): Promise<Ours> {
  const run = check(
    await world.run(
      { image: `${BASE_IMAGE}:${tag}`, cluster: CLUSTER, service: SERVICE },
      { actionDir }
    ),
    'this action'
  )
  return { main: ms(run), post: ms(run.post), firstRequest: firstRequestMs(world, run) }
}

async function official(world: World, taskDefFile: string, tag: string): Promise<Official> {
  const env = { ...world.awsEnv, AWS_ACCESS_KEY_ID: 'AKIDCOLDSTART', AWS_SECRET_ACCESS_KEY: 'x' }
  const step = async (name: string, inputs: Record<string, string>): Promise<ActionRun> =>
    check(await runAction({ actionDir: join(PEERS, name), inputs, env }), name)
  // runAction runs a step's post right after its main: the login's post is the logout.
  const login = await step('amazon-ecr-login', {})
  const render = await step('amazon-ecs-render-task-definition', {
    'task-definition': taskDefFile,
    'container-name': 'web',
    image: `${BASE_IMAGE}:${tag}`
  })
  const deploy = await step('amazon-ecs-deploy-task-definition', {
    'task-definition': render.outputs['task-definition']!,
    service: SERVICE,
    cluster: CLUSTER,
    'wait-for-service-stability': 'true'
  })
  await Promise.all([login.cleanup(), render.cleanup(), deploy.cleanup()])
  return {
    login: ms(login),
    render: ms(render),
    deploy: ms(deploy),
    logout: ms(login.post),
    firstRequest: firstRequestMs(world, deploy)
  }
}

async function main(): Promise<void> {
  const world = await startWorld({ stepMs: 0 })
  try {
    world.emulator.seedCluster(CLUSTER)
    const td = await sampleTaskDefinition('cold-web')
    ;(td['containerDefinitions'] as Array<Record<string, unknown>>)[0]!['image'] = `${BASE_IMAGE}:1`
    await world.emulator.seedService({
      cluster: CLUSTER,
      serviceName: SERVICE,
      taskDefinition: td,
      desiredCount: 2
    })
    const dir = await mkdtemp(join(os.tmpdir(), 'cold-start-'))
    const taskDefFile = join(dir, 'task-definition.json')
    await writeFile(taskDefFile, JSON.stringify(td, null, 2))

    // One of each first, not counted: bundles and Node into the page cache.
    await ours(world, 'warm')
    if (BASELINE) await ours(world, 'warm-baseline', BASELINE)
    await official(world, taskDefFile, 'warm')
    const a: Ours[] = []
    const b: Official[] = []
    const base: Ours[] = []
    // Interleaved, so all see the same load.
    for (let i = 0; i < RUNS; i++) {
      a.push(await ours(world, `a${i}`))
      if (BASELINE) base.push(await ours(world, `base${i}`, BASELINE))
      b.push(await official(world, taskDefFile, `b${i}`))
      const x = a.at(-1)!
      const y = b.at(-1)!
      process.stdout.write(
        `${i + 1}/${RUNS}  ours main ${x.main} post ${x.post} first ${x.firstRequest}  |  ` +
          `official login ${y.login} render ${y.render} deploy ${y.deploy} logout ${y.logout} first ${y.firstRequest}\n`
      )
    }
    const m = <T>(xs: T[], f: (x: T) => number): number => median(xs.map(f))
    const oursTotal = m(a, (x) => x.main + x.post)
    const offTotal = m(b, (y) => y.login + y.render + y.deploy + y.logout)
    const lines = [
      `medians of ${RUNS} runs, Node 24, ${os.cpus().length} cores, load ${os
        .loadavg()
        .map((l) => l.toFixed(2))
        .join(' ')}, bundle ${ACTION_DIR}`,
      ...(BASELINE
        ? [
            `baseline:    main ${m(base, (x) => x.main)} ms, post ${m(base, (x) => x.post)} ms, total ${m(base, (x) => x.main + x.post)} ms, spawn → first AWS request ${m(base, (x) => x.firstRequest)} ms (${BASELINE})`
          ]
        : []),
      `this action: main ${m(a, (x) => x.main)} ms, post ${m(a, (x) => x.post)} ms, total ${oursTotal} ms, spawn → first AWS request ${m(a, (x) => x.firstRequest)} ms`,
      `official:    login ${m(b, (y) => y.login)} + render ${m(b, (y) => y.render)} + deploy ${m(b, (y) => y.deploy)} + logout ${m(b, (y) => y.logout)} = ${offTotal} ms, deploy spawn → first AWS request ${m(b, (y) => y.firstRequest)} ms`,
      `ratio total ${(oursTotal / offTotal).toFixed(2)}×`
    ]
    process.stdout.write(`\n${lines.join('\n')}\n`)
  } finally {
    await world.close()
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`cold-start: ${error instanceof Error ? error.stack : String(error)}\n`)
  process.exit(1)
})
