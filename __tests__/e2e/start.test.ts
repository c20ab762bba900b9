/**
 * A light start: the post step is a bundle of its own that loads nothing
 * heavy and still cleans up after a killed main step; the main bundle keeps
 * what a plain deploy does not need (previews with the ELBv2 client, the
 * CloudWatch Logs client, octokit) in chunks that load only when used.
 *
 * Which files a run loads is recorded by a module hook (node:module
 * registerHooks) given to the bundle's Node through NODE_OPTIONS.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { spawnSync } from 'node:child_process'
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, relative, resolve } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { stringify } from 'yaml'
import { nodeBinary, parseActionDefinition, repoRoot } from '../../test-support/harness.js'
import { seedService } from './watch-support.js'
import { sampleApp, sampleTaskDefinition, startWorld, uniqueName } from './world.js'
import { useWorld } from './use-world.js'

const actionDir = resolve(process.env['E2E_ACTION_DIR'] ?? repoRoot)
const definition = parseActionDefinition(readFileSync(join(actionDir, 'action.yml'), 'utf8'))
const dist = join(actionDir, 'dist')
const read = (file: string): string => readFileSync(join(dist, file), 'utf8')
/** The main bundle's chunks: what ncc splits off at each import(). */
const chunks = readdirSync(dist).filter((f) => /^\d+\.index\.js$/.test(f))
/** The one chunk whose code holds `marker`. */
function chunkWith(marker: string): string {
  const found = chunks.filter((f) => read(f).includes(marker))
  expect(found).toHaveLength(1)
  return found[0]!
}

/** Code (not comments) each heavy dependency brings into a bundle. */
const HEAVY = {
  'the AWS SDK': 'smithy',
  yaml: 'function parseDocument',
  'an AWS client': 'Client extends',
  undici: 'class ProxyAgent',
  octokit: 'octokit'
}

let work: string
let hook: string
beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'ecs-ship-start-'))
  hook = join(work, 'record-loads.mjs')
  await writeFile(
    hook,
    [
      "import { registerHooks } from 'node:module'",
      "import { appendFileSync } from 'node:fs'",
      'const log = process.env.LOADED_MODULES_LOG',
      'registerHooks({',
      '  load(url, context, next) {',
      "    if (url.startsWith('file:')) appendFileSync(log, url + '\\n')",
      '    return next(url, context)',
      '  }',
      '})',
      ''
    ].join('\n')
  )
})
afterAll(async () => {
  await rm(work, { recursive: true, force: true })
})

/** NODE_OPTIONS and the log file that record which files of dist/ a step loads. */
async function recording(name: string): Promise<{
  env: Record<string, string>
  loaded: () => string[]
}> {
  const log = join(work, `${name}.loaded`)
  await writeFile(log, '')
  return {
    env: { NODE_OPTIONS: `--import=${pathToFileURL(hook).href}`, LOADED_MODULES_LOG: log },
    loaded: () =>
      readFileSync(log, 'utf8')
        .split('\n')
        .filter((url) => url.startsWith('file:'))
        .map((url) => relative(dist, fileURLToPath(url)))
        .filter((file) => !file.startsWith('..'))
  }
}

describe('the post step', () => {
  it('is a small bundle of its own, with no AWS SDK, undici or octokit, run always()', () => {
    expect(definition.runs.main).toBe('dist/index.js')
    expect(definition.runs.post).toBe('dist/post/index.js')
    expect(definition.runs.postIf).toBe('always()')
    const main = read('index.js')
    const post = read('post/index.js')
    expect(post.length).toBeLessThan(32 * 1024)
    expect(readdirSync(join(dist, 'post'))).toEqual(['index.js'])
    const everything = [main, ...chunks.map(read)]
    for (const [what, marker] of Object.entries(HEAVY)) {
      // The marker finds the dependency where it is (main bundle or a chunk)…
      const found = everything.some((code) => code.includes(marker))
      expect({ what, found }).toEqual({ what, found: true })
      // …and it is not in the post bundle.
      expect({ what, found: post.includes(marker) }).toEqual({ what, found: false })
    }
  })

  it('with nothing saved by the main step, does nothing and loads only itself', async () => {
    const rec = await recording('post-nothing')
    const post = spawnSync(nodeBinary('node24'), [join(actionDir, definition.runs.post!)], {
      env: { PATH: process.env['PATH'] ?? '', ...rec.env },
      encoding: 'utf8',
      timeout: 30_000
    })
    expect(post.status).toBe(0)
    expect(post.stdout).toBe('')
    expect(post.stderr).toBe('')
    expect(rec.loaded()).toEqual(['post/index.js'])
  })

  it('a warning, not a failure, when the saved path is not a docker config this run created', async () => {
    // Saved state names a path the action must not delete (here: not even a directory).
    const file = join(work, 'not-a-dir')
    await writeFile(file, 'x')
    const dir = join(file, 'docker-config-x')
    const post = spawnSync(nodeBinary('node24'), [join(actionDir, definition.runs.post!)], {
      env: { PATH: process.env['PATH'] ?? '', STATE_dockerConfig: dir },
      encoding: 'utf8',
      timeout: 30_000
    })
    expect(post.status).toBe(0)
    expect(post.stdout).toMatch(
      new RegExp(
        `^::warning::Could not remove the docker credentials at ${dir}: Refusing to remove`,
        'm'
      )
    )
  })

  it('removes the docker config (with the registry login) that a killed main step left', async () => {
    const world = await startWorld()
    try {
      world.emulator.seedCluster('start')
      const { service } = await seedService(world, 'start', { scenario: 'never-settle' })
      const repository = uniqueName('app')
      world.ecr.seedRepository(repository)
      const context = await sampleApp()
      const rec = await recording('post-killed')
      // SIGINT, SIGTERM and SIGKILL at once while main waits for `docker build`
      // after the registry login: it cannot get to its own clean-up. Then the
      // runner starts the post step (post-if: always()), as action.yml says.
      const run = await world.runCancelled(
        { 'ecr-repository': repository, tags: 'k1', context, cluster: 'start', service },
        {
          actionDir,
          env: rec.env,
          cancelWhen: (stdout) => /^Building /m.test(stdout),
          termAfterMs: 0,
          killAfterMs: 0
        }
      )
      try {
        expect(run.signal).toBe('SIGKILL')
        const dockerConfig = run.state['dockerConfig']
        expect(dockerConfig).toBeTruthy()
        expect(run.post.ran).toBe(true)
        expect(run.post.exitCode).toBe(0)
        // Post found it there and removed it: the main step did not.
        expect(run.post.stdout).toContain(`::debug::Removed docker config ${dockerConfig}`)
        expect(run.post.stdout).not.toMatch(/::(error|warning)::/)
        // The credentials are gone. (The killed step's docker child runs in its own process
        // group and may still write buildx metadata below it for a moment: not a credential.)
        expect(existsSync(join(dockerConfig!, 'config.json'))).toBe(false)
        expect(existsSync(join(run.homeDir, '.docker', 'config.json'))).toBe(false)
        // The post step loaded its own bundle only (main loaded index.js first).
        expect(rec.loaded().filter((f) => f.startsWith('post/'))).toEqual(['post/index.js'])
      } finally {
        await run.cleanup()
      }
    } finally {
      await world.close()
    }
  })
})

