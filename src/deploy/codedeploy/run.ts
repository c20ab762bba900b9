/**
 * The run's side of a CodeDeploy-controlled service: during validation, the
 * application and deployment group are checked and the AppSpec file is read;
 * after the task definition is registered, the AppSpec is written (or the
 * given one pointed at the new revision), shown, deployed with
 * CreateDeployment, and watched. Records `codedeploy-deployment-id`; what
 * the watch's end means is `codeDeployOutcome` (deploy/decide.ts), recorded
 * by the service stage like any other deployment's (src/run/service.ts).
 */
import { readFile } from 'node:fs/promises'
import type { Service } from '@aws-sdk/client-ecs'
import { Outputs } from '../../report/outputs.js'
import { ActionError, errorMessage } from '../../util/errors.js'
import type { StrategyRun } from '../strategy/run.js'
import { appSpecContent, appSpecFromFile, generateAppSpec, type AppSpec } from './appspec.js'
import { defaultApplicationName, defaultDeploymentGroupName } from './names.js'
import { codeDeployOutcome, type DeployOutcome } from '../decide.js'
import { formatDiagnostics, type Diagnostics } from '../diagnostics.js'
import { diagnoseCodeDeploy } from './diagnose.js'
import { checkCodeDeploy, createCodeDeployment, watchCodeDeployment } from './watch.js'

export interface CodeDeployPlan {
  application: string
  deploymentGroup: string
  /** The user's AppSpec file: path and text. */
  appspecFile?: { path: string; text: string }
  /** From the service's load balancer, for a generated AppSpec. */
  container?: { name: string; port: number }
}

const PLACEHOLDER_ARN = 'arn:aws:ecs:us-east-1:000000000000:task-definition/check:1'

export async function planCodeDeploy(ctx: StrategyRun, service: Service): Promise<CodeDeployPlan> {
  const { config, log } = ctx
  const inputs = config.codeDeploy ?? {}
  const serviceName = service.serviceName ?? config.service ?? ''
  const application = inputs.application ?? defaultApplicationName(config.cluster, serviceName)
  const deploymentGroup =
    inputs.deploymentGroup ?? defaultDeploymentGroupName(config.cluster, serviceName)
  const cd = await ctx.clients.codedeploy()
  await checkCodeDeploy(cd, {
    application,
    deploymentGroup,
    cluster: config.cluster.split('/').at(-1) ?? config.cluster,
    service: serviceName
  })
  log.info(
    `Deployment controller CODE_DEPLOY: CodeDeploy application ${application}, deployment group ${deploymentGroup}.`
  )
  const plan: CodeDeployPlan = { application, deploymentGroup }
  if (inputs.appspec) {
    let text: string
    try {
      text = await readFile(inputs.appspec, 'utf8')
    } catch (error) {
      throw new ActionError(
        `\`codedeploy-appspec\`: cannot read ${inputs.appspec} (${errorMessage(error)}).`
      )
    }
    await appSpecFromFile(text, inputs.appspec, PLACEHOLDER_ARN) // checked now, before any write
    plan.appspecFile = { path: inputs.appspec, text }
    return plan
  }
  const lb = (service.loadBalancers ?? []).find((l) => l.containerName && l.containerPort)
  if (!lb?.containerName || !lb.containerPort) {
    throw new ActionError(
      `Service ${serviceName} has no load balancer with a container name and port to write an AppSpec from; set \`codedeploy-appspec\` to an AppSpec file.`
    )
  }
  plan.container = { name: lb.containerName, port: lb.containerPort }
  return plan
}

/** How a CodeDeploy deployment ended, for the service stage to record. */
export interface CodeDeployEnd {
  outcome: DeployOutcome
  /** A failed deployment's green tasks: stop reasons and log tail (already logged). */
  diagnostics?: Diagnostics
}

export async function runCodeDeploy(
  ctx: StrategyRun,
  plan: CodeDeployPlan,
  taskDefinitionArn: string,
  stage: <T>(name: string, fn: () => Promise<T>) => Promise<T>
): Promise<CodeDeployEnd> {
  const { config, log, report, reporter } = ctx
  const inputs = config.codeDeploy ?? {}
  const cd = await ctx.clients.codedeploy()
  const deploymentId = await stage('Deploy', async () => {
    let spec: AppSpec
    if (plan.appspecFile) {
      spec = await appSpecFromFile(plan.appspecFile.text, plan.appspecFile.path, taskDefinitionArn)
      log.info(`AppSpec from ${plan.appspecFile.path}, TaskDefinition set to ${taskDefinitionArn}:`)
    } else {
      spec = generateAppSpec(taskDefinitionArn, plan.container!.name, plan.container!.port)
      log.info('AppSpec written by the action (no codedeploy-appspec):')
    }
    const { content, sha256 } = appSpecContent(spec)
    for (const line of content.split('\n')) log.info(`  ${line}`)
    const id = await createCodeDeployment(cd, {
      application: plan.application,
      deploymentGroup: plan.deploymentGroup,
      content,
      sha256,
      description: inputs.description,
      deploymentConfig: inputs.deploymentConfig
    })
    log.info(`Started CodeDeploy deployment ${id}.`)
    return id
  })
  reporter.record({ codeDeployDeploymentId: deploymentId })
  // CodeDeploy's own rollbacks are not followed: the output says `false` throughout.
  reporter.output(Outputs.rolledBack, 'false')
  if (!config.waitForServiceStability) {
    return {
      outcome: {
        result: 'deployed',
        message: `CodeDeploy deployment ${deploymentId} started; not waiting (wait-for-service-stability: false).`
      }
    }
  }
  const strategy = config.strategy ?? { waitUntil: 'complete', cancelDeploymentOnAbort: false }
  const result = await stage('Watch deployment', () =>
    watchCodeDeployment({
      cd,
      deploymentId,
      timeoutMs: config.waitTimeoutMs,
      waitUntil: strategy.waitUntil,
      cancelDeploymentOnAbort: strategy.cancelDeploymentOnAbort,
      clock: ctx.clock,
      log,
      signal: ctx.signal
    })
  )
  const outcome = codeDeployOutcome(result, strategy.waitUntil)
  if (result.outcome === 'failed') {
    // As for rolling deployments: the green tasks' stop reasons and the log tail.
    const diagnostics = await diagnoseCodeDeploy({
      ecs: ctx.clients.ecs,
      logs: ctx.clients.logs,
      cluster: config.cluster,
      service: report.service ?? config.service ?? '',
      deploymentId,
      greenTaskSet: result.greenTaskSet,
      taskDefinitionArn,
      log
    })
    if (diagnostics) {
      for (const line of formatDiagnostics(diagnostics)) log.info(line)
      return { outcome, diagnostics }
    }
  }
  return { outcome }
}
