/**
 * docs/migrating.md cannot drift: every input of the official actions has
 * exactly one row, and every row agrees with action.yml and with what the
 * action says at run time (src/inputs/names.ts).
 *
 * The rules, per status:
 * - `same name`: the official name is an input in action.yml.
 * - `renamed`: the "Here" input is in action.yml; the official name is not, and
 *   the run-time message points to the new name (RENAMED in names.ts).
 * - `different meaning`: the official name is an input in action.yml that does
 *   something else (the note says what to use).
 * - `not supported`: the official name is NOT in action.yml, and names.ts says
 *   why (NOT_SUPPORTED, or NOT_YET_SUPPORTED for rows marked _pending #N_).
 * When a pending feature adds its input to action.yml, this test fails until
 * the row is flipped to `same name` (or `renamed`) and the names.ts line goes.
 */
import { readFileSync } from 'node:fs'
import { describe, expect, it } from '@jest/globals'
import { parse as parseYaml } from 'yaml'
import { NOT_SUPPORTED, NOT_YET_SUPPORTED, RENAMED } from '../../../src/inputs/names.js'

const root = new URL('../../../', import.meta.url)
const declared = new Set(
  Object.keys(
    (parseYaml(readFileSync(new URL('action.yml', root), 'utf8')) as { inputs: object }).inputs
  )
)
const official = JSON.parse(
  readFileSync(new URL('__fixtures__/official-inputs.json', root), 'utf8')
) as Record<string, { version: string; inputs: string[] }>
const doc = readFileSync(new URL('docs/migrating.md', root), 'utf8')

const STATUSES = ['same name', 'renamed', 'different meaning', 'not supported'] as const
type Status = (typeof STATUSES)[number]

interface Row {
  action: string
  official: string
  here: string | undefined
  status: Status
  notes: string
}

/** The rows of each `### <action> (<version>)` section's table. */
function rows(): Row[] {
  const out: Row[] = []
  let action: string | undefined
  for (const line of doc.split('\n')) {
    const heading = /^### (\S+) \(/.exec(line)
    if (heading) action = heading[1]
    // Cells are padded by prettier: split on | and trim.
    const cells = line.startsWith('| `') ? line.split('|').map((c) => c.trim()) : []
    if (cells.length !== 6 || !action) continue
    const [, first = '', second = '', status = '', notes = ''] = cells
    const official = /^`([^`]+)`$/.exec(first)?.[1]
    const here = /^`([^`]+)`$/.exec(second)?.[1]
    if (!official || (here === undefined && second !== '—')) throw new Error(`bad row: ${line}`)
    if (!(STATUSES as readonly string[]).includes(status)) {
      throw new Error(`unknown status "${status}" in: ${line}`)
    }
    out.push({ action, official, here, status: status as Status, notes })
  }
  return out
}

const all = rows()

describe('docs/migrating.md', () => {
  it.each(Object.entries(official))('has one row for every input of %s', (action, spec) => {
    const documented = all.filter((r) => r.action === action).map((r) => r.official)
    expect([...documented].sort()).toEqual([...spec.inputs].sort())
    expect(doc).toContain(`### ${action} (${spec.version})`)
  })

  it.each(all.map((r) => [`${r.action}: ${r.official} (${r.status})`, r] as const))(
    '%s agrees with action.yml and names.ts',
    (_label, row) => {
      const name = row.official
      const key = name.toLowerCase()
      const problems: string[] = []
      switch (row.status) {
        case 'same name':
          if (row.here !== name) problems.push(`"Here" must repeat the name ${name}`)
          if (!declared.has(name)) problems.push(`${name} is not in action.yml`)
          break
        case 'different meaning':
          if (row.here !== name) problems.push(`"Here" must repeat the name ${name}`)
          if (!declared.has(name)) {
            problems.push(`${name} is not in action.yml: make the row "not supported"`)
          }
          break
        case 'renamed':
          if (row.here === undefined || !declared.has(row.here)) {
            problems.push(`the new name ${row.here ?? '(none)'} is not in action.yml`)
          }
          if (declared.has(name))
            problems.push(`${name} is in action.yml now: flip the row to "same name"`)
          if (RENAMED[key] !== row.here) {
            problems.push(`RENAMED in src/inputs/names.ts must map ${key} to ${row.here ?? ''}`)
          }
          break
        case 'not supported': {
          if (row.here !== undefined) problems.push('"Here" must be — for a row not supported')
          if (declared.has(name)) {
            problems.push(
              `${name} is in action.yml now: flip the row to "same name" and delete its line in NOT_YET_SUPPORTED (src/inputs/names.ts)`
            )
          }
          const pending = /_pending #\d+_/.test(row.notes)
          const list = pending && !(key in NOT_SUPPORTED) ? NOT_YET_SUPPORTED : NOT_SUPPORTED
          if (!(key in list)) {
            problems.push(
              `${key} must be in ${list === NOT_SUPPORTED ? 'NOT_SUPPORTED' : 'NOT_YET_SUPPORTED'} (src/inputs/names.ts), so the step says why`
            )
          }
          break
        }
      }
      expect(problems).toEqual([])
    }
  )

  it('marks every not-yet-supported official input as pending', () => {
    const pendingRows = new Set(
      all.filter((r) => /_pending #\d+_/.test(r.notes)).map((r) => r.official.toLowerCase())
    )
    const officialNames = new Set(
      Object.values(official).flatMap((s) => s.inputs.map((n) => n.toLowerCase()))
    )
    for (const key of Object.keys(NOT_YET_SUPPORTED)) {
      if (officialNames.has(key))
        expect({ key, pending: pendingRows.has(key) }).toEqual({ key, pending: true })
    }
  })
})
