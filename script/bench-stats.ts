/**
 * The pure parts of `npm run bench` (script/bench.ts): statistics, the
 * randomised phase of the measured moment against the action's poll, the
 * SDK `ServicesStable` waiter's schedule for the computed comparison, reading
 * the emulator's call log, and the table. No I/O here, so all of it is unit
 * tested (__tests__/unit/script/bench-stats.test.ts).
 */

/** A source of uniform numbers in [0, 1). */
export type Random = () => number

/** A small seeded generator (mulberry32), so a bench run can be repeated with its seed. */
export function seededRandom(seed: number): Random {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

export function median(values: readonly number[]): number {
  if (values.length === 0) return NaN
  const sorted = [...values].sort((a, b) => a - b)
  const mid = Math.floor(sorted.length / 2)
  return sorted.length % 2 === 1
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2
}

export function max(values: readonly number[]): number {
  return values.length === 0 ? NaN : Math.max(...values)
}

export function min(values: readonly number[]): number {
  return values.length === 0 ? NaN : Math.min(...values)
}

/**
 * `n` offsets in [0, periodMs), one drawn uniformly inside each of `n` equal
 * strata, in shuffled order: the moment being measured lands at every phase
 * of the poll interval, evenly, so a median over few runs is not luck.
 */
export function stratifiedOffsets(n: number, periodMs: number, random: Random): number[] {
  const offsets = Array.from({ length: n }, (_, i) => ((i + random()) / n) * periodMs)
  for (let i = offsets.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1))
    const a = offsets[i] as number
    offsets[i] = offsets[j] as number
    offsets[j] = a
  }
  return offsets
}

/**
 * The input in [lo, hi] for which an increasing function comes closest to
 * `target` (the lower one on a tie), by bisection: e.g. how long tasks take
 * to start so that a deployment reaches a milestone after a given number of
 * emulator steps.
 */
export async function closestInput(
  f: (x: number) => Promise<number>,
  target: number,
  lo: number,
  hi: number
): Promise<number> {
  let a = lo
  let b = hi
  while (a < b) {
    const mid = Math.floor((a + b) / 2)
    if ((await f(mid)) < target) a = mid + 1
    else b = mid
  }
  // a is the first input reaching the target; the one before may be closer.
  if (a > lo && target - (await f(a - 1)) <= (await f(a)) - target) return a - 1
  return a
}

export interface WaiterOptions {
  readonly minDelayMs: number
  readonly maxDelayMs: number
}

/** `ServicesStable` as the official deploy action uses it: 15 s, at most 120 s (ecs-facts §4.4). */
export const SDK_WAITER: WaiterOptions = { minDelayMs: 15_000, maxDelayMs: 120_000 }

/**
 * The delay before the waiter's poll number `attempt + 1` (attempt ≥ 1), as
 * smithy's util-waiter computes it: uniform(min, min(min·2^(attempt−1), max))
 * until the attempt passes log2(max/min) + 1, then max flat.
 */
export function waiterDelayMs(attempt: number, random: Random, o = SDK_WAITER): number {
  const ceiling = Math.log(o.maxDelayMs / o.minDelayMs) / Math.log(2) + 1
  if (attempt > ceiling) return o.maxDelayMs
  const cap = Math.min(o.minDelayMs * 2 ** (attempt - 1), o.maxDelayMs)
  return o.minDelayMs + random() * (cap - o.minDelayMs)
}

/**
 * How long after a service became steady (`steadyOffsetMs` after the waiter
 * started) the waiter's next poll sees it: its first poll is immediate, the
 * next ones follow `waiterDelayMs`.
 */
export function waiterLatencyMs(steadyOffsetMs: number, random: Random, o = SDK_WAITER): number {
  let t = 0
  for (let attempt = 1; t < steadyOffsetMs; attempt++) t += waiterDelayMs(attempt, random, o)
  return t - steadyOffsetMs
}

/** One request in the emulator's call log, as far as the bench reads it. */
export interface Call {
  readonly service: string
  readonly operation: string
  readonly at: number
}

/** `service:Operation` → count, in first-seen order. */
export function countByOperation(calls: readonly Call[]): Record<string, number> {
  const counts: Record<string, number> = {}
  for (const c of calls) {
    const key = `${c.service}:${c.operation}`
    counts[key] = (counts[key] ?? 0) + 1
  }
  return counts
}

