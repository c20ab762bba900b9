/**
 * Amazon EventBridge Scheduler over REST JSON (signing name `scheduler`), as
 * far as scheduled ECS tasks need it: CreateSchedule, GetSchedule,
 * UpdateSchedule (which replaces the whole schedule, as the real one does)
 * and ListSchedules, in schedule groups (`default` unless named).
 * Timestamps are epoch seconds on the wire. Bodies are checked against the
 * SDK's own input shapes.
 */
import * as schedulerModel from '@aws-sdk/client-scheduler'
import { AwsError, epochSeconds, type EmulatorContext, type RestService } from './protocol.js'
import { validateShape } from './shapes.js'

type Json = Record<string, unknown>

interface Schedule {
  readonly name: string
  readonly group: string
  readonly arn: string
  readonly createdAt: number
  modifiedAt: number
  /** The members as last written (Target, FlexibleTimeWindow, ScheduleExpression, …). */
  body: Json
}

export interface SchedulerService extends RestService {
  /** The schedule as stored (for assertions). */
  scheduleOf(name: string, group?: string): Json | undefined
}

const validation = (message: string): AwsError => new AwsError('ValidationException', message)
const missing = (path: string): AwsError =>
  validation(
    `1 validation error detected: Value null at '${path}' failed to satisfy constraint: Member must not be null`
  )
const NAME = /^[0-9a-zA-Z\-_.]{1,64}$/
/** Members UpdateSchedule/CreateSchedule write (the rest are path, query or server-set). */
const WRITABLE = [
  'ScheduleExpression',
  'ScheduleExpressionTimezone',
  'StartDate',
  'EndDate',
  'Description',
  'State',
  'KmsKeyArn',
  'Target',
  'FlexibleTimeWindow',
  'ActionAfterCompletion'
]

