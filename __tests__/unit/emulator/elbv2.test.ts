import { afterEach, beforeEach, describe, expect, it } from '@jest/globals'
import {
  AddTagsCommand,
  CreateRuleCommand,
  CreateTargetGroupCommand,
  DeleteRuleCommand,
  DeleteTargetGroupCommand,
  DescribeListenersCommand,
  DescribeLoadBalancersCommand,
  DescribeRulesCommand,
  DescribeTagsCommand,
  DescribeTargetGroupsCommand,
  ElasticLoadBalancingV2Client,
  RemoveTagsCommand,
  paginateDescribeRules
} from '@aws-sdk/client-elastic-load-balancing-v2'
import { AwsError } from '../../../test-support/emulator/protocol.js'
import { createElbv2Service, decodeQueryParams } from '../../../test-support/emulator/elbv2.js'
import { startElbv2Http, type Elbv2Http } from '../preview/elbv2-http.js'

const ARN = {
  lb: /^arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer\/app\/web-alb\/[0-9a-f]{16}$/,
  listener:
    /^arn:aws:elasticloadbalancing:us-east-1:123456789012:listener\/app\/web-alb\/[0-9a-f]{16}\/[0-9a-f]{16}$/,
  rule: /^arn:aws:elasticloadbalancing:us-east-1:123456789012:listener-rule\/app\/web-alb\/[0-9a-f]{16}\/[0-9a-f]{16}\/[0-9a-f]{16}$/,
  tg: /^arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup\/[A-Za-z0-9-]+\/[0-9a-f]{16}$/
}

let h: Elbv2Http
beforeEach(async () => {
  h = await startElbv2Http()
})
afterEach(async () => {
  await h.close()
})

function seed(
  options: Parameters<Elbv2Http['service']['control']['seedApplication']>[0] = { name: 'web-alb' }
) {
  return h.service.control.seedApplication(options)
}

async function errorName(promise: Promise<unknown>): Promise<string> {
  try {
    await promise
  } catch (error) {
    return (error as Error).name
  }
  throw new Error('expected the call to fail')
}

describe('decodeQueryParams', () => {
  it('turns member lists and nested structures into arrays and objects', () => {
    expect(
      decodeQueryParams({
        Action: 'CreateRule',
        Version: '2015-12-01',
        ListenerArn: 'L',
        'Conditions.member.1.Field': 'host-header',
        'Conditions.member.1.HostHeaderConfig.Values.member.1': 'a.example.com',
        'Conditions.member.1.HostHeaderConfig.Values.member.2': 'b.example.com',
        'Tags.member.2.Key': 'k2',
        'Tags.member.1.Key': 'k1',
        'Tags.member.1.Value': 'true'
      })
    ).toEqual({
      ListenerArn: 'L',
      Conditions: [
        { Field: 'host-header', HostHeaderConfig: { Values: ['a.example.com', 'b.example.com'] } }
      ],
      Tags: [{ Key: 'k1', Value: 'true' }, { Key: 'k2' }]
    })
  })
})

