/**
 * Issue 11, end to end: services with the CODE_DEPLOY controller, deployed
 * through the emulated CodeDeploy (codedeploy.ts, one emulated minute = 1 s)
 * by the bundle on Node 24: a generated AppSpec, a given one, a failing
 * AfterAllowTestTraffic hook, green tasks that crash, and the official
 * action's inputs unchanged. The task sets and their tasks are the emulated
 * ECS's (ecs-task-sets.ts): failures show the green tasks' stop reasons.
 */
import { afterAll, describe, expect, it } from '@jest/globals'
import { mkdtemp, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parse as parseYaml } from 'yaml'
import { serviceRecord, writeCalls, type World } from './world.js'
import { useWorld } from './use-world.js'
import { followedRule, withEventBridge } from './scheduled-support.js'
import type { EventBridgeClient } from '@aws-sdk/client-eventbridge'
import {
  NEW_IMAGE,
  expectEndedAtFirstPollAfter,
  progressLines,
  seedService
} from './watch-support.js'

let events: EventBridgeClient
const cluster = 'cd'
const TG =
  'arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/web-blue/0123456789abcdef'

const world = useWorld({
  clusters: [cluster],
  setUp: (w) => {
    events = withEventBridge(w)
  }
})
afterAll(() => events?.destroy())

async function codeDeployService(
  group: Partial<Parameters<World['emulator']['codedeploy']['seedDeploymentGroup']>[0]> = {}
): Promise<{
  service: string
  application: string
  deploymentGroup: string
  previousArn: string
}> {
  const { service, previousArn } = await seedService(world, cluster, {
    deploymentController: 'CODE_DEPLOY',
    loadBalancers: [{ targetGroupArn: TG, containerName: 'web', containerPort: 8080 }]
  })
  const application = group.application ?? `AppECS-${cluster}-${service}`
  const deploymentGroup = group.deploymentGroup ?? `DgpECS-${cluster}-${service}`
  world.emulator.codedeploy.seedDeploymentGroup({
    cluster,
    service,
    terminationWaitMinutes: 5,
    ...group,
    application,
    deploymentGroup
  })
  return { service, application, deploymentGroup, previousArn }
}

/** The action's GetDeployment polls of deployment `id`. */
function pollsOf(id: string, since: number) {
  return world.emulator
    .calls({ service: 'codedeploy', operation: 'GetDeployment', since })
    .filter((c) => (c.input as Record<string, unknown>)['deploymentId'] === id)
}

/** The service's tasks as the emulated ECS has them (wire shape). */
function tasksOf(service: string): Array<Record<string, unknown>> {
  const entry = world.emulator
    .state()
    .ecs.services.find((s) => s.cluster === cluster && s.service['serviceName'] === service)
  return entry?.tasks ?? []
}

function deploymentOf(id: string | undefined) {
  const d = world.emulator.codedeploy.deployments().find((x) => x.id === id)
  expect(d).toBeDefined()
  return d!
}

