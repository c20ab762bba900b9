/**
 * CloudWatch Logs over AWS JSON 1.1 (target prefix `Logs_20140328`, signing
 * name `logs`): the reads a deploy tool makes after a failure (GetLogEvents,
 * FilterLogEvents, DescribeLogStreams, DescribeLogGroups) plus the writes a
 * test may want (CreateLogGroup, CreateLogStream, PutLogEvents). The lines
 * come from the ECS scenarios, which write into the shared LogStore.
 * Timestamps here are epoch milliseconds, as the Logs API has them.
 */
import * as logsModel from '@aws-sdk/client-cloudwatch-logs'
import { AwsError, type JsonService, unknownOperation } from './protocol.js'
import { requestSchema, validateShape } from './shapes.js'

export interface LogEvent {
  readonly timestamp: number
  readonly message: string
  readonly ingestionTime: number
  readonly eventId: string
}

interface LogStream {
  readonly name: string
  readonly creationTime: number
  readonly events: LogEvent[]
}

interface LogGroup {
  readonly name: string
  readonly creationTime: number
  readonly streams: Map<string, LogStream>
}

/** Log groups and streams, shared by the ECS scenarios (writers) and the Logs API (readers). */
export class LogStore {
  private groups = new Map<string, LogGroup>()
  private nextEventId = 1

  constructor(private readonly now: () => number) {}

  /** Appends lines (one event each, 1 ms apart), creating group and stream when missing. */
  put(group: string, stream: string, lines: readonly string[], at = this.now()): void {
    const s = this.stream(group, stream, true)
    if (!s) return
    lines.forEach((message, i) => {
      s.events.push({
        timestamp: at + i,
        message,
        ingestionTime: at + i + 1,
        eventId: String(this.nextEventId++).padStart(56, '0')
      })
    })
  }

  group(name: string): LogGroup | undefined {
    return this.groups.get(name)
  }

  createGroup(name: string): boolean {
    if (this.groups.has(name)) return false
    this.groups.set(name, { name, creationTime: this.now(), streams: new Map() })
    return true
  }

  stream(group: string, stream: string, create = false): LogStream | undefined {
    if (create) this.createGroup(group)
    const g = this.groups.get(group)
    if (!g) return undefined
    let s = g.streams.get(stream)
    if (!s && create) {
      s = { name: stream, creationTime: this.now(), events: [] }
      g.streams.set(stream, s)
    }
    return s
  }

  allGroups(): LogGroup[] {
    return [...this.groups.values()]
  }

  /** group → stream → messages, for the state snapshot. */
  dump(): Record<string, Record<string, string[]>> {
    return Object.fromEntries(
      [...this.groups.values()].map((g) => [
        g.name,
        Object.fromEntries(
          [...g.streams.values()].map((s) => [s.name, s.events.map((e) => e.message)])
        )
      ])
    )
  }

  reset(): void {
    this.groups = new Map()
    this.nextEventId = 1
  }
}

// Logs answers a missing required member in the Coral validation wording.
const missing = (path: string): AwsError =>
  new AwsError(
    'InvalidParameterException',
    `1 validation error detected: Value null at '${path}' failed to satisfy constraint: Member must not be null`
  )