describe('ELBv2 emulator through the AWS SDK', () => {
  it('describes a seeded ALB: listeners, default rules and the target group, with real ARN shapes', async () => {
    const app = seed()
    const lbs = await h.client.send(
      new DescribeLoadBalancersCommand({ LoadBalancerArns: [app.loadBalancerArn] })
    )
    expect(lbs.LoadBalancers?.[0]).toMatchObject({
      LoadBalancerName: 'web-alb',
      Type: 'application',
      Scheme: 'internet-facing',
      DNSName: app.dnsName,
      State: { Code: 'active' }
    })
    expect(lbs.LoadBalancers?.[0]?.CreatedTime).toBeInstanceOf(Date)
    expect(app.loadBalancerArn).toMatch(ARN.lb)

    const listeners = await h.client.send(
      new DescribeListenersCommand({ LoadBalancerArn: app.loadBalancerArn })
    )
    expect(listeners.Listeners?.map((l) => [l.Protocol, l.Port]).sort()).toEqual([
      ['HTTP', 80],
      ['HTTPS', 443]
    ])
    for (const l of listeners.Listeners ?? []) {
      expect(l.ListenerArn).toMatch(ARN.listener)
      expect(l.DefaultActions?.[0]).toMatchObject({
        Type: 'forward',
        TargetGroupArn: app.targetGroupArn
      })
    }

    const rules = await h.client.send(
      new DescribeRulesCommand({ ListenerArn: app.httpsListenerArn })
    )
    expect(rules.Rules).toHaveLength(1)
    expect(rules.Rules?.[0]).toMatchObject({ Priority: 'default', IsDefault: true, Conditions: [] })
    expect(rules.Rules?.[0]?.RuleArn).toMatch(ARN.rule)

    const tgs = await h.client.send(
      new DescribeTargetGroupsCommand({ LoadBalancerArn: app.loadBalancerArn })
    )
    expect(tgs.TargetGroups).toHaveLength(1)
    expect(tgs.TargetGroups?.[0]).toMatchObject({
      TargetGroupArn: app.targetGroupArn,
      Protocol: 'HTTP',
      Port: 8080,
      TargetType: 'ip',
      HealthCheckPath: '/health',
      HealthCheckEnabled: true,
      Matcher: { HttpCode: '200' },
      LoadBalancerArns: [app.loadBalancerArn]
    })
    expect(app.targetGroupArn).toMatch(ARN.tg)
  })

  it('creates a tagged target group, is idempotent for the same settings and refuses different ones', async () => {
    const input = {
      Name: 'web-pr-12',
      Protocol: 'HTTP' as const,
      Port: 8080,
      VpcId: 'vpc-1',
      TargetType: 'ip' as const,
      HealthCheckPath: '/health',
      HealthCheckIntervalSeconds: 15,
      Matcher: { HttpCode: '200-299' },
      Tags: [
        { Key: 'preview-of', Value: 'web' },
        { Key: 'pull-request', Value: '12' }
      ]
    }
    const created = await h.client.send(new CreateTargetGroupCommand(input))
    const arn = created.TargetGroups?.[0]?.TargetGroupArn ?? ''
    expect(arn).toMatch(ARN.tg)
    expect(created.TargetGroups?.[0]).toMatchObject({
      TargetGroupName: 'web-pr-12',
      HealthCheckIntervalSeconds: 15,
      Matcher: { HttpCode: '200-299' },
      LoadBalancerArns: []
    })
    // The SDK sends tags and nested structures as query members.
    expect(h.bodies.at(-1)).toContain('Tags.member.2.Key=pull-request')
    expect(h.bodies.at(-1)).toContain('Matcher.HttpCode=200-299')

    const again = await h.client.send(new CreateTargetGroupCommand(input))
    expect(again.TargetGroups?.[0]?.TargetGroupArn).toBe(arn)
    expect(
      await errorName(h.client.send(new CreateTargetGroupCommand({ ...input, Port: 9090 })))
    ).toBe('DuplicateTargetGroupNameException')

    const byName = await h.client.send(new DescribeTargetGroupsCommand({ Names: ['web-pr-12'] }))
    expect(byName.TargetGroups?.[0]?.TargetGroupArn).toBe(arn)
    const tags = await h.client.send(new DescribeTagsCommand({ ResourceArns: [arn] }))
    expect(tags.TagDescriptions?.[0]?.Tags).toEqual([
      { Key: 'preview-of', Value: 'web' },
      { Key: 'pull-request', Value: '12' }
    ])
  })

  it.each([['a'.repeat(33)], ['-leading'], ['trailing-'], ['under_score']])(
    'rejects the target group name %s with ValidationError',
    async (name) => {
      const error = await h.client
        .send(
          new CreateTargetGroupCommand({ Name: name, Protocol: 'HTTP', Port: 80, VpcId: 'vpc-1' })
        )
        .catch((e: unknown) => e as Error & { $metadata: { httpStatusCode?: number } })
      expect(error).toBeInstanceOf(Error)
      expect((error as Error).name).toBe('ValidationError')
      expect(error.$metadata.httpStatusCode).toBe(400)
    }
  )

  it('unknown target group names fail with TargetGroupNotFound', async () => {
    expect(
      await errorName(h.client.send(new DescribeTargetGroupsCommand({ Names: ['nope'] })))
    ).toBe('TargetGroupNotFoundException')
  })

  it('creates host-header rules with unique priorities per listener and attaches the target group', async () => {
    const app = seed()
    const tg = await h.client.send(
      new CreateTargetGroupCommand({
        Name: 'web-pr-7',
        Protocol: 'HTTP',
        Port: 8080,
        VpcId: 'vpc-0a1b2c3d4e5f60718',
        TargetType: 'ip'
      })
    )
    const tgArn = tg.TargetGroups?.[0]?.TargetGroupArn ?? ''
    const created = await h.client.send(
      new CreateRuleCommand({
        ListenerArn: app.httpsListenerArn,
        Priority: 3,
        Conditions: [
          { Field: 'host-header', HostHeaderConfig: { Values: ['pr-7.preview.example.com'] } }
        ],
        Actions: [{ Type: 'forward', TargetGroupArn: tgArn }],
        Tags: [{ Key: 'pull-request', Value: '7' }]
      })
    )
    expect(h.bodies.at(-1)).toContain(
      'Conditions.member.1.HostHeaderConfig.Values.member.1=pr-7.preview.example.com'
    )
    expect(h.bodies.at(-1)).toContain('Actions.member.1.TargetGroupArn=')
    const rule = created.Rules?.[0]
    expect(rule).toMatchObject({
      Priority: '3',
      IsDefault: false,
      Conditions: [
        {
          Field: 'host-header',
          Values: ['pr-7.preview.example.com'],
          HostHeaderConfig: { Values: ['pr-7.preview.example.com'] }
        }
      ],
      Actions: [
        {
          Type: 'forward',
          TargetGroupArn: tgArn,
          ForwardConfig: { TargetGroups: [{ TargetGroupArn: tgArn, Weight: 1 }] }
        }
      ]
    })
    expect(rule?.RuleArn).toMatch(ARN.rule)

    expect(
      await errorName(
        h.client.send(
          new CreateRuleCommand({
            ListenerArn: app.httpsListenerArn,
            Priority: 3,
            Conditions: [
              { Field: 'host-header', HostHeaderConfig: { Values: ['other.example.com'] } }
            ],
            Actions: [{ Type: 'forward', TargetGroupArn: tgArn }]
          })
        )
      )
    ).toBe('PriorityInUseException')
    // The same priority on another listener is fine.
    await h.client.send(
      new CreateRuleCommand({
        ListenerArn: app.httpListenerArn,
        Priority: 3,
        Conditions: [{ Field: 'host-header', Values: ['pr-7.preview.example.com'] }],
        Actions: [{ Type: 'forward', TargetGroupArn: tgArn }]
      })
    )

    const described = await h.client.send(
      new DescribeTargetGroupsCommand({ TargetGroupArns: [tgArn] })
    )
    expect(described.TargetGroups?.[0]?.LoadBalancerArns).toEqual([app.loadBalancerArn])
    const rules = await h.client.send(
      new DescribeRulesCommand({ ListenerArn: app.httpsListenerArn })
    )
    expect(rules.Rules?.map((r) => r.Priority)).toEqual(['3', 'default'])
  })

  it('refuses forwarding to a missing target group, and to one attached to another load balancer', async () => {
    const a = seed({ name: 'web-alb' })
    const b = seed({ name: 'other-alb', targetGroupName: 'other-tg' })
    const rule = (targetGroupArn: string) =>
      new CreateRuleCommand({
        ListenerArn: b.httpsListenerArn,
        Priority: 1,
        Conditions: [{ Field: 'path-pattern', PathPatternConfig: { Values: ['/x'] } }],
        Actions: [{ Type: 'forward', TargetGroupArn: targetGroupArn }]
      })
    expect(await errorName(h.client.send(rule(a.targetGroupArn)))).toBe(
      'TargetGroupAssociationLimitException'
    )
    expect(
      await errorName(
        h.client.send(rule(a.targetGroupArn.replace(/[0-9a-f]{16}$/, '0000000000000000')))
      )
    ).toBe('TargetGroupNotFoundException')
    expect(
      await errorName(
        h.client.send(
          new CreateRuleCommand({
            ListenerArn: b.httpsListenerArn,
            Priority: 50001,
            Conditions: [{ Field: 'path-pattern', Values: ['/x'] }],
            Actions: [{ Type: 'forward', TargetGroupArn: b.targetGroupArn }]
          })
        )
      )
    ).toBe('ValidationError')
  })

  it('keeps a target group in use by a rule; deleting a missing one succeeds; default rules stay', async () => {
    const app = seed()
    const tg = await h.client.send(
      new CreateTargetGroupCommand({
        Name: 'web-pr-9',
        Protocol: 'HTTP',
        Port: 8080,
        VpcId: 'vpc-1',
        TargetType: 'ip'
      })
    )
    const tgArn = tg.TargetGroups?.[0]?.TargetGroupArn ?? ''
    const created = await h.client.send(
      new CreateRuleCommand({
        ListenerArn: app.httpsListenerArn,
        Priority: 1,
        Conditions: [{ Field: 'host-header', Values: ['pr-9.example.com'] }],
        Actions: [{ Type: 'forward', TargetGroupArn: tgArn }]
      })
    )
    const ruleArn = created.Rules?.[0]?.RuleArn ?? ''
    expect(
      await errorName(h.client.send(new DeleteTargetGroupCommand({ TargetGroupArn: tgArn })))
    ).toBe('ResourceInUseException')
    await h.client.send(new DeleteRuleCommand({ RuleArn: ruleArn }))
    expect(await errorName(h.client.send(new DeleteRuleCommand({ RuleArn: ruleArn })))).toBe(
      'RuleNotFoundException'
    )
    await h.client.send(new DeleteTargetGroupCommand({ TargetGroupArn: tgArn }))
    await h.client.send(new DeleteTargetGroupCommand({ TargetGroupArn: tgArn }))
    expect(await errorName(h.client.send(new DescribeTagsCommand({ ResourceArns: [tgArn] })))).toBe(
      'TargetGroupNotFoundException'
    )
    expect(
      await errorName(h.client.send(new DescribeTagsCommand({ ResourceArns: [ruleArn] })))
    ).toBe('RuleNotFoundException')

    const defaults = await h.client.send(
      new DescribeRulesCommand({ ListenerArn: app.httpsListenerArn })
    )
    const defaultArn = defaults.Rules?.[0]?.RuleArn ?? ''
    expect(await errorName(h.client.send(new DeleteRuleCommand({ RuleArn: defaultArn })))).toBe(
      'OperationNotPermittedException'
    )
  })

  it('adds, describes and removes tags; limits DescribeTags to 20 ARNs; rejects duplicate keys', async () => {
    const app = seed()
    await h.client.send(
      new AddTagsCommand({
        ResourceArns: [app.targetGroupArn, app.loadBalancerArn],
        Tags: [{ Key: 'team', Value: 'web' }]
      })
    )
    await h.client.send(
      new AddTagsCommand({
        ResourceArns: [app.targetGroupArn],
        Tags: [{ Key: 'env', Value: 'prod' }]
      })
    )
    const described = await h.client.send(
      new DescribeTagsCommand({ ResourceArns: [app.targetGroupArn, app.loadBalancerArn] })
    )
    expect(described.TagDescriptions).toEqual([
      {
        ResourceArn: app.targetGroupArn,
        Tags: [
          { Key: 'team', Value: 'web' },
          { Key: 'env', Value: 'prod' }
        ]
      },
      { ResourceArn: app.loadBalancerArn, Tags: [{ Key: 'team', Value: 'web' }] }
    ])
    await h.client.send(
      new RemoveTagsCommand({ ResourceArns: [app.targetGroupArn], TagKeys: ['team'] })
    )
    expect(h.service.control.tagsOf(app.targetGroupArn)).toEqual({ env: 'prod' })

    expect(
      await errorName(
        h.client.send(
          new AddTagsCommand({
            ResourceArns: [app.targetGroupArn],
            Tags: [
              { Key: 'a', Value: '1' },
              { Key: 'a', Value: '2' }
            ]
          })
        )
      )
    ).toBe('DuplicateTagKeysException')
    expect(
      await errorName(
        h.client.send(
          new DescribeTagsCommand({
            ResourceArns: Array.from({ length: 21 }, () => app.targetGroupArn)
          })
        )
      )
    ).toBe('ValidationError')
  })

  it('pages DescribeRules with Marker/NextMarker, which the SDK paginator follows', async () => {
    const app = seed()
    for (let p = 1; p <= 5; p++) {
      h.service.control.createRule(app.httpsListenerArn ?? '', {
        priority: p * 10,
        hostHeader: [`h${p}.example.com`],
        action: { type: 'forward', targetGroupArn: app.targetGroupArn }
      })
    }
    const first = await h.client.send(
      new DescribeRulesCommand({ ListenerArn: app.httpsListenerArn, PageSize: 2 })
    )
    expect(first.Rules).toHaveLength(2)
    expect(first.NextMarker).toBeTruthy()
    const priorities: string[] = []
    for await (const page of paginateDescribeRules(
      { client: h.client, pageSize: 2 },
      { ListenerArn: app.httpsListenerArn }
    )) {
      priorities.push(...(page.Rules ?? []).map((r) => r.Priority ?? ''))
    }
    expect(priorities).toEqual(['10', '20', '30', '40', '50', 'default'])
  })

  it('answers a redirect-only HTTP listener and rule-based forwarding as seeded', async () => {
    const app = seed({
      name: 'web-alb',
      redirectHttp: true,
      forwardVia: { priority: 100, pathPattern: '/*' }
    })
    const http = await h.client.send(new DescribeRulesCommand({ ListenerArn: app.httpListenerArn }))
    expect(http.Rules?.[0]?.Actions?.[0]).toMatchObject({
      Type: 'redirect',
      RedirectConfig: { Protocol: 'HTTPS' }
    })
    const https = await h.client.send(
      new DescribeRulesCommand({ ListenerArn: app.httpsListenerArn })
    )
    expect(https.Rules?.map((r) => [r.Priority, r.Actions?.[0]?.Type])).toEqual([
      ['100', 'forward'],
      ['default', 'fixed-response']
    ])
  })

  it('injected failures surface as the SDK error, once', async () => {
    const app = seed()
    h.service.control.failNext(
      'DescribeRules',
      new AwsError('AccessDenied', 'User is not authorized', 403)
    )
    expect(
      await errorName(
        h.client.send(new DescribeRulesCommand({ ListenerArn: app.httpsListenerArn }))
      )
    ).toBe('AccessDenied')
    await h.client.send(new DescribeRulesCommand({ ListenerArn: app.httpsListenerArn }))
  })
})

