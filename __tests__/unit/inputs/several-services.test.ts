import { readFileSync } from 'node:fs'
import { describe, expect, it } from '@jest/globals'
import { parse as parseYaml } from 'yaml'
import { parseInputs, type Env } from '../../../src/inputs/parse.js'
import type { Config } from '../../../src/inputs/config.js'
import { splitServiceNames } from '../../../src/deploy/fleet/inputs.js'
import { ActionError } from '../../../src/util/errors.js'

const actionYml = parseYaml(
  readFileSync(new URL('../../../action.yml', import.meta.url), 'utf8')
) as { inputs: Record<string, { default?: string }> }
const DEFAULTS: Record<string, string> = Object.fromEntries(
  Object.entries(actionYml.inputs)
    .filter(([, spec]) => spec.default !== undefined)
    .map(([name, spec]) => [
      name,
      spec.default === '${{ github.token }}' ? 'ghs_token' : spec.default!
    ])
)
const ENV: Env = { AWS_REGION: 'us-east-1', RUNNER_TEMP: '/tmp/runner' }

function parse(inputs: Record<string, string>): Config {
  const all = { ...DEFAULTS, ...inputs }
  return parseInputs((name) => all[name] ?? '', ENV)
}

function problemsOf(inputs: Record<string, string>): string[] {
  try {
    parse(inputs)
  } catch (error) {
    expect(error).toBeInstanceOf(ActionError)
    return (error as Error).message
      .split('\n')
      .slice(1)
      .map((l) => l.replace(/^- /, ''))
  }
  throw new Error('expected parseInputs to fail')
}

const IMAGE = { image: 'registry.example.com/shop/web:2.0.0', cluster: 'prod' }

describe('service: several names', () => {
  it('splits on newlines and commas, drops blanks, keeps the order', () => {
    expect(splitServiceNames(' web , worker\n\n scheduler,\n')).toEqual([
      'web',
      'worker',
      'scheduler'
    ])
    expect(splitServiceNames('')).toEqual([])
  })

  it('several services: fleet settings, `service` is the first, rollback-scope defaults to service', () => {
    const config = parse({ ...IMAGE, service: 'web\nworker, scheduler' })
    expect(config.fleet).toEqual({
      services: ['web', 'worker', 'scheduler'],
      rollbackScope: 'service'
    })
    expect(config.service).toBe('web')
  })

  it('rollback-scope: all', () => {
    expect(
      parse({ ...IMAGE, service: 'web,worker', 'rollback-scope': 'all' }).fleet?.rollbackScope
    ).toBe('all')
  })

  it('one service: no fleet, as before (rollback-scope accepted, the same thing)', () => {
    const config = parse({ ...IMAGE, service: 'web', 'rollback-scope': 'all' })
    expect(config.fleet).toBeUndefined()
    expect(config.service).toBe('web')
  })

  it('each name is checked', () => {
    expect(problemsOf({ ...IMAGE, service: 'web, bad name!' })).toEqual([
      '`service`: "bad name!" is not a service name or ARN; names use letters, digits, - and _ (at most 255).'
    ])
  })

  it('refuses a name given twice, more than 10, and an unknown scope', () => {
    const eleven = Array.from({ length: 11 }, (_, i) => `svc${i}`).join(',')
    expect(problemsOf({ ...IMAGE, service: eleven })).toEqual([
      '`service`: 11 services; one step updates at most 10 (the watch reads them all in one DescribeServices call, which takes 10); split them into two steps.'
    ])
    expect(problemsOf({ ...IMAGE, service: 'web,worker,web' })).toEqual([
      '`service`: "web" is named twice; name each service once.'
    ])
    expect(problemsOf({ ...IMAGE, service: 'web,worker', 'rollback-scope': 'everything' })).toEqual(
      [
        '`rollback-scope`: "everything" is not a rollback scope; use service (each failed service rolls back on its own) or all (any failure rolls every service back).'
      ]
    )
  })

  it('refuses, before anything happens, the inputs that cannot apply to several services', () => {
    const problems = problemsOf({
      ...IMAGE,
      service: 'web,worker',
      'task-definition-family': 'web',
      'desired-count': '2',
      environment: 'production',
      'scheduled-tasks': 'auto',
      'codedeploy-application': 'app'
    })
    expect(problems).toEqual(
      expect.arrayContaining([
        "`task-definition-family`: not available with several services (`service`): each service's current revision is the base of its own new revision; remove it, or deploy the services in separate steps.",
        '`desired-count`: not available with several services (`service`): one count cannot fit every service; scale them in separate steps, or remove it.',
        '`environment`: not available with several services (`service`): a GitHub deployment records one service for now; name one service, or remove it.',
        '`scheduled-tasks`: not available with several services (`service`) yet; move them in a step that deploys one service, or remove it.',
        '`codedeploy-application`: not available with several services (`service`): CodeDeploy services are deployed one per step; name one service.'
      ])
    )
    expect(problemsOf({ ...IMAGE, service: 'web,worker', preview: 'deploy' })).toContain(
      '`preview`: not available with several services (`service`): previews copy one base service; name one service.'
    )
    expect(problemsOf({ ...IMAGE, service: 'web,worker', 'task-definition': 'td.json' })).toContain(
      "`task-definition`: not available with several services (`service`): each service's current revision is the base of its own new revision; remove it, or deploy the services in separate steps."
    )
  })

  it('run-task is accepted: it runs once, before every update', () => {
    const config = parse({ ...IMAGE, service: 'web,worker', 'run-task': 'true' })
    expect(config.fleet?.services).toEqual(['web', 'worker'])
    expect(config.runTask).toBeDefined()
  })

  it('rollback-scope: all needs rollback-on-failure', () => {
    expect(
      problemsOf({
        ...IMAGE,
        service: 'web,worker',
        'rollback-scope': 'all',
        'rollback-on-failure': 'false'
      })
    ).toEqual([
      '`rollback-scope`: all rolls every service back after a failure, but `rollback-on-failure` is false; set one of them the other way.'
    ])
  })
})
