import { describe, expect, it } from '@jest/globals'
import { parseArgv } from '../../../src/inputs/render-inputs.js'

// `run-task-command` is split by the same parser as `command` and `entry-point`.
function split(raw: string): { args?: string[]; problems: string[] } {
  const problems: string[] = []
  const args = parseArgv('run-task-command', raw, problems)
  return { ...(args ? { args } : {}), problems }
}

describe('run-task-command, split like command', () => {
  it('takes a JSON array as is', () => {
    expect(split('["npm", "run", "migrate -- --to latest"]')).toEqual({
      args: ['npm', 'run', 'migrate -- --to latest'],
      problems: []
    })
  })

  it('splits words like a shell: quotes keep spaces, nothing is expanded', () => {
    expect(split(`sh -c 'echo "$HOME" && ls *'`).args).toEqual(['sh', '-c', 'echo "$HOME" && ls *'])
    expect(split(`rails db:migrate VERSION="2024 01" x\\ y ""`).args).toEqual([
      'rails',
      'db:migrate',
      'VERSION=2024 01',
      'x y',
      ''
    ])
    expect(split(`echo "a \\"quoted\\" \\$word"`).args).toEqual(['echo', 'a "quoted" $word'])
    expect(split('  npm\trun \\\n migrate  ').args).toEqual(['npm', 'run', 'migrate'])
  })

  it('says what is wrong, naming the input', () => {
    for (const raw of [`echo 'open`, `echo "open`, '[1, 2]', '[]', '["npm"']) {
      const { args, problems } = split(raw)
      expect(args).toBeUndefined()
      expect(problems).toHaveLength(1)
      expect(problems[0]).toMatch(/^`run-task-command`: /)
    }
  })
})
