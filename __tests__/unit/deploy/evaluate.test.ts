import { describe, expect, it } from '@jest/globals'
import type { Service } from '@aws-sdk/client-ecs'
import {
  countsText,
  describeStanding,
  evaluateDeployment,
  failureThreshold,
  initialMemory,
  planRollback,
  shortId,
  standingLine,
  snapshotService,
  type EvaluateInput,
  type ServiceSnapshot
} from '../../../src/deploy/evaluate.js'
import {
  NEW_ID as NEW,
  OLD_ID as OLD,
  OTHER_ID as OTHER,
  T0,
  TD,
  TD_OLD,
  TD_OTHER,
  deploymentSnapshot as dep,
  eventSnapshot as ev,
  previousSnapshot as old,
  serviceSnapshot as snap
} from '../../../test-support/deployments.js'

function evaluate(snapshot: ServiceSnapshot, over: Partial<EvaluateInput> = {}) {
  return evaluateDeployment({
    snapshot,
    deploymentId: NEW,
    taskDefinitionArn: TD,
    memory: initialMemory(),
    eventsSince: T0 - 1000,
    elapsedMs: 10_000,
    timeoutMs: 1_800_000,
    ...over
  })
}

describe('evaluateDeployment verdicts', () => {
  it.each(
    (
      [
        [
          'in progress, old tasks still running',
          snap({
            deployments: [dep({ runningCount: 2, pendingCount: 1 }), old({ runningCount: 1 })]
          }),
          'continue',
          false
        ],
        [
          'COMPLETED where ECS reports the rollout state',
          snap({
            deployments: [
              dep({ runningCount: 3, rolloutState: 'COMPLETED', rolloutStateReason: 'done.' })
            ]
          }),
          'completed',
          false
        ],
        [
          'COMPLETED wins even while the old deployment is still listed',
          snap({
            deployments: [
              dep({ runningCount: 3, rolloutState: 'COMPLETED' }),
              old({ runningCount: 0 })
            ]
          }),
          'completed',
          false
        ],
        [
          'no rollout state: running = desired and old drained',
          snap({
            deployments: [
              dep({ runningCount: 3, rolloutState: undefined, rolloutStateReason: undefined }),
              old({ runningCount: 0, rolloutState: undefined })
            ]
          }),
          'completed',
          false
        ],
        [
          'no rollout state: running = desired but old still running',
          snap({
            deployments: [
              dep({ runningCount: 3, rolloutState: undefined, rolloutStateReason: undefined }),
              old({ runningCount: 1, rolloutState: undefined })
            ]
          }),
          'continue',
          false
        ],
        [
          'IN_PROGRESS is not complete yet, even at running = desired',
          snap({ deployments: [dep({ runningCount: 3 })] }),
          'continue',
          false
        ],
        [
          'circuit breaker without rollback marks it FAILED',
          snap({
            circuitBreaker: { enable: true, rollback: false },
            deployments: [
              dep({
                rolloutState: 'FAILED',
                rolloutStateReason: 'ECS deployment circuit breaker: tasks failed to start.',
                failedTasks: 3
              }),
              old()
            ]
          }),
          'failed',
          false
        ],
        [
          'breaker rolling back: old deployment PRIMARY again, ours FAILED',
          snap({
            deployments: [
              old({
                status: 'PRIMARY',
                desiredCount: 3,
                rolloutState: 'IN_PROGRESS',
                rolloutStateReason: `ECS deployment circuit breaker: rolling back to deploymentId ${OLD}.`
              }),
              dep({
                status: 'ACTIVE',
                rolloutState: 'FAILED',
                rolloutStateReason: 'ECS deployment circuit breaker: tasks failed to start.',
                failedTasks: 3
              })
            ]
          }),
          'failed',
          true
        ],
        [
          'breaker rollback already over: ours gone, only the events tell',
          snap({
            deployments: [old({ status: 'PRIMARY', desiredCount: 3 })],
            events: [
              ev(95, '(service web) has reached a steady state.'),
              ev(90, `(service web) rolling back to deployment ${OLD}.`),
              ev(
                90,
                `(service web) (deployment ${NEW}) deployment failed: tasks failed to start.`,
                'x'
              )
            ]
          }),
          'failed',
          true
        ],
        [
          'another deployment became PRIMARY',
          snap({
            deployments: [
              dep({ id: OTHER, taskDefinition: TD_OTHER, createdAt: T0 + 30_000 }),
              dep({ status: 'ACTIVE', runningCount: 1 }),
              old()
            ]
          }),
          'superseded',
          false
        ],
        [
          'ours vanished and someone else is PRIMARY',
          snap({ deployments: [dep({ id: OTHER, taskDefinition: TD_OTHER })] }),
          'superseded',
          false
        ],
        ['service DRAINING', snap({ status: 'DRAINING' }), 'inactive', false],
        ['service INACTIVE', snap({ status: 'INACTIVE' }), 'inactive', false],
        ['service MISSING', snapshotService(undefined, 'web'), 'inactive', false]
      ] as const satisfies ReadonlyArray<readonly [string, ServiceSnapshot, string, boolean]>
    ).map(
      ([name, snapshot, verdict, rollingBack]) => [name, verdict, rollingBack, snapshot] as const
    )
  )('%s -> %s', (_name, verdict, rollingBack, snapshot) => {
    const result = evaluate(snapshot)
    expect(result.verdict).toBe(verdict)
    expect(result.rollingBack).toBe(rollingBack)
    expect(result.reason === '').toBe(verdict === 'continue')
  })

  it('names the superseding deployment and its revision', () => {
    const result = evaluate(
      snap({
        deployments: [dep({ id: OTHER, taskDefinition: TD_OTHER }), dep({ status: 'ACTIVE' })]
      })
    )
    expect(result.reason).toContain(OTHER)
    expect(result.reason).toContain('web:44')
    expect(result.reason).toContain('concurrently')
  })

  it('reports the rollback target from the PRIMARY deployment', () => {
    const result = evaluate(
      snap({
        deployments: [
          old({
            status: 'PRIMARY',
            rolloutState: 'IN_PROGRESS',
            rolloutStateReason: `ECS deployment circuit breaker: rolling back to deploymentId ${OLD}.`
          }),
          dep({ status: 'ACTIVE', rolloutState: 'FAILED', rolloutStateReason: 'tasks failed.' })
        ]
      })
    )
    expect(result.rollbackTarget?.id).toBe(OLD)
    expect(result.cause).toBe(`Deployment ${NEW} failed: tasks failed.`)
    expect(result.reason).toContain('rolling back to deployment ' + OLD + ' (web:42)')
  })

  it('expects a rollback when the breaker has rollback on and ours turned FAILED', () => {
    const result = evaluate(
      snap({ deployments: [dep({ rolloutState: 'FAILED', failedTasks: 3 }), old()] })
    )
    expect(result.verdict).toBe('failed')
    expect(result.rollingBack).toBe(true)
  })

  it('ignores failure events of deployments before this one', () => {
    const result = evaluate(
      snap({
        deployments: [dep({ runningCount: 1 }), old()],
        events: [
          ev(-600, `(service web) rolling back to deployment ${OLD}.`),
          ev(
            -600,
            `(service web) (deployment ${NEW}) deployment failed: tasks failed to start.`,
            'x'
          )
        ]
      })
    )
    expect(result.verdict).toBe('continue')
  })

  it('fails on a fresh "deployment failed" event naming ours', () => {
    const result = evaluate(
      snap({
        circuitBreaker: { enable: true, rollback: false },
        events: [
          ev(50, `(service web) (deployment ${NEW}) deployment failed: tasks failed to start.`)
        ]
      })
    )
    expect(result.verdict).toBe('failed')
    expect(result.reason).toBe(`Deployment ${NEW} failed: tasks failed to start.`)
    expect(result.rollingBack).toBe(false)
  })

  it.each([
    ['DRAINING', 'it is being deleted.'],
    ['INACTIVE', 'it was deleted.']
  ])('says a %s service is going or gone', (status, tail) => {
    const result = evaluate(snap({ status }))
    expect(result.reason).toBe(
      `Service web became ${status} while deployment ${NEW} was in progress: ${tail}`
    )
  })

  it('times out only when nothing final happened', () => {
    expect(evaluate(snap(), { elapsedMs: 1_800_000 }).verdict).toBe('timeout')
    expect(evaluate(snap(), { elapsedMs: 1_799_999 }).verdict).toBe('continue')
    const done = snap({ deployments: [dep({ runningCount: 3, rolloutState: 'COMPLETED' })] })
    expect(evaluate(done, { elapsedMs: 1_800_000 }).verdict).toBe('completed')
  })

  it('timeout reason says where it stood', () => {
    const result = evaluate(
      snap({
        deployments: [dep({ runningCount: 1, pendingCount: 2, failedTasks: 1 }), old()],
        events: [ev(40, '(service web) has started 2 tasks: (task abc) (task def).')]
      }),
      { elapsedMs: 1_800_000 }
    )
    expect(result.reason).toContain('1/3 running, 2 pending, 1 failed, rollout IN_PROGRESS')
    expect(result.reason).toContain('12:00:40 (service web) has started 2 tasks')
    expect(result.reason).toContain(NEW)
    expect(result.reason).toContain('web')
  })
})