/** Times of the calls of one operation, ascending. */
export function callTimes(calls: readonly Call[], operation: string): number[] {
  return calls
    .filter((c) => c.operation === operation)
    .map((c) => c.at)
    .sort((a, b) => a - b)
}

/** Where a latency went: waiting for the next poll, then everything up to the exit. */
export interface LatencyParts {
  /** The first poll at or after the moment (undefined if none came). */
  readonly pollAt?: number
  /** Moment → that poll. */
  readonly waitMs?: number
  /** That poll → the process exit: deciding, diagnostics, summary, exit. */
  readonly afterPollMs?: number
  /** The poll before the moment → the moment: the phase of the moment in the poll interval. */
  readonly phaseMs?: number
  /** Moment → exit. */
  readonly latencyMs: number
}

export function latencyParts(
  pollTimes: readonly number[],
  momentAt: number,
  exitAt: number
): LatencyParts {
  const pollAt = pollTimes.find((t) => t >= momentAt)
  const before = pollTimes.filter((t) => t < momentAt).at(-1)
  return {
    ...(pollAt !== undefined
      ? { pollAt, waitMs: pollAt - momentAt, afterPollMs: exitAt - pollAt }
      : {}),
    ...(before !== undefined ? { phaseMs: momentAt - before } : {}),
    latencyMs: exitAt - momentAt
  }
}

/** Calls per minute over a span of polling: (n − 1) intervals over the time between first and last. */
export function ratePerMinute(times: readonly number[]): number {
  if (times.length < 2) return NaN
  const span = (times.at(-1) as number) - (times[0] as number)
  return span > 0 ? ((times.length - 1) / span) * 60_000 : NaN
}

/** The shortest time between two consecutive calls. */
export function minGapMs(times: readonly number[]): number {
  let gap = Infinity
  for (let i = 1; i < times.length; i++)
    gap = Math.min(gap, (times[i] as number) - (times[i - 1] as number))
  return times.length < 2 ? NaN : gap
}

export interface Target {
  readonly op: '<=' | '>='
  readonly value: number
}

export function verdict(value: number, target: Target): 'PASS' | 'MISS' {
  if (!Number.isFinite(value)) return 'MISS'
  return (target.op === '<=' ? value <= target.value : value >= target.value) ? 'PASS' : 'MISS'
}

/** `312 ms` below a second, `2.61 s` above. */
export function formatMs(ms: number): string {
  if (!Number.isFinite(ms)) return 'n/a'
  return Math.abs(ms) < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(2)} s`
}

/** `3.4 MB` / `812 kB` (decimal units, as npm and GitHub show them). */
export function formatBytes(bytes: number): string {
  if (bytes >= 1_000_000) return `${(bytes / 1_000_000).toFixed(2)} MB`
  if (bytes >= 1_000) return `${(bytes / 1_000).toFixed(1)} kB`
  return `${bytes} B`
}

/** A GitHub-flavoured Markdown table; `|` inside cells is escaped. */
export function markdownTable(
  headers: readonly string[],
  rows: ReadonlyArray<readonly string[]>
): string {
  const cell = (s: string): string => s.replace(/\|/g, '\\|').replace(/\n/g, ' ')
  const line = (cells: readonly string[]): string => `| ${cells.map(cell).join(' | ')} |`
  return [line(headers), `|${headers.map(() => '---').join('|')}|`, ...rows.map(line)].join('\n')
}

/**
 * A rollback of `totalSeconds` as the emulator models one: the previous
 * revision's tasks start (35 %), pass their health checks (50 %), and the
 * replaced tasks drain (the rest), in whole seconds.
 */
export function splitRollback(totalSeconds: number): {
  taskStartSeconds: number
  healthCheckSeconds: number
  deregistrationDelaySeconds: number
} {
  const taskStartSeconds = Math.round(totalSeconds * 0.35)
  const healthCheckSeconds = Math.round(totalSeconds * 0.5)
  return {
    taskStartSeconds,
    healthCheckSeconds,
    deregistrationDelaySeconds: Math.max(
      0,
      Math.round(totalSeconds) - taskStartSeconds - healthCheckSeconds
    )
  }
}

/** `8.2×` how many times `theirs` is `ours`; `n/a` when either is missing or ours is 0. */
export function formatRatio(theirs: number, ours: number): string {
  if (!Number.isFinite(theirs) || !Number.isFinite(ours) || ours <= 0) return 'n/a'
  return `${(theirs / ours).toFixed(theirs / ours >= 10 ? 0 : 1)}×`
}
