/**
 * Issue 4, end to end: a pull request's preview through its life (opened,
 * pushed to, closed, closed again), a fork without AWS credentials, and a
 * token that may not write to GitHub. The bundle on Node 24 against the
 * emulator (ECS, ECR over the real registry, ELBv2) and the GitHub fake.
 */
import { afterEach, beforeAll, describe, expect, it } from '@jest/globals'
import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { ActionRun } from '../../test-support/harness.js'
import {
  baseSnapshot,
  CLUSTER,
  familyRevisions,
  forbiddenDeletes,
  previewTgName,
  protectedArns,
  READ_TOKEN,
  registeredTags,
  registryTags,
  REPOSITORY,
  runPr,
  seedBaseService,
  serviceStatus,
  serviceTags,
  sha,
  usePreviewWorld,
  type BaseService
} from './preview-world.js'
import { sampleApp, serviceRecord, uniqueName, writeCalls } from './world.js'
import { identityHash } from '../../src/preview/names.js'

/** Every base service seeded here, and the ARNs no run may ever delete. */
const protect = { services: [] as string[], arns: [] as string[] }

const pw = usePreviewWorld()
afterEach(() => {
  // Whatever a test did, no run deleted or scaled down anything of a base service.
  expect(forbiddenDeletes(pw.world, protect)).toEqual([])
})

async function base(options: Parameters<typeof seedBaseService>[1] = {}): Promise<BaseService> {
  const b = await seedBaseService(pw.world, options)
  protect.services.push(b.service)
  protect.arns.push(...protectedArns(pw.world, b))
  return b
}

/** The sample app with a different version.txt: another image. */
async function changedApp(version: string): Promise<string> {
  const dir = await sampleApp()
  await writeFile(join(dir, 'version.txt'), `${version}\n`)
  return dir
}

function noErrors(run: ActionRun): void {
  expect({ exitCode: run.exitCode, errors: run.errors, post: run.post.exitCode }).toEqual({
    exitCode: 0,
    errors: [],
    post: 0
  })
}