describe('failure threshold without a circuit breaker', () => {
  it.each([
    [1, 3],
    [25, 13],
    [500, 200]
  ])('desired %d: fails at %d consecutive failed tasks, not before', (desired, threshold) => {
    const at = (failedTasks: number) =>
      evaluate(
        snap({
          desiredCount: desired,
          circuitBreaker: undefined,
          deployments: [
            dep({ desiredCount: desired, failedTasks, rolloutState: 'IN_PROGRESS' }),
            old({ runningCount: desired })
          ]
        })
      )
    expect(at(threshold - 1).verdict).toBe('continue')
    const failed = at(threshold)
    expect(failed.verdict).toBe('failed')
    expect(failed.rollingBack).toBe(false)
    expect(failed.reason).toContain(`(${threshold})`)
  })

  it('leaves the decision to ECS when the breaker is on', () => {
    const result = evaluate(
      snap({ deployments: [dep({ desiredCount: 1, failedTasks: 10 }), old()] })
    )
    expect(result.verdict).toBe('continue')
  })

  it('applies to a breaker that is configured but disabled', () => {
    const result = evaluate(
      snap({
        circuitBreaker: { enable: false, rollback: false },
        deployments: [dep({ desiredCount: 1, failedTasks: 3 }), old()]
      })
    )
    expect(result.verdict).toBe('failed')
  })

  it.each([
    [0, undefined, 3],
    [1, undefined, 3],
    [6, undefined, 3],
    [7, undefined, 4],
    [25, undefined, 13],
    [400, undefined, 200],
    [10_000, undefined, 200],
    [10, { type: 'COUNT', value: 7 }, 7],
    [1000, { type: 'UNBOUNDED_PERCENT', value: 50 }, 500],
    [10, { type: 'BOUNDED_PERCENT', value: 100 }, 10]
  ])('failureThreshold(%d, %j) = %d', (desired, config, expected) => {
    expect(failureThreshold(desired, config)).toBe(expected)
  })
})

