/**
 * The AppSpec a CodeDeploy ECS deployment needs: generated from the new task
 * definition and the service's load-balanced container, or read from the
 * user's file with its TaskDefinition replaced by the new revision (as the
 * official deploy action does). Pure.
 */
import { createHash } from 'node:crypto'
import { ActionError } from '../../util/errors.js'

export interface AppSpec {
  version: number | string
  Resources: Array<Record<string, unknown>>
  Hooks?: Array<Record<string, string>>
  [key: string]: unknown
}

export function generateAppSpec(
  taskDefinitionArn: string,
  containerName: string,
  containerPort: number
): AppSpec {
  return {
    version: 0.0,
    Resources: [
      {
        TargetService: {
          Type: 'AWS::ECS::Service',
          Properties: {
            TaskDefinition: taskDefinitionArn,
            LoadBalancerInfo: { ContainerName: containerName, ContainerPort: containerPort }
          }
        }
      }
    ]
  }
}

/** The user's AppSpec (YAML or JSON) pointing at the new revision; the ActionError names the input. */
export async function appSpecFromFile(
  text: string,
  file: string,
  taskDefinitionArn: string
): Promise<AppSpec> {
  // Loaded when needed (a chunk of dist/, as for YAML task definitions).
  const { parse: parseYaml } = await import('yaml')
  let parsed: unknown
  try {
    parsed = parseYaml(text)
  } catch (error) {
    throw new ActionError(
      `\`codedeploy-appspec\`: ${file} is not YAML or JSON (${error instanceof Error ? error.message.split('\n')[0] : String(error)}).`
    )
  }
  const spec = parsed as Partial<AppSpec> | null
  const target = spec?.Resources?.[0]?.['TargetService'] as
    { Properties?: Record<string, unknown> } | undefined
  if (!spec || typeof spec !== 'object' || !target?.Properties) {
    throw new ActionError(
      `\`codedeploy-appspec\`: ${file} has no Resources[0].TargetService.Properties; an ECS AppSpec names the service's TargetService (see docs/codedeploy.md).`
    )
  }
  target.Properties['TaskDefinition'] = taskDefinitionArn
  return spec as AppSpec
}

/** What CreateDeployment sends: the AppSpec as JSON and its SHA-256. */
export function appSpecContent(spec: AppSpec): { content: string; sha256: string } {
  const content = JSON.stringify(spec, null, 2)
  return { content, sha256: createHash('sha256').update(content).digest('hex') }
}
