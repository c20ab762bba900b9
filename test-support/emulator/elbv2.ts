/**
 * Elastic Load Balancing v2, emulated for the preview tests: load balancers,
 * listeners, rules, target groups and tags, over the AWS query protocol
 * (form fields like `Names.member.1` in, XML out; server.ts wraps the
 * result element and turns a thrown AwsError into an ErrorResponse).
 *
 * Kept faithful where previews depend on it: real ARN formats, rule
 * priorities unique per listener (PriorityInUse), target group names
 * (ValidationError, DuplicateTargetGroupName unless the settings are the
 * same), a target group in use by a rule cannot be deleted (ResourceInUse)
 * while deleting a missing one succeeds, default rules cannot be deleted,
 * a target group belongs to one load balancer (TargetGroupAssociationLimit),
 * DescribeTags takes at most 20 ARNs and fails on a missing one.
 */
import { randomBytes } from 'node:crypto'
import { AwsError, escapeXml, type QueryService } from './protocol.js'

export const ELBV2_VERSION = '2015-12-01'
export const ELBV2_XMLNS = `http://elasticloadbalancing.amazonaws.com/doc/${ELBV2_VERSION}/`

type Obj = Record<string, unknown>

export interface LoadBalancerState {
  arn: string
  name: string
  type: 'application' | 'network' | 'gateway'
  scheme: 'internet-facing' | 'internal'
  vpcId: string
  dnsName: string
  createdAt: Date
}

export interface ListenerState {
  arn: string
  loadBalancerArn: string
  protocol: string
  port: number
}

export interface RuleState {
  arn: string
  listenerArn: string
  /** A number, or `default` for the listener's default rule. */
  priority: number | 'default'
  conditions: Obj[]
  actions: Obj[]
}

export interface TargetGroupState {
  arn: string
  name: string
  /** Everything DescribeTargetGroups returns except TargetGroupArn/Name/LoadBalancerArns. */
  settings: Obj
}

export interface Elbv2State {
  loadBalancers: Map<string, LoadBalancerState>
  listeners: Map<string, ListenerState>
  rules: Map<string, RuleState>
  targetGroups: Map<string, TargetGroupState>
  tags: Map<string, Map<string, string>>
}

export type SeedAction =
  | { type: 'forward'; targetGroupArn: string }
  | { type: 'fixed-response'; statusCode?: string }
  | { type: 'redirect-to-https' }

export interface SeedApplicationOptions {
  name: string
  vpcId?: string
  /** Listeners to create; default both. */
  http?: boolean
  https?: boolean
  /** HTTP listener redirects to HTTPS instead of forwarding (needs https). */
  redirectHttp?: boolean
  targetGroupName?: string
  targetPort?: number
  targetType?: 'ip' | 'instance'
  healthCheckPath?: string
  /**
   * How the base target group gets traffic: as the listeners' default
   * action (default), or through a rule at this priority and path, the
   * default action then answering 404.
   */
  forwardVia?: 'default' | { priority: number; pathPattern?: string; hostHeader?: string }
  tags?: Record<string, string>
}

export interface SeededApplication {
  loadBalancerArn: string
  dnsName: string
  httpListenerArn?: string
  httpsListenerArn?: string
  targetGroupArn: string
  /** Rules created by `forwardVia` (none for `default`). */
  ruleArns: string[]
}

export interface Elbv2Control {
  readonly state: Elbv2State
  /** Every request handled, in order (action and its form fields). */
  readonly calls: Array<{ action: string; params: Record<string, string> }>
  createLoadBalancer(options: {
    name: string
    type?: LoadBalancerState['type']
    vpcId?: string
    scheme?: LoadBalancerState['scheme']
  }): LoadBalancerState
  createListener(
    loadBalancerArn: string,
    options: { protocol: 'HTTP' | 'HTTPS' | 'TCP'; port?: number; defaultAction: SeedAction }
  ): ListenerState
  /** Same rules as the CreateTargetGroup action; returns the ARN. */
  createTargetGroup(input: Obj): string
  createRule(
    listenerArn: string,
    options: {
      priority: number
      hostHeader?: string[]
      pathPattern?: string[]
      action: SeedAction
      tags?: Record<string, string>
    }
  ): RuleState
  tag(arn: string, tags: Record<string, string>): void
  tagsOf(arn: string): Record<string, string>
  /** An ALB with HTTP and/or HTTPS listeners forwarding to a new target group. */
  seedApplication(options: SeedApplicationOptions): SeededApplication
  /** The next call of `action` throws `error` (once per call of this method). */
  failNext(action: string, error: AwsError): void
}

export interface Elbv2Service extends QueryService {
  readonly control: Elbv2Control
  /** Forgets every resource, tag, recorded call and injected failure. */
  reset(): void
  /** Plain JSON of the state, for `GET /_emulator/state` and test failure messages. */
  snapshot(): Elbv2Snapshot
}

