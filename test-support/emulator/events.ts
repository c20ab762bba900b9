/**
 * Amazon EventBridge over AWS JSON 1.1 (target prefix `AWSEvents`, signing
 * name `events`), as far as scheduled ECS tasks need it: rules (PutRule,
 * DescribeRule, ListRules) and their targets (PutTargets, ListTargetsByRule,
 * ListRuleNamesByTarget, RemoveTargets). Requests are checked against the
 * SDK's own request shapes first; ECS targets are checked the way
 * EventBridge checks them (a role to pass, a task definition ARN).
 */
import * as eventsModel from '@aws-sdk/client-eventbridge'
import { AwsError, type EmulatorContext, type JsonService, unknownOperation } from './protocol.js'
import { requestSchema, validateShape } from './shapes.js'

type Json = Record<string, unknown>

interface Rule {
  name: string
  bus: string
  arn: string
  scheduleExpression?: string
  eventPattern?: string
  state: string
  description?: string
  roleArn?: string
  createdBy: string
  targets: Json[]
}

export interface EventBridgeService extends JsonService {
  /** The rule's targets as stored (for assertions). */
  targetsOf(rule: string, bus?: string): Json[]
}

const validation = (message: string): AwsError => new AwsError('ValidationException', message)
const missing = (path: string): AwsError =>
  validation(
    `1 validation error detected: Value null at '${path}' failed to satisfy constraint: Member must not be null`
  )

const RULE_NAME = /^[.\-_A-Za-z0-9]{1,64}$/
const MAX_TARGETS = 5

