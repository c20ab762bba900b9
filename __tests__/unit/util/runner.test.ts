/**
 * src/util/runner.ts stands in for @actions/core (which loads undici on
 * import): the same calls must write the same bytes, to stdout and to the
 * runner's command files, so the runner reads them the same way.
 */
import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals'
import * as core from '@actions/core'
import { mkdtemp, readFile, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import * as runner from '../../../src/util/runner.js'

type Impl = typeof runner
/** The subset both implement, called the same way on each. */
const coreImpl = {
  getInput: core.getInput,
  setOutput: core.setOutput,
  saveState: core.saveState,
  getState: core.getState,
  setSecret: core.setSecret,
  info: core.info,
  debug: core.debug,
  notice: core.notice,
  warning: core.warning,
  error: core.error,
  setFailed: core.setFailed,
  startGroup: core.startGroup,
  endGroup: core.endGroup,
  group: core.group,
  appendSummary: (markdown: string) =>
    core.summary
      .addRaw(markdown)
      .write()
      .then(() => undefined)
} satisfies Omit<Impl, 'formatCommand'>

const saved = { ...process.env }
let dir: string
let stdout: string[]
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'runner-test-'))
  stdout = []
  jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    stdout.push(String(chunk))
    return true
  })
})
afterEach(() => {
  jest.restoreAllMocks()
  process.env = { ...saved }
  process.exitCode = undefined
})

/** What `calls` wrote with one implementation: stdout, command files, exit code. */
async function effects(
  impl: Omit<Impl, 'formatCommand'>,
  name: string,
  calls: (impl: Omit<Impl, 'formatCommand'>) => Promise<unknown>
): Promise<Record<string, unknown>> {
  const files = {
    GITHUB_OUTPUT: join(dir, `${name}-output`),
    GITHUB_STATE: join(dir, `${name}-state`),
    GITHUB_STEP_SUMMARY: join(dir, `${name}-summary`)
  }
  for (const file of Object.values(files)) await writeFile(file, '')
  Object.assign(process.env, files)
  stdout = []
  process.exitCode = undefined
  const returned = await calls(impl)
  // The delimiters are random per call.
  const read = async (f: string): Promise<string> =>
    (await readFile(f, 'utf8')).replace(/ghadelimiter_[0-9a-f-]{36}/g, 'ghadelimiter_X')
  return {
    returned,
    stdout: stdout.join(''),
    output: await read(files.GITHUB_OUTPUT),
    state: await read(files.GITHUB_STATE),
    summary: await read(files.GITHUB_STEP_SUMMARY),
    exitCode: process.exitCode
  }
}

async function same(calls: (impl: Omit<Impl, 'formatCommand'>) => Promise<unknown>) {
  const ours = await effects(runner, 'ours', calls)
  const theirs = await effects(coreImpl, 'core', calls)
  expect(ours).toEqual(theirs)
  return ours
}

const tricky = 'a%b\r\nc::error::d,e:f'

describe('runner.ts writes what @actions/core writes', () => {
  it('log lines, annotations (with properties), masks', async () => {
    const out = await same(async (x) => {
      x.info(`plain ${tricky}`)
      x.debug(tricky)
      x.notice(tricky)
      x.warning(new Error(tricky))
      x.error(tricky, { title: tricky, file: 'a,b:c', startLine: 3, endLine: 4, startColumn: 0 })
      x.setSecret(tricky)
    })
    // And the escaping holds: one line per command, no second command.
    expect((out['stdout'] as string).split('\n').filter((l) => l.startsWith('::'))).toHaveLength(5)
  })

  it('groups, also when the function throws', async () => {
    await same(async (x) => {
      const value = await x.group('Build', async () => 42)
      await x.group('Fail', async () => Promise.reject(new Error('no'))).catch(() => undefined)
      x.startGroup('manual')
      x.endGroup()
      return value
    })
  })

  it('outputs and state through the command files, multi-line and non-string values', async () => {
    await same(async (x) => {
      x.setOutput('image', 'r.example/app@sha256:abc')
      x.setOutput('lines', 'one\ntwo\n')
      x.setOutput('json', { a: 1 })
      x.saveState('dockerConfig', '/tmp/x y')
    })
  })

  it('outputs and state as commands when the runner gives no files', async () => {
    await same(async (x) => {
      delete process.env['GITHUB_OUTPUT']
      delete process.env['GITHUB_STATE']
      x.setOutput('name', tricky)
      x.saveState('name', tricky)
    })
  })

  it('inputs, state and setFailed', async () => {
    process.env['INPUT_TASK-DEFINITION'] = '  task.json \n'
    process.env['INPUT_MY_INPUT'] = ' v '
    process.env['STATE_dockerConfig'] = '/t/x'
    await same(async (x) => [
      x.getInput('task-definition'),
      x.getInput('task-definition', { trimWhitespace: false }),
      x.getInput('my input'),
      x.getInput('missing'),
      x.getState('dockerConfig'),
      x.getState('missing'),
      x.setFailed(tricky)
    ])
  })

  it('the job summary: appended', async () => {
    await same(async (x) => {
      await x.appendSummary('# one\n')
      await x.appendSummary('| a | b |\n')
    })
  })

  it('the job summary: an error without a file', async () => {
    // (core.summary caches the path of its first write: no side-by-side here.)
    delete process.env['GITHUB_STEP_SUMMARY']
    await expect(runner.appendSummary('x')).rejects.toThrow(
      'Unable to find environment variable for $GITHUB_STEP_SUMMARY'
    )
  })
})
