/**
 * One DescribeServices for every service of the run per poll. Each service
 * keeps its own watch (watch.ts, deciding through evaluate.ts); their polls
 * go through one batch, which sends a call once every watch still running
 * has asked (or `gatherMs` after the first asked, so a watch busy elsewhere,
 * e.g. collecting diagnostics, never holds the others up) and never sooner
 * than `minIntervalMs` after the previous call: ECS's read quota is per
 * account, and three services cost what one did. Time comes from a Clock,
 * so it is tested without timers.
 */
import type { DescribeServicesCommandOutput, Service } from '@aws-sdk/client-ecs'
import type { Clock } from '../../util/time.js'
import { POLL_INTERVAL_MS } from '../watch.js'

/** What a watch asks for: its service as described now (undefined when ECS lists it as missing). */
export type DescribeService = (signal?: AbortSignal) => Promise<Service | undefined>

export interface BatchOptions {
  /** One DescribeServices for these services (names or ARNs of one cluster, at most 10). */
  send: (services: string[]) => Promise<Pick<DescribeServicesCommandOutput, 'services'>>
  clock: Clock
  /** The longest a call waits for watches that have not asked yet. */
  gatherMs?: number
  /** The shortest time between two calls. */
  minIntervalMs?: number
}

interface Waiter {
  resolve: (service: Service | undefined) => void
  reject: (error: unknown) => void
}

export const GATHER_MS = 1_000

export class DescribeServicesBatch {
  /** Calls sent, and the services in each (what the tests count). */
  readonly sent: string[][] = []
  private readonly active = new Set<string>()
  private pending = new Map<string, Waiter[]>()
  private sending = false
  private lastSentAt: number | undefined
  /** Which gathering round a timer belongs to: a round already sent ignores its timer. */
  private round = 0
  private gathering = false
  private readonly gatherMs: number
  private readonly minIntervalMs: number

  constructor(private readonly o: BatchOptions) {
    this.gatherMs = o.gatherMs ?? GATHER_MS
    this.minIntervalMs = o.minIntervalMs ?? POLL_INTERVAL_MS
  }

  /** The describe function of one service's watch; the service counts as watching until `done`. */
  describer(service: string): DescribeService {
    this.active.add(service)
    return (signal) => this.request(service, signal)
  }

  /** The service's watch has ended: later calls no longer wait for it. */
  done(service: string): void {
    this.active.delete(service)
    this.schedule()
  }

  private request(service: string, signal?: AbortSignal): Promise<Service | undefined> {
    return new Promise((resolve, reject) => {
      if (signal?.aborted) return resolve(undefined)
      const waiter: Waiter = {
        resolve: (s) => {
          signal?.removeEventListener('abort', onAbort)
          resolve(s)
        },
        reject: (e) => {
          signal?.removeEventListener('abort', onAbort)
          // The SDK's own error, passed through as the watch's own call would throw it.
          // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors
          reject(e)
        }
      }
      // A cancelled watch stops waiting at once; the others keep their call.
      const onAbort = (): void => {
        const list = (this.pending.get(service) ?? []).filter((w) => w !== waiter)
        if (list.length > 0) this.pending.set(service, list)
        else this.pending.delete(service)
        resolve(undefined)
        this.schedule()
      }
      signal?.addEventListener('abort', onAbort, { once: true })
      this.pending.set(service, [...(this.pending.get(service) ?? []), waiter])
      this.schedule()
    })
  }

  private schedule(): void {
    if (this.sending || this.pending.size === 0) return
    if ([...this.active].every((s) => this.pending.has(s))) {
      void this.send()
      return
    }
    if (this.gathering) return
    this.gathering = true
    const round = this.round
    void this.o.clock.sleep(this.gatherMs).then(() => {
      if (round !== this.round) return
      this.gathering = false
      void this.send()
    })
  }

  private async send(): Promise<void> {
    if (this.sending) return
    this.sending = true
    this.round++
    this.gathering = false
    try {
      const wait =
        this.lastSentAt === undefined
          ? 0
          : this.lastSentAt + this.minIntervalMs - this.o.clock.now()
      if (wait > 0) await this.o.clock.sleep(wait)
      const batch = this.pending
      this.pending = new Map()
      if (batch.size === 0) return
      const services = [...batch.keys()]
      this.lastSentAt = this.o.clock.now()
      this.sent.push(services)
      try {
        const out = await this.o.send(services)
        for (const [name, waiters] of batch) {
          const found = (out.services ?? []).find(
            (s) => s.serviceName === name || s.serviceArn === name
          )
          for (const w of waiters) w.resolve(found)
        }
      } catch (error) {
        // Each watch judges the error as it would its own call (retry at the next poll, or fail).
        for (const waiters of batch.values()) for (const w of waiters) w.reject(error)
      }
    } finally {
      this.sending = false
      this.schedule()
    }
  }
}
