import { describe, expect, it } from '@jest/globals'
import { chooseTaskDefinitionSource } from '../../../src/taskdef/source.js'
import { ActionError } from '../../../src/util/errors.js'

const web = { serviceName: 'web', taskDefinition: 'arn:aws:ecs:eu-west-1:1:task-definition/web:7' }
const preview = {
  serviceName: 'web-pr-12',
  taskDefinition: 'arn:aws:ecs:eu-west-1:1:task-definition/web-pr-12:3'
}

describe('chooseTaskDefinitionSource', () => {
  it('takes a file as given and compares with the target service', () => {
    expect(
      chooseTaskDefinitionSource({ kind: 'file', path: 'td.json' }, { target: web, base: web })
    ).toEqual({
      base: { kind: 'file', path: 'td.json' },
      current: { arn: web.taskDefinition, serviceName: 'web' }
    })
  })

  it('takes a family as given; without a service there is nothing to compare with', () => {
    expect(chooseTaskDefinitionSource({ kind: 'family', reference: 'web:4' }, {})).toEqual({
      base: { kind: 'family', reference: 'web:4' }
    })
  })

  it("starts from the target service's revision, read once for the diff too", () => {
    expect(chooseTaskDefinitionSource({ kind: 'service' }, { target: web, base: web })).toEqual({
      base: {
        kind: 'service',
        revision: { arn: web.taskDefinition, serviceName: 'web' },
        isCurrent: true
      }
    })
  })

  it("an existing preview starts from its own revision, not the base service's", () => {
    const choice = chooseTaskDefinitionSource({ kind: 'service' }, { target: preview, base: web })
    expect(choice.base).toEqual({
      kind: 'service',
      revision: { arn: preview.taskDefinition, serviceName: 'web-pr-12' },
      isCurrent: true
    })
    expect(choice.current).toBeUndefined()
  })

  it("a new preview starts from the base service's revision and has nothing to compare with", () => {
    expect(chooseTaskDefinitionSource({ kind: 'service' }, { base: web })).toEqual({
      base: {
        kind: 'service',
        revision: { arn: web.taskDefinition, serviceName: 'web' },
        isCurrent: false
      }
    })
  })

  it('refuses to start from nothing, naming the inputs that fix it', () => {
    const choose = (): unknown => chooseTaskDefinitionSource({ kind: 'service' }, {})
    expect(choose).toThrow(ActionError)
    expect(choose).toThrow(/set `task-definition` \(a file\) or `task-definition-family`/)
    // A service without a revision is no better.
    expect(() =>
      chooseTaskDefinitionSource({ kind: 'service' }, { target: { serviceName: 'web' } })
    ).toThrow(/No task definition to start from/)
  })
})