describe('a pull request from open to closed', () => {
  const pr = 12
  const host = `pr-${pr}.preview.example.com`
  const first = sha('first push')
  const second = sha('second push')
  let b: BaseService
  let repository: string
  let context: string
  let before: unknown
  let opened: ActionRun
  let previewTg: string
  let previewRule: string
  let commentId: number

  beforeAll(async () => {
    b = await base()
    repository = uniqueName('app')
    pw.world.ecr.seedRepository(repository)
    context = await sampleApp()
    before = baseSnapshot(pw.world, b)
  })

  const deployInputs = (tag: string): Record<string, string> => ({
    preview: 'deploy',
    'ecr-repository': repository,
    // The preview's own tag (destroy deletes it) and the commit's (shared: destroy keeps it).
    tags: `pr-${pr}-${tag.slice(0, 7)}, ${tag}`,
    context,
    cluster: CLUSTER,
    service: b.service,
    'preview-host': 'pr-{id}.preview.example.com'
  })

  it('opening creates the service, target group and rule, a GitHub deployment and one comment', async () => {
    const elbBefore = pw.world.elb.snapshot()
    opened = await runPr(pw, {
      action: 'opened',
      number: pr,
      headSha: first,
      inputs: deployInputs(first)
    })
    noErrors(opened)
    const previewName = `${b.service}-pr-${pr}`
    const family = `${b.family}-pr-${pr}`
    const url = `https://${host}`
    expect(opened.outputs['service']).toBe(previewName)
    expect(opened.outputs['url']).toBe(url)
    expect(opened.outputs['task-definition-arn']).toMatch(
      new RegExp(`:task-definition/${family}:1$`)
    )
    expect(opened.outputs['image']).toMatch(
      new RegExp(`^${pw.world.env.registryHost}/${repository}@sha256:[0-9a-f]{64}$`)
    )

    // The service: a copy of the base, running the new revision of the preview family.
    const baseSvc = serviceRecord(pw.world, CLUSTER, b.service)!
    const svc = serviceRecord(pw.world, CLUSTER, previewName)!
    expect(svc['status']).toBe('ACTIVE')
    expect(svc['desiredCount']).toBe(1)
    for (const key of [
      'launchType',
      'platformVersion',
      'networkConfiguration',
      'enableExecuteCommand',
      'healthCheckGracePeriodSeconds',
      'propagateTags'
    ]) {
      expect({ key, value: svc[key] }).toEqual({ key, value: baseSvc[key] })
    }
    expect(svc['networkConfiguration']).toEqual(b.networkConfiguration)
    expect(
      (svc['deploymentConfiguration'] as Record<string, unknown>)['deploymentCircuitBreaker']
    ).toEqual({ enable: true, rollback: true })
    expect(svc['taskDefinition']).toBe(opened.outputs['task-definition-arn'])
    const deployments = svc['deployments'] as Array<Record<string, unknown>>
    expect(deployments.map((d) => [d['id'], d['rolloutState']])).toEqual([
      [opened.outputs['deployment-id'], 'COMPLETED']
    ])

    // One new target group, cloned from the base one, and one host rule on the HTTPS listener.
    const elbAfter = pw.world.elb.snapshot()
    const newTgs = elbAfter.targetGroups.filter(
      (tg) => !elbBefore.targetGroups.some((o) => o.arn === tg.arn)
    )
    expect(newTgs.map((tg) => tg.name)).toEqual([previewTgName(b.service, pr)])
    previewTg = newTgs[0]!.arn
    const settings = (arn: string): unknown =>
      pw.world.elb.control.state.targetGroups.get(arn)?.settings
    expect(settings(previewTg)).toEqual(settings(b.app.targetGroupArn))
    expect(newTgs[0]!.loadBalancerArns).toEqual([b.app.loadBalancerArn])
    const newRules = elbAfter.rules.filter((r) => !elbBefore.rules.some((o) => o.arn === r.arn))
    expect(newRules.map((r) => [r.listenerArn, r.hosts, r.forwardTo])).toEqual([
      [b.listenerArn, [host], [previewTg]]
    ])
    previewRule = newRules[0]!.arn
    expect(svc['loadBalancers']).toEqual([
      { targetGroupArn: previewTg, containerName: 'web', containerPort: 8080 }
    ])

    // Everything created carries the preview's tags.
    const tags = {
      'preview-of': b.service,
      'pull-request': String(pr),
      repository: REPOSITORY,
      cluster: CLUSTER
    }
    expect(serviceTags(pw.world, previewName)).toEqual(tags)
    expect(newTgs[0]!.tags).toEqual(tags)
    expect(newRules[0]!.tags).toEqual(tags)
    expect(registeredTags(pw.world, family)).toEqual([expect.objectContaining(tags)])

    // GitHub: a transient deployment for pr-12, in progress then successful with the URL.
    const gh = pw.github.state.deployments.filter((d) => d.environment === `pr-${pr}`)
    expect(gh).toHaveLength(1)
    expect(gh[0]!.ref).toBe(first)
    expect(gh[0]!.transient_environment).toBe(true)
    expect(gh[0]!.statuses.map((s) => s.state)).toEqual(['in_progress', 'success'])
    expect(gh[0]!.statuses[1]!.environment_url).toBe(url)

    // Exactly one comment, with the URL, the image and the revision.
    const comments = pw.github.state.comments.filter((c) => c.issue_number === pr)
    expect(comments).toHaveLength(1)
    commentId = comments[0]!.id
    expect(comments[0]!.body).toContain(url)
    expect(comments[0]!.body).toContain(opened.outputs['image']!)
    expect(comments[0]!.body).toContain(`${family}:1`)
    expect(comments[0]!.body).toContain(first.slice(0, 7))

    expect(baseSnapshot(pw.world, b)).toEqual(before)
  })

  it('a second push updates the same service and the same comment', async () => {
    const elbBefore = pw.world.elb.snapshot()
    const since = Date.now()
    const pushed = await runPr(pw, {
      action: 'synchronize',
      number: pr,
      headSha: second,
      // New code: a new image.
      inputs: { ...deployInputs(second), context: await changedApp('2.0.0') }
    })
    noErrors(pushed)
    const previewName = `${b.service}-pr-${pr}`
    expect(pushed.outputs['service']).toBe(previewName)
    expect(pushed.outputs['url']).toBe(`https://${host}`)
    expect(pushed.outputs['task-definition-arn']).toMatch(/-pr-12:2$/)
    expect(pushed.outputs['deployment-id']).not.toBe(opened.outputs['deployment-id'])
    expect(pushed.outputs['image']).not.toBe(opened.outputs['image'])

    // The same service, now on the new revision; nothing new on the load balancer.
    const written = writeCalls(pw.world, since)
    expect(written).not.toContain('ecs:CreateService')
    expect(written).not.toContain('elasticloadbalancing:CreateTargetGroup')
    expect(written).not.toContain('elasticloadbalancing:CreateRule')
    const updates = pw.world.emulator
      .calls({ operation: 'UpdateService', since })
      .map((c) => (c.input as Record<string, unknown>)['service'])
    expect(updates).toEqual([previewName])
    const svc = serviceRecord(pw.world, CLUSTER, previewName)!
    expect(svc['taskDefinition']).toBe(pushed.outputs['task-definition-arn'])
    expect(
      (svc['deployments'] as Array<Record<string, unknown>>).map((d) => [
        d['id'],
        d['rolloutState']
      ])
    ).toEqual([[pushed.outputs['deployment-id'], 'COMPLETED']])
    expect(pw.world.elb.snapshot()).toEqual(elbBefore)

    // A second GitHub deployment; still one comment, edited in place.
    expect(pw.github.statesOf(`pr-${pr}`)).toEqual(['success', 'success'])
    const comments = pw.github.state.comments.filter((c) => c.issue_number === pr)
    expect(comments.map((c) => c.id)).toEqual([commentId])
    expect(comments[0]!.body).toContain(pushed.outputs['image']!)
    expect(comments[0]!.body).not.toContain(opened.outputs['image']!)
    expect(comments[0]!.body).toContain(`${b.family}-pr-${pr}:2`)
    expect(comments[0]!.body).toContain(second.slice(0, 7))
    expect(baseSnapshot(pw.world, b)).toEqual(before)
  })

  it('closing destroys all of it and marks the deployments inactive; the base is untouched', async () => {
    const previewName = `${b.service}-pr-${pr}`
    // Each pushed image carries this preview's mark: the proof destroy looks for.
    const identity = {
      baseService: b.service,
      id: String(pr),
      repository: REPOSITORY,
      cluster: CLUSTER
    }
    const marks = (await registryTags(pw.world, repository)).filter((t) =>
      t.startsWith(`pr-${pr}-preview-${identityHash(identity)}-`)
    )
    expect(marks).toHaveLength(2)
    expect(await registryTags(pw.world, repository)).toEqual(
      [
        `pr-${pr}-${first.slice(0, 7)}`,
        `pr-${pr}-${second.slice(0, 7)}`,
        first,
        second,
        ...marks
      ].sort()
    )
    const closed = await runPr(pw, {
      action: 'closed',
      number: pr,
      headSha: second,
      merged: true,
      inputs: {
        preview: 'destroy',
        'ecr-repository': repository,
        cluster: CLUSTER,
        service: b.service
      }
    })
    noErrors(closed)
    expect(closed.warnings).toEqual([])
    expect(closed.outputs['service']).toBe(previewName)
    expect(['INACTIVE', 'gone']).toContain(serviceStatus(pw.world, previewName))

    // The call log shows the deletes (so the afterEach check of base resources can see them).
    expect(
      forbiddenDeletes(pw.world, { services: [previewName], arns: [previewTg, previewRule] })
    ).toEqual([
      `UpdateService ${previewName}`, // scaled to zero first
      `DeleteService ${previewName}`,
      `DeleteRule ${previewRule}`,
      `DeleteTargetGroup ${previewTg}`
    ])

    // The load balancer is back to what it was; the preview family is deleted.
    const elb = pw.world.elb.snapshot()
    expect(elb.targetGroups.map((tg) => tg.arn)).not.toContain(previewTg)
    expect(elb.rules.map((r) => r.arn)).not.toContain(previewRule)
    expect(elb.rules.filter((r) => r.tags['preview-of'])).toEqual([])
    expect(familyRevisions(pw.world, `${b.family}-pr-${pr}`).map((r) => r.status)).toEqual([
      'DELETE_IN_PROGRESS',
      'DELETE_IN_PROGRESS'
    ])
    const deregistered = pw.world.emulator
      .calls({ operation: 'DeregisterTaskDefinition' })
      .map((c) => (c.input as Record<string, unknown>)['taskDefinition'] as string)
    expect(deregistered.map((arn) => arn.slice(arn.lastIndexOf('/') + 1)).sort()).toEqual([
      `${b.family}-pr-${pr}:1`,
      `${b.family}-pr-${pr}:2`
    ])

    // Only the preview's own image tags are gone; the commit tags stay.
    expect(await registryTags(pw.world, repository)).toEqual([first, second].sort())

    // GitHub: every deployment of pr-12 inactive; the comment says it was torn down.
    expect(pw.github.statesOf(`pr-${pr}`)).toEqual(['inactive', 'inactive'])
    const comments = pw.github.state.comments.filter((c) => c.issue_number === pr)
    expect(comments.map((c) => c.id)).toEqual([commentId])
    expect(comments[0]!.body).toMatch(/destroyed/)

    expect(baseSnapshot(pw.world, b)).toEqual(before)
    expect(serviceStatus(pw.world, b.service)).toBe('ACTIVE')
  })

  it('destroying again is a no-op success', async () => {
    const since = Date.now()
    const again = await runPr(pw, {
      action: 'closed',
      number: pr,
      headSha: second,
      inputs: { preview: 'destroy', cluster: CLUSTER, service: b.service }
    })
    noErrors(again)
    expect(again.warnings).toEqual([])
    expect(again.stdout).toMatch(/already gone/)
    expect(writeCalls(pw.world, since)).toEqual([])
    expect(baseSnapshot(pw.world, b)).toEqual(before)
  })

  it('reopening deploys a fresh preview under the same names', async () => {
    const previewName = `${b.service}-pr-${pr}`
    const reopened = await runPr(pw, {
      action: 'reopened',
      number: pr,
      headSha: second,
      inputs: deployInputs(second)
    })
    noErrors(reopened)
    expect(reopened.outputs['service']).toBe(previewName)
    expect(serviceStatus(pw.world, previewName)).toBe('ACTIVE')
    // Revisions 1 and 2 were deleted; the family carries on from 3.
    expect(reopened.outputs['task-definition-arn']).toMatch(/-pr-12:3$/)
    const elb = pw.world.elb.snapshot()
    expect(elb.targetGroups.filter((tg) => tg.tags['preview-of']).map((tg) => tg.name)).toEqual([
      previewTgName(b.service, pr)
    ])
    expect(elb.rules.filter((r) => r.tags['preview-of']).map((r) => r.hosts)).toEqual([[host]])
    // The same comment again, back to the deployed preview.
    const comments = pw.github.state.comments.filter((c) => c.issue_number === pr)
    expect(comments.map((c) => c.id)).toEqual([commentId])
    expect(comments[0]!.body).toContain(`https://${host}`)
    expect(comments[0]!.body).not.toMatch(/destroyed/)
    expect(pw.github.statesOf(`pr-${pr}`)).toEqual(['inactive', 'inactive', 'success'])
    expect(baseSnapshot(pw.world, b)).toEqual(before)
  })
})

