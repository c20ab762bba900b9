import { afterEach, describe, expect, it } from '@jest/globals'
import type { Service } from '@aws-sdk/client-ecs'
import { cleanupPreviews } from '../../../src/preview/cleanup.js'
import { planPreviewDeploy } from '../../../src/preview/plan.js'
import { createPreviewResources } from '../../../src/preview/create.js'
import { createGitHubDeployment } from '../../../src/github/deployments.js'
import type { Config } from '../../../src/inputs/config.js'
import { ActionError } from '../../../src/util/errors.js'
import { startGitHubFake, type GitHubFake } from '../../../test-support/github-fake/index.js'
import { ourEcsTags, ourTags, ourTargetGroupName, previewConfig } from './config.js'
import { startWorld, type World } from './world.js'

let w: World | undefined
let gh: GitHubFake | undefined
afterEach(async () => {
  await w?.close()
  await gh?.close()
  w = undefined
  gh = undefined
})

function withGitHub(config: Config, url: string): Config {
  return { ...config, github: { ...config.github, apiUrl: url, token: 'ghs_write' } }
}

function baseOf(world: World): Service {
  const { tags: _tags, ...rest } = world.ecs.services.get('web')!
  return rest
}

async function deploy(world: World, id: string, url: string): Promise<void> {
  const config = withGitHub(
    previewConfig({
      preview: {
        mode: 'deploy',
        id,
        ...(Number(id) ? { pullRequest: Number(id) } : {}),
        hostTemplate: 'pr-{id}.preview.example.com'
      }
    }),
    url
  )
  const plan = await planPreviewDeploy(config, { ...world.deps, baseService: baseOf(world) })
  const td = world.ecs.registerTaskDefinition(plan.family, plan.tags)
  await createPreviewResources(plan, td, world.deps)
  const deployment = await createGitHubDeployment(config.github, {
    ref: 'main',
    description: 'Deploy web',
    environment: `pr-${id}`,
    transient: true,
    log: world.log
  })
  await deployment?.setStatus('success')
}

describe('cleanupPreviews', () => {
  it('destroys the previews of closed pull requests only, asking GitHub', async () => {
    const world = (w = await startWorld())
    gh = await startGitHubFake()
    for (const id of ['1', '2', '3', '5']) await deploy(world, id, gh.url)
    gh.setPullRequest(1, 'closed', true)
    gh.setPullRequest(2, 'open')
    gh.setPullRequest(3, 'closed')
    // #5 is unknown to GitHub (404): kept.
    // A half-created preview of closed #4: only its target group.
    const control = world.elb.service.control
    const orphan = control.createTargetGroup({
      Name: ourTargetGroupName('4'),
      Protocol: 'HTTP',
      Port: 8080,
      VpcId: 'vpc-1',
      TargetType: 'ip'
    })
    control.tag(orphan, ourTags('4'))
    gh.setPullRequest(4, 'closed')
    // Previews of another service and of another repository, PR closed: not ours to clean.
    world.ecs.addService({
      serviceName: 'api-pr-1',
      tags: [
        { key: 'preview-of', value: 'api' },
        { key: 'pull-request', value: '1' }
      ]
    })
    world.ecs.addService({
      serviceName: 'web-pr-3x',
      tags: [
        { key: 'preview-of', value: 'web' },
        { key: 'pull-request', value: '3' },
        { key: 'repository', value: 'other/repo' }
      ]
    })
    // Another cluster's preview of the same service and repository, PR closed: that cluster's run cleans it.
    const otherCluster = control.createTargetGroup({
      Name: 'web-pr-6-elsewhere',
      Protocol: 'HTTP',
      Port: 8080,
      VpcId: 'vpc-1',
      TargetType: 'ip'
    })
    control.tag(otherCluster, { ...ourTags('6'), cluster: 'staging' })
    gh.setPullRequest(6, 'closed')
    // A custom preview id that is no pull request number.
    world.ecs.addService({
      serviceName: 'web-pr-demo',
      tags: ourEcsTags('demo')
    })

    const config = withGitHub(previewConfig({ preview: { mode: 'cleanup', id: '' } }), gh.url)
    const report = await cleanupPreviews(config, world.deps)

    expect(report.previews.map((e) => [e.id, e.pullRequest, e.action])).toEqual([
      ['1', 'closed', 'destroyed'],
      ['2', 'open', 'kept'],
      ['3', 'closed', 'destroyed'],
      ['4', 'closed', 'destroyed'],
      ['5', 'unknown', 'kept'],
      ['demo', 'not a number', 'kept']
    ])
    expect(report.message).toBe('Cleanup of web previews: 3 destroyed, 3 kept, 0 failed.')
    const status = (name: string) => world.ecs.services.get(name)?.status
    expect(status('web-pr-1')).toBe('INACTIVE')
    expect(status('web-pr-3')).toBe('INACTIVE')
    expect(status('web-pr-2')).toBe('ACTIVE')
    expect(status('web-pr-5')).toBe('ACTIVE')
    expect(status('api-pr-1')).toBe('ACTIVE')
    expect(status('web-pr-3x')).toBe('ACTIVE')
    expect(status('web')).toBe('ACTIVE')
    expect(control.state.targetGroups.has(orphan)).toBe(false)
    expect(
      world.elb.service
        .snapshot()
        .targetGroups.map((t) => t.name)
        .sort()
    ).toEqual(
      ['web-alb-tg', 'web-pr-6-elsewhere', ourTargetGroupName('2'), ourTargetGroupName('5')].sort()
    )
    // The GitHub environments of the destroyed previews are inactive.
    expect(gh.statesOf('pr-1')).toEqual(['inactive'])
    expect(gh.statesOf('pr-3')).toEqual(['inactive'])
    expect(gh.statesOf('pr-2')).toEqual(['success'])
  })

  it('keeps everything when GitHub cannot be asked (no token)', async () => {
    const world = (w = await startWorld())
    gh = await startGitHubFake()
    await deploy(world, '7', gh.url)
    const config = previewConfig({ preview: { mode: 'cleanup', id: '' } })
    const report = await cleanupPreviews(
      { ...config, github: { ...config.github, token: '' } },
      world.deps
    )
    expect(report.previews).toEqual([
      { id: '7', serviceName: 'web-pr-7', pullRequest: 'unknown', action: 'kept' }
    ])
    expect(world.ecs.services.get('web-pr-7')?.status).toBe('ACTIVE')
  })

  it('reports a failed destroy and fails the run after trying the others', async () => {
    const world = (w = await startWorld())
    gh = await startGitHubFake()
    await deploy(world, '8', gh.url)
    await deploy(world, '9', gh.url)
    const config = withGitHub(previewConfig({ preview: { mode: 'cleanup', id: '' } }), gh.url)
    world.ecs.failNext('DeleteService', new Error('boom'))
    const error = await cleanupPreviews(config, {
      ...world.deps,
      isPullRequestClosed: async () => true,
      onDestroyed: async () => {}
    }).then(
      () => undefined,
      (e: unknown) => e
    )
    expect(error).toBeInstanceOf(ActionError)
    expect((error as ActionError).message).toBe(
      'Cleanup of web previews: 1 destroyed, 0 kept, 1 failed.'
    )
    expect((error as ActionError).details[0]).toMatch(/^#8: .*boom/)
    expect(world.ecs.services.get('web-pr-9')?.status).toBe('INACTIVE')
  })
})
