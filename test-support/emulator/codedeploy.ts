/**
 * AWS CodeDeploy for ECS blue/green deployments over AWS JSON 1.1 (target
 * prefix `CodeDeploy_20141006`, signing name `codedeploy`): applications and
 * deployment groups (seeded), CreateDeployment with an AppSpec, GetDeployment,
 * ListDeploymentTargets, GetDeploymentTarget, StopDeployment. Requests are
 * checked against the SDK's request shapes (shapes.ts; CodeDeploy names them `<Op>Input$`).
 *
 * A deployment walks the ECS lifecycle events one after the other, each
 * taking emulated time (one emulated minute = `minuteMs` real ms), shifts test
 * then production traffic between the Blue and Green task sets, waits the
 * group's termination wait, and on success points the ECS service at the new
 * task definition. A hook named in the AppSpec for a failing event (scenario)
 * fails that event with diagnostics, and the deployment fails and rolls back.
 *
 * The task sets are ECS's (ecs-task-sets.ts): Install creates the green task
 * set (`startedBy: CODE_DEPLOY`, `externalId` = the deployment id) whose tasks
 * start over time with the service's scenario as their fate, and lasts until
 * they all run healthy; crash-looping green tasks time Install out
 * (`installTimeoutMinutes`, 60 as in CodeDeploy). AllowTraffic makes green
 * PRIMARY; blue keeps running through the termination wait and is deleted at
 * the end. A failed or stopped deployment moves traffic back and deletes green.
 *
 * [U]: exact error and diagnostics texts; ids' forms follow real ones (d-XXXXXXXXX);
 * a target's `taskSetsInfo[].identifer` is taken to be the ECS task set id.
 */
import * as codeDeployModel from '@aws-sdk/client-codedeploy'
import { parse as parseYaml } from 'yaml'
import type { EcsEmulator } from './ecs.js'
import {
  AwsError,
  epochSeconds,
  type EmulatorContext,
  type JsonService,
  unknownOperation
} from './protocol.js'
import { validateShape } from './shapes.js'
import type { Json } from './ecs-state.js'

export const CODEDEPLOY_TARGET_PREFIX = 'CodeDeploy_20141006'

const EVENTS = [
  'BeforeInstall',
  'Install',
  'AfterInstall',
  'AllowTestTraffic',
  'AfterAllowTestTraffic',
  'BeforeAllowTraffic',
  'AllowTraffic',
  'AfterAllowTraffic'
] as const
/** Events that run an AppSpec hook (Lambda) when the AppSpec names one. */
const HOOK_EVENTS = new Set([
  'BeforeInstall',
  'AfterInstall',
  'AfterAllowTestTraffic',
  'BeforeAllowTraffic',
  'AfterAllowTraffic'
])
/** Emulated seconds per event. */
const EVENT_SECONDS: Record<string, number> = {
  BeforeInstall: 10,
  Install: 90,
  AfterInstall: 10,
  AllowTestTraffic: 30,
  AfterAllowTestTraffic: 10,
  BeforeAllowTraffic: 10,
  AllowTraffic: 60,
  AfterAllowTraffic: 10
}
const HOOK_SECONDS = 120

export interface DeploymentGroupSeed {
  readonly application: string
  readonly deploymentGroup: string
  readonly cluster: string
  readonly service: string
  readonly targetGroups?: readonly string[]
  /** Minutes blue keeps running after traffic moved (default 5). */
  readonly terminationWaitMinutes?: number
  readonly deploymentConfigName?: string
  /** The AppSpec hook at this lifecycle event fails. */
  readonly failingEvent?: string
  /** Minutes Install waits for the green task set to run healthy (default 60). */
  readonly installTimeoutMinutes?: number
  /** Green tasks crash once test traffic reaches them (exit code, log lines), and so do their replacements. */
  readonly testTrafficCrash?: { readonly exitCode?: number; readonly logLines?: readonly string[] }
}

