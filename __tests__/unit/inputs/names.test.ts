import { readFileSync } from 'node:fs'
import { describe, expect, it } from '@jest/globals'
import { parse as parseYaml } from 'yaml'
import {
  INPUT_NAMES,
  NOT_SUPPORTED,
  NOT_YET_SUPPORTED,
  RENAMED,
  closestInput,
  inputVariable,
  unknownInputProblem,
  unknownInputProblems
} from '../../../src/inputs/names.js'
import { parseInputs } from '../../../src/inputs/parse.js'
import { ActionError } from '../../../src/util/errors.js'

const declared = Object.keys(
  (
    parseYaml(readFileSync(new URL('../../../action.yml', import.meta.url), 'utf8')) as {
      inputs: Record<string, unknown>
    }
  ).inputs
)

describe('INPUT_NAMES is action.yml', () => {
  it('lists exactly the inputs action.yml declares (add a new input to both)', () => {
    const missing = declared.filter((n) => !(INPUT_NAMES as readonly string[]).includes(n))
    const extra = INPUT_NAMES.filter((n) => !declared.includes(n))
    expect({ missingFromInputNames: missing, notInActionYml: extra }).toEqual({
      missingFromInputNames: [],
      notInActionYml: []
    })
  })

  it('never lists a declared input as unsupported (delete its line in names.ts when it lands)', () => {
    const unsupported = [...Object.keys(NOT_YET_SUPPORTED), ...Object.keys(NOT_SUPPORTED)]
    expect(unsupported.filter((n) => declared.includes(n))).toEqual([])
    expect(Object.keys(RENAMED).filter((n) => declared.includes(n))).toEqual([])
    expect(Object.values(RENAMED).filter((n) => !declared.includes(n))).toEqual([])
  })

  it('keys the unsupported lists in lower case, as the runner passes them', () => {
    for (const name of [...Object.keys(NOT_YET_SUPPORTED), ...Object.keys(NOT_SUPPORTED)]) {
      expect(name).toBe(name.toLowerCase())
    }
  })
})

describe('unknown inputs', () => {
  it('names the variable as @actions/core reads it: upper case, hyphens kept, spaces to _', () => {
    expect(inputVariable('task-definition')).toBe('INPUT_TASK-DEFINITION')
    expect(inputVariable('run-task-assign-public-IP')).toBe('INPUT_RUN-TASK-ASSIGN-PUBLIC-IP')
    expect(inputVariable('my input')).toBe('INPUT_MY_INPUT')
  })

  it.each([
    ['file', '`file` is not an input of this action; use `dockerfile` (same meaning).'],
    ['platforms', '`platforms` is not an input of this action; use `platform` (same meaning).'],
    [
      'task_definition',
      '`task_definition` is not an input of this action; did you mean `task-definition`?'
    ],
    [
      'contianer-name',
      '`contianer-name` is not an input of this action; did you mean `container-name`?'
    ],
    ['secret', '`secret` is not an input of this action; did you mean `secrets`?'],
    [
      'run-task-managed-ebs-volume',
      '`run-task-managed-ebs-volume` is not an input of this action: EBS volumes for one-off tasks are not supported yet; remove it (see docs/migrating.md).'
    ],
    [
      'skip-logout',
      '`skip-logout` is not an input of this action: not supported, the registry login lives in a private docker config that is deleted when the step ends; remove it.'
    ],
    [
      'frobnicate-everything',
      '`frobnicate-everything` is not an input of this action; remove it (the inputs are listed in action.yml and docs/migrating.md).'
    ]
  ])('%s', (name, message) => {
    expect(unknownInputProblem(name)).toBe(message)
  })

  it('reports only undeclared INPUT_* variables, in name order', () => {
    const env = {
      'INPUT_TASK-DEFINITION': 'td.json',
      'INPUT_CONTAINER-NAME': '',
      INPUT_FILE: 'Dockerfile.prod',
      'INPUT_RUN-TASK': 'true',
      'INPUT_RUN-TASK-MANAGED-EBS-VOLUME': '{}',
      PATH: '/usr/bin',
      INPUT_TASK_DEFINITION: 'x'
    }
    expect(unknownInputProblems(env)).toEqual([
      unknownInputProblem('file'),
      unknownInputProblem('run-task-managed-ebs-volume'),
      unknownInputProblem('task_definition')
    ])
  })

  it('does not guess wildly', () => {
    expect(closestInput('zzzzzzzzzzzz')).toBeUndefined()
    expect(closestInput('dockerfil')).toBe('dockerfile')
  })

  it('fails parseInputs with every unknown input and the other problems in one message', () => {
    const inputs: Record<string, string> = { 'ecr-repository': 'shop', service: 'web', cpu: 'lots' }
    let message = ''
    try {
      parseInputs((n) => inputs[n] ?? '', {
        AWS_REGION: 'us-east-1',
        GITHUB_SHA: 'abc',
        INPUT_FILE: 'Dockerfile',
        'INPUT_RUN-TASK-MANAGED-EBS-VOLUME-NAME': 'data'
      })
    } catch (error) {
      expect(error).toBeInstanceOf(ActionError)
      message = (error as Error).message
    }
    expect(message).toContain("The action's inputs have 3 problems; nothing was changed")
    expect(message).toContain('use `dockerfile`')
    expect(message).toContain('`run-task-managed-ebs-volume-name` is not an input of this action')
    expect(message).toContain('`cpu`: "lots" is not a task CPU size')
  })
})
