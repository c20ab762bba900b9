import { RegisterTaskDefinitionCommand, type ECSClient } from '@aws-sdk/client-ecs'
import type { RegisterTaskDefinitionCommandInput } from '@aws-sdk/client-ecs'
import { describeAwsError } from '../util/errors.js'

/** Registers `td` as a new revision of its family; returns the revision's ARN. */
export async function registerTaskDefinition(
  ecs: ECSClient,
  td: RegisterTaskDefinitionCommandInput
): Promise<string> {
  try {
    const out = await ecs.send(new RegisterTaskDefinitionCommand(td))
    const arn = out.taskDefinition?.taskDefinitionArn
    if (!arn) throw new Error('the response had no taskDefinitionArn')
    return arn
  } catch (error) {
    throw describeAwsError(`Registering a revision of task definition family ${td.family}`, error)
  }
}
