/**
 * Input hardening: error messages quote at most 80 characters of one line and
 * never file contents; paths stay inside the workspace; parsing arbitrary
 * input never throws anything but ActionError (property-based).
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import fc from 'fast-check'
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises'
import { readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parse as parseYaml } from 'yaml'
import { parseInputs, type Env } from '../../../src/inputs/parse.js'
import { checkWorkspacePaths, workspaceProblems } from '../../../src/inputs/workspace.js'
import { loadTaskDefinitionFile, parseTaskDefinitionText } from '../../../src/taskdef/load.js'
import { cleanTaskDefinition } from '../../../src/taskdef/clean.js'
import { ActionError, quote } from '../../../src/util/errors.js'

const INPUT_NAMES = Object.keys(
  (
    parseYaml(readFileSync(new URL('../../../action.yml', import.meta.url), 'utf8')) as {
      inputs: Record<string, unknown>
    }
  ).inputs
)
const ENV: Env = { AWS_REGION: 'us-east-1', GITHUB_SHA: 'a'.repeat(40), RUNNER_TEMP: '/tmp' }

function messageOf(fn: () => unknown): string {
  try {
    fn()
  } catch (error) {
    expect(error).toBeInstanceOf(ActionError)
    return (error as Error).message
  }
  throw new Error('expected an ActionError')
}

describe('quote', () => {
  it.each([
    ['short', '"short"'],
    ['a\nsecond line', '"a…"'],
    ['x'.repeat(100), `"${'x'.repeat(80)}…"`],
    ['tab\there "q"', '"tab\\there \\"q\\""'],
    ['😀'.repeat(81), `"${'😀'.repeat(80)}…"`]
  ])('%j -> %s', (text, quoted) => {
    expect(quote(text)).toBe(quoted)
  })
})

describe('error messages quote at most 80 characters of the first line', () => {
  const SECRET_TAIL = 'TAIL-THAT-MUST-NOT-APPEAR'

  it('a malformed environment-variables line (a typo around a secret)', () => {
    const line = `DB_PASSWORD: ${'p'.repeat(90)}${SECRET_TAIL}`
    const message = messageOf(() =>
      parseInputs(
        (n) => ({ image: 'nginx:1', service: 'web', 'environment-variables': line })[n] ?? '',
        ENV
      )
    )
    expect(message).toContain('`environment-variables` line 1: "DB_PASSWORD: ppp')
    expect(message).not.toContain(SECRET_TAIL)
  })

  it('a multi-line value quoted for another input shows its first line only', () => {
    const message = messageOf(() =>
      parseInputs(
        (n) => ({ image: 'nginx:1', service: 'web', cluster: `bad name\n${SECRET_TAIL}` })[n] ?? '',
        ENV
      )
    )
    expect(message).toContain('`cluster`: "bad name…"')
    expect(message).not.toContain(SECRET_TAIL)
  })

  let dir: string
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'quote-'))
  })
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true })
  })

  it.each([
    ['{"family": "web", "secret": hunter2-in-the-file}', 'hunter2'],
    ['["hunter2-in-the-file" x]', 'hunter2'],
    ['{"family": "web",\n"containerDefinitions": [{"name": "a", "image": "hunter2:1"}]', 'hunter2'],
    ['family: web\n  bad: indent: hunter2-in-yaml', 'hunter2']
  ])('a broken task definition file is reported without its content (%#)', async (text, secret) => {
    const file = join(dir, 'td.json')
    await writeFile(file, text)
    const error = await loadTaskDefinitionFile(file).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(ActionError)
    expect((error as Error).message).toContain('`task-definition`')
    expect((error as Error).message).not.toContain(secret)
  })

  it('a task definition of the wrong shape quotes at most 80 characters of a value', async () => {
    const file = join(dir, 'shape.json')
    await writeFile(
      file,
      JSON.stringify({ family: 'f', containerDefinitions: [`${'s'.repeat(100)}${SECRET_TAIL}`] })
    )
    const error = await loadTaskDefinitionFile(file).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(ActionError)
    expect((error as Error).message).not.toContain(SECRET_TAIL)
  })
})

describe('paths stay inside the workspace', () => {
  let root: string
  let ws: string
  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'ws-'))
    ws = join(root, 'repo')
    await mkdir(join(ws, 'app'), { recursive: true })
    await mkdir(join(root, 'outside'), { recursive: true })
    await writeFile(join(root, 'outside', 'td.json'), '{}')
    await symlink(join(root, 'outside'), join(ws, 'escape'))
    await symlink(join(ws, 'app'), join(ws, 'inner-link'))
  })
  afterAll(async () => {
    await rm(root, { recursive: true, force: true })
  })

  const problems = (input: string, value: string, cwd = ws): string[] =>
    workspaceProblems([{ input, value }], ws, cwd)

  it.each([
    ['context', '.'],
    ['context', 'app'],
    ['dockerfile', 'app/Dockerfile'],
    ['context', 'inner-link'],
    ['task-definition', 'does/not/exist.json']
  ])('%s %j is accepted', (input, value) => {
    expect(problems(input, value)).toEqual([])
  })

  it.each([
    ['context', '..'],
    ['dockerfile', '../outside/Dockerfile'],
    ['task-definition', '/etc/passwd'],
    ['context', 'app/../../outside']
  ])('%s %j is refused, naming the input', (input, value) => {
    const [problem] = problems(input, value)
    expect(problem).toMatch(new RegExp(`^\`${input}\`: .* is outside the workspace`))
  })

  it('a symbolic link inside the workspace that points out of it is refused', () => {
    const [problem] = problems('task-definition', 'escape/td.json')
    expect(problem).toMatch(/is outside the workspace .*symbolic link/)
  })

  it('relative paths resolve against the working directory', () => {
    expect(problems('context', '..', join(ws, 'app'))).toEqual([])
  })

  it('checkWorkspacePaths throws one ActionError before anything happens', () => {
    const config = parseInputs(
      (n) =>
        ({
          'ecr-repository': 'app',
          service: 'web',
          context: '../outside',
          'task-definition': '/etc/hosts'
        })[n] ?? '',
      ENV
    )
    const message = messageOf(() => checkWorkspacePaths(config, ws, ws))
    expect(message).toMatch(/nothing was changed/)
    expect(message).toContain('`context`')
    expect(message).toContain('`dockerfile`')
    expect(message).toContain('`task-definition`')
  })
})

describe('parseInputs, fuzzed', () => {
  const value = fc.oneof(
    fc.constant(''),
    fc.string(),
    fc.string({ unit: 'binary' }),
    fc.constantFrom(
      'true',
      'false',
      'deploy',
      'destroy',
      'cleanup',
      '{id}',
      'a=b\nc',
      '0',
      '-1',
      '1e400'
    )
  )
  const inputs = fc.dictionary(fc.constantFrom(...INPUT_NAMES), value)
  const env = fc.record(
    {
      AWS_REGION: fc.oneof(fc.constant('us-east-1'), fc.string()),
      GITHUB_SHA: fc.oneof(fc.constant('a'.repeat(40)), fc.string()),
      GITHUB_REPOSITORY: fc.string(),
      GITHUB_API_URL: fc.string(),
      RUNNER_TEMP: fc.string()
    },
    { requiredKeys: [] }
  )
  const event = fc.option(fc.jsonValue(), { nil: undefined })

  it('never throws anything but ActionError, and every quoted value is short', () => {
    fc.assert(
      fc.property(inputs, env, event, (given, e, ev) => {
        try {
          parseInputs(
            (n) => given[n] ?? '',
            e,
            ev !== null && typeof ev === 'object' && !Array.isArray(ev) ? ev : undefined
          )
        } catch (error) {
          expect(error).toBeInstanceOf(ActionError)
          for (const quoted of (error as Error).message.match(/"(?:[^"\\]|\\.)*"/g) ?? []) {
            expect([...JSON.parse(quoted.replace(/…"$/, '"'))].length).toBeLessThanOrEqual(80)
          }
        }
      }),
      { numRuns: 1500 }
    )
  })
})

describe('task definition text, fuzzed', () => {
  const piece = fc.oneof(
    fc.constantFrom(
      '{',
      '}',
      '[',
      ']',
      ':',
      ',',
      '"',
      '\n',
      '  ',
      '- ',
      '&a ',
      '*a',
      '!!binary ',
      '<<: ',
      'family: ',
      'containerDefinitions:',
      '"family"',
      'null',
      '1e999'
    ),
    fc.string({ maxLength: 6 })
  )
  const text = fc.oneof(
    fc.array(piece, { maxLength: 40 }).map((p) => p.join('')),
    fc.jsonValue().map((v) => JSON.stringify(v))
  )

  it.each([
    ['a merge key whose source is not a map', '<<: 1'],
    ['an alias inside its own anchor', 'family: &x [*x]'],
    ['an alias to a missing anchor', 'family: *nope']
  ])('%s is an ActionError naming the input', async (_name, t) => {
    await expect(parseTaskDefinitionText(t, 'td.yaml')).rejects.toThrow(ActionError)
    await expect(parseTaskDefinitionText(t, 'td.yaml')).rejects.toThrow(
      /`task-definition`: td\.yaml/
    )
  })

  it('parsing and cleaning never throw anything but ActionError', async () => {
    await fc.assert(
      fc.asyncProperty(text, async (t) => {
        try {
          cleanTaskDefinition(await parseTaskDefinitionText(t, 'td.yaml'))
        } catch (error) {
          expect(error).toBeInstanceOf(ActionError)
        }
      }),
      { numRuns: 3000 }
    )
  })
})
