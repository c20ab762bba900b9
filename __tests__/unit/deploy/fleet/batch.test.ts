import { describe, expect, it } from '@jest/globals'
import type { Service } from '@aws-sdk/client-ecs'
import { DescribeServicesBatch } from '../../../../src/deploy/fleet/batch.js'
import { FakeClock } from '../../../../test-support/fake-clock.js'

/** A DescribeServices that answers every service asked for, and records when it was called. */
function recorder(clock: FakeClock, fail?: () => Error | undefined) {
  const calls: Array<{ at: number; services: string[] }> = []
  const send = async (services: string[]) => {
    calls.push({ at: clock.now(), services })
    const error = fail?.()
    if (error) throw error
    return { services: services.map((s): Service => ({ serviceName: s, status: 'ACTIVE' })) }
  }
  return { calls, send }
}

describe('DescribeServicesBatch', () => {
  it('sends one call when every watching service has asked, and hands each its own service', async () => {
    const clock = new FakeClock(0, { timers: true })
    const r = recorder(clock)
    const batch = new DescribeServicesBatch({ clock, send: r.send })
    const [web, worker, cron] = ['web', 'worker', 'cron'].map((s) => batch.describer(s))
    const answers = await clock.run(Promise.all([web!(), worker!(), cron!()]))
    expect(r.calls).toEqual([{ at: 0, services: ['web', 'worker', 'cron'] }])
    expect(answers.map((s) => s?.serviceName)).toEqual(['web', 'worker', 'cron'])
    expect(batch.sent).toEqual([['web', 'worker', 'cron']])
  })

  it('never sends two calls less than 5 s apart, whoever asks', async () => {
    const clock = new FakeClock(0, { timers: true })
    const r = recorder(clock)
    const batch = new DescribeServicesBatch({ clock, send: r.send })
    const web = batch.describer('web')
    const worker = batch.describer('worker')
    await clock.run(
      (async () => {
        await Promise.all([web(), worker()])
        await clock.sleep(1000)
        await Promise.all([web(), worker()])
        await Promise.all([web(), worker()])
      })()
    )
    expect(r.calls.map((c) => c.at)).toEqual([0, 5000, 10_000])
    expect(r.calls.every((c) => c.services.length === 2)).toBe(true)
  })

  it('does not wait longer than gatherMs for a service that has not asked', async () => {
    const clock = new FakeClock(0, { timers: true })
    const r = recorder(clock)
    const batch = new DescribeServicesBatch({ clock, send: r.send, gatherMs: 1000 })
    const web = batch.describer('web')
    batch.describer('worker') // busy elsewhere (e.g. collecting diagnostics)
    const answer = await clock.run(web())
    expect(answer?.serviceName).toBe('web')
    expect(r.calls).toEqual([{ at: 1000, services: ['web'] }])
  })

  it('a finished watch no longer holds the others', async () => {
    const clock = new FakeClock(0, { timers: true })
    const r = recorder(clock)
    const batch = new DescribeServicesBatch({ clock, send: r.send, gatherMs: 60_000 })
    const web = batch.describer('web')
    batch.describer('worker')
    const asked = web()
    batch.done('worker')
    await clock.run(asked)
    expect(r.calls).toEqual([{ at: 0, services: ['web'] }])
  })

  it('one error reaches every service of the call (each watch judges it as its own)', async () => {
    const clock = new FakeClock(0, { timers: true })
    const throttled = Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' })
    const r = recorder(clock, () => throttled)
    const batch = new DescribeServicesBatch({ clock, send: r.send })
    const web = batch.describer('web')
    const worker = batch.describer('worker')
    const results = await clock.run(Promise.allSettled([web(), worker()]))
    expect(results).toEqual([
      { status: 'rejected', reason: throttled },
      { status: 'rejected', reason: throttled }
    ])
    expect(r.calls).toHaveLength(1)
  })

  it('a cancelled watch stops waiting at once and is left out of the call', async () => {
    const clock = new FakeClock(0, { timers: true })
    const r = recorder(clock)
    const batch = new DescribeServicesBatch({ clock, send: r.send })
    const web = batch.describer('web')
    const worker = batch.describer('worker')
    batch.describer('cron')
    const abort = new AbortController()
    const both = Promise.all([web(abort.signal), worker()])
    abort.abort()
    const [w, k] = await clock.run(both)
    expect(w).toBeUndefined()
    expect(k?.serviceName).toBe('worker')
    expect(r.calls.map((c) => c.services)).toEqual([['worker']])
  })

  it('matches services by ARN as well as by name, and a missing one gets undefined', async () => {
    const clock = new FakeClock(0, { timers: true })
    const arn = 'arn:aws:ecs:eu-west-1:123456789012:service/prod/worker'
    const batch = new DescribeServicesBatch({
      clock,
      send: async () => ({ services: [{ serviceName: 'worker', serviceArn: arn }] })
    })
    const byArn = batch.describer(arn)
    const gone = batch.describer('gone')
    const [a, g] = await clock.run(Promise.all([byArn(), gone()]))
    expect(a?.serviceName).toBe('worker')
    expect(g).toBeUndefined()
  })
})
