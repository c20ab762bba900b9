/**
 * Every action the project's workflows (and the examples users copy) run is
 * pinned by full commit SHA, with its version in a comment for people and
 * Dependabot: a moved tag cannot change what runs. The one exception is the
 * examples' own `your-org/ecs-ship-action@v1`, a placeholder users replace.
 */
import { describe, expect, it } from '@jest/globals'
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = fileURLToPath(new URL('../../../', import.meta.url))
const PINNED = /^[\w.-]+\/[\w.-]+(\/[\w./-]+)?@[0-9a-f]{40} # v\d+(\.\d+){0,2}$/
const PLACEHOLDER = /^your-org\/ecs-ship-action@v1( #.*)?$/

/** Every `uses:` value (with its comment) in the workflow files of `dir`. */
function usesIn(dir: string): { file: string; uses: string }[] {
  return readdirSync(join(root, dir))
    .filter((f) => /\.ya?ml$/.test(f))
    .flatMap((f) =>
      readFileSync(join(root, dir, f), 'utf8')
        .split('\n')
        .map((line) => /^\s*(?:-\s+)?uses:\s*(.+?)\s*$/.exec(line)?.[1])
        .filter((uses): uses is string => uses !== undefined)
        .map((uses) => ({ file: `${dir}/${f}`, uses }))
    )
}

describe('workflow action pins', () => {
  it.each(['.github/workflows', 'examples/workflows'])('%s: every action pinned by SHA', (dir) => {
    const all = usesIn(dir)
    expect(all.length).toBeGreaterThan(2)
    const unpinned = all.filter(
      ({ uses }) => !uses.startsWith('./') && !PINNED.test(uses) && !PLACEHOLDER.test(uses)
    )
    expect(unpinned).toEqual([])
  })

  it('tell a pinned action from a tag, a short SHA and a SHA without its version', () => {
    expect(PINNED.test('actions/checkout@3d3c42e5aac5ba805825da76410c181273ba90b1 # v7.0.1')).toBe(
      true
    )
    expect(
      PINNED.test('github/codeql-action/init@8aad20d150bbac5944a9f9d289da16a4b0d87c1e # v4.36.2')
    ).toBe(true)
    expect(PINNED.test('actions/checkout@v4')).toBe(false)
    expect(PINNED.test('actions/checkout@3d3c42e # v7.0.1')).toBe(false)
    expect(PINNED.test('actions/checkout@3d3c42e5aac5ba805825da76410c181273ba90b1')).toBe(false)
  })
})
