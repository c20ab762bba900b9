import { describe, expect, it } from '@jest/globals'
import fc from 'fast-check'
import {
  codeBlock,
  codeFence,
  escapeText,
  inlineCode,
  isWebUrl,
  tableCell
} from '../../src/util/markdown.js'

describe('codeFence / codeBlock', () => {
  it.each([
    [['plain'], '```'],
    [['a ``` b'], '````'],
    [['x', '``````', 'y'], '```````'],
    [['`', '``'], '```']
  ])('fence for %j is %s', (lines, fence) => {
    expect(codeFence(lines)).toBe(fence)
  })

  it('splits embedded line breaks and sizes the fence on the whole content', () => {
    expect(codeBlock(['a\n````\r\nb'], 'text')).toEqual(['`````text', 'a', '````', 'b', '`````'])
  })

  it('no content line can close the block (fuzzed)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.string({ unit: fc.constantFrom('`', '~', ' ', 'a', '\n') })),
        (lines) => {
          const block = codeBlock(lines)
          const fence = block[0]!
          const inner = block.slice(1, -1)
          // CommonMark: a closing fence is a backtick run at least as long as the opening one.
          for (const l of inner)
            expect(l.trim().startsWith(fence) && /^`+$/.test(l.trim())).toBe(false)
          for (const l of inner) expect(l.includes(fence)).toBe(false)
        }
      ),
      { numRuns: 500 }
    )
  })
})

describe('inlineCode', () => {
  it.each([
    ['web', '`web`'],
    ['a`b', '``a`b``'],
    ['`x', '`` `x ``'],
    ['a|b', '`a\\|b`'],
    ['a\nb', '`a b`']
  ])('%j -> %s', (text, code) => {
    expect(inlineCode(text)).toBe(code)
  })
})

describe('escapeText / tableCell', () => {
  it('neutralises HTML and Markdown syntax', () => {
    expect(escapeText('<b>x</b> & [l](u) # *y* `z`')).toBe(
      '&lt;b&gt;x&lt;/b&gt; &amp; \\[l\\]\\(u\\) \\# \\*y\\* \\`z\\`'
    )
  })

  it('a table cell has no raw pipe or line break', () => {
    const cell = tableCell('a|b\nc\r\nd')
    expect(cell).toBe('a\\|b c d')
  })

  it('escaped text never carries a raw tag, link or pipe (fuzzed)', () => {
    fc.assert(
      fc.property(fc.string(), (text) => {
        const out = tableCell(text)
        expect(out).not.toMatch(/<[a-z/!?]/i)
        expect(out).not.toMatch(/(^|[^\\])[|[\]`]/)
        expect(out).not.toContain('\n')
      }),
      { numRuns: 1000 }
    )
  })
})

describe('isWebUrl', () => {
  it.each([
    ['https://a.example.com/x', true],
    ['http://pr-1.preview.example.com', true],
    ['javascript:alert(1)', false],
    ['https://a.example.com/x)(evil', false],
    ['https://a.example.com/ x', false]
  ])('%s -> %s', (url, ok) => {
    expect(isWebUrl(url)).toBe(ok)
  })
})