export function createEventBridge(ctx: EmulatorContext): EventBridgeService {
  let rules = new Map<string, Rule>()
  const key = (bus: string, name: string): string => `${bus}/${name}`
  const busOf = (input: Json): string =>
    typeof input['EventBusName'] === 'string'
      ? String(input['EventBusName']).split('/').pop()!
      : 'default'
  const ruleArn = (bus: string, name: string): string =>
    `arn:aws:events:${ctx.region}:${ctx.accountId}:rule/${bus === 'default' ? '' : `${bus}/`}${name}`
  const ruleOrFail = (input: Json, member = 'Rule'): Rule => {
    const bus = busOf(input)
    const r = rules.get(key(bus, String(input[member])))
    if (!r) {
      throw new AwsError(
        'ResourceNotFoundException',
        `Rule ${String(input[member])} does not exist on EventBus ${bus}.`
      )
    }
    return r
  }
  const page = <T>(items: T[], input: Json): { items: T[]; next?: string } => {
    const limit = typeof input['Limit'] === 'number' ? input['Limit'] : 100
    const offset =
      typeof input['NextToken'] === 'string'
        ? Number(Buffer.from(String(input['NextToken']), 'base64').toString('utf8'))
        : 0
    if (!Number.isInteger(offset) || offset < 0) throw validation('The NextToken is invalid.')
    const slice = items.slice(offset, offset + limit)
    return {
      items: slice,
      ...(offset + limit < items.length
        ? { next: Buffer.from(String(offset + limit)).toString('base64') }
        : {})
    }
  }

  const handlers: Record<string, (input: Json) => unknown> = {
    PutRule: (input) => {
      const name = String(input['Name'])
      if (!RULE_NAME.test(name)) {
        throw validation(
          `1 validation error detected: Value '${name}' at 'name' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\.\\-_A-Za-z0-9]+`
        )
      }
      if (input['ScheduleExpression'] === undefined && input['EventPattern'] === undefined) {
        throw validation('Parameter(s) EventPattern or ScheduleExpression must be specified.')
      }
      const bus = busOf(input)
      const existing = rules.get(key(bus, name))
      const rule: Rule = {
        name,
        bus,
        arn: ruleArn(bus, name),
        state: typeof input['State'] === 'string' ? input['State'] : 'ENABLED',
        createdBy: ctx.accountId,
        targets: existing?.targets ?? [],
        ...(typeof input['ScheduleExpression'] === 'string'
          ? { scheduleExpression: input['ScheduleExpression'] }
          : {}),
        ...(typeof input['EventPattern'] === 'string'
          ? { eventPattern: input['EventPattern'] }
          : {}),
        ...(typeof input['Description'] === 'string' ? { description: input['Description'] } : {}),
        ...(typeof input['RoleArn'] === 'string' ? { roleArn: input['RoleArn'] } : {})
      }
      rules.set(key(bus, name), rule)
      return { RuleArn: rule.arn }
    },
    DescribeRule: (input) => wireRule(ruleOrFail(input, 'Name')),
    ListRules: (input) => {
      const bus = busOf(input)
      const prefix = typeof input['NamePrefix'] === 'string' ? input['NamePrefix'] : ''
      const all = [...rules.values()]
        .filter((r) => r.bus === bus && r.name.startsWith(prefix))
        .sort((a, b) => a.name.localeCompare(b.name))
      const p = page(all, input)
      return { Rules: p.items.map(wireRule), ...(p.next ? { NextToken: p.next } : {}) }
    },
    ListRuleNamesByTarget: (input) => {
      const bus = busOf(input)
      const arn = String(input['TargetArn'])
      const names = [...rules.values()]
        .filter((r) => r.bus === bus && r.targets.some((t) => t['Arn'] === arn))
        .map((r) => r.name)
        .sort()
      const p = page(names, input)
      return { RuleNames: p.items, ...(p.next ? { NextToken: p.next } : {}) }
    },
    ListTargetsByRule: (input) => {
      const r = ruleOrFail(input)
      const p = page(r.targets, input)
      return { Targets: p.items, ...(p.next ? { NextToken: p.next } : {}) }
    },
    PutTargets: (input) => {
      const r = ruleOrFail(input)
      const targets = input['Targets'] as Json[]
      if (targets.length === 0 || targets.length > 10) {
        throw validation(
          `1 validation error detected: Value at 'targets' failed to satisfy constraint: Member must have length less than or equal to 10`
        )
      }
      const failed: Json[] = []
      for (const t of targets) {
        const problem = targetProblem(t)
        if (problem) {
          failed.push({
            TargetId: t['Id'],
            ErrorCode: 'ValidationException',
            ErrorMessage: problem
          })
          continue
        }
        const index = r.targets.findIndex((x) => x['Id'] === t['Id'])
        if (index >= 0) r.targets[index] = structuredClone(t)
        else if (r.targets.length >= MAX_TARGETS) {
          throw new AwsError(
            'LimitExceededException',
            `The requested resource exceeds the maximum number allowed.`
          )
        } else r.targets.push(structuredClone(t))
      }
      return { FailedEntryCount: failed.length, FailedEntries: failed }
    },
    RemoveTargets: (input) => {
      const r = ruleOrFail(input)
      const ids = input['Ids'] as string[]
      r.targets = r.targets.filter((t) => !ids.includes(String(t['Id'])))
      return { FailedEntryCount: 0, FailedEntries: [] }
    }
  }

  function wireRule(r: Rule): Json {
    return {
      Name: r.name,
      Arn: r.arn,
      ...(r.eventPattern ? { EventPattern: r.eventPattern } : {}),
      ...(r.scheduleExpression ? { ScheduleExpression: r.scheduleExpression } : {}),
      State: r.state,
      ...(r.description ? { Description: r.description } : {}),
      ...(r.roleArn ? { RoleArn: r.roleArn } : {}),
      EventBusName: r.bus,
      CreatedBy: r.createdBy
    }
  }

  return {
    targetPrefix: 'AWSEvents',
    signingName: 'events',
    handle(op, input) {
      const handler = handlers[op]
      const schema = requestSchema(eventsModel, op)
      if (!handler || !schema) throw unknownOperation(op)
      validateShape(schema, input, missing)
      return handler(input)
    },
    targetsOf: (rule, bus = 'default') => structuredClone(rules.get(key(bus, rule))?.targets ?? []),
    reset: () => {
      rules = new Map()
    },
    snapshot: () =>
      Object.fromEntries(
        [...rules.values()].map((r) => [key(r.bus, r.name), { ...wireRule(r), Targets: r.targets }])
      )
  }
}

/** What EventBridge refuses in an ECS target. [U] texts */
function targetProblem(t: Json): string | undefined {
  const ecs = t['EcsParameters'] as Json | undefined
  if (!ecs) return undefined
  if (typeof t['RoleArn'] !== 'string') {
    return 'RoleArn is required for target with ECS parameters.'
  }
  const arn = String(ecs['TaskDefinitionArn'])
  if (!/^arn:aws[a-z-]*:ecs:[a-z0-9-]+:\d{12}:task-definition\/[A-Za-z0-9_-]+(:\d+)?$/.test(arn)) {
    return `Parameter TaskDefinitionArn is not valid: ${arn}.`
  }
  return undefined
}