interface EventRecord {
  name: string
  status: 'Pending' | 'InProgress' | 'Succeeded' | 'Failed' | 'Skipped'
  startTime?: number
  endTime?: number
  diagnostics?: Json
}

export interface CodeDeployDeployment {
  readonly id: string
  readonly application: string
  readonly deploymentGroup: string
  readonly deploymentConfigName: string
  readonly description?: string
  readonly appSpec: string
  readonly taskDefinition: string
  readonly createTime: number
  startTime?: number
  completeTime?: number
  status: string
  errorInformation?: { code: string; message: string }
  events: EventRecord[]
  eventIndex: number
  since: number
  greenWeight: number
  /** The task sets (ECS ids): the PRIMARY one when Install began, and the one it created. */
  blueTaskSetId?: string
  greenTaskSetId?: string
  /** Every status/event change, with its time (ms). */
  timeline: Array<{ at: number; status: string; event?: string; eventStatus?: string }>
}

export interface CodeDeployService extends JsonService {
  seedDeploymentGroup(seed: DeploymentGroupSeed): void
  deployments(): CodeDeployDeployment[]
  /** One step by the clock (the ECS timer calls it). */
  advance(): void
}

export function createCodeDeploy(
  context: EmulatorContext,
  ecs: EcsEmulator,
  options: { minuteMs?: number } = {}
): CodeDeployService {
  const minuteMs = options.minuteMs ?? 1000
  const seconds = (n: number): number => (n / 60) * minuteMs
  let groups = new Map<string, DeploymentGroupSeed & { id: string }>()
  let applications = new Map<string, { id: string; createdAt: number }>()
  let deployments: CodeDeployDeployment[] = []
  let counter = 0
  const key = (app: string, group: string): string => `${app}/${group}`

  const groupOrFail = (input: Json): DeploymentGroupSeed & { id: string } => {
    appOrFail(input)
    const g = groups.get(
      key(String(input['applicationName']), String(input['deploymentGroupName']))
    )
    if (!g)
      throw new AwsError(
        'DeploymentGroupDoesNotExistException',
        `No Deployment Group found for name: ${String(input['deploymentGroupName'])}`
      )
    return g
  }
  const appOrFail = (input: Json): { id: string; createdAt: number } => {
    const app = applications.get(String(input['applicationName']))
    if (!app)
      throw new AwsError(
        'ApplicationDoesNotExistException',
        `No application found for name: ${String(input['applicationName'])}`
      )
    return app
  }
  const deploymentOrFail = (input: Json): CodeDeployDeployment => {
    const d = deployments.find((x) => x.id === input['deploymentId'])
    if (!d)
      throw new AwsError(
        'DeploymentDoesNotExistException',
        `Deployment ${String(input['deploymentId'])} does not exist.`
      )
    return d
  }
  const mark = (d: CodeDeployDeployment, now: number, e?: EventRecord): void => {
    d.timeline.push({
      at: now,
      status: d.status,
      ...(e ? { event: e.name, eventStatus: e.status } : {})
    })
  }

  const hooksOf = (appSpec: string): Record<string, string> => {
    const parsed = parseYaml(appSpec) as Json
    const out: Record<string, string> = {}
    for (const h of (parsed['Hooks'] as Json[] | undefined) ?? []) {
      for (const [event, fn] of Object.entries(h))
        if (HOOK_EVENTS.has(event)) out[event] = String(fn)
    }
    return out
  }

  const step = (d: CodeDeployDeployment, now: number): void => {
    const group = groups.get(key(d.application, d.deploymentGroup))
    if (!group) return
    if (d.status === 'Created') {
      if (now - d.since >= seconds(10)) {
        d.status = 'InProgress'
        d.startTime = now
        d.since = now
        mark(d, now)
      }
      return
    }
    if (d.status !== 'InProgress') return
    const current = d.events[d.eventIndex]
    if (!current) {
      // Traffic is on green; blue waits for the termination wait, then the deployment succeeds.
      if (now - d.since >= seconds(60 * (group.terminationWaitMinutes ?? 5))) {
        d.status = 'Succeeded'
        d.completeTime = now
        const blue = d.blueTaskSetId ? ecs.taskSets.find(d.blueTaskSetId) : undefined
        if (blue) ecs.taskSets.remove(blue)
        mark(d, now)
      }
      return
    }
    if (current.status === 'Pending') {
      current.status = 'InProgress'
      current.startTime = now
      d.since = now
      if (current.name === 'Install') createGreen(d, group)
      mark(d, now, current)
      return
    }
    const hook = hooksOf(d.appSpec)[current.name]
    const length = seconds(EVENT_SECONDS[current.name] ?? 10) + (hook ? seconds(HOOK_SECONDS) : 0)
    if (now - d.since < length) return
    const green = d.greenTaskSetId ? ecs.taskSets.find(d.greenTaskSetId) : undefined
    if (current.name === 'Install' && !(green && ecs.taskSets.steady(green))) {
      const limit = group.installTimeoutMinutes ?? 60
      if (now - d.since < seconds(60 * limit)) return
      const message = `The deployment timed out while waiting for the replacement task set to become healthy. This time out period is ${limit} minutes.` // [U] from CodeDeploy's ECS error
      fail(d, now, current, { errorCode: 'UnknownError', message }, 'ECS_UPDATE_ERROR', message)
      return
    }
    if (hook && group.failingEvent === current.name) {
      fail(
        d,
        now,
        current,
        {
          errorCode: 'ScriptFailed',
          scriptName: hook,
          message: `The deployment failed because the ${current.name} hook function ${hook} returned Failed.`
        },
        'HEALTH_CONSTRAINTS',
        `The deployment failed because a specified lifecycle event hook ${current.name} failed.` // [U]
      )
      return
    }
    current.status = 'Succeeded'
    current.endTime = now
    if (current.name === 'AllowTestTraffic' && green && group.testTrafficCrash) {
      ecs.taskSets.crashUnderTraffic(green, group.testTrafficCrash)
    }
    if (current.name === 'AllowTraffic') {
      d.greenWeight = 100
      const svc = ecs.engine.findService(group.cluster, group.service)
      if (green) ecs.taskSets.promote(green)
      if (svc) svc.taskDefinition = d.taskDefinition
    }
    d.eventIndex += 1
    d.since = now
    mark(d, now, current)
  }

  /** Install: ECS creates the replacement task set, its tasks start on the engine's steps. */
  const createGreen = (d: CodeDeployDeployment, group: DeploymentGroupSeed): void => {
    const svc = ecs.engine.findService(group.cluster, group.service)
    const td = ecs.engine.resolveTaskDefinition(d.taskDefinition)
    if (!svc || !td) return
    const blue = ecs.taskSets.of(svc).find((s) => s.status === 'PRIMARY')
    if (blue) d.blueTaskSetId = blue.id
    const green = ecs.taskSets.create(svc, td, {
      status: 'ACTIVE',
      scale: 100,
      startedBy: 'CODE_DEPLOY',
      externalId: d.id
    })
    d.greenTaskSetId = green.id
  }

  /** Traffic back on blue (PRIMARY again) and the green task set deleted. */
  const rollBack = (d: CodeDeployDeployment): void => {
    d.greenWeight = 0
    const blue = d.blueTaskSetId ? ecs.taskSets.find(d.blueTaskSetId) : undefined
    const green = d.greenTaskSetId ? ecs.taskSets.find(d.greenTaskSetId) : undefined
    if (blue && blue.status !== 'PRIMARY') ecs.taskSets.promote(blue)
    if (green) ecs.taskSets.remove(green)
    const group = groups.get(key(d.application, d.deploymentGroup))
    const svc = group ? ecs.engine.findService(group.cluster, group.service) : undefined
    if (svc && blue) svc.taskDefinition = blue.taskDefinition
  }

  const fail = (
    d: CodeDeployDeployment,
    now: number,
    current: EventRecord,
    diagnostics: Json,
    code: string,
    message: string
  ): void => {
    current.status = 'Failed'
    current.endTime = now
    current.diagnostics = { ...diagnostics, logTail: '' }
    for (const e of d.events) if (e.status === 'Pending') e.status = 'Skipped'
    d.status = 'Failed'
    d.completeTime = now
    d.errorInformation = { code, message }
    rollBack(d)
    mark(d, now, current)
  }

  /** ECSTaskSet of a deployment target, from the ECS task set (or as it was, once deleted). */
  const taskSetInfo = (
    id: string | undefined,
    label: 'Blue' | 'Green',
    weight: number,
    targetGroup: string | undefined
  ): Json[] => {
    if (!id) return []
    const set = ecs.taskSets.find(id)
    const wired = set ? ecs.taskSets.wire(set) : undefined
    return [
      {
        identifer: id,
        desiredCount: wired?.['computedDesiredCount'] ?? 0,
        pendingCount: wired?.['pendingCount'] ?? 0,
        runningCount: wired?.['runningCount'] ?? 0,
        status: set?.status ?? 'DRAINING',
        trafficWeight: weight,
        targetGroup: { name: targetGroup },
        taskSetLabel: label
      }
    ]
  }

  const wireDeployment = (d: CodeDeployDeployment): Json => ({
    applicationName: d.application,
    deploymentGroupName: d.deploymentGroup,
    deploymentConfigName: d.deploymentConfigName,
    deploymentId: d.id,
    revision: {
      revisionType: 'AppSpecContent',
      appSpecContent: { content: d.appSpec, sha256: '' }
    },
    status: d.status,
    ...(d.errorInformation ? { errorInformation: d.errorInformation } : {}),
    createTime: epochSeconds(d.createTime),
    ...(d.startTime !== undefined ? { startTime: epochSeconds(d.startTime) } : {}),
    ...(d.completeTime !== undefined ? { completeTime: epochSeconds(d.completeTime) } : {}),
    deploymentOverview: {
      Pending: d.status === 'Created' ? 1 : 0,
      InProgress: d.status === 'InProgress' ? 1 : 0,
      Succeeded: d.status === 'Succeeded' ? 1 : 0,
      Failed: d.status === 'Failed' ? 1 : 0,
      Skipped: 0,
      Ready: 0
    },
    ...(d.description !== undefined ? { description: d.description } : {}),
    creator: 'user',
    ignoreApplicationStopFailures: false,
    updateOutdatedInstancesOnly: false,
    deploymentStyle: { deploymentType: 'BLUE_GREEN', deploymentOption: 'WITH_TRAFFIC_CONTROL' },
    instanceTerminationWaitTimeStarted: d.eventIndex >= EVENTS.length,
    fileExistsBehavior: 'DISALLOW',
    deploymentStatusMessages: [],
    computePlatform: 'ECS'
  })

  const currentPrimary = (g: DeploymentGroupSeed): string | undefined => {
    const svc = ecs.engine.findService(g.cluster, g.service)
    return svc ? ecs.taskSets.of(svc).find((s) => s.status === 'PRIMARY')?.id : undefined
  }

  const handlers: Record<string, (input: Json) => unknown> = {
    GetApplication: (input) => {
      const app = appOrFail(input)
      return {
        application: {
          applicationId: app.id,
          applicationName: input['applicationName'],
          createTime: epochSeconds(app.createdAt),
          linkedToGitHub: false,
          computePlatform: 'ECS'
        }
      }
    },
    GetDeploymentGroup: (input) => {
      const g = groupOrFail(input)
      const region = context.region
      return {
        deploymentGroupInfo: {
          applicationName: g.application,
          deploymentGroupId: g.id,
          deploymentGroupName: g.deploymentGroup,
          deploymentConfigName: g.deploymentConfigName ?? 'CodeDeployDefault.ECSAllAtOnce',
          serviceRoleArn: `arn:aws:iam::${context.accountId}:role/ecsCodeDeployRole`,
          deploymentStyle: {
            deploymentType: 'BLUE_GREEN',
            deploymentOption: 'WITH_TRAFFIC_CONTROL'
          },
          blueGreenDeploymentConfiguration: {
            terminateBlueInstancesOnDeploymentSuccess: {
              action: 'TERMINATE',
              terminationWaitTimeInMinutes: g.terminationWaitMinutes ?? 5
            },
            deploymentReadyOption: { actionOnTimeout: 'CONTINUE_DEPLOYMENT', waitTimeInMinutes: 0 }
          },
          loadBalancerInfo: {
            targetGroupPairInfoList: [
              {
                targetGroups: (g.targetGroups ?? ['tg-blue', 'tg-green']).map((name) => ({ name })),
                prodTrafficRoute: {
                  listenerArns: [
                    `arn:aws:elasticloadbalancing:${region}:${context.accountId}:listener/app/web/0123456789abcdef/1111111111111111`
                  ]
                },
                testTrafficRoute: {
                  listenerArns: [
                    `arn:aws:elasticloadbalancing:${region}:${context.accountId}:listener/app/web/0123456789abcdef/2222222222222222`
                  ]
                }
              }
            ]
          },
          ecsServices: [{ serviceName: g.service, clusterName: g.cluster }],
          computePlatform: 'ECS'
        }
      }
    },
    CreateDeployment: (input) => {
      const g = groupOrFail(input)
      const revision = (input['revision'] as Json | undefined) ?? {}
      const content = (revision['appSpecContent'] as Json | undefined)?.['content']
      if (revision['revisionType'] !== 'AppSpecContent' || typeof content !== 'string') {
        throw new AwsError(
          'InvalidRevisionException',
          'ECS deployments require an AppSpecContent revision.'
        ) // [U]
      }
      let taskDefinition: string
      try {
        const spec = parseYaml(content) as Json
        const target = ((spec['Resources'] as Json[])[0]!['TargetService'] as Json)[
          'Properties'
        ] as Json
        taskDefinition = String(target['TaskDefinition'])
      } catch {
        throw new AwsError('InvalidRevisionException', 'The AppSpec file is not valid.') // [U]
      }
      if (!ecs.engine.resolveTaskDefinition(taskDefinition)) {
        throw new AwsError(
          'InvalidRevisionException',
          `The task definition ${taskDefinition} does not exist.`
        ) // [U]
      }
      if (
        deployments.some(
          (d) =>
            d.application === g.application &&
            d.deploymentGroup === g.deploymentGroup &&
            (d.status === 'Created' || d.status === 'InProgress')
        )
      ) {
        throw new AwsError(
          'DeploymentLimitExceededException',
          `The Deployment Group '${g.deploymentGroup}' already has an active Deployment.`
        )
      }
      counter += 1
      const now = context.now()
      const d: CodeDeployDeployment = {
        id: `d-${String(counter).padStart(3, '0')}${'ABCDEFGHJ'.slice(0, 6)}`,
        application: g.application,
        deploymentGroup: g.deploymentGroup,
        deploymentConfigName:
          typeof input['deploymentConfigName'] === 'string'
            ? input['deploymentConfigName']
            : (g.deploymentConfigName ?? 'CodeDeployDefault.ECSAllAtOnce'),
        ...(typeof input['description'] === 'string' ? { description: input['description'] } : {}),
        appSpec: content,
        taskDefinition,
        createTime: now,
        status: 'Created',
        events: EVENTS.map((name) => ({ name, status: 'Pending' as const })),
        eventIndex: 0,
        since: now,
        greenWeight: 0,
        timeline: []
      }
      mark(d, now)
      deployments.unshift(d)
      return { deploymentId: d.id }
    },
    GetDeployment: (input) => ({ deploymentInfo: wireDeployment(deploymentOrFail(input)) }),
    ListDeploymentTargets: (input) => {
      const d = deploymentOrFail(input)
      const g = groups.get(key(d.application, d.deploymentGroup))!
      return { targetIds: [`${g.cluster}:${g.service}`] }
    },
    GetDeploymentTarget: (input) => {
      const d = deploymentOrFail(input)
      const g = groups.get(key(d.application, d.deploymentGroup))!
      const targetId = `${g.cluster}:${g.service}`
      if (input['targetId'] !== targetId) {
        throw new AwsError(
          'DeploymentTargetDoesNotExistException',
          `The target ${String(input['targetId'])} does not exist.`
        )
      }
      const tgs = g.targetGroups ?? ['tg-blue', 'tg-green']
      const status =
        d.status === 'Created' ? 'Pending' : d.status === 'InProgress' ? 'InProgress' : d.status
      return {
        deploymentTarget: {
          deploymentTargetType: 'ECSTarget',
          ecsTarget: {
            deploymentId: d.id,
            targetId,
            targetArn: `arn:aws:ecs:${context.region}:${context.accountId}:service/${g.cluster}/${g.service}`,
            lastUpdatedAt: epochSeconds(d.timeline.at(-1)?.at ?? d.createTime),
            lifecycleEvents: d.events.map((e) => ({
              lifecycleEventName: e.name,
              ...(e.diagnostics ? { diagnostics: e.diagnostics } : {}),
              ...(e.startTime !== undefined ? { startTime: epochSeconds(e.startTime) } : {}),
              ...(e.endTime !== undefined ? { endTime: epochSeconds(e.endTime) } : {}),
              status: e.status
            })),
            status,
            taskSetsInfo: [
              ...taskSetInfo(
                d.blueTaskSetId ?? currentPrimary(g),
                'Blue',
                100 - d.greenWeight,
                tgs[0]
              ),
              ...taskSetInfo(d.greenTaskSetId, 'Green', d.greenWeight, tgs[1])
            ]
          }
        }
      }
    },
    StopDeployment: (input) => {
      const d = deploymentOrFail(input)
      if (d.status !== 'Created' && d.status !== 'InProgress') {
        throw new AwsError(
          'DeploymentAlreadyCompletedException',
          `Deployment ${d.id} has already completed.`
        )
      }
      const now = context.now()
      d.status = 'Stopped'
      d.completeTime = now
      rollBack(d)
      d.errorInformation = { code: 'MANUAL_STOP', message: 'The deployment was stopped by a user.' } // [U]
      mark(d, now)
      return { status: 'Succeeded', statusMessage: 'Deployment stopped.' }
    }
  }

  const missing = (path: string): AwsError =>
    new AwsError('InvalidInputException', `${path} must not be null`)

  return {
    targetPrefix: CODEDEPLOY_TARGET_PREFIX,
    signingName: 'codedeploy',
    handle(op, input) {
      const handler = handlers[op]
      const schema = (codeDeployModel as Record<string, unknown>)[`${op}Input$`]
      if (!handler || !schema) throw unknownOperation(op)
      validateShape(schema, input, missing)
      return handler(input)
    },
    seedDeploymentGroup(seed) {
      if (!applications.has(seed.application)) {
        applications.set(seed.application, {
          id: `${counter}-app-${seed.application.length}`,
          createdAt: context.now()
        })
      }
      groups.set(key(seed.application, seed.deploymentGroup), {
        ...seed,
        id: `dg-${groups.size + 1}`
      })
    },
    deployments: () => structuredClone(deployments),
    advance() {
      const now = context.now()
      for (const d of deployments) step(d, now)
    },
    reset() {
      groups = new Map()
      applications = new Map()
      deployments = []
      counter = 0
    },
    snapshot: () => ({ deployments: structuredClone(deployments) })
  }
}
