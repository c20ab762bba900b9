/**
 * The one fake clock of the unit tests (src/util/time.ts's `Clock`): time
 * moves only when the code under test sleeps, so loops that wait (the
 * deployment watches, one-off tasks, preview teardown) run instantly and
 * deterministically.
 */
import type { Clock } from '../src/util/time.js'

/** 2026-11-21T12:00:00Z, where the fake clocks start unless told otherwise. */
export const FAKE_EPOCH = Date.UTC(2026, 10, 21, 12, 0, 0)

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

  constructor(start: number = FAKE_EPOCH) {
    this.t = start
  }

  now(): number {
    return this.t
  }

  /** Like the system clock, an aborted sleep ends early: then no time passes. */
  async sleep(ms: number, signal?: AbortSignal): Promise<void> {
    this.sleeps.push(ms)
    this.onSleep?.(this.sleeps.length)
    if (signal?.aborted) return
    this.t += ms
  }
}