export interface Elbv2Snapshot {
  loadBalancers: Array<{ arn: string; name: string; type: string; dnsName: string }>
  listeners: Array<{ arn: string; loadBalancerArn: string; protocol: string; port: number }>
  rules: Array<{
    arn: string
    listenerArn: string
    priority: string
    hosts: string[]
    forwardTo: string[]
    tags: Record<string, string>
  }>
  targetGroups: Array<{
    arn: string
    name: string
    loadBalancerArns: string[]
    tags: Record<string, string>
  }>
}

/**
 * `options` is satisfied by the emulator's context, so this function can be
 * passed to server.ts as a query-service factory as it is.
 */
export function createElbv2Service(options: {
  region: string
  accountId: string
  now?: () => number
}): Elbv2Service {
  const { region, accountId } = options
  const now = options.now ?? Date.now
  const prefix = `arn:aws:elasticloadbalancing:${region}:${accountId}`
  const state: Elbv2State = {
    loadBalancers: new Map(),
    listeners: new Map(),
    rules: new Map(),
    targetGroups: new Map(),
    tags: new Map()
  }
  const calls: Elbv2Control['calls'] = []
  const failures = new Map<string, AwsError[]>()
  const hex = (): string => randomBytes(8).toString('hex')

  // ---- helpers over state -------------------------------------------------

  function lbPath(lb: LoadBalancerState): string {
    const kind = lb.type === 'application' ? 'app' : lb.type === 'network' ? 'net' : 'gwy'
    return `${kind}/${lb.name}/${lb.arn.slice(lb.arn.lastIndexOf('/') + 1)}`
  }

  function seedActionToAction(action: SeedAction): Obj {
    if (action.type === 'forward') return { Type: 'forward', TargetGroupArn: action.targetGroupArn }
    if (action.type === 'fixed-response') {
      return {
        Type: 'fixed-response',
        FixedResponseConfig: { StatusCode: action.statusCode ?? '404', ContentType: 'text/plain' }
      }
    }
    return {
      Type: 'redirect',
      RedirectConfig: {
        Protocol: 'HTTPS',
        Port: '443',
        Host: '#{host}',
        Path: '/#{path}',
        Query: '#{query}',
        StatusCode: 'HTTP_301'
      }
    }
  }

  /** Target groups an action list forwards to. */
  function forwardArns(actions: Obj[]): string[] {
    const arns: string[] = []
    for (const action of actions) {
      if (action['Type'] !== 'forward') continue
      if (typeof action['TargetGroupArn'] === 'string') arns.push(action['TargetGroupArn'])
      const groups = ((action['ForwardConfig'] as Obj | undefined)?.['TargetGroups'] ?? []) as Obj[]
      for (const g of groups)
        if (typeof g['TargetGroupArn'] === 'string') arns.push(g['TargetGroupArn'])
    }
    return [...new Set(arns)]
  }

  /** Load balancers whose rules forward to the target group (AWS derives LoadBalancerArns this way). */
  function loadBalancersOf(targetGroupArn: string): string[] {
    const lbs = new Set<string>()
    for (const rule of state.rules.values()) {
      if (forwardArns(rule.actions).includes(targetGroupArn)) {
        const listener = state.listeners.get(rule.listenerArn)
        if (listener) lbs.add(listener.loadBalancerArn)
      }
    }
    return [...lbs]
  }

  /** Normalises actions the way DescribeRules returns them; checks the target groups. */
  function normaliseActions(actions: Obj[], loadBalancerArn: string): Obj[] {
    if (!actions.length)
      throw new AwsError('ValidationError', 'A rule must have at least one action')
    return actions.map((action, index) => {
      const type = action['Type']
      if (typeof type !== 'string') throw new AwsError('ValidationError', 'Action type is required')
      const out: Obj = { ...action }
      if (type === 'forward') {
        const arns = forwardArns([action])
        if (!arns.length) {
          throw new AwsError('ValidationError', 'A forward action must have a target group')
        }
        for (const arn of arns) {
          if (!state.targetGroups.has(arn)) {
            throw new AwsError('TargetGroupNotFound', `Target groups '${arn}' not found`)
          }
          const others = loadBalancersOf(arn).filter((lb) => lb !== loadBalancerArn)
          if (others.length) {
            throw new AwsError(
              'TargetGroupAssociationLimit',
              `The following target groups cannot be associated with more than one load balancer: ${arn}`
            )
          }
        }
        if (arns.length === 1) out['TargetGroupArn'] = arns[0]
        out['ForwardConfig'] = {
          TargetGroups: arns.map((arn) => {
            const given = (
              ((action['ForwardConfig'] as Obj | undefined)?.['TargetGroups'] ?? []) as Obj[]
            ).find((g) => g['TargetGroupArn'] === arn)
            return { TargetGroupArn: arn, Weight: Number(given?.['Weight'] ?? 1) }
          }),
          TargetGroupStickinessConfig: { Enabled: false }
        }
      }
      if (actions.length > 1 || action['Order'] !== undefined) {
        out['Order'] = Number(action['Order'] ?? index + 1)
      }
      return out
    })
  }

  const conditionFields = new Set([
    'host-header',
    'path-pattern',
    'http-header',
    'http-request-method',
    'query-string',
    'source-ip'
  ])

  function normaliseConditions(conditions: Obj[]): Obj[] {
    if (!conditions.length)
      throw new AwsError('ValidationError', 'A rule must have at least one condition')
    return conditions.map((condition) => {
      const field = condition['Field']
      if (typeof field !== 'string' || !conditionFields.has(field)) {
        throw new AwsError(
          'ValidationError',
          `Condition field '${String(field)}' must be one of [${[...conditionFields].join(', ')}]`
        )
      }
      const out: Obj = { ...condition }
      const configKey =
        field === 'host-header'
          ? 'HostHeaderConfig'
          : field === 'path-pattern'
            ? 'PathPatternConfig'
            : undefined
      if (configKey) {
        const values = [
          ...(((condition[configKey] as Obj | undefined)?.['Values'] ?? []) as string[]),
          ...((condition['Values'] ?? []) as string[])
        ]
        if (!values.length) {
          throw new AwsError(
            'ValidationError',
            `A '${field}' condition must have at least one value`
          )
        }
        for (const value of values) {
          if (value.length > 128) {
            throw new AwsError(
              'ValidationError',
              `Condition value '${value}' cannot be longer than 128 characters`
            )
          }
        }
        out['Values'] = [...new Set(values)]
        out[configKey] = { Values: [...new Set(values)] }
      }
      return out
    })
  }

  function createRuleIn(
    listenerArn: string,
    priority: number,
    conditions: Obj[],
    actions: Obj[]
  ): RuleState {
    const listener = state.listeners.get(listenerArn)
    if (!listener) throw new AwsError('ListenerNotFound', 'One or more listeners not found')
    if (!Number.isInteger(priority) || priority < 1 || priority > 50000) {
      throw new AwsError('ValidationError', `Priority '${priority}' must be between 1 and 50000`)
    }
    for (const rule of state.rules.values()) {
      if (rule.listenerArn === listenerArn && rule.priority === priority) {
        throw new AwsError('PriorityInUse', `Priority '${priority}' is currently in use`)
      }
    }
    const normalisedConditions = normaliseConditions(conditions)
    const normalisedActions = normaliseActions(actions, listener.loadBalancerArn)
    const lb = state.loadBalancers.get(listener.loadBalancerArn)!
    const rule: RuleState = {
      arn: `${prefix}:listener-rule/${lbPath(lb)}/${listenerArn.slice(listenerArn.lastIndexOf('/') + 1)}/${hex()}`,
      listenerArn,
      priority,
      conditions: normalisedConditions,
      actions: normalisedActions
    }
    state.rules.set(rule.arn, rule)
    return rule
  }

  function createTargetGroupFrom(input: Obj): TargetGroupState {
    const name = input['Name']
    if (typeof name !== 'string' || !name)
      throw new AwsError('ValidationError', 'Target group name is required')
    if (name.length > 32) {
      throw new AwsError(
        'ValidationError',
        `Target group name '${name}' cannot be longer than '32' characters`
      )
    }
    if (!/^[A-Za-z0-9-]+$/.test(name)) {
      throw new AwsError(
        'ValidationError',
        `Target group name '${name}' can only contain characters that are alphanumeric characters or hyphens(-)`
      )
    }
    if (name.startsWith('-') || name.endsWith('-')) {
      throw new AwsError(
        'ValidationError',
        `Target group name '${name}' cannot begin or end with '-'`
      )
    }
    const targetType = String(input['TargetType'] ?? 'instance')
    if (!['instance', 'ip', 'lambda', 'alb'].includes(targetType)) {
      throw new AwsError('ValidationError', `Target type '${targetType}' is not valid`)
    }
    const settings: Obj = { TargetType: targetType }
    if (targetType !== 'lambda') {
      const protocol = input['Protocol']
      if (typeof protocol !== 'string') {
        throw new AwsError('ValidationError', 'A protocol must be specified')
      }
      if (!['HTTP', 'HTTPS', 'TCP', 'TLS', 'UDP', 'TCP_UDP', 'GENEVE'].includes(protocol)) {
        throw new AwsError('ValidationError', `Protocol '${protocol}' is not valid`)
      }
      if (input['Port'] === undefined)
        throw new AwsError('ValidationError', 'A port must be specified')
      const port = Number(input['Port'])
      if (!Number.isInteger(port) || port < 1 || port > 65535) {
        throw new AwsError(
          'ValidationError',
          `Port '${String(input['Port'])}' must be between 1 and 65535`
        )
      }
      if (typeof input['VpcId'] !== 'string')
        throw new AwsError('ValidationError', 'A VPC ID must be specified')
      const web = protocol === 'HTTP' || protocol === 'HTTPS'
      Object.assign(settings, {
        Protocol: protocol,
        Port: port,
        VpcId: input['VpcId'],
        HealthCheckProtocol: input['HealthCheckProtocol'] ?? (web ? protocol : 'TCP'),
        HealthCheckPort: input['HealthCheckPort'] ?? 'traffic-port',
        HealthCheckEnabled:
          input['HealthCheckEnabled'] === undefined
            ? true
            : input['HealthCheckEnabled'] === true || input['HealthCheckEnabled'] === 'true',
        HealthCheckIntervalSeconds: Number(input['HealthCheckIntervalSeconds'] ?? 30),
        HealthCheckTimeoutSeconds: Number(input['HealthCheckTimeoutSeconds'] ?? (web ? 5 : 10)),
        HealthyThresholdCount: Number(input['HealthyThresholdCount'] ?? 5),
        UnhealthyThresholdCount: Number(input['UnhealthyThresholdCount'] ?? 2),
        IpAddressType: input['IpAddressType'] ?? 'ipv4'
      })
      if (web) {
        settings['HealthCheckPath'] = input['HealthCheckPath'] ?? '/'
        settings['Matcher'] = input['Matcher'] ?? { HttpCode: '200' }
        settings['ProtocolVersion'] = input['ProtocolVersion'] ?? 'HTTP1'
      }
    }
    const existing = [...state.targetGroups.values()].find((tg) => tg.name === name)
    if (existing) {
      // AWS answers an identical request with the existing group.
      if (JSON.stringify(existing.settings) === JSON.stringify(settings)) return existing
      throw new AwsError(
        'DuplicateTargetGroupName',
        `A target group with the same name '${name}' exists, but with different settings`
      )
    }
    const tg: TargetGroupState = { arn: `${prefix}:targetgroup/${name}/${hex()}`, name, settings }
    state.targetGroups.set(tg.arn, tg)
    return tg
  }

  function resourceExists(arn: string): void {
    const kind = arn.slice(prefix.length + 1).split('/')[0]
    const known =
      state.loadBalancers.has(arn) ||
      state.listeners.has(arn) ||
      state.rules.has(arn) ||
      state.targetGroups.has(arn)
    if (known) return
    switch (kind) {
      case 'targetgroup':
        throw new AwsError('TargetGroupNotFound', `Target groups '${arn}' not found`)
      case 'listener-rule':
        throw new AwsError('RuleNotFound', `One or more rules not found`)
      case 'listener':
        throw new AwsError('ListenerNotFound', `One or more listeners not found`)
      case 'loadbalancer':
        throw new AwsError('LoadBalancerNotFound', `One or more load balancers not found`)
      default:
        throw new AwsError('ValidationError', `'${arn}' is not a valid resource ARN`)
    }
  }

  function addTags(arns: string[], tags: Array<{ Key: string; Value: string }>): void {
    const keys = tags.map((t) => t.Key)
    if (new Set(keys).size !== keys.length) {
      throw new AwsError(
        'DuplicateTagKeys',
        `Tag key '${keys.find((k, i) => keys.indexOf(k) !== i)}' is duplicated`
      )
    }
    for (const tag of tags) {
      if (!tag.Key || tag.Key.length > 128)
        throw new AwsError('ValidationError', `Tag key '${tag.Key}' is not valid`)
      if ((tag.Value ?? '').length > 256)
        throw new AwsError('ValidationError', `Tag value for '${tag.Key}' is too long`)
      if (tag.Key.toLowerCase().startsWith('aws:')) {
        throw new AwsError('ValidationError', `Tag keys starting with 'aws:' are reserved`)
      }
    }
    for (const arn of arns) resourceExists(arn)
    for (const arn of arns) {
      const current = new Map(state.tags.get(arn) ?? [])
      for (const tag of tags) current.set(tag.Key, tag.Value ?? '')
      if (current.size > 50)
        throw new AwsError(
          'TooManyTags',
          `The quota for the number of tags per resource has been reached`
        )
      state.tags.set(arn, current)
    }
  }

  // ---- paging -------------------------------------------------------------

  function page<T>(items: T[], params: Obj, max = 400): { items: T[]; next?: string } {
    const size = params['PageSize'] === undefined ? max : Number(params['PageSize'])
    if (!Number.isInteger(size) || size < 1 || size > max) {
      throw new AwsError('ValidationError', `Page size must be between 1 and ${max}`)
    }
    const start =
      params['Marker'] === undefined
        ? 0
        : Number(Buffer.from(String(params['Marker']), 'base64').toString())
    if (!Number.isInteger(start) || start < 0)
      throw new AwsError('ValidationError', 'Invalid marker')
    const slice = items.slice(start, start + size)
    const next =
      start + size < items.length ? Buffer.from(String(start + size)).toString('base64') : undefined
    return next ? { items: slice, next } : { items: slice }
  }

  // ---- views ---------------------------------------------------------------

  function lbView(lb: LoadBalancerState): Obj {
    return {
      LoadBalancerArn: lb.arn,
      DNSName: lb.dnsName,
      CanonicalHostedZoneId: 'Z35SXDOTRQ7X7K',
      CreatedTime: lb.createdAt,
      LoadBalancerName: lb.name,
      Scheme: lb.scheme,
      VpcId: lb.vpcId,
      State: { Code: 'active' },
      Type: lb.type,
      AvailabilityZones: [
        { ZoneName: `${region}a`, SubnetId: 'subnet-0a1b2c3d' },
        { ZoneName: `${region}b`, SubnetId: 'subnet-4e5f6a7b' }
      ],
      SecurityGroups: lb.type === 'application' ? ['sg-0123456789abcdef0'] : undefined,
      IpAddressType: 'ipv4'
    }
  }

  function defaultRuleOf(listenerArn: string): RuleState | undefined {
    return [...state.rules.values()].find(
      (r) => r.listenerArn === listenerArn && r.priority === 'default'
    )
  }

  function listenerView(listener: ListenerState): Obj {
    return {
      ListenerArn: listener.arn,
      LoadBalancerArn: listener.loadBalancerArn,
      Port: listener.port,
      Protocol: listener.protocol,
      Certificates:
        listener.protocol === 'HTTPS'
          ? [
              {
                CertificateArn: `arn:aws:acm:${region}:${accountId}:certificate/3b2e1f6c-0f2d-4a8e-9c41-5b7d2a1e9f00`
              }
            ]
          : undefined,
      SslPolicy: listener.protocol === 'HTTPS' ? 'ELBSecurityPolicy-TLS13-1-2-2021-06' : undefined,
      DefaultActions: defaultRuleOf(listener.arn)?.actions ?? []
    }
  }

  function ruleView(rule: RuleState): Obj {
    return {
      RuleArn: rule.arn,
      Priority: String(rule.priority),
      Conditions: rule.conditions,
      Actions: rule.actions,
      IsDefault: rule.priority === 'default'
    }
  }

  function targetGroupView(tg: TargetGroupState): Obj {
    return {
      TargetGroupArn: tg.arn,
      TargetGroupName: tg.name,
      ...tg.settings,
      LoadBalancerArns: loadBalancersOf(tg.arn)
    }
  }

  // ---- actions --------------------------------------------------------------

  const actions: Record<string, (p: Obj) => Obj> = {
    DescribeLoadBalancers(p) {
      const arns = list<string>(p['LoadBalancerArns'])
      const names = list<string>(p['Names'])
      let lbs = [...state.loadBalancers.values()]
      if (arns.length) {
        lbs = arns.map((arn) => {
          const lb = state.loadBalancers.get(arn)
          if (!lb)
            throw new AwsError('LoadBalancerNotFound', 'One or more load balancers not found')
          return lb
        })
      } else if (names.length) {
        lbs = names.map((name) => {
          const lb = [...state.loadBalancers.values()].find((l) => l.name === name)
          if (!lb)
            throw new AwsError('LoadBalancerNotFound', `Load balancers '[${name}]' not found`)
          return lb
        })
      }
      const paged = page(lbs, p)
      return { LoadBalancers: paged.items.map(lbView), NextMarker: paged.next }
    },

    DescribeListeners(p) {
      const lbArn = p['LoadBalancerArn']
      const arns = list<string>(p['ListenerArns'])
      if (!lbArn && !arns.length) {
        throw new AwsError(
          'ValidationError',
          'You must specify either listener ARNs or a load balancer ARN'
        )
      }
      let listeners: ListenerState[]
      if (arns.length) {
        listeners = arns.map((arn) => {
          const l = state.listeners.get(arn)
          if (!l) throw new AwsError('ListenerNotFound', 'One or more listeners not found')
          return l
        })
      } else {
        if (!state.loadBalancers.has(String(lbArn))) {
          throw new AwsError('LoadBalancerNotFound', 'One or more load balancers not found')
        }
        listeners = [...state.listeners.values()].filter((l) => l.loadBalancerArn === lbArn)
      }
      const paged = page(listeners, p)
      return { Listeners: paged.items.map(listenerView), NextMarker: paged.next }
    },

    DescribeRules(p) {
      const listenerArn = p['ListenerArn']
      const arns = list<string>(p['RuleArns'])
      if (!listenerArn && !arns.length) {
        throw new AwsError(
          'ValidationError',
          'You must specify either listener rule ARNs or a listener ARN'
        )
      }
      let rules: RuleState[]
      if (arns.length) {
        rules = arns.map((arn) => {
          const r = state.rules.get(arn)
          if (!r) throw new AwsError('RuleNotFound', 'One or more rules not found')
          return r
        })
      } else {
        if (!state.listeners.has(String(listenerArn))) {
          throw new AwsError('ListenerNotFound', 'One or more listeners not found')
        }
        rules = [...state.rules.values()]
          .filter((r) => r.listenerArn === listenerArn)
          .sort((a, b) =>
            a.priority === 'default' ? 1 : b.priority === 'default' ? -1 : a.priority - b.priority
          )
      }
      const paged = page(rules, p)
      return { Rules: paged.items.map(ruleView), NextMarker: paged.next }
    },

    CreateRule(p) {
      if (p['Priority'] === undefined)
        throw new AwsError('ValidationError', 'A priority must be specified')
      const rule = createRuleIn(
        String(p['ListenerArn'] ?? ''),
        Number(p['Priority']),
        list<Obj>(p['Conditions']),
        list<Obj>(p['Actions'])
      )
      const tags = list<{ Key: string; Value: string }>(p['Tags'])
      if (tags.length) addTags([rule.arn], tags)
      return { Rules: [ruleView(rule)] }
    },

    DeleteRule(p) {
      const arn = String(p['RuleArn'] ?? '')
      const rule = state.rules.get(arn)
      if (!rule) throw new AwsError('RuleNotFound', 'One or more rules not found')
      if (rule.priority === 'default') {
        throw new AwsError('OperationNotPermitted', 'Default rule cannot be deleted')
      }
      state.rules.delete(arn)
      state.tags.delete(arn)
      return {}
    },

    DescribeTargetGroups(p) {
      const lbArn = p['LoadBalancerArn']
      const arns = list<string>(p['TargetGroupArns'])
      const names = list<string>(p['Names'])
      if ([lbArn !== undefined, arns.length > 0, names.length > 0].filter(Boolean).length > 1) {
        throw new AwsError(
          'ValidationError',
          'Load balancer ARN, target group ARNs and names cannot be specified together'
        )
      }
      let groups = [...state.targetGroups.values()]
      if (arns.length) {
        groups = arns.map((arn) => {
          const tg = state.targetGroups.get(arn)
          if (!tg) throw new AwsError('TargetGroupNotFound', `Target groups '[${arn}]' not found`)
          return tg
        })
      } else if (names.length) {
        groups = names.map((name) => {
          const tg = [...state.targetGroups.values()].find((t) => t.name === name)
          if (!tg) throw new AwsError('TargetGroupNotFound', `One or more target groups not found`)
          return tg
        })
      } else if (lbArn !== undefined) {
        if (!state.loadBalancers.has(String(lbArn))) {
          throw new AwsError('LoadBalancerNotFound', 'One or more load balancers not found')
        }
        groups = groups.filter((tg) => loadBalancersOf(tg.arn).includes(String(lbArn)))
      }
      const paged = page(groups, p)
      return { TargetGroups: paged.items.map(targetGroupView), NextMarker: paged.next }
    },

    CreateTargetGroup(p) {
      const tg = createTargetGroupFrom(p)
      const tags = list<{ Key: string; Value: string }>(p['Tags'])
      if (tags.length) addTags([tg.arn], tags)
      return { TargetGroups: [targetGroupView(tg)] }
    },

    DeleteTargetGroup(p) {
      const arn = String(p['TargetGroupArn'] ?? '')
      if (!state.targetGroups.has(arn)) return {} // AWS: deleting a missing group succeeds
      for (const rule of state.rules.values()) {
        if (forwardArns(rule.actions).includes(arn)) {
          throw new AwsError(
            'ResourceInUse',
            `Target group '${arn}' is currently in use by a listener or a rule`
          )
        }
      }
      state.targetGroups.delete(arn)
      state.tags.delete(arn)
      return {}
    },

    AddTags(p) {
      const arns = list<string>(p['ResourceArns'])
      if (!arns.length)
        throw new AwsError('ValidationError', 'At least one resource ARN must be specified')
      addTags(arns, list<{ Key: string; Value: string }>(p['Tags']))
      return {}
    },

    RemoveTags(p) {
      const arns = list<string>(p['ResourceArns'])
      const keys = list<string>(p['TagKeys'])
      for (const arn of arns) resourceExists(arn)
      for (const arn of arns) for (const key of keys) state.tags.get(arn)?.delete(key)
      return {}
    },

    DescribeTags(p) {
      const arns = list<string>(p['ResourceArns'])
      if (!arns.length)
        throw new AwsError('ValidationError', 'At least one resource ARN must be specified')
      if (arns.length > 20) {
        throw new AwsError(
          'ValidationError',
          `1 validation error detected: Value at 'resourceArns' failed to satisfy constraint: Member must have length less than or equal to 20`
        )
      }
      for (const arn of arns) resourceExists(arn)
      return {
        TagDescriptions: arns.map((arn) => ({
          ResourceArn: arn,
          Tags: [...(state.tags.get(arn) ?? [])].map(([Key, Value]) => ({ Key, Value }))
        }))
      }
    }
  }

  // ---- control -------------------------------------------------------------

  const control: Elbv2Control = {
    state,
    calls,
    createLoadBalancer({
      name,
      type = 'application',
      vpcId = 'vpc-0a1b2c3d4e5f60718',
      scheme = 'internet-facing'
    }) {
      const id = hex()
      const kind = type === 'application' ? 'app' : type === 'network' ? 'net' : 'gwy'
      const lb: LoadBalancerState = {
        arn: `${prefix}:loadbalancer/${kind}/${name}/${id}`,
        name,
        type,
        scheme,
        vpcId,
        dnsName: `${scheme === 'internal' ? 'internal-' : ''}${name}-${parseInt(id.slice(0, 8), 16)}.${region}.elb.amazonaws.com`,
        createdAt: new Date(now())
      }
      state.loadBalancers.set(lb.arn, lb)
      return lb
    },
    createListener(loadBalancerArn, { protocol, port, defaultAction }) {
      const lb = state.loadBalancers.get(loadBalancerArn)
      if (!lb) throw new AwsError('LoadBalancerNotFound', 'One or more load balancers not found')
      const listener: ListenerState = {
        arn: `${prefix}:listener/${lbPath(lb)}/${hex()}`,
        loadBalancerArn,
        protocol,
        port: port ?? (protocol === 'HTTPS' ? 443 : 80)
      }
      state.listeners.set(listener.arn, listener)
      const rule: RuleState = {
        arn: `${prefix}:listener-rule/${lbPath(lb)}/${listener.arn.slice(listener.arn.lastIndexOf('/') + 1)}/${hex()}`,
        listenerArn: listener.arn,
        priority: 'default',
        conditions: [],
        actions: normaliseActions([seedActionToAction(defaultAction)], loadBalancerArn)
      }
      state.rules.set(rule.arn, rule)
      return listener
    },
    createTargetGroup(input) {
      return createTargetGroupFrom(input).arn
    },
    createRule(listenerArn, { priority, hostHeader, pathPattern, action, tags }) {
      const conditions: Obj[] = []
      if (hostHeader)
        conditions.push({ Field: 'host-header', HostHeaderConfig: { Values: hostHeader } })
      if (pathPattern)
        conditions.push({ Field: 'path-pattern', PathPatternConfig: { Values: pathPattern } })
      const rule = createRuleIn(listenerArn, priority, conditions, [seedActionToAction(action)])
      if (tags) control.tag(rule.arn, tags)
      return rule
    },
    tag(arn, tags) {
      addTags(
        [arn],
        Object.entries(tags).map(([Key, Value]) => ({ Key, Value }))
      )
    },
    tagsOf(arn) {
      return Object.fromEntries(state.tags.get(arn) ?? [])
    },
    seedApplication(o) {
      const lb = control.createLoadBalancer({
        name: o.name,
        ...(o.vpcId ? { vpcId: o.vpcId } : {})
      })
      const targetGroupArn = control.createTargetGroup({
        Name: o.targetGroupName ?? `${o.name}-tg`.slice(0, 32),
        Protocol: 'HTTP',
        Port: o.targetPort ?? 8080,
        VpcId: lb.vpcId,
        TargetType: o.targetType ?? 'ip',
        HealthCheckPath: o.healthCheckPath ?? '/health'
      })
      if (o.tags) control.tag(targetGroupArn, o.tags)
      const via = o.forwardVia ?? 'default'
      const forward: SeedAction = { type: 'forward', targetGroupArn }
      const listenerDefault: SeedAction =
        via === 'default' ? forward : { type: 'fixed-response', statusCode: '404' }
      const result: SeededApplication = {
        loadBalancerArn: lb.arn,
        dnsName: lb.dnsName,
        targetGroupArn,
        ruleArns: []
      }
      const wantHttps = o.https ?? true
      const wantHttp = o.http ?? true
      const listeners: ListenerState[] = []
      if (wantHttps) {
        const l = control.createListener(lb.arn, {
          protocol: 'HTTPS',
          defaultAction: listenerDefault
        })
        result.httpsListenerArn = l.arn
        listeners.push(l)
      }
      if (wantHttp) {
        const redirect = o.redirectHttp && wantHttps
        const l = control.createListener(lb.arn, {
          protocol: 'HTTP',
          defaultAction: redirect ? { type: 'redirect-to-https' } : listenerDefault
        })
        result.httpListenerArn = l.arn
        if (!redirect) listeners.push(l)
      }
      if (via !== 'default') {
        for (const l of listeners) {
          const rule = control.createRule(l.arn, {
            priority: via.priority,
            ...(via.pathPattern ? { pathPattern: [via.pathPattern] } : {}),
            ...(via.hostHeader ? { hostHeader: [via.hostHeader] } : {}),
            ...(!via.pathPattern && !via.hostHeader ? { pathPattern: ['/*'] } : {}),
            action: forward
          })
          result.ruleArns.push(rule.arn)
        }
      }
      return result
    },
    failNext(action, error) {
      const queue = failures.get(action) ?? []
      queue.push(error)
      failures.set(action, queue)
    }
  }

  return {
    version: ELBV2_VERSION,
    reset() {
      state.loadBalancers.clear()
      state.listeners.clear()
      state.rules.clear()
      state.targetGroups.clear()
      state.tags.clear()
      calls.length = 0
      failures.clear()
    },
    snapshot() {
      return {
        loadBalancers: [...state.loadBalancers.values()].map((lb) => ({
          arn: lb.arn,
          name: lb.name,
          type: lb.type,
          dnsName: lb.dnsName
        })),
        listeners: [...state.listeners.values()].map((l) => ({ ...l })),
        rules: [...state.rules.values()].map((r) => ({
          arn: r.arn,
          listenerArn: r.listenerArn,
          priority: String(r.priority),
          hosts: r.conditions
            .filter((c) => c['Field'] === 'host-header')
            .flatMap((c) => list<string>(c['Values'])),
          forwardTo: forwardArns(r.actions),
          tags: control.tagsOf(r.arn)
        })),
        targetGroups: [...state.targetGroups.values()].map((tg) => ({
          arn: tg.arn,
          name: tg.name,
          loadBalancerArns: loadBalancersOf(tg.arn),
          tags: control.tagsOf(tg.arn)
        }))
      }
    },
    signingName: 'elasticloadbalancing',
    xmlns: ELBV2_XMLNS,
    control,
    handle(action, params) {
      calls.push({ action, params: { ...params } })
      const injected = failures.get(action)?.shift()
      if (injected) throw injected
      const handler = actions[action]
      if (!handler) {
        throw new AwsError(
          'InvalidAction',
          `The action ${action} is not valid for this web service.`
        )
      }
      const result = handler(decodeQueryParams(params))
      return toXml(result)
    }
  }
}

