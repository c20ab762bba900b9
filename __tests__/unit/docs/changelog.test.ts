/**
 * CHANGELOG.md is what script/release.sh publishes as release notes, so its
 * shape is checked before a tag ever needs it: Keep a Changelog headings, an
 * Unreleased section on top, versions newest first with ISO dates, and a
 * section with text for the version package.json carries.
 */
import { describe, expect, it } from '@jest/globals'
import { readFileSync } from 'node:fs'

const read = (path: string): string =>
  readFileSync(new URL(`../../../${path}`, import.meta.url), 'utf8')

const VERSION_HEADING = /^## \[(\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?)\] - (\d{4}-\d{2}-\d{2})$/

function compareVersions(a: string, b: string): number {
  const pa = a.split(/[.-]/).map(Number)
  const pb = b.split(/[.-]/).map(Number)
  for (let i = 0; i < 3; i++) if (pa[i] !== pb[i]) return pa[i]! - pb[i]!
  return 0
}

describe('CHANGELOG.md', () => {
  const lines = read('CHANGELOG.md').split('\n')
  const headings = lines.filter((line) => line.startsWith('## '))

  it('opens with Unreleased, then versions newest first with dates', () => {
    expect(headings[0]).toBe('## [Unreleased]')
    const versions = headings.slice(1).map((heading) => {
      const match = VERSION_HEADING.exec(heading)
      expect({ heading, ok: match !== null }).toEqual({ heading, ok: true })
      return { version: match![1]!, date: match![2]! }
    })
    expect(versions.length).toBeGreaterThan(0)
    for (let i = 1; i < versions.length; i++) {
      expect(compareVersions(versions[i - 1]!.version, versions[i]!.version)).toBeGreaterThan(0)
      expect(versions[i - 1]!.date >= versions[i]!.date).toBe(true)
    }
  })

  it("has a section with text for package.json's version", () => {
    const { version } = JSON.parse(read('package.json')) as { version: string }
    const start = lines.findIndex((line) => line.startsWith(`## [${version}] - `))
    expect(start).toBeGreaterThan(0)
    const end = lines.findIndex((line, i) => i > start && line.startsWith('## '))
    const body = lines.slice(start + 1, end < 0 ? undefined : end).join('\n')
    expect(body).toMatch(/^### (Added|Changed|Deprecated|Removed|Fixed|Security)$/m)
    expect(body).toMatch(/^- \S/m)
  })
})
