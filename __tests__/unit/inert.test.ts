import { afterEach, describe, expect, it, jest } from '@jest/globals'
import fc from 'fast-check'
import { gutterOf, inertLines, inertText, isCommandLike } from '../../src/util/inert.js'
import { actionsLogger } from '../../src/util/log.js'
import { readAsRunner } from '../../test-support/runner-commands.js'

/** Commands in `output` other than inert.ts's own stop/resume pairs. */
function foreignCommands(output: string): Array<{ command: string; data: string }> {
  const stream = readAsRunner(output)
  const ours = new Set<string>()
  const out: Array<{ command: string; data: string }> = []
  for (const c of stream.commands) {
    if (c.command === 'stop-commands' && /^inert-[0-9a-f]{32}$/.test(c.data)) {
      ours.add(c.data)
    } else if (ours.has(c.command)) {
      ours.delete(c.command)
    } else {
      out.push({ command: c.command, data: c.data })
    }
  }
  return out
}

/** The printed lines without the stop/resume wrappers. */
function visible(lines: string[]): string[] {
  return lines.filter((l) => !/^::(stop-commands::)?inert-[0-9a-f]{32}(::)?$/.test(l))
}

const HOSTILE = [
  'GET /health 200',
  '\n::stop-commands::x',
  '\n::add-mask::',
  '\r::warning title=forged::deploy is fine',
  '\r\n   ::error::nope',
  '\n\u00a0\u2003::notice::unicode spaces before',
  '\nrequest ##[error]forged annotation',
  '\n##[group]fake group',
  '\n::x::',
  '\n```\n::endgroup::\n```'
].join('')

describe('inertLines', () => {
  it('makes no line of a hostile log event a command, and keeps its text', () => {
    const lines = inertLines(`      | ${HOSTILE}`)
    expect(foreignCommands(lines.join('\n'))).toEqual([])
    expect(readAsRunner(lines.join('\n')).stopped).toBe(false)
    // Every physical line keeps the gutter, and the text is unchanged behind it.
    expect(visible(lines)).toEqual(
      `      | ${HOSTILE}`.split(/\r\n|\r|\n/).map((l, i) => (i === 0 ? l : `      | ${l}`))
    )
  })

  it('wraps a command-like line between a stop-commands pause and its resume, text byte for byte', () => {
    const lines = inertLines('ok\n::add-mask::x ##[error]y\nafter', () => 'inert-' + 'a'.repeat(32))
    expect(lines).toEqual([
      'ok',
      `::stop-commands::inert-${'a'.repeat(32)}`,
      '::add-mask::x ##[error]y',
      `::inert-${'a'.repeat(32)}::`,
      'after'
    ])
  })

  it('leaves plain lines as they are: no pause, no noise', () => {
    expect(inertLines('Registered arn:aws:ecs:us-east-1:1:task-definition/web:3')).toEqual([
      'Registered arn:aws:ecs:us-east-1:1:task-definition/web:3'
    ])
  })

  it('uses a fresh unguessable token per pause', () => {
    const a = inertLines('::x::')[0]
    const b = inertLines('::x::')[0]
    expect(a).toMatch(/^::stop-commands::inert-[0-9a-f]{32}$/)
    expect(a).not.toBe(b)
  })

  it('keeps the masking working after hostile text: a later add-mask is still acted on', () => {
    const out = `${inertText(HOSTILE)}\n::add-mask::s3cr3t-later\nthe value s3cr3t-later`
    expect(readAsRunner(out).masks).toEqual(['s3cr3t-later'])
  })

  it.each([
    ['      | a log line', '      | '],
    ['[0:42] Rolling out', '[0:42] '],
    ['[1:02:03]       | app says', '[1:02:03]       | '],
    ['  Log of task abc', '  '],
    ['plain', '']
  ])('gutter of %j is %j', (line, gutter) => {
    expect(gutterOf(line)).toBe(gutter)
  })

  it.each([
    ['::warning::x', true],
    ['  \t::x', true],
    ['\u3000::x', true],
    ['\ufeff::x', true],
    ['a ##[error] b', true],
    ['a :: b', false],
    ['# [x]', false]
  ])('isCommandLike(%j) is %s', (line, expected) => {
    expect(isCommandLike(line)).toBe(expected)
  })
})

describe('the output path, fuzzed', () => {
  const fragment = fc.oneof(
    fc.constantFrom(
      '::',
      '##[',
      ']',
      '\n',
      '\r',
      '\r\n',
      ' ',
      '\t',
      '\u00a0',
      '\u2028',
      '\u0085',
      '\ufeff',
      '%0A',
      'add-mask',
      'stop-commands',
      'warning',
      'error',
      'group',
      '::stop-commands::',
      '::add-mask::',
      '##[error]',
      '| '
    ),
    fc.string({ unit: 'grapheme', maxLength: 8 }),
    fc.string({ unit: 'binary', maxLength: 8 })
  )
  const hostile = fc.array(fragment, { maxLength: 30 }).map((parts) => parts.join(''))

  it('never yields a line the runner would act on, and never leaves commands paused', () => {
    fc.assert(
      fc.property(hostile, fc.constantFrom('', '      | ', '[0:07] '), (text, prefix) => {
        const out = inertText(prefix + text)
        expect(foreignCommands(out)).toEqual([])
        expect(readAsRunner(out).stopped).toBe(false)
        // masking keeps working after it
        expect(readAsRunner(`${out}\n::add-mask::after`).masks).toEqual(['after'])
      }),
      { numRuns: 2000 }
    )
  })

  it('keeps every character of the text (only line breaks are replaced)', () => {
    fc.assert(
      fc.property(hostile, (text) => {
        const lines = visible(inertLines(text))
        const physical = text.split(/\r\n|\r|\n/)
        const gutter = gutterOf(physical[0]!)
        expect(lines).toEqual(physical.map((l, i) => (i === 0 ? l : gutter + l)))
      }),
      { numRuns: 500 }
    )
  })
})

describe('actionsLogger.info', () => {
  afterEach(() => {
    jest.restoreAllMocks()
  })

  it('writes through the inert path', () => {
    const written: string[] = []
    jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      written.push(String(chunk))
      return true
    })
    actionsLogger.info(`task said: ok\n::stop-commands::pwned\n::add-mask::`)
    const out = written.join('')
    expect(foreignCommands(out)).toEqual([])
    expect(out).toContain('::stop-commands::pwned')
  })
})