describe('printed lines', () => {
  it('prints each new event once, oldest first, with its time; history stays silent', () => {
    const first = snap({
      deployments: [dep({ runningCount: 0, pendingCount: 3 }), old()],
      events: [
        ev(2, '(service web) has started 3 tasks: (task a) (task b) (task c).'),
        ev(-3600, '(service web) has reached a steady state.', 'history')
      ]
    })
    const one = evaluate(first)
    const eventLines = one.lines.filter((l) => l.includes('(service web)'))
    expect(eventLines).toEqual([
      '12:00:02 (service web) has started 3 tasks: (task a) (task b) (task c).'
    ])

    const second = snap({
      ...first,
      events: [
        ev(9, '(service web) has stopped 1 running tasks: (task x).'),
        ev(8, '(service web) registered 3 targets in (target-group arn:tg)'),
        ...first.events
      ]
    })
    const two = evaluate(second, { memory: one.memory })
    expect(two.lines.filter((l) => l.includes('(service web)'))).toEqual([
      '12:00:08 (service web) registered 3 targets in (target-group arn:tg)',
      '12:00:09 (service web) has stopped 1 running tasks: (task x).'
    ])
    const three = evaluate(second, { memory: two.memory })
    expect(three.lines).toEqual([])
  })

  it('prints the counts line only when counts move', () => {
    const a = evaluate(
      snap({ deployments: [dep({ runningCount: 2, pendingCount: 1 }), old({ runningCount: 1 })] })
    )
    expect(a.lines).toContain(`new ecs-svc/…8715 2/3 running, 1 pending · old 1 running`)
    const same = evaluate(
      snap({ deployments: [dep({ runningCount: 2, pendingCount: 1 }), old({ runningCount: 1 })] }),
      { memory: a.memory }
    )
    expect(same.lines).toEqual([])
    const moved = evaluate(
      snap({ deployments: [dep({ runningCount: 3 }), old({ runningCount: 0 })] }),
      { memory: same.memory }
    )
    expect(moved.lines).toEqual([`new ecs-svc/…8715 3/3 running · old 0 running`])
  })

  it('prints rollout state changes once', () => {
    const a = evaluate(snap())
    expect(a.lines).toContain(`rollout ${NEW} IN_PROGRESS: ECS deployment ${NEW} in progress.`)
    const b = evaluate(snap(), { memory: a.memory })
    expect(b.lines.some((l) => l.startsWith('rollout'))).toBe(false)
    const c = evaluate(
      snap({
        deployments: [
          dep({
            runningCount: 3,
            rolloutState: 'COMPLETED',
            rolloutStateReason: `ECS deployment ${NEW} completed.`
          })
        ]
      }),
      { memory: b.memory }
    )
    expect(c.lines).toContain(`rollout ${NEW} COMPLETED: ECS deployment ${NEW} completed.`)
  })

  it('labels the failed count and several old deployments', () => {
    const text = countsText(
      snap({
        deployments: [
          dep({ runningCount: 1, failedTasks: 2 }),
          old({ runningCount: 1 }),
          old({ id: OTHER, runningCount: 2, pendingCount: 1 })
        ]
      }),
      NEW
    )
    expect(text).toBe(
      'new ecs-svc/…8715 1/3 running, 2 failed · old ecs-svc/…9663 1 running · old ecs-svc/…4444 2 running, 1 pending'
    )
  })

  it('names a PRIMARY or FAILED other deployment by id', () => {
    const text = countsText(
      snap({
        deployments: [
          old({ status: 'PRIMARY', desiredCount: 3, runningCount: 2, rolloutState: 'IN_PROGRESS' }),
          dep({ status: 'ACTIVE', desiredCount: 0, failedTasks: 3, rolloutState: 'FAILED' })
        ]
      }),
      OLD,
      'rollback'
    )
    expect(text).toBe(
      'rollback ecs-svc/…9663 2/3 running · failed ecs-svc/…8715 0 running, 3 failed'
    )
    const during = countsText(
      snap({ deployments: [dep({ status: 'ACTIVE' }), old({ status: 'PRIMARY' })] }),
      NEW
    )
    expect(during).toBe('new ecs-svc/…8715 0/3 running · primary ecs-svc/…9663 3 running')
  })

  it('shortens only deployment ids', () => {
    expect(shortId(NEW)).toBe('ecs-svc/…8715')
    expect(shortId('d-1')).toBe('d-1')
  })
})

