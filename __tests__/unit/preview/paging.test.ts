import { afterEach, describe, expect, it } from '@jest/globals'
import { cleanupPreviews } from '../../../src/preview/cleanup.js'
import { listListeners, listRules, targetGroupsOfLoadBalancer } from '../../../src/preview/lb.js'
import { ourTags, ourTargetGroupName, previewConfig } from './config.js'
import { startElbv2Http, type Elbv2Http } from './elbv2-http.js'
import type { Elbv2Service } from '../../../test-support/emulator/elbv2.js'
import { startWorld, type World } from './world.js'

// The ELBv2 emulator pages as AWS does (400 per page, Marker/NextMarker): each
// listing below has one item more than a page, and the last one is on page 2.
const PAGE = 400

let elb: Elbv2Http | undefined
let w: World | undefined
afterEach(async () => {
  await elb?.close()
  await w?.close()
  elb = undefined
  w = undefined
})

function describeCalls(
  http: { service: Elbv2Service },
  action: string
): Array<Record<string, string>> {
  return http.service.control.calls.filter((c) => c.action === action).map((c) => c.params)
}

const targetGroup = (http: { service: Elbv2Service }, name: string): string =>
  http.service.control.createTargetGroup({
    Name: name,
    Protocol: 'HTTP',
    Port: 8080,
    VpcId: 'vpc-1',
    TargetType: 'ip'
  })

describe('ELBv2 listings page through NextMarker (SDK paginators)', () => {
  it('listListeners: every listener of a load balancer', async () => {
    const http = (elb = await startElbv2Http())
    const control = http.service.control
    const lb = control.createLoadBalancer({ name: 'big' })
    for (let i = 0; i <= PAGE; i++) {
      control.createListener(lb.arn, {
        protocol: 'HTTP',
        port: 1000 + i,
        defaultAction: { type: 'fixed-response' }
      })
    }
    const listeners = await listListeners(http.client, lb.arn)
    expect(listeners).toHaveLength(PAGE + 1)
    expect(listeners.at(-1)?.Port).toBe(1000 + PAGE)
    const calls = describeCalls(http, 'DescribeListeners')
    expect(calls.map((c) => c['Marker'] !== undefined)).toEqual([false, true])
  })

  it('listRules and targetGroupsOfLoadBalancer: every rule, every target group it forwards to', async () => {
    const http = (elb = await startElbv2Http())
    const control = http.service.control
    const lb = control.createLoadBalancer({ name: 'big' })
    const listener = control.createListener(lb.arn, {
      protocol: 'HTTP',
      defaultAction: { type: 'fixed-response' }
    })
    const groups: string[] = []
    for (let i = 1; i <= PAGE + 1; i++) {
      const arn = targetGroup(http, `tg-${i}`)
      groups.push(arn)
      control.createRule(listener.arn, {
        priority: i,
        pathPattern: [`/${i}/*`],
        action: { type: 'forward', targetGroupArn: arn }
      })
    }
    const rules = await listRules(http.client, listener.arn)
    expect(rules).toHaveLength(PAGE + 2) // and the default rule
    expect(rules.some((r) => r.Priority === String(PAGE + 1))).toBe(true)
    expect(describeCalls(http, 'DescribeRules')).toHaveLength(2)

    const attached = await targetGroupsOfLoadBalancer(http.client, lb.arn)
    expect(attached.map((t) => t.TargetGroupArn).sort()).toEqual([...groups].sort())
    expect(describeCalls(http, 'DescribeTargetGroups')).toHaveLength(2)
  })
})

describe('cleanupPreviews over more target groups than one page', () => {
  it('finds a half-created preview whose target group is on page 2', async () => {
    const world = (w = await startWorld())
    for (let i = 0; i < PAGE; i++) targetGroup(world.elb, `other-${i}`)
    const orphan = targetGroup(world.elb, ourTargetGroupName('4'))
    world.elb.service.control.tag(orphan, ourTags('4'))
    const config = previewConfig({ preview: { mode: 'cleanup', id: '' } })
    const report = await cleanupPreviews(
      { ...config, github: { ...config.github, token: '' } },
      world.deps
    )
    // GitHub cannot be asked without a token: found, and kept.
    expect(report.previews).toEqual([{ id: '4', pullRequest: 'unknown', action: 'kept' }])
    const calls = describeCalls(world.elb, 'DescribeTargetGroups')
    expect(calls.map((c) => [c['PageSize'], c['Marker'] !== undefined])).toEqual([
      ['400', false],
      ['400', true]
    ])
  })
})
