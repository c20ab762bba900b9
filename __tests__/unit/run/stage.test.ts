import { describe, expect, it } from '@jest/globals'
import { stage } from '../../../src/run/stage.js'
import { Reporter } from '../../../src/report/reporter.js'
import { ActionError } from '../../../src/util/errors.js'
import { MemoryLogger } from '../../../src/util/log.js'
import { FakeClock } from '../../../test-support/fake-clock.js'

function context(signal = new AbortController().signal) {
  const clock = new FakeClock(1_000_000)
  const log = new MemoryLogger()
  const reporter = new Reporter(() => {})
  return { ctx: { log, clock, signal, reporter }, clock, log, reporter }
}

describe('stage', () => {
  it('runs the work in a log group and records how long it took', async () => {
    const { ctx, clock, log, reporter } = context()
    const value = await stage(ctx, 'Register', async () => {
      clock.advance(1500)
      return 'arn:td/web:8'
    })
    expect(value).toBe('arn:td/web:8')
    expect(log.lines).toEqual(['[Register]', 'Register: 1.5s'])
    expect(reporter.report.timings).toEqual([{ stage: 'Register', ms: 1500 }])
  })

  it('records the time of a stage that fails, and passes the error on', async () => {
    const { ctx, clock, reporter } = context()
    await expect(
      stage(ctx, 'Deploy', async () => {
        clock.advance(200)
        throw new ActionError('UpdateService failed')
      })
    ).rejects.toThrow('UpdateService failed')
    expect(reporter.report.timings).toEqual([{ stage: 'Deploy', ms: 200 }])
  })

  it('starts nothing once the run is cancelled, naming a deployment that keeps going', async () => {
    const abort = new AbortController()
    abort.abort()
    const { ctx, reporter } = context(abort.signal)
    let ran = false
    const work = async (): Promise<void> => {
      ran = true
    }
    await expect(stage(ctx, 'Register', work)).rejects.toThrow(
      'Cancelled before register: nothing more was changed.'
    )
    reporter.record({ deploymentId: 'ecs-svc/7' })
    await expect(stage(ctx, 'Watch deployment', work)).rejects.toThrow(
      'Cancelled before watch deployment: nothing more was changed. Deployment ecs-svc/7 keeps going in ECS.'
    )
    expect(ran).toBe(false)
    expect(reporter.report.timings).toEqual([])
  })
})