describe('ELBv2 emulator, direct', () => {
  it('answers an unknown action with InvalidAction', () => {
    const service = createElbv2Service({ region: 'eu-west-1', accountId: '111122223333' })
    expect(() => service.handle('CreateLoadBalancerPolicy', {})).toThrow(AwsError)
  })

  it('resets and snapshots its state', () => {
    const service = createElbv2Service({ region: 'eu-west-1', accountId: '111122223333' })
    const app = service.control.seedApplication({ name: 'api', http: false })
    expect(app.loadBalancerArn).toContain(
      'arn:aws:elasticloadbalancing:eu-west-1:111122223333:loadbalancer/app/api/'
    )
    expect(service.snapshot().targetGroups).toEqual([
      { arn: app.targetGroupArn, name: 'api-tg', loadBalancerArns: [app.loadBalancerArn], tags: {} }
    ])
    service.reset()
    expect(service.snapshot()).toEqual({
      loadBalancers: [],
      listeners: [],
      rules: [],
      targetGroups: []
    })
  })
})

describe('ELBv2 emulator behind the emulator HTTP front (server.ts)', () => {
  it('serves the SDK, errors included, and snapshots under its signing name', async () => {
    const { startEmulator } = await import('../../../test-support/emulator/server.js')
    let elb: ReturnType<typeof createElbv2Service> | undefined
    const emulator = await startEmulator({
      queryServices: [(ctx) => (elb = createElbv2Service(ctx))]
    })
    const client = new ElasticLoadBalancingV2Client({
      region: emulator.region,
      endpoint: emulator.url,
      credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' },
      maxAttempts: 1
    })
    try {
      const app = elb!.control.seedApplication({ name: 'web-alb' })
      const tgs = await client.send(
        new DescribeTargetGroupsCommand({ LoadBalancerArn: app.loadBalancerArn })
      )
      expect(tgs.TargetGroups?.map((t) => t.TargetGroupArn)).toEqual([app.targetGroupArn])
      const rule = () =>
        client.send(
          new CreateRuleCommand({
            ListenerArn: app.httpsListenerArn,
            Priority: 1,
            Conditions: [{ Field: 'host-header', Values: ['a.example.com'] }],
            Actions: [{ Type: 'forward', TargetGroupArn: app.targetGroupArn }]
          })
        )
      await rule()
      expect(await errorName(rule())).toBe('PriorityInUseException')
      const state = (await (await fetch(`${emulator.url}/_emulator/state`)).json()) as {
        services: Record<string, { rules: unknown[] }>
      }
      expect(state.services['elasticloadbalancing']?.rules).toHaveLength(3)
    } finally {
      client.destroy()
      await emulator.close()
    }
  })
})