describe('snapshotService', () => {
  it('reads the SDK shape into plain data', () => {
    const service: Service = {
      serviceName: 'web',
      status: 'ACTIVE',
      desiredCount: 2,
      runningCount: 1,
      pendingCount: 1,
      taskDefinition: TD,
      deploymentConfiguration: {
        deploymentCircuitBreaker: {
          enable: true,
          rollback: false,
          thresholdConfiguration: { type: 'COUNT', value: 5 }
        }
      },
      deployments: [
        {
          id: NEW,
          status: 'PRIMARY',
          taskDefinition: TD,
          desiredCount: 2,
          runningCount: 1,
          pendingCount: 1,
          failedTasks: 0,
          rolloutState: 'IN_PROGRESS',
          createdAt: new Date(T0)
        }
      ],
      events: [{ id: 'e1', createdAt: new Date(T0 + 1500), message: 'hello' }]
    }
    const s = snapshotService(service, 'ignored')
    expect(s.name).toBe('web')
    expect(s.circuitBreaker).toEqual({
      enable: true,
      rollback: false,
      threshold: { type: 'COUNT', value: 5 }
    })
    expect(s.deployments[0]).toMatchObject({ id: NEW, createdAt: T0, pendingCount: 1 })
    expect(s.events[0]).toEqual({ id: 'e1', createdAt: T0 + 1500, message: 'hello' })
  })
})

