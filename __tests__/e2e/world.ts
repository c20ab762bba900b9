/**
 * The end-to-end world: the AWS emulator (ECS, ECR over the real local
 * registry, CloudWatch Logs, ELBv2) on 127.0.0.1, the real Docker engine and
 * registry from script/test-env.sh, and the bundle run as the runner runs it.
 */
import { randomBytes } from 'node:crypto'
import { mkdir, mkdtemp, writeFile, readFile, cp } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import {
  startEmulator,
  type Emulator,
  type EmulatorOptions
} from '../../test-support/emulator/server.js'
import { createEcrService, type EcrService } from '../../test-support/emulator/ecr.js'
import { createElbv2Service, type Elbv2Service } from '../../test-support/emulator/elbv2.js'
import { loadTestEnv, repoRoot, type TestEnv } from '../../test-support/env.js'
import {
  runAction,
  runActionCancelled,
  type ActionRun,
  type CancelOptions,
  type RunActionOptions
} from '../../test-support/harness.js'

export interface World {
  readonly emulator: Emulator
  readonly ecr: EcrService
  /** ECR of a second region (OTHER_REGION), over the same registry: cross-region pushes. */
  readonly ecrOtherRegion: EcrService
  readonly elb: Elbv2Service
  readonly env: TestEnv
  /** AWS_* variables that point the bundle at the emulator. */
  readonly awsEnv: Record<string, string>
  /** Runs dist/index.js (main then post) against this world. */
  run(inputs: Record<string, string>, options?: Partial<RunActionOptions>): Promise<ActionRun>
  /**
   * The same run, cancelled as the runner cancels one (SIGINT once
   * `cancelWhen` holds, then SIGTERM, SIGKILL): same environment, action
   * directory and clean-up as `run`.
   */
  runCancelled(
    inputs: Record<string, string>,
    options: Partial<RunActionOptions> & CancelOptions
  ): Promise<ActionRun>
  close(): Promise<void>
}

/** The second region whose ECR the world serves too (the run's region is us-east-1). */
export const OTHER_REGION = 'us-west-2'

export async function startWorld(options: EmulatorOptions = {}): Promise<World> {
  const env = loadTestEnv()
  let ecr: EcrService | undefined
  let ecrOtherRegion: EcrService | undefined
  let elb: Elbv2Service | undefined
  const emulator = await startEmulator({
    mode: 'realtime',
    stepMs: 100,
    ...options,
    registry: {
      url: env.registryUrl,
      host: env.registryHost,
      username: env.registryUser,
      password: env.password
    },
    jsonServices: [(ctx) => (ecr = createEcrService(ctx))],
    queryServices: [(ctx) => (elb = createElbv2Service(ctx))],
    regionalJsonServices: {
      [OTHER_REGION]: [(ctx) => (ecrOtherRegion = createEcrService(ctx))]
    }
  })
  if (!ecr || !elb || !ecrOtherRegion) throw new Error('emulator services did not start')
  const awsEnv = {
    AWS_ENDPOINT_URL_ECS: emulator.url,
    AWS_ENDPOINT_URL_ECR: emulator.url,
    AWS_ENDPOINT_URL_CLOUDWATCH_LOGS: emulator.url,
    AWS_ENDPOINT_URL_ELASTIC_LOAD_BALANCING_V2: emulator.url,
    AWS_ENDPOINT_URL_CODEDEPLOY: emulator.url,
    AWS_REGION: emulator.region
  }
  const runs: ActionRun[] = []
  // Every run gets the world's action directory and AWS endpoints, and is cleaned up on close.
  const inWorld = <O extends Partial<RunActionOptions>>(
    inputs: Record<string, string>,
    opts: O
  ) => ({
    actionDir: actionDir(),
    ...opts,
    inputs,
    env: { ...awsEnv, ...(opts.env ?? {}) }
  })
  const kept = (result: ActionRun): ActionRun => {
    runs.push(result)
    return result
  }
  return {
    emulator,
    ecr,
    ecrOtherRegion,
    elb,
    env,
    awsEnv,
    async run(inputs, opts = {}) {
      return kept(await runAction(inWorld(inputs, opts)))
    },
    async runCancelled(inputs, opts) {
      return kept(await runActionCancelled(inWorld(inputs, opts)))
    },
    async close() {
      await emulator.close()
      await Promise.all(runs.map((r) => r.cleanup()))
    }
  }
}