// ---- query decoding ----------------------------------------------------------

/**
 * Flat query fields to a nested object: `Names.member.2` → `Names[1]`,
 * `Tags.member.1.Key` → `Tags[0].Key`. Values stay strings; numbers and
 * booleans are read where used.
 */
export function decodeQueryParams(params: Record<string, string>): Obj {
  const root: Obj = {}
  for (const [key, raw] of Object.entries(params)) {
    if (key === 'Action' || key === 'Version') continue
    const value: unknown = raw
    const parts = key.split('.')
    let node: Obj = root
    for (let i = 0; i < parts.length; i++) {
      const part = parts[i]!
      const last = i === parts.length - 1
      if (parts[i + 1] === 'member' && parts[i + 2] !== undefined) {
        const index = Number(parts[i + 2]) - 1
        const array = (node[part] as unknown[] | undefined) ?? []
        node[part] = array
        if (i + 2 === parts.length - 1) {
          array[index] = value
          break
        }
        const child = (array[index] as Obj | undefined) ?? {}
        array[index] = child
        node = child
        i += 2
        continue
      }
      if (last) node[part] = value
      else {
        const child = (node[part] as Obj | undefined) ?? {}
        node[part] = child
        node = child
      }
    }
  }
  return compactArrays(root) as Obj
}

function compactArrays(value: unknown): unknown {
  if (Array.isArray(value)) return value.filter((v) => v !== undefined).map(compactArrays)
  if (value && typeof value === 'object' && !(value instanceof Date)) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, compactArrays(v)]))
  }
  return value
}

function list<T>(value: unknown): T[] {
  return Array.isArray(value) ? (value as T[]) : []
}

// ---- XML encoding --------------------------------------------------------------

/** Object → query-protocol XML: lists as `<member>` elements, dates ISO 8601, undefined omitted. */
export function toXml(value: Obj): string {
  let out = ''
  for (const [key, v] of Object.entries(value)) {
    if (v === undefined || v === null) continue
    out += `<${key}>${xmlValue(v)}</${key}>`
  }
  return out
}

function xmlValue(v: unknown): string {
  if (Array.isArray(v)) return v.map((item) => `<member>${xmlValue(item)}</member>`).join('')
  if (v instanceof Date) return v.toISOString()
  if (v && typeof v === 'object') return toXml(v as Obj)
  return escapeXml(String(v))
}
