import { describe, expect, it } from '@jest/globals'
import { readFileSync } from 'node:fs'
import {
  inputsTable,
  outputsTable,
  readActionMetadata,
  renderReadme,
  replaceBetweenMarkers
} from '../../../script/readme-tables.js'

const read = (path: string): string =>
  readFileSync(new URL(`../../../${path}`, import.meta.url), 'utf8')

describe('README inputs and outputs tables', () => {
  it('match action.yml (run `npx tsx script/readme-tables.ts --write` when this fails)', async () => {
    const readme = read('README.md')
    expect(await renderReadme(readme, read('action.yml'))).toBe(readme)
  })

  it('name every input and output of action.yml, with its default', () => {
    const readme = read('README.md')
    const { inputs, outputs } = readActionMetadata(read('action.yml'))
    expect(inputs.length).toBeGreaterThan(20)
    for (const input of inputs) {
      const row = readme.split('\n').find((line) => line.startsWith(`| \`${input.name}\` `))
      expect(row).toBeDefined()
      if (input.default !== undefined) expect(row).toContain(`\`${input.default}\``)
    }
    for (const output of outputs) {
      expect(readme).toMatch(new RegExp(`^\\| \`${output.name}\` +\\|`, 'm'))
    }
  })

  it('fail when action.yml gains an input or changes a description', async () => {
    const readme = read('README.md')
    const added = `${read('action.yml').replace(
      'inputs:\n',
      "inputs:\n  an-input-added-later:\n    description: 'Something new.'\n    default: 'false'\n"
    )}`
    const rendered = await renderReadme(readme, added)
    expect(rendered).not.toBe(readme)
    expect(rendered).toMatch(
      /^\| `an-input-added-later` +\| no +\| `false` +\| Something new\. +\|$/m
    )
    const changed = read('action.yml').replace('ECS cluster.', 'ECS cluster name or ARN.')
    expect(changed).not.toBe(read('action.yml'))
    expect(await renderReadme(readme, changed)).toContain('ECS cluster name or ARN.')
  })

  it('keep cells inert and on one line', () => {
    const table = inputsTable([
      {
        name: 'x',
        required: true,
        default: 'a|b',
        description: 'One | two\n<script>alert(1)</script> `code`'
      }
    ])
    expect(table.split('\n')[2]).toBe(
      '| `x` | yes | `a\\|b` | One \\| two &lt;script>alert(1)&lt;/script> `code` |'
    )
    expect(outputsTable([{ name: 'url', description: 'The address.' }])).toBe(
      '| Output | Description |\n| --- | --- |\n| `url` | The address. |'
    )
  })

  it('touch only the text between the markers, and demand exactly one pair', () => {
    const text = 'before\n<!-- t:start -->\nold\n<!-- t:end -->\nafter\n'
    expect(replaceBetweenMarkers(text, 't', 'new')).toBe(
      'before\n<!-- t:start -->\n\nnew\n\n<!-- t:end -->\nafter\n'
    )
    expect(() => replaceBetweenMarkers('no markers', 't', 'x')).toThrow(
      'README.md needs exactly one <!-- t:start --> … <!-- t:end --> pair'
    )
    expect(() => readActionMetadata('inputs:\n  a:\n    required: false\n')).toThrow(
      'action.yml: input a has no description'
    )
  })
})
