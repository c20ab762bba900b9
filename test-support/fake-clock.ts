/**
 * The one fake clock of the unit tests (src/util/time.ts's `Clock`): time
 * moves only when the code under test sleeps, so loops that wait (the
 * deployment watches, one-off tasks, preview teardown) run instantly and
 * deterministically.
 */
import type { Clock } from '../src/util/time.js'

/** 2026-11-21T12:00:00Z, where the fake clocks start unless told otherwise. */
export const FAKE_EPOCH = Date.UTC(2026, 10, 21, 12, 0, 0)

export interface FakeClockOptions {
  /**
   * Several sleepers at once (the fleet's watches sharing one batch): a sleep
   * becomes a timer, and `run(work)` wakes the timers in time order, each
   * only when everything else has settled, so concurrent sleepers see one
   * consistent clock. Without it a sleep moves time at once.
   */
  timers?: boolean
}

interface Timer {
  at: number
  seq: number
  wake: () => void
}

export class FakeClock implements Clock {
  t: number
  /** Every sleep asked for (ms), in order. */
  readonly sleeps: number[] = []
  /**
   * Runs at each sleep (with its 1-based count) before time moves: the test
   * acts on the world while the code under test waits (advance an emulator,
   * change a fake's answer, abort the signal).
   */
  onSleep: ((n: number) => void) | undefined
  private readonly timers: Timer[] | undefined
  private seq = 0

  constructor(start: number = FAKE_EPOCH, options: FakeClockOptions = {}) {
    this.t = start
    this.timers = options.timers ? [] : undefined
  }

  now(): number {
    return this.t
  }

  /** Moves time by hand (work that takes time without sleeping). */
  advance(ms: number): void {
    this.t += ms
  }

  /** Like the system clock, an aborted sleep ends early: then no time passes. */
  async sleep(ms: number, signal?: AbortSignal): Promise<void> {
    this.sleeps.push(ms)
    this.onSleep?.(this.sleeps.length)
    if (signal?.aborted) return
    if (!this.timers) {
      this.t += ms
      return
    }
    const timers = this.timers
    return new Promise((resolve) => {
      const timer: Timer = { at: this.t + Math.max(0, ms), seq: this.seq++, wake: resolve }
      timers.push(timer)
      signal?.addEventListener(
        'abort',
        () => {
          const i = timers.indexOf(timer)
          if (i >= 0) timers.splice(i, 1)
          resolve()
        },
        { once: true }
      )
    })
  }

  /** With `timers`: wakes the sleepers in time order until `work` settles. */
  async run<T>(work: Promise<T>): Promise<T> {
    const timers = this.timers
    if (!timers) throw new Error('FakeClock: run() needs { timers: true }')
    let done = false
    const settled = work.finally(() => (done = true))
    settled.catch(() => undefined)
    for (let guard = 0; guard < 100_000; guard++) {
      await idle()
      if (done) return settled
      timers.sort((a, b) => a.at - b.at || a.seq - b.seq)
      const next = timers.shift()
      if (!next) throw new Error('FakeClock: nothing scheduled and the work is not done')
      this.t = Math.max(this.t, next.at)
      next.wake()
    }
    throw new Error('FakeClock: too many timers')
  }
}

/** Lets every pending promise chain settle before the next timer wakes. */
async function idle(): Promise<void> {
  for (let i = 0; i < 20; i++) await new Promise((r) => setImmediate(r))
}
