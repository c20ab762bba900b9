/**
 * The preview end-to-end world: the e2e world (emulator with ECS, ECR over
 * the real registry, ELBv2) plus the GitHub REST fake, and a base service
 * behind an Application Load Balancer to copy. `runPr` runs the bundle as a
 * `pull_request` workflow run would: an event file, the runner's pull
 * request variables, the token through the `github-token` input.
 */
import { afterAll, beforeAll } from '@jest/globals'
import { createHash } from 'node:crypto'
import { mkdtemp } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import {
  pullRequestEnv,
  startGitHubFake,
  writePullRequestEvent,
  type GitHubFake,
  type PullRequestEventOptions
} from '../../test-support/github-fake/index.js'
import type {
  SeedApplicationOptions,
  SeededApplication
} from '../../test-support/emulator/elbv2.js'
import type { ActionRun } from '../../test-support/harness.js'
import { previewTargetGroupName } from '../../src/preview/names.js'
import { sampleTaskDefinition, serviceRecord, uniqueName, type World } from './world.js'
import { useWorld } from './use-world.js'

export const REPOSITORY = 'octo/app'
export const WRITE_TOKEN = 'ghs_previewwrite0000000000000000000001'
export const READ_TOKEN = 'ghs_previewread00000000000000000000002'
export const CLUSTER = 'preview'

export interface PreviewWorld {
  world: World
  github: GitHubFake
  close(): Promise<void>
}

/**
 * The file's preview world, started before its tests and closed after them
 * (useWorld's set-up, the preview cluster and `clusters` seeded, plus the
 * GitHub fake).
 */
export function usePreviewWorld(clusters: readonly string[] = []): PreviewWorld {
  const world = useWorld({ clusters: [CLUSTER, ...clusters] })
  let github: GitHubFake | undefined
  beforeAll(async () => {
    github = await startGitHubFake({
      repository: REPOSITORY,
      tokens: { [WRITE_TOKEN]: 'write', [READ_TOKEN]: 'read' }
    })
  })
  afterAll(async () => {
    await github?.close()
  })
  return {
    world,
    get github() {
      if (!github) throw new Error('the GitHub fake is used before its beforeAll started it')
      return github
    },
    async close() {
      await github?.close()
      await world.close()
    }
  }
}

/** A base service behind an ALB: what previews copy, and what they must never touch. */
export interface BaseService {
  service: string
  family: string
  taskDefinitionArn: string
  app: SeededApplication
  /** The listener the base target group is reached through (HTTPS when there is one). */
  listenerArn: string
  networkConfiguration: Record<string, unknown>
}

export async function seedBaseService(
  world: World,
  options: {
    service?: string
    https?: boolean
    tags?: Array<{ key: string; value: string }>
    /** Overrides for the load balancer (e.g. `forwardVia`, target group `tags`). */
    app?: Partial<SeedApplicationOptions>
    /** Default CLUSTER (seeded by startPreviewWorld; seed others first). */
    cluster?: string
    /** Default a new unique family. */
    family?: string
  } = {}
): Promise<BaseService> {
  const service = options.service ?? uniqueName('web')
  const family = options.family ?? uniqueName('fam')
  const https = options.https ?? true
  const app = world.elb.control.seedApplication({
    name: uniqueName('alb').slice(0, 32),
    targetGroupName: uniqueName('base-tg'),
    https,
    healthCheckPath: '/healthz',
    ...options.app
  })
  const td = await sampleTaskDefinition(family)
  const containers = td['containerDefinitions'] as Array<Record<string, unknown>>
  containers[0]!['image'] = 'registry.example.com/sample/web:1.0.0'
  const networkConfiguration = {
    awsvpcConfiguration: {
      subnets: ['subnet-0aa11bb22cc33dd44', 'subnet-0ee55ff66aa77bb88'],
      securityGroups: ['sg-0123456789abcdef0'],
      assignPublicIp: 'DISABLED'
    }
  }
  const seeded = await world.emulator.seedService({
    cluster: options.cluster ?? CLUSTER,
    serviceName: service,
    taskDefinition: td,
    desiredCount: 2,
    launchType: 'FARGATE',
    platformVersion: '1.4.0',
    networkConfiguration,
    loadBalancers: [
      { targetGroupArn: app.targetGroupArn, containerName: 'web', containerPort: 8080 }
    ],
    circuitBreaker: { enable: true, rollback: true },
    enableExecuteCommand: true,
    propagateTags: 'SERVICE',
    healthCheckGracePeriodSeconds: 30,
    ...(options.tags ? { tags: options.tags } : {})
  })
  const listenerArn = https ? app.httpsListenerArn : app.httpListenerArn
  if (!listenerArn) throw new Error('seeded application has no listener')
  return {
    service,
    family,
    taskDefinitionArn: seeded.taskDefinitionArn,
    app,
    listenerArn,
    networkConfiguration
  }
}