describe('GitHub without write access', () => {
  it('a fork without AWS credentials: explains, exits 0, calls nothing', async () => {
    const b = await base()
    const since = Date.now()
    const requests = pw.github.state.requests.length
    const run = await runPr(pw, {
      action: 'opened',
      number: 40,
      fork: 'contributor/app',
      token: READ_TOKEN,
      inputs: {
        preview: 'deploy',
        image: 'registry.example.com/sample/web:2.0.0',
        cluster: CLUSTER,
        service: b.service,
        'preview-host': 'pr-{id}.preview.example.com'
      },
      env: {
        AWS_ACCESS_KEY_ID: undefined,
        AWS_SECRET_ACCESS_KEY: undefined,
        AWS_SESSION_TOKEN: undefined
      }
    })
    noErrors(run)
    expect(run.warnings).toEqual([])
    const notices = run.commands.filter((c) => c.command === 'notice').map((c) => c.message)
    expect(notices).toEqual([expect.stringMatching(/fork contributor\/app.*no AWS credentials/)])
    expect(pw.world.emulator.calls({ since })).toEqual([])
    expect(pw.github.state.requests.slice(requests)).toEqual([])
    expect(run.outputs['service']).toBeUndefined()
    expect(serviceStatus(pw.world, `${b.service}-pr-40`)).toBe('gone')
  })

  it('a read-only token: the preview deploys, with a warning naming each permission', async () => {
    const b = await base({ https: false })
    const requests = pw.github.state.requests.length
    const run = await runPr(pw, {
      action: 'opened',
      number: 41,
      token: READ_TOKEN,
      inputs: {
        preview: 'deploy',
        image: 'registry.example.com/sample/web:2.0.0',
        cluster: CLUSTER,
        service: b.service,
        'preview-host': 'pr-{id}.preview.example.com'
      }
    })
    noErrors(run)
    // An HTTP-only listener gives an http URL.
    expect(run.outputs['url']).toBe('http://pr-41.preview.example.com')
    expect(serviceStatus(pw.world, `${b.service}-pr-41`)).toBe('ACTIVE')
    expect(run.warnings).toEqual([
      expect.stringMatching(/deployment.*403.*`permissions: deployments: write`/),
      expect.stringMatching(/[Cc]omment.*403.*`permissions: pull-requests: write`/)
    ])
    // GitHub was asked, refused, and holds nothing.
    expect(pw.github.state.requests.slice(requests).map((r) => r.status)).toContain(403)
    expect(pw.github.state.deployments.filter((d) => d.environment === 'pr-41')).toEqual([])
    expect(pw.github.state.comments.filter((c) => c.issue_number === 41)).toEqual([])
    expect(run.summary).toContain('http://pr-41.preview.example.com')
  })
})
