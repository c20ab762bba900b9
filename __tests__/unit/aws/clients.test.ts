import { afterEach, describe, expect, it } from '@jest/globals'
import { mockClient } from 'aws-sdk-client-mock'
import { CloudWatchLogsClient, GetLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs'
import {
  DescribeRulesCommand,
  DescribeTargetGroupsCommand,
  ElasticLoadBalancingV2Client,
  paginateDescribeRules
} from '@aws-sdk/client-elastic-load-balancing-v2'
import { createAwsClients, sdkClient } from '../../../src/aws/clients.js'
import { listRules } from '../../../src/preview/lb.js'
import { clientRegion } from '../../../src/aws/errors.js'

// The Logs and ELBv2 clients are stand-ins until their first request (their
// packages are chunks of dist/; __tests__/e2e/start.test.ts shows they are not
// loaded before). Here: they behave as the clients for what the action uses.
describe('clients loaded on their first request', () => {
  const logs = mockClient(CloudWatchLogsClient)
  const elb = mockClient(ElasticLoadBalancingV2Client)
  afterEach(() => {
    logs.reset()
    elb.reset()
  })

  it('send the command through a real client of the factory, with its options', async () => {
    logs.on(GetLogEventsCommand).resolves({ events: [{ message: 'hello' }] })
    elb.on(DescribeTargetGroupsCommand).resolves({ TargetGroups: [{ TargetGroupName: 'tg' }] })
    const clients = createAwsClients('eu-west-3')

    const out = await clients.logs.send(
      new GetLogEventsCommand({ logGroupName: 'g', logStreamName: 's' })
    )
    expect(out.events?.[0]?.message).toBe('hello')
    const tg = await clients.elb.send(new DescribeTargetGroupsCommand({}))
    expect(tg.TargetGroups?.[0]?.TargetGroupName).toBe('tg')

    // The same real client for every request, configured by the factory.
    await clients.logs.send(new GetLogEventsCommand({ logGroupName: 'g', logStreamName: 's' }))
    const used = logs.calls().map((c) => c.thisValue as CloudWatchLogsClient)
    expect(used).toHaveLength(2)
    expect(used[0]).toBe(used[1])
    expect(await used[0]!.config.region()).toBe('eu-west-3')
    expect(used[0]!.config.customUserAgent).toEqual([['ecs-ship-action/0.1']])
    expect(clients.logs).toBe(clients.logs)
  })

  it('know their region before loading, and pass errors on', async () => {
    logs.on(GetLogEventsCommand).rejects(Object.assign(new Error('no'), { name: 'AccessDenied' }))
    const clients = createAwsClients('ap-south-2')
    expect(await clientRegion(clients.logs)).toBe('ap-south-2')
    expect(await clientRegion(clients.elb)).toBe('ap-south-2')
    await expect(
      clients.logs.send(new GetLogEventsCommand({ logGroupName: 'g', logStreamName: 's' }))
    ).rejects.toMatchObject({ name: 'AccessDenied' })
    // destroy is safe before and after the first request.
    clients.elb.destroy()
    clients.logs.destroy()
  })

  it('SDK paginators need the real client (instanceof), which sdkClient gives; lb.ts pages through it', async () => {
    // Pages by Marker, read when each call is made (the paginator reuses its input object).
    const markers: Array<string | undefined> = []
    elb.on(DescribeRulesCommand).callsFake((input: { Marker?: string }) => {
      markers.push(input.Marker)
      return input.Marker === 'm2'
        ? { Rules: [{ RuleArn: 'r2' }] }
        : { Rules: [{ RuleArn: 'r1' }], NextMarker: 'm2' }
    })
    const clients = createAwsClients('eu-west-3')
    // The paginator refuses the stand-in itself: that is why sdkClient exists.
    const raw = paginateDescribeRules({ client: clients.elb }, { ListenerArn: 'l' })
    await expect(raw.next()).rejects.toThrow(/Invalid client/)
    expect(elb.calls()).toHaveLength(0)

    const real = await sdkClient(clients.elb)
    expect(real).toBeInstanceOf(ElasticLoadBalancingV2Client)
    expect(await sdkClient(clients.elb)).toBe(real) // loaded once
    expect(await sdkClient(clients.ecs)).toBe(clients.ecs) // not a stand-in: as given

    const rules = await listRules(clients.elb, 'l')
    expect(rules.map((r) => r.RuleArn)).toEqual(['r1', 'r2'])
    expect(markers).toEqual([undefined, 'm2'])
    // The requests went through the factory's client, with its options.
    expect(elb.calls().every((c) => c.thisValue === real)).toBe(true)
  })
})

const saved = process.env['AWS_MAX_ATTEMPTS']
afterEach(() => {
  if (saved === undefined) delete process.env['AWS_MAX_ATTEMPTS']
  else process.env['AWS_MAX_ATTEMPTS'] = saved
})

describe('createAwsClients: attempts per call', () => {
  it('max-retries wins over AWS_MAX_ATTEMPTS and the default, for every client', async () => {
    process.env['AWS_MAX_ATTEMPTS'] = '9'
    const clients = createAwsClients('us-east-1', 4)
    // Logs and ELBv2 are stand-ins until their first request (loaded on demand);
    // they are built from the same options object as these two.
    for (const client of [clients.ecs, clients.ecr]) {
      expect(await client.config.maxAttempts()).toBe(4)
    }
  })

  it('without it: AWS_MAX_ATTEMPTS, else 6', async () => {
    process.env['AWS_MAX_ATTEMPTS'] = '9'
    expect(await createAwsClients('us-east-1').ecs.config.maxAttempts()).toBe(9)
    delete process.env['AWS_MAX_ATTEMPTS']
    expect(await createAwsClients('us-east-1').ecs.config.maxAttempts()).toBe(6)
  })
})

describe('createAwsClients: ECR of another region', () => {
  it('is its own client for that region, made once, with the same options; the run’s region gets the run’s client', async () => {
    const clients = createAwsClients('us-east-1', 4)
    expect(clients.ecrIn('us-east-1')).toBe(clients.ecr)
    const west = clients.ecrIn('us-west-2')
    expect(west).not.toBe(clients.ecr)
    expect(clients.ecrIn('us-west-2')).toBe(west)
    expect(await west.config.region()).toBe('us-west-2')
    expect(await west.config.maxAttempts()).toBe(4)
  })
})
