import { describe, expect, it } from '@jest/globals'
import {
  callTimes,
  closestInput,
  countByOperation,
  formatBytes,
  formatMs,
  latencyParts,
  markdownTable,
  max,
  median,
  min,
  minGapMs,
  ratePerMinute,
  SDK_WAITER,
  seededRandom,
  stratifiedOffsets,
  verdict,
  waiterDelayMs,
  waiterLatencyMs,
  formatRatio,
  splitRollback
} from '../../../script/bench-stats.js'

const constant = (v: number) => (): number => v

describe('seededRandom', () => {
  it('repeats a sequence for a seed, differs for another, stays in [0, 1)', () => {
    const a = seededRandom(42)
    const b = seededRandom(42)
    const c = seededRandom(43)
    const xs = Array.from({ length: 200 }, () => a())
    expect(Array.from({ length: 200 }, () => b())).toEqual(xs)
    expect(Array.from({ length: 200 }, () => c())).not.toEqual(xs)
    for (const x of xs) {
      expect(x).toBeGreaterThanOrEqual(0)
      expect(x).toBeLessThan(1)
    }
    expect(new Set(xs.map((x) => Math.floor(x * 4))).size).toBe(4)
  })
})

describe('median, min, max', () => {
  it.each([
    [[3, 1, 2], 2],
    [[4, 1, 3, 2], 2.5],
    [[7], 7]
  ])('median(%j) = %d', (xs, m) => {
    expect(median(xs)).toBe(m)
  })
  it('is NaN for no values and leaves its input alone', () => {
    expect(median([])).toBeNaN()
    expect(max([])).toBeNaN()
    expect(min([])).toBeNaN()
    const xs = [3, 1, 2]
    median(xs)
    expect(xs).toEqual([3, 1, 2])
    expect(max(xs)).toBe(3)
    expect(min(xs)).toBe(1)
  })
})

describe('stratifiedOffsets', () => {
  it('puts exactly one offset in each of n equal strata of the period', () => {
    const offsets = stratifiedOffsets(7, 5_000, seededRandom(1))
    expect(offsets).toHaveLength(7)
    const strata = offsets.map((o) => Math.floor(o / (5_000 / 7))).sort((a, b) => a - b)
    expect(strata).toEqual([0, 1, 2, 3, 4, 5, 6])
    for (const o of offsets) {
      expect(o).toBeGreaterThanOrEqual(0)
      expect(o).toBeLessThan(5_000)
    }
  })
  it('shuffles the strata so the order of the runs is not the order of the phases', () => {
    const orders = new Set(
      [1, 2, 3, 4, 5].map((seed) =>
        stratifiedOffsets(5, 5_000, seededRandom(seed))
          .map((o) => Math.floor(o / 1_000))
          .join('')
      )
    )
    expect(orders.size).toBeGreaterThan(1)
  })
})

describe('closestInput', () => {
  const calls: number[] = []
  const f = (x: number): Promise<number> => {
    calls.push(x)
    return Promise.resolve(2 * x + 3) // 2 steps per input, 3 more to start
  }
  it.each([
    [13, 5],
    [14, 5], // 13 and 15 are as close: the lower input
    [15, 6],
    [0, 1], // below the range: its start
    [1_000, 100] // above it: its end
  ])('target %d -> input %d', async (target, input) => {
    expect(await closestInput(f, target, 1, 100)).toBe(input)
  })
  it('bisects instead of trying every input', async () => {
    calls.length = 0
    await closestInput(f, 150, 1, 400)
    expect(calls.length).toBeLessThanOrEqual(12)
  })
})

describe('the SDK waiter schedule', () => {
  it('waits exactly 15 s before its second poll', () => {
    expect(waiterDelayMs(1, constant(0.99))).toBe(15_000)
  })
  it('draws uniform(15 s, 15 s·2^(n−1)) up to the ceiling, then 120 s flat', () => {
    expect(waiterDelayMs(2, constant(0.5))).toBe(22_500)
    expect(waiterDelayMs(3, constant(0))).toBe(15_000)
    expect(waiterDelayMs(3, constant(0.5))).toBe(37_500)
    expect(waiterDelayMs(4, constant(0.5))).toBe(67_500)
    expect(waiterDelayMs(5, constant(0))).toBe(120_000)
    expect(waiterDelayMs(9, constant(0))).toBe(120_000)
  })
  it('follows other bounds too (maxDelay 600 s: flat after the 6th attempt)', () => {
    const o = { minDelayMs: 15_000, maxDelayMs: 600_000 }
    expect(waiterDelayMs(6, constant(0.5), o)).toBe(247_500)
    expect(waiterDelayMs(7, constant(0), o)).toBe(600_000)
    expect(SDK_WAITER).toEqual({ minDelayMs: 15_000, maxDelayMs: 120_000 })
  })
  it('sees a steady service at its immediate first poll, or at the next one', () => {
    expect(waiterLatencyMs(0, constant(0.5))).toBe(0)
    expect(waiterLatencyMs(3_000, constant(0.5))).toBe(12_000)
    // Polls at 0, 15, 30 (random 0): steady at 16 s is seen at 30 s.
    expect(waiterLatencyMs(16_000, constant(0))).toBe(14_000)
    // Polls at 0, 15, 45, 105, 225, 345 s (random → 1): steady at 230 s is seen at 345 s.
    expect(waiterLatencyMs(230_000, constant(1 - 1e-12))).toBeCloseTo(115_000, 0)
  })
})