/**
 * The action directory the suite runs: a private build (E2E_ACTION_DIR with
 * action.yml and dist/) lets work in progress be tested without touching the
 * committed dist/; otherwise the repository.
 */
export function actionDir(): string {
  return process.env['E2E_ACTION_DIR'] ? resolve(process.env['E2E_ACTION_DIR']) : repoRoot
}

/** A unique name, so tests sharing the one registry never see each other's images. */
export function uniqueName(prefix: string): string {
  return `${prefix}-${randomBytes(4).toString('hex')}`
}

/** The sample app's task definition (examples/app), for seeding services. */
export async function sampleTaskDefinition(family: string): Promise<Record<string, unknown>> {
  const td = JSON.parse(
    await readFile(join(repoRoot, 'examples', 'app', 'task-definition.json'), 'utf8')
  ) as Record<string, unknown>
  return { ...td, family }
}

/** The image seeded services run: outside the local registry, so it always "pulls". */
export const SEED_IMAGE = 'registry.example.com/sample/web:1.0.0'

export type SeedSpec = Partial<Parameters<Emulator['seedService']>[0]>

/** A service running the sample app (fresh service and family names), steady on revision 1. */
export async function seedSampleService(
  world: World,
  cluster: string,
  extra: SeedSpec = {}
): Promise<{ service: string; family: string; taskDefinitionArn: string; deploymentId: string }> {
  const service = uniqueName('web')
  const family = uniqueName('fam')
  const td = await sampleTaskDefinition(family)
  const containers = td['containerDefinitions'] as Array<Record<string, unknown>>
  containers[0]!['image'] = SEED_IMAGE
  const seeded = await world.emulator.seedService({
    cluster,
    serviceName: service,
    taskDefinition: td,
    ...extra
  })
  return { service, family, ...seeded }
}

/**
 * A copy of examples/app in a fresh directory (the build context), with an
 * extra file so each test's image has its own digest.
 */
export async function sampleApp(marker = randomBytes(8).toString('hex')): Promise<string> {
  // Inside the workspace (the repository root): the action refuses paths outside it.
  const apps = join(repoRoot, '.tmp', 'e2e-apps')
  await mkdir(apps, { recursive: true })
  const dir = await mkdtemp(join(apps, 'ecs-ship-app-'))
  await cp(join(repoRoot, 'examples', 'app'), dir, { recursive: true })
  await writeFile(join(dir, 'build-id.txt'), `${marker}\n`)
  return dir
}

/** The image reference of the service's current task definition's first container. */
export function serviceImage(world: World, cluster: string, service: string): string | undefined {
  const td = serviceTaskDefinition(world, cluster, service)
  const containers = td?.['containerDefinitions'] as Array<Record<string, unknown>> | undefined
  return containers?.[0]?.['image'] as string | undefined
}

export function serviceRecord(
  world: World,
  cluster: string,
  service: string
): Record<string, unknown> | undefined {
  const entry = world.emulator
    .state()
    .ecs.services.find(
      (s) => s.cluster === cluster && (s.service['serviceName'] as string) === service
    )
  return entry?.service
}

export function serviceTaskDefinition(
  world: World,
  cluster: string,
  service: string
): Record<string, unknown> | undefined {
  const arn = serviceRecord(world, cluster, service)?.['taskDefinition']
  return world.emulator.state().ecs.taskDefinitions.find((td) => td['taskDefinitionArn'] === arn)
}

/** Operations that change AWS state; a run that failed validation calls none. */
export const WRITE_OPERATIONS = new Set([
  'RegisterTaskDefinition',
  'UpdateService',
  'CreateService',
  'DeleteService',
  'DeregisterTaskDefinition',
  'DeleteTaskDefinitions',
  'TagResource',
  'CreateRepository',
  'PutImage',
  'BatchDeleteImage',
  'InitiateLayerUpload',
  'CreateTargetGroup',
  'CreateRule',
  'DeleteRule',
  'DeleteTargetGroup',
  'AddTags',
  'GetAuthorizationToken'
])

export function writeCalls(world: World, since = 0): string[] {
  return world.emulator
    .calls({ since })
    .filter((c) => WRITE_OPERATIONS.has(c.operation))
    .map((c) => `${c.service}:${c.operation}`)
}
