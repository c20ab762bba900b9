/**
 * Helpers for the deployment-watch end-to-end suites (issue 3): seeding a
 * service, reading the watch's log lines, the DescribeServices cadence, and
 * acting on the emulated ECS from the test through the real SDK while the
 * bundle watches.
 */
import { expect } from '@jest/globals'
import { ECSClient } from '@aws-sdk/client-ecs'
import type { CallRecord } from '../../test-support/emulator/server.js'
import type { DeploymentMilestones } from '../../test-support/emulator/ecs-state.js'
import type { ActionRun } from '../../test-support/harness.js'
import {
  SEED_IMAGE,
  actionDir,
  seedSampleService,
  uniqueName,
  type SeedSpec,
  type World
} from './world.js'
export type { SeedSpec }

/** The watch's poll interval (a product decision, never shortened for tests). */
export const POLL_MS = 5_000

export const OLD_IMAGE = SEED_IMAGE
export const NEW_IMAGE = 'registry.example.com/sample/web:2.0.0'

export interface Seeded {
  service: string
  family: string
  /** The revision the service runs before the test's deployment. */
  previousArn: string
  /** The COMPLETED deployment the service starts on. */
  previousDeploymentId: string
}

/** A service running the sample app (awslogs to /ecs/sample-web) from an image outside the registry. */
export async function seedService(
  world: World,
  cluster: string,
  extra: SeedSpec = {}
): Promise<Seeded> {
  const seeded = await seedSampleService(world, cluster, extra)
  return {
    service: seeded.service,
    family: seeded.family,
    previousArn: seeded.taskDefinitionArn,
    previousDeploymentId: seeded.deploymentId
  }
}

/** An image on the local registry that is not in it: ECS fails to pull it (CannotPullContainerError). */
export function missingImage(world: World): string {
  return `${world.env.registryHost}/${uniqueName('missing')}:nope`
}

/** The lines inside the `Watch deployment` group, without workflow commands. */
export function watchLines(run: Pick<ActionRun, 'stdout'>): string[] {
  const lines = run.stdout.split('\n').map((l) => l.replace(/\r$/, ''))
  const start = lines.indexOf('::group::Watch deployment')
  if (start < 0) return []
  const end = lines.indexOf('::endgroup::', start)
  return lines.slice(start + 1, end < 0 ? undefined : end).filter((l) => !l.startsWith('::'))
}

/** Progress lines: `[m:ss] …`, with the elapsed prefix removed. */
export function progressLines(run: Pick<ActionRun, 'stdout'>): Array<{ at: string; text: string }> {
  return watchLines(run).flatMap((l) => {
    const m = /^\[(\d+:\d\d(?::\d\d)?)\] (.*)$/.exec(l)
    return m ? [{ at: m[1]!, text: m[2]! }] : []
  })
}

export function serviceCalls(
  world: World,
  service: string,
  operation: string,
  since: number
): CallRecord[] {
  return world.emulator.calls({ service: 'ecs', operation, since }).filter((c) => {
    const input = c.input as Record<string, unknown> | undefined
    const services = input?.['services']
    return input?.['service'] === service || (Array.isArray(services) && services.includes(service))
  })
}

/**
 * The watch's DescribeServices calls: those from the action's (first)
 * UpdateService on. The preflight check before it is not part of the watch.
 */
export function watchPolls(world: World, service: string, since: number): CallRecord[] {
  const update = serviceCalls(world, service, 'UpdateService', since)[0]
  expect(update).toBeDefined()
  return serviceCalls(world, service, 'DescribeServices', update!.at)
}

/** At most one DescribeServices per 5 s for the service (a little timer jitter allowed). */
export function expectCadence(calls: readonly CallRecord[]): void {
  const gaps = calls.slice(1).map((c, i) => c.at - calls[i]!.at)
  expect({ gaps, tooClose: gaps.filter((g) => g < POLL_MS - 500) }).toEqual({
    gaps,
    tooClose: []
  })
}

/**
 * The step ended at the first poll after `moment` (a time the emulator
 * recorded: a milestone, or another caller's request): counted in the
 * emulator's recorded calls, not in wall-clock slack, so a loaded machine
 * cannot make it flake. The watch polled before the moment, exactly one poll
 * came at or after it (the one that saw it), and the step exited after that
 * poll. A watch that missed the moment keeps polling (until its timeout) and
 * has more than one poll after it.
 */
export function expectEndedAtFirstPollAfter(
  run: Pick<ActionRun, 'exitedAt'>,
  polls: readonly CallRecord[],
  moment: number
): void {
  const before = polls.filter((c) => c.at < moment).length
  const after = polls.filter((c) => c.at >= moment)
  expect({ pollsBefore: before > 0, pollsAfter: after.length }).toEqual({
    pollsBefore: true,
    pollsAfter: 1
  })
  expect(run.exitedAt).toBeGreaterThanOrEqual(after[0]!.at)
}

/** The deployment the action created (the one whose id it output). */
export function milestonesOf(world: World, deploymentId: string | undefined): DeploymentMilestones {
  const m = world.emulator.milestones().find((x) => x.deploymentId === deploymentId)
  expect(m).toBeDefined()
  return m!
}

/** `HH:MM:SS` (UTC) as the watch prints event times. */
export function clock(ms: number): string {
  return new Date(ms).toISOString().slice(11, 19)
}

/** The service's events as ECS lists them (newest first), times in ms. */
export function serviceEvents(
  world: World,
  cluster: string,
  service: string
): Array<{ createdAt: number; message: string }> {
  const entry = world.emulator
    .state()
    .ecs.services.find((s) => s.cluster === cluster && s.service['serviceName'] === service)
  const events = (entry?.service['events'] ?? []) as Array<{ createdAt: number; message: string }>
  return events.map((e) => ({ createdAt: Math.round(e.createdAt * 1000), message: e.message }))
}

/** The real SDK client, pointed at the emulator: the test acting as another user of the account. */
export function ecsClient(world: World): ECSClient {
  return new ECSClient({
    region: world.emulator.region,
    endpoint: world.emulator.url,
    credentials: { accessKeyId: 'AKIAOTHERUSEREXAMPLE', secretAccessKey: 'other-user-secret' },
    maxAttempts: 1
  })
}

/** The action directory the suite runs (world.ts). */
export { actionDir }

/** Resolves once `predicate(text so far)` holds for the main step's stdout. */
export function outputWatcher(predicate: (stdout: string) => boolean): {
  onOutput: (chunk: string, source: { step: string; stream: string }) => void
  reached: Promise<void>
} {
  let text = ''
  let done: () => void = () => undefined
  const reached = new Promise<void>((r) => (done = r))
  return {
    onOutput(chunk, source) {
      if (source.step !== 'main' || source.stream !== 'stdout') return
      text += chunk
      if (predicate(text)) done()
    },
    reached
  }
}

/** The first progress line of the watch (its first DescribeServices has been answered). */
export const FIRST_PROGRESS = /^\[0:0\d\] new ecs-svc\//m
