import { quote } from '../util/errors.js'
import type { CodeDeployInputs } from './config.js'

/**
 * The official deploy action's CodeDeploy inputs, same names and meaning
 * (docs/codedeploy.md). Pure; problems are added to `problems`, named by input.
 */
const NAME = /^[A-Za-z0-9._+@=,-]{1,100}$/

export function parseCodeDeployInputs(
  input: (name: string) => string,
  problems: string[]
): CodeDeployInputs {
  const out: CodeDeployInputs = {}
  const appspec = input('codedeploy-appspec')
  if (appspec !== '') out.appspec = appspec
  for (const [name, field] of [
    ['codedeploy-application', 'application'],
    ['codedeploy-deployment-group', 'deploymentGroup'],
    ['codedeploy-deployment-config', 'deploymentConfig']
  ] as const) {
    const value = input(name)
    if (value === '') continue
    if (!NAME.test(value)) {
      problems.push(
        `\`${name}\`: ${quote(value)} is not a CodeDeploy name; use at most 100 letters, digits and . _ + @ = , -.`
      )
    }
    out[field] = value
  }
  const description = input('codedeploy-deployment-description')
  if (description !== '') {
    // CreateDeployment allows at most 512 characters; the official action cuts longer ones too.
    out.description = description.length > 512 ? `${description.slice(0, 509)}...` : description
  }
  return out
}
