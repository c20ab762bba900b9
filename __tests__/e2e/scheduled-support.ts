/**
 * One EventBridge rule that follows a service's revision (`scheduled-tasks:
 * rule/<name>`), for the e2e tests of flows other than rolling (strategy,
 * CodeDeploy): the emulated EventBridge on the world's emulator, a rule
 * created through the real SDK client, and the revision its target runs.
 */
import {
  EventBridgeClient,
  ListTargetsByRuleCommand,
  PutRuleCommand,
  PutTargetsCommand
} from '@aws-sdk/client-eventbridge'
import { createEventBridge } from '../../test-support/emulator/events.js'
import { uniqueName, type World } from './world.js'

export interface FollowedRule {
  /** The `scheduled-tasks` input and the environment that points the action at EventBridge. */
  inputs: Record<string, string>
  env: Record<string, string>
  /** The task definition the rule's ECS target runs now. */
  taskDefinition(): Promise<string | undefined>
}

/** Adds EventBridge to the world's emulator; call once per world. */
export function withEventBridge(world: World): EventBridgeClient {
  world.emulator.addJsonService(createEventBridge)
  return new EventBridgeClient({
    region: world.emulator.region,
    endpoint: world.emulator.url,
    credentials: { accessKeyId: 'AKIAOTHERUSEREXAMPLE', secretAccessKey: 'other-user-secret' },
    maxAttempts: 1
  })
}

export async function followedRule(
  world: World,
  events: EventBridgeClient,
  cluster: string,
  taskDefinitionArn: string
): Promise<FollowedRule> {
  const name = uniqueName('nightly')
  await events.send(
    new PutRuleCommand({ Name: name, ScheduleExpression: 'rate(1 hour)', State: 'ENABLED' })
  )
  await events.send(
    new PutTargetsCommand({
      Rule: name,
      Targets: [
        {
          Id: 'job',
          Arn: `arn:aws:ecs:${world.emulator.region}:${world.emulator.accountId}:cluster/${cluster}`,
          RoleArn: 'arn:aws:iam::123456789012:role/ecsEventsRole',
          EcsParameters: { TaskDefinitionArn: taskDefinitionArn, LaunchType: 'FARGATE' }
        }
      ]
    })
  )
  return {
    inputs: { 'scheduled-tasks': `rule/${name}` },
    env: { AWS_ENDPOINT_URL_EVENTBRIDGE: world.emulator.url },
    async taskDefinition() {
      const out = await events.send(new ListTargetsByRuleCommand({ Rule: name }))
      return out.Targets?.[0]?.EcsParameters?.TaskDefinitionArn
    }
  }
}
