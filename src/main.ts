import * as core from './util/runner.js'
import { readInputs } from './inputs/read.js'
import { createAwsClients } from './aws/clients.js'
import { forkSkipReason } from './preview/fork.js'
import type { GitHubDeployment } from './github/deployments.js'
import { Reporter } from './report/reporter.js'
import { buildSummary, type RunReport } from './report/summary.js'
import { ActionError, errorMessage } from './util/errors.js'
import { actionsLogger, formatDuration, type Logger } from './util/log.js'
import { systemClock } from './util/time.js'
import type { RunContext } from './run/context.js'
import { stage } from './run/stage.js'
import { validate } from './run/plan.js'
import { DockerCredentials, imageStage } from './run/images.js'
import { registerStage, renderStage } from './run/revision.js'
import { oneOffTaskStage } from './run/one-off.js'
import { deployServiceStage, followScheduledTasks, serviceTargetOf } from './run/service.js'
import { commentOnPullRequest, previewTeardown } from './run/preview.js'
import { finishGitHubDeployment, startGitHubDeployment } from './run/environment.js'
import { runFleet } from './deploy/fleet/run.js'

/** Sequences the stages; every decision lives in the modules it calls. */
export async function run(): Promise<void> {
  const clock = systemClock
  const log = actionsLogger
  const started = clock.now()
  const reporter = new Reporter(core.setOutput)
  const abort = new AbortController()
  const onSignal = (signal: NodeJS.Signals): void => {
    if (abort.signal.aborted) return
    log.warning(`Received ${signal}: stopping (the workflow was cancelled).`)
    abort.abort()
  }
  process.on('SIGINT', onSignal)
  process.on('SIGTERM', onSignal)
  const credentials = new DockerCredentials()
  let ghDeployment: GitHubDeployment | undefined

  try {
    const config = readInputs()
    const skip = forkSkipReason(config)
    if (skip) {
      core.notice(skip)
      reporter.finish('skipped', skip)
      return
    }
    reporter.subject(config.cluster, config.service)
    const ctx: RunContext = {
      config,
      clients: createAwsClients(config.region, config.deploy.maxAttempts),
      log,
      clock,
      signal: abort.signal,
      reporter,
      report: reporter.report
    }
    if (config.preview?.mode === 'destroy' || config.preview?.mode === 'cleanup') {
      await previewTeardown(ctx)
      return
    }
    // Several services from one build (src/deploy/fleet).
    if (config.fleet) {
      await runFleet(ctx, credentials)
      return
    }

    // 1. Everything that can be checked is checked before the first write.
    const plan = await stage(ctx, 'Validate', () => validate(ctx))
    // 2. Images: build and push each distinct one, or reuse.
    const deployed = await imageStage(ctx, plan, credentials)
    // 3. Render the new revision and compare it with what runs now.
    const revision = await renderStage(ctx, plan, deployed)
    if (config.dryRun) {
      reporter.finish('dry-run', 'Dry run: nothing was pushed, registered or updated.')
      log.info(reporter.report.message)
      return
    }
    // 4. Register, unless the service already runs exactly this.
    const registered = {
      arn: await registerStage(ctx, revision),
      taskDefinition: revision.taskDefinition,
      unchanged: revision.unchanged
    }
    reporter.record({ taskDefinitionArn: registered.arn })
    // 4b. The one-off task (migrations): the service is updated only if it succeeds.
    const serviceName = plan.preview?.serviceName ?? config.service
    await oneOffTaskStage(ctx, plan, registered, serviceName)

    if (!serviceName) {
      await followScheduledTasks(ctx, plan.scheduledTasks, registered.arn)
      const task = reporter.report.task ? ` ${reporter.report.task.summary}` : ''
      reporter.finish('registered', `Registered ${registered.arn} (no service to update).${task}`)
      return
    }
    reporter.record({ service: serviceName, url: plan.preview?.url })
    ghDeployment = await startGitHubDeployment(ctx, { transient: plan.preview !== undefined })

    // 5. Update (or create, for a new preview) the service and watch the deployment.
    await deployServiceStage(ctx, serviceTargetOf(plan, serviceName), registered)
    if (plan.preview && reporter.report.result !== 'failed') await commentOnPullRequest(ctx, plan)
  } catch (error) {
    reporter.finish(abort.signal.aborted ? 'cancelled' : 'failed', errorMessage(error))
    if (error instanceof ActionError) for (const d of error.details) log.info(d)
    else if (error instanceof Error && error.stack) log.debug(error.stack)
  } finally {
    // The handlers stay until the clean-up is done: a SIGTERM arriving now
    // must not kill the process before the credentials are removed.
    await credentials.remove(log)
    const report = reporter.report
    report.durationMs = clock.now() - started
    await finishGitHubDeployment(ghDeployment, report, log)
    await writeSummary(report, log)
    if (report.result === 'failed' || report.result === 'cancelled') {
      if (report.message) core.setFailed(report.message)
    } else {
      log.info(`Done in ${formatDuration(report.durationMs)}: ${report.message}`)
    }
    process.off('SIGINT', onSignal)
    process.off('SIGTERM', onSignal)
  }
}

async function writeSummary(report: RunReport, log: Logger): Promise<void> {
  if (!process.env['GITHUB_STEP_SUMMARY']) return
  try {
    await core.appendSummary(buildSummary(report))
  } catch (error) {
    log.warning(`Could not write the job summary: ${errorMessage(error)}`)
  }
}
