/**
 * The e2e suites assert that a step ended at the first poll after an
 * emulator milestone by counting the emulator's recorded calls, not by
 * wall-clock slack. This shows that assertion fails for the behaviours it
 * guards: a watch that missed the moment and kept polling, one that ended
 * before seeing it, one whose exit came before the poll.
 */
import { describe, expect, it } from '@jest/globals'
import type { CallRecord } from '../../test-support/emulator/server.js'
import { expectEndedAtFirstPollAfter } from '../e2e/watch-support.js'

const MOMENT = 1_000_000
const poll = (at: number): CallRecord => ({
  service: 'ecs',
  operation: 'DescribeServices',
  at,
  input: {}
})

describe('expectEndedAtFirstPollAfter', () => {
  it('holds when the first poll after the moment was the last, and the step exited after it', () => {
    const polls = [poll(MOMENT - 9_000), poll(MOMENT - 4_000), poll(MOMENT + 1_000)]
    expect(() =>
      expectEndedAtFirstPollAfter({ exitedAt: MOMENT + 1_200 }, polls, MOMENT)
    ).not.toThrow()
  })

  it('holds whatever the gaps were on a loaded machine (no wall-clock bound)', () => {
    const polls = [poll(MOMENT - 1), poll(MOMENT + 30_000)]
    expect(() =>
      expectEndedAtFirstPollAfter({ exitedAt: MOMENT + 90_000 }, polls, MOMENT)
    ).not.toThrow()
  })

  it('fails when the watch kept polling after the moment (waited for its timeout)', () => {
    const polls = [poll(MOMENT - 4_000), poll(MOMENT + 1_000), poll(MOMENT + 6_000)]
    expect(() => expectEndedAtFirstPollAfter({ exitedAt: MOMENT + 6_100 }, polls, MOMENT)).toThrow()
  })

  it('fails when no poll saw the moment (the step ended before it)', () => {
    const polls = [poll(MOMENT - 9_000), poll(MOMENT - 4_000)]
    expect(() => expectEndedAtFirstPollAfter({ exitedAt: MOMENT - 3_000 }, polls, MOMENT)).toThrow()
  })

  it('fails when there was no poll before the moment (nothing shows it was watched)', () => {
    expect(() =>
      expectEndedAtFirstPollAfter({ exitedAt: MOMENT + 2_000 }, [poll(MOMENT + 1_000)], MOMENT)
    ).toThrow()
  })

  it('fails when the step exited before the poll that is supposed to have ended it', () => {
    const polls = [poll(MOMENT - 4_000), poll(MOMENT + 1_000)]
    expect(() => expectEndedAtFirstPollAfter({ exitedAt: MOMENT + 500 }, polls, MOMENT)).toThrow()
  })
})