export function createLogs(
  store: LogStore,
  where: { readonly region: string; readonly accountId: string } = {
    region: 'us-east-1',
    accountId: '123456789012'
  }
): JsonService {
  const groupOf = (input: Record<string, unknown>): LogGroup => {
    const name = input['logGroupName']
    const identifier = input['logGroupIdentifier']
    if ((name === undefined) === (identifier === undefined)) {
      throw new AwsError(
        'InvalidParameterException',
        'Exactly one of logGroupName or logGroupIdentifier must be specified.'
      )
    }
    const raw = String(name ?? identifier)
    // An identifier may be the group's ARN: arn:aws:logs:<r>:<a>:log-group:<name>[:*]
    const groupName = raw.startsWith('arn:')
      ? (raw.split(':log-group:')[1]?.replace(/:\*$/, '') ?? raw)
      : raw
    const g = store.group(groupName)
    if (!g)
      throw new AwsError('ResourceNotFoundException', 'The specified log group does not exist.')
    return g
  }

  const handlers: Record<string, (input: Record<string, unknown>) => unknown> = {
    GetLogEvents: (input) => {
      const g = groupOf(input)
      const s = g.streams.get(String(input['logStreamName']))
      if (!s)
        throw new AwsError('ResourceNotFoundException', 'The specified log stream does not exist.')
      const limit = Math.min(num(input['limit']) ?? 10000, 10000)
      const inRange = rangeFilter(input)
      const indexes = s.events.map((e, i) => (inRange(e) ? i : -1)).filter((i) => i >= 0)
      const token = typeof input['nextToken'] === 'string' ? input['nextToken'] : undefined
      let picked: number[]
      if (token?.startsWith('f/')) {
        const from = Number(token.slice(2))
        picked = indexes.filter((i) => i >= from).slice(0, limit)
      } else if (token?.startsWith('b/')) {
        const before = Number(token.slice(2))
        picked = indexes.filter((i) => i < before).slice(-limit)
      } else if (token !== undefined) {
        throw new AwsError('InvalidParameterException', 'The specified nextToken is invalid.')
      } else {
        picked = input['startFromHead'] === true ? indexes.slice(0, limit) : indexes.slice(-limit)
      }
      const first = picked[0] ?? (token ? Number(token.slice(2)) : s.events.length)
      const last = picked.length > 0 ? (picked[picked.length - 1] ?? 0) + 1 : first
      return {
        events: picked.map((i) => {
          const e = s.events[i] as LogEvent
          return { timestamp: e.timestamp, message: e.message, ingestionTime: e.ingestionTime }
        }),
        nextForwardToken: `f/${String(last).padStart(56, '0')}`,
        nextBackwardToken: `b/${String(first).padStart(56, '0')}`
      }
    },
    FilterLogEvents: (input) => {
      const g = groupOf(input)
      const names = input['logStreamNames'] as string[] | undefined
      const prefix = input['logStreamNamePrefix'] as string | undefined
      if (names && prefix !== undefined) {
        throw new AwsError(
          'InvalidParameterException',
          'logStreamNames and logStreamNamePrefix are mutually exclusive'
        )
      }
      const streams = [...g.streams.values()].filter(
        (s) =>
          (!names || names.includes(s.name)) && (prefix === undefined || s.name.startsWith(prefix))
      )
      const inRange = rangeFilter(input)
      const matches = patternMatcher(
        typeof input['filterPattern'] === 'string' ? input['filterPattern'] : ''
      )
      const all = streams
        .flatMap((s) =>
          s.events.filter((e) => inRange(e) && matches(e.message)).map((e) => ({ s, e }))
        )
        .sort((a, b) => a.e.timestamp - b.e.timestamp || a.e.eventId.localeCompare(b.e.eventId))
      const offset = typeof input['nextToken'] === 'string' ? decodeToken(input['nextToken']) : 0
      const limit = Math.min(num(input['limit']) ?? 10000, 10000)
      const page = all.slice(offset, offset + limit)
      return {
        events: page.map(({ s, e }) => ({
          logStreamName: s.name,
          timestamp: e.timestamp,
          message: e.message,
          ingestionTime: e.ingestionTime,
          eventId: e.eventId
        })),
        searchedLogStreams: streams.map((s) => ({
          logStreamName: s.name,
          searchedCompletely: true
        })),
        ...(offset + limit < all.length ? { nextToken: encodeToken(offset + limit) } : {})
      }
    },
    DescribeLogStreams: (input) => {
      const g = groupOf(input)
      const prefix = input['logStreamNamePrefix'] as string | undefined
      const orderBy = (input['orderBy'] as string | undefined) ?? 'LogStreamName'
      if (orderBy === 'LastEventTime' && prefix !== undefined) {
        throw new AwsError(
          'InvalidParameterException',
          'Cannot order by LastEventTime with a logStreamNamePrefix.'
        )
      }
      const limit = num(input['limit']) ?? 50
      if (limit < 1 || limit > 50) {
        throw new AwsError(
          'InvalidParameterException',
          `1 validation error detected: Value '${limit}' at 'limit' failed to satisfy constraint: Member must have value less than or equal to 50`
        )
      }
      const last = (s: LogStream): number => s.events[s.events.length - 1]?.timestamp ?? 0
      let streams = [...g.streams.values()].filter(
        (s) => prefix === undefined || s.name.startsWith(prefix)
      )
      streams.sort((a, b) =>
        orderBy === 'LastEventTime' ? last(a) - last(b) : a.name.localeCompare(b.name)
      )
      if (input['descending'] === true) streams = streams.reverse()
      const offset = typeof input['nextToken'] === 'string' ? decodeToken(input['nextToken']) : 0
      const page = streams.slice(offset, offset + limit)
      return {
        logStreams: page.map((s) => {
          const first = s.events[0]
          const lastEvent = s.events[s.events.length - 1]
          return {
            logStreamName: s.name,
            creationTime: s.creationTime,
            ...(first ? { firstEventTimestamp: first.timestamp } : {}),
            ...(lastEvent
              ? {
                  lastEventTimestamp: lastEvent.timestamp,
                  lastIngestionTime: lastEvent.ingestionTime
                }
              : {}),
            arn: `${groupArn(g.name)}:log-stream:${s.name}`,
            storedBytes: 0
          }
        }),
        ...(offset + limit < streams.length ? { nextToken: encodeToken(offset + limit) } : {})
      }
    },
    DescribeLogGroups: (input) => {
      const prefix = input['logGroupNamePrefix'] as string | undefined
      const groups = store
        .allGroups()
        .filter((g) => prefix === undefined || g.name.startsWith(prefix))
        .sort((a, b) => a.name.localeCompare(b.name))
      return {
        logGroups: groups.map((g) => ({
          logGroupName: g.name,
          creationTime: g.creationTime,
          metricFilterCount: 0,
          arn: `${groupArn(g.name)}:*`,
          logGroupArn: groupArn(g.name),
          storedBytes: 0,
          logGroupClass: 'STANDARD'
        }))
      }
    },
    CreateLogGroup: (input) => {
      const name = String(input['logGroupName'])
      if (!store.createGroup(name)) {
        throw new AwsError(
          'ResourceAlreadyExistsException',
          'The specified log group already exists'
        )
      }
      return {}
    },
    CreateLogStream: (input) => {
      const g = groupOf(input)
      const name = String(input['logStreamName'])
      if (g.streams.has(name)) {
        throw new AwsError(
          'ResourceAlreadyExistsException',
          'The specified log stream already exists'
        )
      }
      store.stream(g.name, name, true)
      return {}
    },
    PutLogEvents: (input) => {
      const g = groupOf(input)
      const s = g.streams.get(String(input['logStreamName']))
      if (!s)
        throw new AwsError('ResourceNotFoundException', 'The specified log stream does not exist.')
      const events =
        (input['logEvents'] as { timestamp: number; message: string }[] | undefined) ?? []
      for (const e of events) store.put(g.name, s.name, [e.message], e.timestamp)
      return { rejectedLogEventsInfo: undefined }
    }
  }

  function groupArn(name: string): string {
    return `arn:aws:logs:${where.region}:${where.accountId}:log-group:${name}`
  }

  return {
    targetPrefix: 'Logs_20140328',
    signingName: 'logs',
    handle(op, input) {
      const handler = handlers[op]
      const schema = requestSchema(logsModel, op)
      if (!handler || !schema) throw unknownOperation(op)
      validateShape(schema, input, missing)
      return handler(input)
    }
  }
}