describe('the main bundle', () => {
  const markers = {
    elb: 'class DescribeTargetGroupsCommand',
    logs: 'class GetLogEventsCommand',
    previews: 'function planPreviewDeploy',
    octokit: 'function getOctokit',
    undici: 'class ProxyAgent',
    yaml: 'function parseDocument'
  }

  it('keeps ELBv2, CloudWatch Logs, previews, octokit, undici and yaml in chunks, out of index.js', () => {
    const main = read('index.js')
    expect(main).toContain('class DescribeServicesCommand') // ECS: every deploy needs it
    for (const [what, marker] of Object.entries(markers)) {
      expect({ what, inMain: main.includes(marker) }).toEqual({ what, inMain: false })
      chunkWith(marker)
    }
  })

  const world = useWorld({ clusters: ['start'] })

  it('a plain deploy loads none of the chunks', async () => {
    const { service } = await seedService(world, 'start')
    const rec = await recording('deploy')
    const run = await world.run(
      { image: 'registry.example.com/sample/web:2', cluster: 'start', service },
      { env: rec.env }
    )
    expect(run.exitCode).toBe(0)
    expect(run.outputs['deployment-id']).toBeTruthy()
    expect(rec.loaded()).toEqual(['index.js', 'post/index.js'])
  })

  it('a task definition file in YAML loads the yaml chunk, and registers it', async () => {
    const { service } = await seedService(world, 'start')
    const family = uniqueName('yaml')
    // Inside the workspace: the action refuses a task-definition path outside it.
    const file = join(await sampleApp(), 'task-definition.yaml')
    await writeFile(file, stringify({ ...(await sampleTaskDefinition(family)) }))
    const since = Date.now()
    const rec = await recording('yaml')
    const run = await world.run(
      {
        'task-definition': file,
        image: 'registry.example.com/sample/web:4',
        cluster: 'start',
        service
      },
      { env: rec.env }
    )
    expect(run.exitCode).toBe(0)
    expect(run.outputs['task-definition-arn']).toContain(`:task-definition/${family}:1`)
    expect(world.emulator.calls({ since }).map((c) => c.operation)).toContain(
      'RegisterTaskDefinition'
    )
    expect(rec.loaded()).toEqual(['index.js', chunkWith(markers.yaml), 'post/index.js'])
  })

  it('a failed deploy loads the CloudWatch Logs chunk (from dist/, on Node 24) for its diagnostics', async () => {
    const { service } = await seedService(world, 'start', {
      circuitBreaker: { enable: true, rollback: true },
      scenario: 'crash',
      scenarioOptions: { exitCode: 3, logLines: ['boom from the app'] }
    })
    const since = Date.now()
    const rec = await recording('failed')
    const run = await world.run(
      { image: 'registry.example.com/sample/web:3', cluster: 'start', service },
      { env: rec.env }
    )
    expect(run.exitCode).not.toBe(0)
    expect(world.emulator.calls({ since }).map((c) => c.operation)).toContain('GetLogEvents')
    expect(run.stdout).toContain('boom from the app')
    const logs = chunkWith(markers.logs)
    expect(rec.loaded()).toEqual(['index.js', logs, 'post/index.js'])
  })
})
