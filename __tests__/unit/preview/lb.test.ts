import { describe, expect, it } from '@jest/globals'
import type { Listener, Rule } from '@aws-sdk/client-elastic-load-balancing-v2'
import {
  choosePreviewListener,
  forwardTargets,
  forwardsTo,
  freePriority,
  hostPatternMatches,
  listenerUrl,
  ruleForHost,
  ruleHosts,
  rulesRoutingHost
} from '../../../src/preview/lb.js'

const TG = 'arn:tg/base'
const forward = (arn: string) => [{ Type: 'forward' as const, TargetGroupArn: arn }]
const weighted = (arn: string) => [
  {
    Type: 'forward' as const,
    ForwardConfig: { TargetGroups: [{ TargetGroupArn: arn, Weight: 1 }] }
  }
]

describe('forwardsTo / forwardTargets', () => {
  it('sees plain and weighted forwards, not redirects', () => {
    expect(forwardsTo(forward(TG), TG)).toBe(true)
    expect(forwardsTo(weighted(TG), TG)).toBe(true)
    expect(forwardsTo(forward('other'), TG)).toBe(false)
    expect(forwardsTo([{ Type: 'redirect' }], TG)).toBe(false)
    expect(forwardTargets([...forward('a'), ...weighted('b'), ...weighted('a')])).toEqual([
      'a',
      'b'
    ])
  })
})

describe('freePriority', () => {
  const rule = (p: string): Rule => ({ Priority: p, IsDefault: p === 'default' })
  it.each([
    [[], 1],
    [['default'], 1],
    [['1', '2', 'default'], 3],
    [['1', '3'], 2],
    [['2', '100'], 1]
  ])('with %j taken gives %d', (taken, expected) => {
    expect(freePriority(taken.map(rule))).toBe(expected)
  })
})

describe('ruleForHost', () => {
  const rules: Rule[] = [
    { RuleArn: 'r1', Priority: '1', Conditions: [{ Field: 'path-pattern', Values: ['/pr-12'] }] },
    {
      RuleArn: 'r2',
      Priority: '2',
      Conditions: [{ Field: 'host-header', HostHeaderConfig: { Values: ['PR-12.example.com'] } }]
    },
    {
      RuleArn: 'r3',
      Priority: '3',
      Conditions: [{ Field: 'host-header', Values: ['pr-13.example.com'] }]
    },
    { RuleArn: 'd', Priority: 'default', IsDefault: true, Conditions: [] }
  ]
  it('matches host-header conditions case-insensitively, in either form', () => {
    expect(ruleForHost(rules, 'pr-12.example.com')?.RuleArn).toBe('r2')
    expect(ruleForHost(rules, 'pr-13.example.com')?.RuleArn).toBe('r3')
    expect(ruleForHost(rules, 'pr-14.example.com')).toBeUndefined()
    expect(ruleHosts(rules[1]!)).toEqual(['pr-12.example.com'])
  })
})

describe('choosePreviewListener', () => {
  const https: Listener = {
    ListenerArn: 'https',
    Protocol: 'HTTPS',
    Port: 443,
    DefaultActions: forward(TG)
  }
  const http: Listener = {
    ListenerArn: 'http',
    Protocol: 'HTTP',
    Port: 80,
    DefaultActions: forward(TG)
  }
  const redirect: Listener = {
    ListenerArn: 'http',
    Protocol: 'HTTP',
    Port: 80,
    DefaultActions: [
      { Type: 'redirect', RedirectConfig: { Protocol: 'HTTPS', StatusCode: 'HTTP_301' } }
    ]
  }
  const none = new Map<string, Rule[]>()

  it('prefers HTTPS among listeners forwarding to the base target group', () => {
    expect(choosePreviewListener([http, https], none, TG)?.ListenerArn).toBe('https')
  })

  it('takes the HTTP listener when only it forwards there', () => {
    const otherHttps = { ...https, DefaultActions: forward('other') }
    expect(choosePreviewListener([otherHttps, http], none, TG)?.ListenerArn).toBe('http')
  })

  it('counts forwarding rules, not only default actions', () => {
    const fixed = [{ Type: 'fixed-response' as const }]
    const a = { ...https, ListenerArn: 'a', DefaultActions: fixed }
    const b = { ...http, ListenerArn: 'b', DefaultActions: fixed }
    const rules = new Map<string, Rule[]>([['b', [{ Priority: '5', Actions: forward(TG) }]]])
    expect(choosePreviewListener([a, b], rules, TG)?.ListenerArn).toBe('b')
  })

  it('falls back to HTTPS, then HTTP, and ignores TCP listeners', () => {
    expect(
      choosePreviewListener([redirect, { ...https, DefaultActions: [] }], none, TG)?.ListenerArn
    ).toBe('https')
    expect(
      choosePreviewListener([{ ListenerArn: 'tcp', Protocol: 'TCP', Port: 80 }], none, TG)
    ).toBeUndefined()
  })
})

describe('listenerUrl', () => {
  const cases: Array<['HTTP' | 'HTTPS', number, string]> = [
    ['HTTPS', 443, 'https://h.example.com'],
    ['HTTP', 80, 'http://h.example.com'],
    ['HTTPS', 8443, 'https://h.example.com:8443'],
    ['HTTP', 8080, 'http://h.example.com:8080']
  ]
  it.each(cases)('%s:%d gives %s', (Protocol, Port, url) => {
    expect(listenerUrl({ Protocol, Port }, 'h.example.com')).toBe(url)
  })
})

describe('hosts a listener already routes', () => {
  it.each([
    ['pr-12.preview.example.com', 'pr-12.preview.example.com', true],
    ['PR-12.Preview.Example.com', 'pr-12.preview.example.com', true],
    ['*.preview.example.com', 'pr-12.preview.example.com', true],
    ['*.example.com', 'pr-12.preview.example.com', true],
    ['pr-??.preview.example.com', 'pr-12.preview.example.com', true],
    ['pr-?.preview.example.com', 'pr-12.preview.example.com', false],
    ['*.other.com', 'pr-12.preview.example.com', false],
    ['preview.example.com', 'pr-12.preview.example.com', false],
    // Dots are literal, not regex wildcards.
    ['pr-12xpreview.example.com', 'pr-12.preview.example.com', false],
    ['pr-12.preview.example.com', 'pr-12xpreview.example.com', false]
  ])('pattern %s matches %s: %s', (pattern, host, expected) => {
    expect(hostPatternMatches(pattern, host)).toBe(expected)
  })

  it('lists every non-default rule whose host condition matches, wildcards included', () => {
    const rule = (arn: string, hosts: string[], isDefault = false): Rule => ({
      RuleArn: arn,
      IsDefault: isDefault,
      Conditions: hosts.length
        ? [{ Field: 'host-header', HostHeaderConfig: { Values: hosts } }]
        : []
    })
    const rules = [
      rule('exact', ['pr-12.preview.example.com']),
      rule('wild', ['*.preview.example.com']),
      rule('path-only', []),
      rule('other', ['api.example.com']),
      rule('default', [], true)
    ]
    expect(rulesRoutingHost(rules, 'pr-12.preview.example.com').map((r) => r.RuleArn)).toEqual([
      'exact',
      'wild'
    ])
  })
})