function num(v: unknown): number | undefined {
  return typeof v === 'number' ? v : undefined
}

function rangeFilter(input: Record<string, unknown>): (e: LogEvent) => boolean {
  const start = num(input['startTime'])
  const end = num(input['endTime'])
  return (e) =>
    (start === undefined || e.timestamp >= start) && (end === undefined || e.timestamp <= end)
}

/**
 * The plain-text part of the CloudWatch filter syntax: space-separated terms
 * that must all appear, `"quoted phrases"`, `-term` to exclude, and a
 * pattern made only of `?term`s matching any of them. JSON and space-delimited
 * patterns are not emulated (they match everything).
 */
export function patternMatcher(pattern: string): (message: string) => boolean {
  const p = pattern.trim()
  if (p === '' || p.startsWith('{') || p.startsWith('[')) return () => true
  const terms = [...p.matchAll(/([?-]?)(?:"([^"]*)"|(\S+))/g)].map((m) => ({
    op: m[1] ?? '',
    text: m[2] ?? m[3] ?? ''
  }))
  const any = terms.filter((t) => t.op === '?')
  const all = terms.filter((t) => t.op === '')
  const none = terms.filter((t) => t.op === '-')
  return (message) =>
    all.every((t) => message.includes(t.text)) &&
    none.every((t) => !message.includes(t.text)) &&
    (any.length === 0 || any.some((t) => message.includes(t.text)))
}

function encodeToken(offset: number): string {
  return Buffer.from(JSON.stringify({ offset })).toString('base64')
}

function decodeToken(token: string): number {
  try {
    const v = JSON.parse(Buffer.from(token, 'base64').toString('utf8')) as { offset?: unknown }
    if (typeof v.offset === 'number') return v.offset
  } catch {
    // fall through
  }
  throw new AwsError('InvalidParameterException', 'The specified nextToken is invalid.')
}
