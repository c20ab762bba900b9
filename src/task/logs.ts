/**
 * Follows one CloudWatch log stream forward (GetLogEvents from the head, then
 * the forward token): every call returns only the events not seen before, so
 * each line is printed once. The stream appears only once the container
 * starts; until then there is nothing to read. Log text is application
 * output: it is returned as data and printed by the caller with a prefix.
 */
import type { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs'
import { isNotFound } from '../aws/errors.js'
import { awsErrorName, errorMessage } from '../util/errors.js'
import { splitLines } from '../util/inert.js'

/** Lines kept for the failure report. */
export const TAIL_LINES = 30
/** Pages read per poll at most (10,000 events or 1 MB each). */
const MAX_PAGES = 5

export interface StreamRef {
  container: string
  group: string
  stream: string
}

export class LogFollower {
  private token: string | undefined
  private readonly tail: string[] = []
  /** Set when the stream cannot be read (no permission, …): reading stops. */
  problem: string | undefined

  constructor(
    private readonly client: CloudWatchLogsClient,
    readonly ref: StreamRef
  ) {}

  /** The new lines since the last call, each event split into its lines. */
  async poll(): Promise<string[]> {
    if (this.problem) return []
    const out: string[] = []
    const { GetLogEventsCommand } = await import('@aws-sdk/client-cloudwatch-logs') // a chunk: see aws/clients.ts
    // Not paginateGetLogEvents: the token outlives this poll (the next one resumes from it) and a poll stops at MAX_PAGES.
    for (let page = 0; page < MAX_PAGES; page++) {
      let response
      try {
        response = await this.client.send(
          new GetLogEventsCommand({
            logGroupName: this.ref.group,
            logStreamName: this.ref.stream,
            startFromHead: true,
            ...(this.token ? { nextToken: this.token } : {})
          })
        )
      } catch (error) {
        // The stream does not exist before the container starts.
        if (isNotFound(error, 'resource')) return out
        this.problem = `${awsErrorName(error) ?? 'Error'}: ${errorMessage(error)}`
        return out
      }
      const events = response.events ?? []
      for (const e of events) out.push(...eventLines(e.message ?? ''))
      const next = response.nextForwardToken
      // The same token back means the end of the stream for now.
      const done = !next || next === this.token || events.length === 0
      if (next) this.token = next
      if (done) break
    }
    this.tail.push(...out)
    if (this.tail.length > TAIL_LINES) this.tail.splice(0, this.tail.length - TAIL_LINES)
    return out
  }

  /** The last TAIL_LINES lines read. */
  lastLines(): string[] {
    return [...this.tail]
  }
}

/** One event's message as lines: a trailing newline dropped, embedded ones split. */
export function eventLines(message: string): string[] {
  return splitLines(message.replace(/\r?\n$/, ''))
}

/** The stream each awslogs container of the task writes to (`prefix/container/task-id`). */
export function streamsOf(
  configs: ReadonlyArray<{ container: string; group: string; prefix?: string; region?: string }>,
  taskId: string
): { streams: Array<StreamRef & { region?: string }>; unreadable: string[] } {
  const streams: Array<StreamRef & { region?: string }> = []
  const unreadable: string[] = []
  for (const c of configs) {
    if (!c.prefix) {
      unreadable.push(c.container)
      continue
    }
    streams.push({
      container: c.container,
      group: c.group,
      stream: `${c.prefix}/${c.container}/${taskId}`,
      ...(c.region ? { region: c.region } : {})
    })
  }
  return { streams, unreadable }
}
