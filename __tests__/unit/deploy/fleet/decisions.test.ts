import { describe, expect, it } from '@jest/globals'
import type { Service } from '@aws-sdk/client-ecs'
import {
  checkFleetServices,
  groupByFamily,
  type FleetMember
} from '../../../../src/deploy/fleet/plan.js'
import { familyOf } from '../../../../src/aws/arn.js'
import {
  decideScope,
  fleetMessage,
  keyedJson,
  type ServiceState
} from '../../../../src/deploy/fleet/outcome.js'
import { serviceLogger } from '../../../../src/deploy/fleet/view.js'
import { MemoryLogger } from '../../../../src/util/log.js'

const TD = (family: string, rev: number): string =>
  `arn:aws:ecs:eu-west-1:123456789012:task-definition/${family}:${rev}`

function svc(name: string, over: Partial<Service> = {}): Service {
  return {
    serviceName: name,
    serviceArn: `arn:aws:ecs:eu-west-1:123456789012:service/prod/${name}`,
    status: 'ACTIVE',
    taskDefinition: TD(name, 7),
    ...over
  }
}

describe('checkFleetServices: every service checked before any write', () => {
  it('accepts rolling ECS services and keeps the order given', () => {
    const { members, problems } = checkFleetServices(
      ['web', 'worker'],
      { services: [svc('worker'), svc('web')], failures: [] },
      'cluster prod'
    )
    expect(problems).toEqual([])
    expect(members.map((m) => [m.name, m.family, m.taskDefinitionArn])).toEqual([
      ['web', 'web', TD('web', 7)],
      ['worker', 'worker', TD('worker', 7)]
    ])
  })

  it('names every service that cannot be deployed, and why', () => {
    const { members, problems } = checkFleetServices(
      ['web', 'gone', 'old', 'cd', 'bg', 'ok'],
      {
        services: [
          svc('web'),
          svc('old', { status: 'DRAINING' }),
          svc('cd', { deploymentController: { type: 'CODE_DEPLOY' } }),
          svc('bg', { deploymentConfiguration: { strategy: 'BLUE_GREEN' } }),
          svc('ok')
        ],
        failures: [
          { arn: 'arn:aws:ecs:eu-west-1:123456789012:service/prod/gone', reason: 'MISSING' }
        ]
      },
      'cluster prod'
    )
    expect(members.map((m) => m.name)).toEqual(['web', 'ok'])
    expect(problems).toEqual([
      'Service gone not found in cluster prod. Check `service`, `cluster` and `aws-region`.',
      'Service old in cluster prod is DRAINING: only ACTIVE services can be deployed. Remove it from `service`.',
      'Service cd uses the CODE_DEPLOY deployment controller: with several services every one must be deployed by ECS itself; deploy cd in a step of its own.',
      'Service bg uses the BLUE_GREEN deployment strategy: with several services every one must use rolling updates; deploy bg in a step of its own.'
    ])
  })
})

describe('groupByFamily: services of one family share one revision', () => {
  const member = (name: string, td: string): FleetMember => ({
    ref: name,
    name,
    service: svc(name, { taskDefinition: td }),
    taskDefinitionArn: td,
    family: familyOf(td)
  })

  it('one family per distinct family, members in order', () => {
    const { families, problems } = groupByFamily([
      member('web', TD('app', 4)),
      member('worker', TD('worker', 2)),
      member('web-eu', TD('app', 4))
    ])
    expect(problems).toEqual([])
    expect(families).toEqual([
      { family: 'app', currentArn: TD('app', 4), services: ['web', 'web-eu'] },
      { family: 'worker', currentArn: TD('worker', 2), services: ['worker'] }
    ])
  })

  it('refuses one family on different revisions (which would be the base?)', () => {
    const { problems } = groupByFamily([member('web', TD('app', 4)), member('api', TD('app', 5))])
    expect(problems).toEqual([
      'Services web, api share the family app but run different revisions (app:4, app:5): one run registers one revision per family, from the revision its services run; bring them to one revision first, or deploy them in separate steps.'
    ])
  })
})