describe('the call log', () => {
  const calls = [
    { service: 'ecs', operation: 'DescribeServices', at: 30 },
    { service: 'ecr', operation: 'DescribeRepositories', at: 10 },
    { service: 'ecs', operation: 'DescribeServices', at: 5_030 },
    { service: 'ecs', operation: 'UpdateService', at: 25 }
  ]
  it('counts calls by service and operation', () => {
    expect(countByOperation(calls)).toEqual({
      'ecs:DescribeServices': 2,
      'ecr:DescribeRepositories': 1,
      'ecs:UpdateService': 1
    })
  })
  it('lists the times of one operation in order', () => {
    expect(callTimes([...calls].reverse(), 'DescribeServices')).toEqual([30, 5_030])
    expect(callTimes(calls, 'ListTasks')).toEqual([])
  })
})

describe('latencyParts', () => {
  it('splits a latency into the wait for the next poll and what came after it', () => {
    expect(latencyParts([0, 5_000, 10_000], 6_200, 10_030)).toEqual({
      pollAt: 10_000,
      waitMs: 3_800,
      afterPollMs: 30,
      phaseMs: 1_200,
      latencyMs: 3_830
    })
  })
  it('counts a poll at the very moment as seeing it', () => {
    expect(latencyParts([0, 5_000], 5_000, 5_020)).toMatchObject({ waitMs: 0, phaseMs: 5_000 })
  })
  it('has no poll parts when no poll came after the moment', () => {
    expect(latencyParts([0, 5_000], 7_000, 7_100)).toEqual({ phaseMs: 2_000, latencyMs: 100 })
  })
})

describe('ratePerMinute and minGapMs', () => {
  it('is 12 a minute for one call every 5 s, whatever the window holds', () => {
    const times = [0, 5_000, 10_000, 15_000, 20_000, 25_000, 30_000]
    expect(ratePerMinute(times)).toBe(12)
    expect(minGapMs(times)).toBe(5_000)
    expect(minGapMs([0, 5_000, 5_050])).toBe(50)
  })
  it('is undefined (NaN) with fewer than two calls', () => {
    expect(ratePerMinute([1])).toBeNaN()
    expect(minGapMs([])).toBeNaN()
  })
})

describe('verdict', () => {
  const cases: Array<[number, Parameters<typeof verdict>[1], 'PASS' | 'MISS']> = [
    [2_900, { op: '<=', value: 3_000 }, 'PASS'],
    [3_000, { op: '<=', value: 3_000 }, 'PASS'],
    [3_001, { op: '<=', value: 3_000 }, 'MISS'],
    [5_000, { op: '>=', value: 5_000 }, 'PASS'],
    [4_999, { op: '>=', value: 5_000 }, 'MISS'],
    [NaN, { op: '<=', value: 3_000 }, 'MISS']
  ]
  it.each(cases)('%d %j → %s', (value, target, expected) => {
    expect(verdict(value, target)).toBe(expected)
  })
})

describe('formatting', () => {
  it('formats durations and sizes', () => {
    expect(formatMs(312.4)).toBe('312 ms')
    expect(formatMs(2_614)).toBe('2.61 s')
    expect(formatMs(NaN)).toBe('n/a')
    expect(formatBytes(3_463_068)).toBe('3.46 MB')
    expect(formatBytes(81_234)).toBe('81.2 kB')
    expect(formatBytes(12)).toBe('12 B')
  })
  it('writes a Markdown table, escaping pipes', () => {
    expect(markdownTable(['a', 'b'], [['1', 'x | y']])).toBe(
      '| a | b |\n|---|---|\n| 1 | x \\| y |'
    )
  })
})

describe('splitRollback', () => {
  it.each([20, 45, 61, 90])(
    'splits %d s into start, health checks and drain that add up',
    (total) => {
      const r = splitRollback(total)
      expect(r.taskStartSeconds + r.healthCheckSeconds + r.deregistrationDelaySeconds).toBe(total)
      expect(r.healthCheckSeconds).toBeGreaterThan(r.taskStartSeconds)
      expect(r.deregistrationDelaySeconds).toBeGreaterThanOrEqual(0)
    }
  )
})

describe('formatRatio', () => {
  it('says how many times slower the other is', () => {
    expect(formatRatio(26_500, 2_500)).toBe('11×')
    expect(formatRatio(12_100, 2_600)).toBe('4.7×')
    expect(formatRatio(NaN, 2_600)).toBe('n/a')
    expect(formatRatio(5_000, 0)).toBe('n/a')
  })
})
