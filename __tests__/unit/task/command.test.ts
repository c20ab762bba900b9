import { describe, expect, it } from '@jest/globals'
import { splitCommand } from '../../../src/task/command.js'

describe('splitCommand', () => {
  it('takes a JSON array as is', () => {
    expect(splitCommand('["npm", "run", "migrate -- --to latest"]')).toEqual({
      args: ['npm', 'run', 'migrate -- --to latest']
    })
  })

  it('splits words like a shell: quotes keep spaces, nothing is expanded', () => {
    expect(splitCommand(`sh -c 'echo "$HOME" && ls *'`)).toEqual({
      args: ['sh', '-c', 'echo "$HOME" && ls *']
    })
    expect(splitCommand(`rails db:migrate VERSION="2024 01" x\\ y ""`)).toEqual({
      args: ['rails', 'db:migrate', 'VERSION=2024 01', 'x y', '']
    })
    expect(splitCommand(`echo "a \\"quoted\\" \\$word"`)).toEqual({
      args: ['echo', 'a "quoted" $word']
    })
    expect(splitCommand('  npm\trun \\\n migrate  ')).toEqual({ args: ['npm', 'run', 'migrate'] })
  })

  it('says what is wrong', () => {
    expect(splitCommand(`echo 'open`)).toEqual({ problem: 'has an unclosed single quote' })
    expect(splitCommand(`echo "open`)).toEqual({ problem: 'has an unclosed double quote' })
    expect(splitCommand('[1, 2]')).toEqual({
      problem: 'must be a JSON array of strings, e.g. ["npm","run","migrate"]'
    })
    expect(splitCommand('[]')).toEqual({ problem: 'is an empty array; give the command to run' })
    expect(splitCommand('["npm"')).toHaveProperty('problem')
  })
})