describe('decideScope: what one failure means for the others', () => {
  const state = (name: string, over: Partial<ServiceState> = {}): ServiceState => ({
    name,
    phase: 'watching',
    deploymentId: `ecs-svc/${name}`,
    rolledBack: false,
    previousTaskDefinitionArn: TD(name, 1),
    ...over
  })

  it('service: nothing beyond what each watch did', () => {
    expect(
      decideScope(
        'service',
        [state('web', { phase: 'failed', rolledBack: true }), state('worker')],
        false
      )
    ).toEqual({ stopWatching: [], rollBack: [] })
  })

  it('all: no failure yet, nothing', () => {
    expect(
      decideScope('all', [state('web', { phase: 'completed' }), state('worker')], false)
    ).toEqual({ stopWatching: [], rollBack: [] })
  })

  it('all: a failure rolls back the deployed and the still deploying, not what is already rolled back', () => {
    const decision = decideScope(
      'all',
      [
        state('web', { phase: 'completed' }),
        state('worker', { phase: 'failed', rolledBack: true }),
        state('cron'),
        state('api', { phase: 'unchanged', deploymentId: undefined as never }),
        state('admin', { phase: 'superseded' }),
        state('jobs', { phase: 'timeout' })
      ].map((s) => {
        if (s.deploymentId === undefined) delete s.deploymentId
        return s
      }),
      false
    )
    expect(decision).toEqual({ stopWatching: ['cron'], rollBack: ['web', 'cron', 'jobs'] })
  })

  it('all: a failed service its watch could not roll back is rolled back too', () => {
    expect(
      decideScope(
        'all',
        [state('web', { phase: 'failed' }), state('worker', { phase: 'completed' })],
        false
      ).rollBack
    ).toEqual(['web', 'worker'])
  })

  it('all: a cancelled run rolls nothing back', () => {
    expect(decideScope('all', [state('web', { phase: 'failed' }), state('worker')], true)).toEqual({
      stopWatching: [],
      rollBack: []
    })
  })
})

describe('outputs and messages', () => {
  it('keyedJson: services in order, those without a value left out', () => {
    expect(
      keyedJson([
        ['web', 'ecs-svc/1'],
        ['worker', undefined],
        ['cron', 'ecs-svc/3']
      ])
    ).toBe('{"web":"ecs-svc/1","cron":"ecs-svc/3"}')
  })

  it('fleetMessage names the failed services and those deployed', () => {
    const row = (service: string, ok: boolean, result: string) => ({
      service,
      revision: `${service}:2`,
      result,
      durationMs: 1000,
      ok
    })
    expect(fleetMessage([row('web', true, 'deployed'), row('worker', true, 'deployed')])).toBe(
      '2 services deployed: web (web:2), worker (worker:2).'
    )
    expect(
      fleetMessage([
        row('web', true, 'deployed'),
        row('worker', false, 'failed; rolled back by ECS to worker:1'),
        row('cron', true, 'deployed')
      ])
    ).toBe(
      '1 of 3 services failed: worker: failed; rolled back by ECS to worker:1. Deployed: web, cron.'
    )
    expect(
      fleetMessage(
        [
          row('web', false, 'rolled back (rollback-scope: all); back on web:1'),
          row('worker', false, 'failed; rolled back by ECS to worker:1')
        ],
        ['web']
      )
    ).toBe(
      'worker failed; rollback-scope: all rolled back web. worker: failed; rolled back by ECS to worker:1.'
    )
  })
})

describe('serviceLogger: one live view, the service on every line', () => {
  it('prefixes every line (also of multi-line messages) with the padded name', () => {
    const log = new MemoryLogger()
    const web = serviceLogger(log, 'web', 6)
    const worker = serviceLogger(log, 'worker', 6)
    web.info('[0:05] new 1/2 running')
    worker.info('::error::injected\nsecond')
    web.warning('DescribeServices failed')
    expect(log.lines).toEqual([
      'web    | [0:05] new 1/2 running',
      'worker | ::error::injected\nworker | second',
      'warning: web    | DescribeServices failed'
    ])
  })
})