describe('describeStanding', () => {
  const started = ev(2, '(service web) has started 3 tasks: (task a).')
  const history = ev(-5, '(service web) has reached a steady state.')

  it('says where the deployment is and the last event, without closing periods', () => {
    const snapshot = snap({
      deployments: [dep({ runningCount: 1, pendingCount: 2, failedTasks: 1 }), old()],
      events: [started, history]
    })
    expect(describeStanding(snapshot, NEW, T0)).toBe(
      `1/3 running, 2 pending, 1 failed, rollout IN_PROGRESS (ECS deployment ${NEW} in progress); older deployments still running 3 tasks; last event 12:00:02 (service web) has started 3 tasks: (task a)`
    )
  })

  it('does not name an event from before this deployment as its last one', () => {
    const snapshot = snap({ deployments: [dep(), old()], events: [history] })
    const standing = describeStanding(snapshot, NEW, T0)
    expect(standing).not.toContain('steady state')
    expect(standing).toBe(
      `0/3 running, 0 pending, rollout IN_PROGRESS (ECS deployment ${NEW} in progress); older deployments still running 3 tasks`
    )
    // Without a baseline every event counts.
    expect(describeStanding(snapshot, NEW)).toContain('last event 11:59:55')
  })

  it('names the PRIMARY deployment when this one is gone', () => {
    const snapshot = snap({ deployments: [old({ status: 'PRIMARY' })], events: [] })
    expect(describeStanding(snapshot, NEW, T0)).toBe(
      `deployment ${NEW} is not listed; PRIMARY is ${OLD} (web:42)`
    )
  })
})

describe('planRollback', () => {
  const failedOurs = dep({
    failedTasks: 3,
    rolloutState: 'FAILED',
    rolloutStateReason: 'ECS deployment circuit breaker: tasks failed to start.'
  })
  function plan(snapshot: ServiceSnapshot, over: Partial<Parameters<typeof planRollback>[0]> = {}) {
    return planRollback({
      evaluation: evaluate(snapshot),
      snapshot,
      deploymentId: NEW,
      rollbackOnFailure: true,
      taskDefinitionArn: TD,
      previousTaskDefinitionArn: TD_OLD,
      ...over
    })
  }

  it('ECS rolls back: the action does not, and names the deployment ECS goes back to', () => {
    const rollingBack = old({
      status: 'PRIMARY',
      desiredCount: 3,
      rolloutState: 'IN_PROGRESS',
      rolloutStateReason: `ECS deployment circuit breaker: rolling back to deploymentId ${OLD}.`
    })
    const s = snap({ deployments: [rollingBack, { ...failedOurs, status: 'ACTIVE' }] })
    expect(plan(s)).toEqual({ kind: 'ecs', target: rollingBack })
  })

  it('breaker without rollback, still PRIMARY: the action rolls back to the previous revision', () => {
    const s = snap({
      deployments: [failedOurs, old()],
      circuitBreaker: { enable: true, rollback: false }
    })
    expect(plan(s)).toEqual({ kind: 'own', taskDefinitionArn: TD_OLD })
  })

  it('another deployment is PRIMARY now: no rollback, it would undo that one', () => {
    const theirs = dep({ id: OTHER, taskDefinition: TD_OTHER })
    const s = snap({
      deployments: [theirs, { ...failedOurs, status: 'ACTIVE' }, old()],
      circuitBreaker: { enable: true, rollback: false }
    })
    expect(plan(s)).toEqual({ kind: 'superseded', by: theirs })
  })

  it('none: rollback-on-failure false, previous unknown, or the same revision', () => {
    const s = snap({
      deployments: [failedOurs, old()],
      circuitBreaker: { enable: true, rollback: false }
    })
    expect(plan(s, { rollbackOnFailure: false })).toEqual({
      kind: 'none',
      why: 'rollback-on-failure: false'
    })
    expect(plan(s, { previousTaskDefinitionArn: undefined })).toEqual({
      kind: 'none',
      why: 'the revision the service ran before is unknown'
    })
    expect(plan(s, { previousTaskDefinitionArn: TD })).toEqual({
      kind: 'none',
      why: 'the service ran web:43 before too'
    })
  })
})

describe('standingLine', () => {
  it('elapsed, counts and rollout state', () => {
    const s = snap({
      deployments: [dep({ runningCount: 1, pendingCount: 2 }), old({ runningCount: 2 })]
    })
    expect(standingLine(s, NEW, 95_000)).toBe(
      'still waiting (1m35s): new ecs-svc/…8715 1/3 running, 2 pending · old 2 running; rollout IN_PROGRESS'
    )
    expect(standingLine(s, OLD, 12_000, 'rollback')).toBe(
      'still waiting (12s): rollback ecs-svc/…9663 2/0 running · primary ecs-svc/…8715 1 running, 2 pending; rollout COMPLETED'
    )
  })
})