export function createScheduler(ctx: EmulatorContext): SchedulerService {
  let schedules = new Map<string, Schedule>()
  const key = (group: string, name: string): string => `${group}/${name}`
  const arn = (group: string, name: string): string =>
    `arn:aws:scheduler:${ctx.region}:${ctx.accountId}:schedule/${group}/${name}`
  const notFound = (name: string): AwsError =>
    new AwsError('ResourceNotFoundException', `Schedule ${name} does not exist.`, 404)

  const check = (op: 'CreateSchedule' | 'UpdateSchedule', name: string, body: Json): void => {
    const schema = (schedulerModel as unknown as Record<string, unknown>)[`${op}Input$`]
    validateShape(schema, { ...body, Name: name }, missing)
    if (!NAME.test(name)) {
      throw validation(
        `1 validation error detected: Value '${name}' at 'name' failed to satisfy constraint: Member must satisfy regular expression pattern: ^[0-9a-zA-Z-_.]+$`
      )
    }
    const expression = String(body['ScheduleExpression'])
    if (!/^(rate\(.+\)|cron\(.+\)|at\(.+\))$/.test(expression)) {
      throw validation(`Invalid Schedule Expression ${expression}.`)
    }
    const target = body['Target'] as Json
    const ecs = target['EcsParameters'] as Json | undefined
    if (ecs && !/^arn:aws[a-z-]*:ecs:/.test(String(target['Arn']))) {
      throw validation('Provided Arn is not in correct format.') // [U]
    }
  }

  const wire = (s: Schedule): Json => ({
    Arn: s.arn,
    Name: s.name,
    GroupName: s.group,
    State: 'ENABLED',
    ...s.body,
    CreationDate: epochSeconds(s.createdAt),
    LastModificationDate: epochSeconds(s.modifiedAt)
  })

  const operations: Record<string, (r: Parameters<RestService['handle']>[1]) => unknown> = {
    CreateSchedule: ({ labels, body }) => {
      const name = labels['Name'] ?? ''
      check('CreateSchedule', name, body)
      const group = typeof body['GroupName'] === 'string' ? body['GroupName'] : 'default'
      if (schedules.has(key(group, name))) {
        throw new AwsError('ConflictException', `Schedule ${name} already exists.`, 409)
      }
      const now = ctx.now()
      const s: Schedule = {
        name,
        group,
        arn: arn(group, name),
        createdAt: now,
        modifiedAt: now,
        body: pick(body)
      }
      schedules.set(key(group, name), s)
      return { ScheduleArn: s.arn }
    },
    GetSchedule: ({ labels, query }) => {
      const name = labels['Name'] ?? ''
      const s = schedules.get(key(query.get('groupName') ?? 'default', name))
      if (!s) throw notFound(name)
      return wire(s)
    },
    UpdateSchedule: ({ labels, body }) => {
      const name = labels['Name'] ?? ''
      check('UpdateSchedule', name, body)
      const group = typeof body['GroupName'] === 'string' ? body['GroupName'] : 'default'
      const s = schedules.get(key(group, name))
      if (!s) throw notFound(name)
      // The whole schedule is replaced: what the request leaves out is gone.
      s.body = pick(body)
      s.modifiedAt = ctx.now()
      return { ScheduleArn: s.arn }
    },
    ListSchedules: ({ query }) => {
      const group = query.get('ScheduleGroup')
      const prefix = query.get('NamePrefix') ?? ''
      const state = query.get('State')
      const max = Number(query.get('MaxResults') ?? '100')
      if (!Number.isInteger(max) || max < 1 || max > 100) {
        throw validation(
          `1 validation error detected: Value '${max}' at 'maxResults' failed to satisfy constraint: Member must have value less than or equal to 100`
        )
      }
      const all = [...schedules.values()]
        .filter(
          (s) =>
            (group === null || s.group === group) &&
            s.name.startsWith(prefix) &&
            (state === null || (s.body['State'] ?? 'ENABLED') === state)
        )
        .sort((a, b) => key(a.group, a.name).localeCompare(key(b.group, b.name)))
      const token = query.get('NextToken')
      const offset = token === null ? 0 : Number(Buffer.from(token, 'base64').toString('utf8'))
      if (!Number.isInteger(offset) || offset < 0) throw validation('Invalid NextToken.')
      const slice = all.slice(offset, offset + max)
      return {
        Schedules: slice.map((s) => ({
          Arn: s.arn,
          Name: s.name,
          GroupName: s.group,
          State: s.body['State'] ?? 'ENABLED',
          CreationDate: epochSeconds(s.createdAt),
          LastModificationDate: epochSeconds(s.modifiedAt),
          Target: { Arn: (s.body['Target'] as Json)['Arn'] }
        })),
        ...(offset + max < all.length
          ? { NextToken: Buffer.from(String(offset + max)).toString('base64') }
          : {})
      }
    }
  }

  return {
    signingName: 'scheduler',
    route(method, path) {
      if (path === '/schedules' && method === 'GET')
        return { operation: 'ListSchedules', labels: {} }
      const m = /^\/schedules\/([^/]+)$/.exec(path)
      if (!m) return undefined
      const labels = { Name: decodeURIComponent(m[1] ?? '') }
      const operation =
        method === 'GET'
          ? 'GetSchedule'
          : method === 'PUT'
            ? 'UpdateSchedule'
            : method === 'POST'
              ? 'CreateSchedule'
              : undefined
      return operation ? { operation, labels } : undefined
    },
    handle(operation, request) {
      const op = operations[operation]
      if (!op) throw new AwsError('UnknownOperationException', `Unknown operation ${operation}`)
      return op(request)
    },
    scheduleOf: (name, group = 'default') => {
      const s = schedules.get(key(group, name))
      return s ? wire(s) : undefined
    },
    reset: () => {
      schedules = new Map()
    },
    snapshot: () =>
      Object.fromEntries([...schedules.values()].map((s) => [key(s.group, s.name), wire(s)]))
  }
}

function pick(body: Json): Json {
  const out: Json = {}
  for (const k of WRITABLE) if (body[k] !== undefined) out[k] = structuredClone(body[k])
  return out
}
