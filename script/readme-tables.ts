/**
 * The README's inputs and outputs tables, generated from action.yml so they
 * cannot drift from what the runner actually accepts.
 *
 *   npx tsx script/readme-tables.ts --write   rewrite the tables in README.md
 *   npx tsx script/readme-tables.ts --check   fail when README.md differs (CI)
 *
 * Each table sits between two markers in README.md,
 * `<!-- action-inputs:start -->` … `<!-- action-inputs:end -->` (and the same
 * for outputs); everything outside them is left alone. The result is run
 * through Prettier with the project's settings, so `format:check` agrees.
 */
import { readFile, writeFile } from 'node:fs/promises'
import { fileURLToPath, pathToFileURL } from 'node:url'
import prettier from 'prettier'
import { parse } from 'yaml'

export interface ActionInput {
  name: string
  description: string
  required: boolean
  default?: string
}

export interface ActionOutput {
  name: string
  description: string
}

export interface ActionMetadata {
  inputs: ActionInput[]
  outputs: ActionOutput[]
}

const root = fileURLToPath(new URL('..', import.meta.url))

/** Inputs and outputs of an action.yml, in file order. */
export function readActionMetadata(actionYml: string): ActionMetadata {
  const action = parse(actionYml) as {
    inputs?: Record<string, { description?: unknown; required?: unknown; default?: unknown }>
    outputs?: Record<string, { description?: unknown }>
  }
  const text = (value: unknown, what: string): string => {
    if (typeof value !== 'string' || value.trim() === '') {
      throw new Error(`action.yml: ${what} has no description`)
    }
    return value
  }
  return {
    inputs: Object.entries(action.inputs ?? {}).map(([name, spec]) => ({
      name,
      description: text(spec?.description, `input ${name}`),
      required: spec?.required === true || spec?.required === 'true',
      ...(spec?.default !== undefined && spec.default !== null
        ? { default: String(spec.default) }
        : {})
    })),
    outputs: Object.entries(action.outputs ?? {}).map(([name, spec]) => ({
      name,
      description: text(spec?.description, `output ${name}`)
    }))
  }
}

/** Table-cell text: one line, pipes escaped, HTML and Markdown left inert. */
function cell(value: string): string {
  return value
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/\\/g, '\\\\')
    .replace(/\|/g, '\\|')
    .replace(/</g, '&lt;')
}

/** A value shown as code, with a fence longer than any backtick run inside it. */
function code(value: string): string {
  if (value === '') return '`""`'
  const longest = Math.max(0, ...(value.match(/`+/g) ?? []).map((run) => run.length))
  const fence = '`'.repeat(longest + 1)
  const pad = value.startsWith('`') || value.endsWith('`') ? ' ' : ''
  return `${fence}${pad}${value.replace(/\|/g, '\\|')}${pad}${fence}`
}

export function inputsTable(inputs: ActionInput[]): string {
  const rows = inputs.map(
    (i) =>
      `| ${code(i.name)} | ${i.required ? 'yes' : 'no'} | ${i.default === undefined ? '—' : code(i.default)} | ${cell(i.description)} |`
  )
  return [
    '| Input | Required | Default | Description |',
    '| --- | --- | --- | --- |',
    ...rows
  ].join('\n')
}

export function outputsTable(outputs: ActionOutput[]): string {
  const rows = outputs.map((o) => `| ${code(o.name)} | ${cell(o.description)} |`)
  return ['| Output | Description |', '| --- | --- |', ...rows].join('\n')
}

/** Replaces what lies between `<!-- NAME:start -->` and `<!-- NAME:end -->`. */
export function replaceBetweenMarkers(text: string, name: string, content: string): string {
  const start = `<!-- ${name}:start -->`
  const end = `<!-- ${name}:end -->`
  const from = text.indexOf(start)
  const to = text.indexOf(end)
  if (from < 0 || to < from || text.indexOf(start, from + 1) >= 0) {
    throw new Error(`README.md needs exactly one ${start} … ${end} pair`)
  }
  return `${text.slice(0, from + start.length)}\n\n${content}\n\n${text.slice(to)}`
}

/** The README with both tables regenerated from the action.yml text, formatted by Prettier. */
export async function renderReadme(readme: string, actionYml: string): Promise<string> {
  const { inputs, outputs } = readActionMetadata(actionYml)
  let text = replaceBetweenMarkers(readme, 'action-inputs', inputsTable(inputs))
  text = replaceBetweenMarkers(text, 'action-outputs', outputsTable(outputs))
  const file = `${root}README.md`
  const options = (await prettier.resolveConfig(file)) ?? {}
  return prettier.format(text, { ...options, filepath: file })
}

async function main(argv: string[]): Promise<number> {
  const mode = argv[0]
  if (argv.length !== 1 || (mode !== '--write' && mode !== '--check')) {
    console.error('usage: npx tsx script/readme-tables.ts --write | --check')
    return 2
  }
  const readmePath = `${root}README.md`
  const readme = await readFile(readmePath, 'utf8')
  const expected = await renderReadme(readme, await readFile(`${root}action.yml`, 'utf8'))
  if (expected === readme) {
    console.log('readme-tables: README.md inputs and outputs match action.yml')
    return 0
  }
  if (mode === '--write') {
    await writeFile(readmePath, expected)
    console.log('readme-tables: README.md tables rewritten from action.yml')
    return 0
  }
  const have = readme.split('\n')
  const want = expected.split('\n')
  const first = want.findIndex((line, i) => line !== have[i])
  console.error(
    `::error::README.md's inputs/outputs tables differ from action.yml (first at line ${first + 1}). Run: npx tsx script/readme-tables.ts --write`
  )
  console.error(`  README.md: ${have[first] ?? '(end of file)'}`)
  console.error(`  expected:  ${want[first] ?? '(end of file)'}`)
  return 1
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main(process.argv.slice(2)).then(
    (code) => (process.exitCode = code),
    (error: unknown) => {
      console.error(`readme-tables: ${error instanceof Error ? error.message : String(error)}`)
      process.exitCode = 1
    }
  )
}