export interface PrRunOptions extends Omit<PullRequestEventOptions, 'repository'> {
  inputs: Record<string, string>
  /** Default the write token; `null` for none. */
  token?: string | null
  /** The merge commit GITHUB_SHA names; default derived from the head SHA. */
  mergeSha?: string
  env?: Record<string, string | undefined>
  /** The repository the workflow runs in; default REPOSITORY (the GitHub fake's). */
  repository?: string
}

/** Runs the bundle for a pull_request event against the fake GitHub. */
export async function runPr(pw: PreviewWorld, options: PrRunOptions): Promise<ActionRun> {
  const { inputs, token, mergeSha, env, repository = REPOSITORY, ...event } = options
  const dir = await mkdtemp(join(tmpdir(), 'ecs-ship-event-'))
  const eventPath = await writePullRequestEvent(dir, { ...event, repository })
  const prEnv = pullRequestEnv({
    ...event,
    repository,
    eventPath,
    apiUrl: pw.github.url
  })
  const headSha = event.headSha ?? '3f2a9c1d4b5e6f708192a3b4c5d6e7f809a1b2c3'
  return pw.world.run(
    {
      ...(token === null ? {} : { 'github-token': token ?? WRITE_TOKEN }),
      ...inputs
    },
    {
      eventPath,
      env: {
        ...prEnv,
        // The runner's GITHUB_SHA on pull_request is the merge commit, new on every push.
        GITHUB_SHA: mergeSha ?? sha(`merge of ${headSha}`),
        ...(token === null ? { 'INPUT_GITHUB-TOKEN': '' } : {}),
        ...env
      }
    }
  )
}

/** The target group name of this repository's preview `id` of `service` in `cluster`. */
export function previewTgName(service: string, id: string | number, cluster = CLUSTER): string {
  return previewTargetGroupName({
    baseService: service,
    id: String(id),
    repository: REPOSITORY,
    cluster
  })
}

/** A commit SHA made from a label: 40 hex digits, the same for the same label. */
export function sha(label: string): string {
  return createHash('sha1').update(label).digest('hex')
}

// ---- what the emulator holds ----------------------------------------------------

export function serviceTags(
  world: World,
  service: string,
  cluster = CLUSTER
): Record<string, string> {
  const tags = (serviceRecord(world, cluster, service)?.['tags'] ?? []) as Array<{
    key: string
    value: string
  }>
  return Object.fromEntries(tags.map((t) => [t.key, t.value]))
}

export function serviceStatus(world: World, service: string, cluster = CLUSTER): string {
  return (serviceRecord(world, cluster, service)?.['status'] as string | undefined) ?? 'gone'
}

/** Every revision of a family the emulator knows, with its status. */
export function familyRevisions(
  world: World,
  family: string
): Array<{ arn: string; status: string }> {
  return world.emulator
    .state()
    .ecs.taskDefinitions.filter((td) => td['family'] === family)
    .map((td) => ({ arn: td['taskDefinitionArn'] as string, status: td['status'] as string }))
}

/** The tags each RegisterTaskDefinition call of a family carried. */
export function registeredTags(world: World, family: string): Array<Record<string, string>> {
  return world.emulator
    .calls({ operation: 'RegisterTaskDefinition' })
    .map((c) => c.input as Record<string, unknown>)
    .filter((input) => input['family'] === family)
    .map((input) =>
      Object.fromEntries(
        ((input['tags'] ?? []) as Array<{ key: string; value: string }>).map((t) => [
          t.key,
          t.value
        ])
      )
    )
}

