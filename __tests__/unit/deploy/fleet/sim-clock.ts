import type { Clock } from '../../../../src/util/time.js'

/**
 * Simulated time for several concurrent sleepers: time moves to the next
 * timer only when everything else has settled, so concurrent watches see one
 * consistent clock and nothing depends on real timers.
 */
export class SimClock implements Clock {
  t = 0
  private timers: Array<{ at: number; seq: number; wake: () => void }> = []
  private seq = 0

  now(): number {
    return this.t
  }

  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
      if (signal?.aborted) return resolve()
      const timer = { at: this.t + Math.max(0, ms), seq: this.seq++, wake: () => resolve() }
      this.timers.push(timer)
      signal?.addEventListener(
        'abort',
        () => {
          this.timers = this.timers.filter((t) => t !== timer)
          resolve()
        },
        { once: true }
      )
    })
  }

  /** Runs timers in time order until `work` settles. */
  async run<T>(work: Promise<T>): Promise<T> {
    let done = false
    const settled = work.finally(() => (done = true))
    settled.catch(() => undefined)
    for (let guard = 0; guard < 100_000; guard++) {
      await idle()
      if (done) return settled
      this.timers.sort((a, b) => a.at - b.at || a.seq - b.seq)
      const next = this.timers.shift()
      if (!next) throw new Error('SimClock: nothing scheduled and the work is not done')
      this.t = Math.max(this.t, next.at)
      next.wake()
    }
    throw new Error('SimClock: too many timers')
  }
}

async function idle(): Promise<void> {
  for (let i = 0; i < 20; i++) await new Promise((r) => setImmediate(r))
}