describe('CodeDeploy-controlled services', () => {
  it('deploys with a generated AppSpec (default names), shows it, and succeeds when CodeDeploy does', async () => {
    const { service, previousArn } = await codeDeployService()
    const rule = await followedRule(world, events, cluster, previousArn)
    const since = Date.now()
    const run = await world.run(
      { image: NEW_IMAGE, cluster, service, ...rule.inputs },
      { env: rule.env }
    )

    expect(run.errors).toEqual([])
    expect(run.exitCode).toBe(0)
    const id = run.outputs['codedeploy-deployment-id']
    // The scheduled task follows the revision once CodeDeploy succeeded.
    expect(await rule.taskDefinition()).toBe(run.outputs['task-definition-arn'])
    expect(run.summary).toContain('| CodeDeploy deployment |')
    expect(id).toMatch(/^d-[A-Z0-9]+$/)
    const d = deploymentOf(id)
    const arn = run.outputs['task-definition-arn']!
    expect(JSON.parse(d.appSpec)).toEqual({
      version: 0,
      Resources: [
        {
          TargetService: {
            Type: 'AWS::ECS::Service',
            Properties: {
              TaskDefinition: arn,
              LoadBalancerInfo: { ContainerName: 'web', ContainerPort: 8080 }
            }
          }
        }
      ]
    })
    expect(run.stdout).toContain('AppSpec written by the action (no codedeploy-appspec):')
    expect(run.stdout).toContain(`"TaskDefinition": "${arn}"`)
    expect(d.status).toBe('Succeeded')
    const doneAt = d.timeline.find((e) => e.status === 'Succeeded')!.at
    expect(run.exitedAt).toBeGreaterThanOrEqual(doneAt)
    expectEndedAtFirstPollAfter(run, pollsOf(d.id, since), doneAt)
    expect(run.outputs['deployment-stage']).toBe('Succeeded')
    const texts = progressLines(run).map((l) => l.text)
    expect(texts).toContain('AllowTraffic: Succeeded')
    expect(texts).toContain('Production traffic on the Green task set: 100%')
    // CodeDeploy, not UpdateService, moved the service.
    expect(writeCalls(world, since)).not.toContain('ecs:UpdateService')
    const svc = serviceRecord(world, cluster, service)!
    expect(svc['taskDefinition']).toBe(arn)
    // Green is PRIMARY; blue was deleted after the termination wait (gone, or draining its tasks).
    const sets = svc['taskSets'] as Array<Record<string, unknown>>
    expect(
      sets
        .filter((s) => s['status'] !== 'DRAINING')
        .map((s) => [s['id'], s['status'], s['externalId'], s['startedBy']])
    ).toEqual([[d.greenTaskSetId, 'PRIMARY', id, 'CODE_DEPLOY']])
    const tasks = tasksOf(service)
    const green = tasks.filter((t) => t['startedBy'] === d.greenTaskSetId)
    expect(green.map((t) => [t['lastStatus'], t['taskDefinitionArn']])).toEqual([['RUNNING', arn]])
    // Blue's task ran until the termination wait ended, after production traffic moved.
    const blue = tasks.filter((t) => t['startedBy'] === d.blueTaskSetId)
    expect(blue).toHaveLength(1)
    const allowTraffic = d.timeline.find(
      (e) => e.event === 'AllowTraffic' && e.eventStatus === 'Succeeded'
    )!.at
    expect(blue[0]!['desiredStatus']).toBe('STOPPED')
    expect((blue[0]!['stoppingAt'] as number) * 1000).toBeGreaterThanOrEqual(
      d.timeline.find((e) => e.status === 'Succeeded')!.at - 1
    )
    expect(allowTraffic).toBeLessThan(d.timeline.find((e) => e.status === 'Succeeded')!.at)
  })

  it('takes a given AppSpec with its hooks and points it at the new revision; official inputs work unchanged', async () => {
    const { service } = await codeDeployService({
      application: 'shop-app',
      deploymentGroup: 'shop-dg',
      terminationWaitMinutes: 1
    })
    const dir = await mkdtemp(join(tmpdir(), 'appspec-'))
    const file = join(dir, 'appspec.yaml')
    await writeFile(
      file,
      [
        'version: 0.0',
        'Resources:',
        '  - TargetService:',
        '      Type: AWS::ECS::Service',
        '      Properties:',
        '        TaskDefinition: <TASK_DEFINITION>',
        '        LoadBalancerInfo:',
        '          ContainerName: web',
        '          ContainerPort: 8080',
        'Hooks:',
        '  - AfterAllowTestTraffic: arn:aws:lambda:us-east-1:123456789012:function:smoke',
        ''
      ].join('\n')
    )
    // As copied from a workflow using aws-actions/amazon-ecs-deploy-task-definition.
    const run = await world.run({
      image: NEW_IMAGE,
      cluster,
      service,
      'codedeploy-appspec': file,
      'codedeploy-application': 'shop-app',
      'codedeploy-deployment-group': 'shop-dg',
      'codedeploy-deployment-description': 'Deploy by GitHub Actions',
      'codedeploy-deployment-config': 'CodeDeployDefault.ECSAllAtOnce'
    })
    expect(run.errors).toEqual([])
    expect(run.exitCode).toBe(0)
    const d = deploymentOf(run.outputs['codedeploy-deployment-id'])
    expect(d).toMatchObject({
      application: 'shop-app',
      deploymentGroup: 'shop-dg',
      description: 'Deploy by GitHub Actions',
      deploymentConfigName: 'CodeDeployDefault.ECSAllAtOnce',
      status: 'Succeeded'
    })
    const spec = parseYaml(d.appSpec) as Record<string, unknown>
    expect(spec['Hooks']).toEqual([
      { AfterAllowTestTraffic: 'arn:aws:lambda:us-east-1:123456789012:function:smoke' }
    ])
    expect(JSON.stringify(spec)).toContain(
      `"TaskDefinition":"${run.outputs['task-definition-arn']}"`
    )
    expect(run.stdout).toContain(`AppSpec from ${file}, TaskDefinition set to`)
  })

  it("a failed AfterAllowTestTraffic hook fails the step with the lifecycle event diagnostics and the green tasks' stop reasons", async () => {
    const crashLines = [
      'GET /health 200',
      'GET /api/orders 500',
      "TypeError: Cannot read properties of undefined (reading 'id')",
      '    at handler (/app/server.js:42:17)'
    ]
    const { service, previousArn } = await codeDeployService({
      failingEvent: 'AfterAllowTestTraffic',
      testTrafficCrash: { exitCode: 1, logLines: crashLines }
    })
    const rule = await followedRule(world, events, cluster, previousArn)
    const dir = await mkdtemp(join(tmpdir(), 'appspec-'))
    const file = join(dir, 'appspec.json')
    await writeFile(
      file,
      JSON.stringify({
        version: 0.0,
        Resources: [
          {
            TargetService: {
              Type: 'AWS::ECS::Service',
              Properties: {
                TaskDefinition: 'x',
                LoadBalancerInfo: { ContainerName: 'web', ContainerPort: 8080 }
              }
            }
          }
        ],
        Hooks: [{ AfterAllowTestTraffic: 'arn:aws:lambda:us-east-1:123456789012:function:smoke' }]
      })
    )
    const since = Date.now()
    const run = await world.run(
      { image: NEW_IMAGE, cluster, service, 'codedeploy-appspec': file, ...rule.inputs },
      { env: rule.env }
    )
    expect(run.exitCode).not.toBe(0)
    expect(run.errors).toHaveLength(1)
    // A failed deployment never moves the scheduled task forward.
    expect(await rule.taskDefinition()).toBe(previousArn)
    expect(run.errors[0]).toMatch(
      /^The CodeDeploy deployment Failed at AfterAllowTestTraffic \(ScriptFailed: arn:aws:lambda:\S+:function:smoke: The deployment failed because the AfterAllowTestTraffic hook function \S+ returned Failed\.\): .*\[HEALTH_CONSTRAINTS\]\.$/
    )
    expect(run.outputs['deployment-stage']).toBe('Failed')
    const d = deploymentOf(run.outputs['codedeploy-deployment-id'])
    const failedAt = d.timeline.find((e) => e.status === 'Failed')!.at
    expectEndedAtFirstPollAfter(run, pollsOf(d.id, since), failedAt)
    // The green tasks crashed under test traffic before the hook failed: their stop reasons and log.
    expectGreenDiagnostics(run, d.greenTaskSetId!, d.id, failedAt)
    for (const line of crashLines) expect(run.stdout).toContain(`      | ${line}`)
  })

  it('green tasks that crash time Install out; the failure lists their stop reasons and log tail', async () => {
    const { service } = await codeDeployService({ installTimeoutMinutes: 3 })
    world.emulator.setScenario(cluster, service, 'crash', { exitCode: 3 })
    const run = await world.run({ image: NEW_IMAGE, cluster, service })
    expect(run.exitCode).not.toBe(0)
    expect(run.errors).toEqual([
      'The CodeDeploy deployment Failed at Install (UnknownError: The deployment timed out while waiting for the replacement task set to become healthy. This time out period is 3 minutes.): The deployment timed out while waiting for the replacement task set to become healthy. This time out period is 3 minutes. [ECS_UPDATE_ERROR].'
    ])
    const d = deploymentOf(run.outputs['codedeploy-deployment-id'])
    const failedAt = d.timeline.find((e) => e.status === 'Failed')!.at
    expectGreenDiagnostics(run, d.greenTaskSetId!, d.id, failedAt, 3)
    expect(run.stdout).toContain('      | Error: connect ECONNREFUSED 10.0.1.17:5432')
    // Blue kept serving: it is PRIMARY again and its task never stopped.
    const sets = serviceRecord(world, cluster, service)!['taskSets'] as Array<
      Record<string, unknown>
    >
    expect(sets.find((s) => s['id'] === d.blueTaskSetId)?.['status']).toBe('PRIMARY')
    const blue = tasksOf(service).filter((t) => t['startedBy'] === d.blueTaskSetId)
    expect(blue.map((t) => t['lastStatus'])).toEqual(['RUNNING'])
  })

  /** The diagnostics name the green task set and its crashed tasks, which crashed before the failure. */
  function expectGreenDiagnostics(
    run: { stdout: string; summary: string },
    greenId: string,
    deploymentId: string,
    failedAt: number,
    exitCode = 1
  ): void {
    const { stdout } = run
    expect(stdout).toContain(`Green task set ${greenId} of CodeDeploy deployment ${deploymentId}:`)
    expect(run.summary).toContain(`### Diagnostics: deployment \`${greenId}\``)
    expect(run.summary).toContain('EssentialContainerExited')
    expect(stdout).toContain(`Diagnostics for deployment ${greenId} of service`)
    expect(stdout).toMatch(/ {2}Stopped tasks: \d+/)
    expect(stdout).toMatch(
      / {2}- task [0-9a-f]{32} stopped \S+ · EssentialContainerExited: Essential container in task exited/
    )
    expect(stdout).toContain(`      container web: exit code ${exitCode}`)
    expect(stdout).toMatch(/ {2}Log of task [0-9a-f]{32}, container web \(\/ecs\/sample-web /)
    const crashed = world.emulator
      .state()
      .ecs.services.flatMap((s) => s.tasks)
      .filter((t) => t['startedBy'] === greenId && t['stopCode'] === 'EssentialContainerExited')
    expect(crashed.length).toBeGreaterThan(0)
    for (const t of crashed)
      expect((t['stoppedAt'] as number) * 1000).toBeLessThanOrEqual(failedAt + 1000)
  }

  it('a missing deployment group fails validation, naming the input, before anything is registered', async () => {
    const { service } = await seedService(world, cluster, {
      deploymentController: 'CODE_DEPLOY',
      loadBalancers: [{ targetGroupArn: TG, containerName: 'web', containerPort: 8080 }]
    })
    world.emulator.codedeploy.seedDeploymentGroup({
      application: `AppECS-${cluster}-${service}`,
      deploymentGroup: 'other',
      cluster,
      service
    })
    const since = Date.now()
    const run = await world.run({ image: NEW_IMAGE, cluster, service })
    expect(run.exitCode).not.toBe(0)
    expect(run.errors[0]).toContain(
      `CodeDeploy deployment group DgpECS-${cluster}-${service} not found in application AppECS-${cluster}-${service}. Set \`codedeploy-deployment-group\``
    )
    expect(writeCalls(world, since)).toEqual([])
  })
})