export function elbSnapshot(world: World): ReturnType<World['elb']['snapshot']> {
  return world.elb.snapshot()
}

/** Everything that belongs to the base service, as plain data to compare before and after. */
export function baseSnapshot(world: World, base: BaseService): unknown {
  const elb = world.elb.snapshot()
  const service = serviceRecord(world, CLUSTER, base.service)
  const { events: _events, ...stable } = service ?? {}
  return {
    service: stable,
    taskDefinitions: world.emulator
      .state()
      .ecs.taskDefinitions.filter((td) => td['family'] === base.family),
    targetGroups: elb.targetGroups.filter((tg) => tg.arn === base.app.targetGroupArn),
    listeners: elb.listeners.filter((l) => l.loadBalancerArn === base.app.loadBalancerArn),
    rules: elb.rules.filter((r) => !r.tags['preview-of'])
  }
}

/**
 * Delete calls that named something the preview must never delete: the
 * base services (by name), their target groups and the rules that existed
 * before any preview (by ARN).
 */
export function forbiddenDeletes(
  world: World,
  protect: { services: string[]; arns: string[] }
): string[] {
  const out: string[] = []
  for (const call of world.emulator.calls()) {
    const input = (call.input ?? {}) as Record<string, unknown>
    if (call.operation === 'DeleteService' || call.operation === 'UpdateService') {
      const name = String(input['service'] ?? '')
      const short = name.slice(name.lastIndexOf('/') + 1)
      // UpdateService of a base service is allowed only when it is not scaling to zero.
      if (protect.services.includes(short)) {
        if (call.operation === 'DeleteService' || input['desiredCount'] === 0) {
          out.push(`${call.operation} ${short}`)
        }
      }
    }
    if (call.operation === 'DeleteTargetGroup' || call.operation === 'DeleteRule') {
      const arn = String(input['TargetGroupArn'] ?? input['RuleArn'] ?? '')
      if (protect.arns.includes(arn)) out.push(`${call.operation} ${arn}`)
    }
    if (
      call.operation === 'DeregisterTaskDefinition' ||
      call.operation === 'DeleteTaskDefinitions'
    ) {
      const arns = [input['taskDefinition'], ...((input['taskDefinitions'] as unknown[]) ?? [])]
      for (const arn of arns)
        if (typeof arn === 'string' && protect.arns.includes(arn)) {
          out.push(`${call.operation} ${arn}`)
        }
    }
  }
  return out
}

/** ARNs of a base service's ELB resources and revisions, for `forbiddenDeletes`. */
export function protectedArns(world: World, base: BaseService): string[] {
  const elb = world.elb.snapshot()
  const listeners = new Set(
    elb.listeners.filter((l) => l.loadBalancerArn === base.app.loadBalancerArn).map((l) => l.arn)
  )
  return [
    base.app.targetGroupArn,
    base.taskDefinitionArn,
    ...elb.rules.filter((r) => listeners.has(r.listenerArn)).map((r) => r.arn)
  ]
}

/** Tags of a repository in the real registry. */
export async function registryTags(world: World, repository: string): Promise<string[]> {
  const res = await fetch(`${world.env.registryUrl}/v2/${repository}/tags/list`, {
    headers: {
      authorization: `Basic ${Buffer.from(`AWS:${world.env.password}`).toString('base64')}`
    }
  })
  if (res.status === 404) return []
  const body = (await res.json()) as { tags?: string[] | null }
  return (body.tags ?? []).sort()
}

/** Runs the bundle as a scheduled workflow would (for `preview: cleanup`). */
export async function runScheduled(
  pw: PreviewWorld,
  inputs: Record<string, string>,
  token: string = WRITE_TOKEN
): Promise<ActionRun> {
  return pw.world.run(
    { 'github-token': token, ...inputs },
    {
      event: { schedule: '17 3 * * *' },
      env: {
        GITHUB_EVENT_NAME: 'schedule',
        GITHUB_REPOSITORY: REPOSITORY,
        GITHUB_API_URL: pw.github.url
      }
    }
  )
}
