/**
 * A base service `web` in cluster `prod`, behind an ALB in the ELBv2
 * emulator (reached over HTTP by the real SDK), with ECS as a stateful fake:
 * what the preview flow tests start from.
 */
import type { Service } from '@aws-sdk/client-ecs'
import { MemoryLogger } from '../../../src/util/log.js'
import { FakeClock } from '../../../test-support/fake-clock.js'
import type {
  SeedApplicationOptions,
  SeededApplication
} from '../../../test-support/emulator/elbv2.js'
import { startElbv2Http, type Elbv2Http } from './elbv2-http.js'
import { startEcsFake, type EcsFake } from './ecs-fake.js'

export interface World {
  ecs: EcsFake
  elb: Elbv2Http
  app: SeededApplication
  base: Service
  baseTaskDefinition: string
  log: MemoryLogger
  clock: FakeClock
  deps: { ecs: EcsFake['client']; elb: Elbv2Http['client']; log: MemoryLogger; clock: FakeClock }
  close(): Promise<void>
}

export async function startWorld(
  options: {
    app?: Partial<SeedApplicationOptions>
    base?: Partial<Service>
    loadBalanced?: boolean
  } = {}
): Promise<World> {
  const elb = await startElbv2Http()
  const ecs = startEcsFake('prod')
  // One ordered log for both sides.
  const handle = elb.service.handle.bind(elb.service)
  elb.service.handle = (action, params) => {
    const target = action.startsWith('Delete')
      ? (params['TargetGroupArn'] ?? params['RuleArn'])
      : undefined
    ecs.order.push(target ? `elb:${action} ${target}` : `elb:${action}`)
    return handle(action, params)
  }
  const app = elb.service.control.seedApplication({ name: 'web-alb', ...options.app })
  const baseTaskDefinition = ecs.registerTaskDefinition(
    'web',
    {},
    '123456789012.dkr.ecr.us-east-1.amazonaws.com/web@sha256:' + 'b'.repeat(64)
  )
  const base = ecs.addService({
    serviceName: 'web',
    desiredCount: 3,
    runningCount: 3,
    taskDefinition: baseTaskDefinition,
    launchType: 'FARGATE',
    platformVersion: '1.4.0',
    networkConfiguration: {
      awsvpcConfiguration: {
        subnets: ['subnet-a', 'subnet-b'],
        securityGroups: ['sg-web'],
        assignPublicIp: 'DISABLED'
      }
    },
    enableExecuteCommand: true,
    propagateTags: 'SERVICE',
    healthCheckGracePeriodSeconds: 30,
    deploymentConfiguration: {
      maximumPercent: 200,
      minimumHealthyPercent: 100,
      deploymentCircuitBreaker: { enable: true, rollback: true },
      alarms: { alarmNames: ['web-5xx'], enable: true, rollback: true }
    },
    ...(options.loadBalanced === false
      ? {}
      : {
          loadBalancers: [
            { targetGroupArn: app.targetGroupArn, containerName: 'app', containerPort: 8080 }
          ]
        }),
    tags: [{ key: 'team', value: 'web' }],
    ...options.base
  })
  const log = new MemoryLogger()
  const clock = new FakeClock(1_800_000_000_000)
  return {
    ecs,
    elb,
    app,
    base,
    baseTaskDefinition,
    log,
    clock,
    deps: { ecs: ecs.client, elb: elb.client, log, clock },
    close: async () => {
      ecs.restore()
      await elb.close()
    }
  }
}
