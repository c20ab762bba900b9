/**
 * The module graph of src/: no import cycles between files, and the GitHub
 * adapter knows nothing of previews, reports or the run (it receives the
 * repository, token, ids and a body), and report/ and preview/ do not depend
 * on each other. Type-only imports are erased at build time: the cycle check
 * does not count them, the folder rules do.
 */
import { describe, expect, it } from '@jest/globals'
import { readdirSync, readFileSync } from 'node:fs'
import { dirname, join, normalize, relative } from 'node:path'
import { fileURLToPath } from 'node:url'

const SRC = fileURLToPath(new URL('../../src/', import.meta.url))

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sources(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : []
  )
}

/** Relative imports: `import … from`, `export … from`, `import '…'`, `import()`. */
const IMPORT =
  /(?:^import\s+(type\s+)?[^'"]*?from\s*|^export\s+(type\s+)?[^'"]*?from\s*|^import\s*|import\(\s*)['"](\.[^'"]+)['"]/gm

function graph(options: { types: boolean }): Map<string, string[]> {
  const edges = new Map<string, string[]>()
  for (const file of sources(SRC)) {
    const from = relative(SRC, file)
    const to: string[] = []
    for (const m of readFileSync(file, 'utf8').matchAll(IMPORT)) {
      if ((m[1] || m[2]) && !options.types) continue
      to.push(normalize(join(dirname(from), m[3]!)).replace(/\.js$/, '.ts'))
    }
    edges.set(from, to)
  }
  return edges
}

function cycles(edges: Map<string, string[]>): string[][] {
  const found: string[][] = []
  const state = new Map<string, 'open' | 'done'>()
  const path: string[] = []
  const visit = (node: string): void => {
    state.set(node, 'open')
    path.push(node)
    for (const next of edges.get(node) ?? []) {
      if (state.get(next) === 'open') found.push([...path.slice(path.indexOf(next)), next])
      else if (!state.has(next)) visit(next)
    }
    path.pop()
    state.set(node, 'done')
  }
  for (const node of edges.keys()) if (!state.has(node)) visit(node)
  return found
}

describe('the module graph of src/', () => {
  const edges = graph({ types: false })
  const withTypes = graph({ types: true })

  it('is read (the parser finds the imports it should)', () => {
    expect(edges.get('main.ts')).toContain('run/stage.ts')
    expect(edges.get('run/context.ts')).toContain('preview/preview.ts') // a dynamic import()
    expect(edges.size).toBeGreaterThan(50)
  })

  it('has no import cycle', () => {
    expect(cycles(edges)).toEqual([])
  })

  it('finds a cycle when there is one', () => {
    const looped = new Map([
      ['a.ts', ['b.ts']],
      ['b.ts', ['c.ts']],
      ['c.ts', ['a.ts']]
    ])
    expect(cycles(looped)).toEqual([['a.ts', 'b.ts', 'c.ts', 'a.ts']])
  })

  it('keeps github/ free of preview, report and run knowledge, types included', () => {
    for (const [file, to] of withTypes) {
      if (!file.startsWith('github/')) continue
      expect({ file, to: to.filter((t) => /^(preview|report|run)\//.test(t)) }).toEqual({
        file,
        to: []
      })
    }
  })

  it('has no dependency between report/ and preview/ in either direction, types included', () => {
    const between = [...withTypes].flatMap(([file, to]) =>
      to
        .filter(
          (t) =>
            (file.startsWith('report/') && t.startsWith('preview/')) ||
            (file.startsWith('preview/') && t.startsWith('report/'))
        )
        .map((t) => `${file} -> ${t}`)
    )
    expect(between).toEqual([])
  })
})
