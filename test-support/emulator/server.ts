/**
 * The emulator's HTTP front: one node:http server on 127.0.0.1 that speaks
 * AWS JSON 1.1 (routed by `X-Amz-Target` prefix), the AWS query protocol
 * (routed by the form's `Version`) and a control API under `/_emulator/`.
 *
 * It checks what every AWS front end checks before a handler runs (a SigV4
 * Authorization header scoped to the service's signing name and region),
 * applies injected faults, records every call, and writes responses and
 * errors the way the SDK expects them on the wire.
 */
import { randomUUID } from 'node:crypto'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { handleControl } from './control.js'
import { createEcs, type EcsEmulator } from './ecs.js'
import type { ServiceDeploymentRecord } from './ecs-strategy.js'
import { createCodeDeploy, type CodeDeployService } from './codedeploy.js'
import type {
  DeploymentMilestones,
  EcsSnapshot,
  ScenarioName,
  ScenarioOptions,
  SeedServiceSpec,
  SeededService
} from './ecs-state.js'
import type { TaskScenario } from './ecs-run-task.js'
import { createLogs, LogStore } from './logs.js'
import {
  AwsError,
  type EmulatorContext,
  type JsonService,
  type QueryService,
  type RestService,
  escapeXml,
  type RegistryOptions,
  type ServiceFactory
} from './protocol.js'

export interface EmulatorOptions {
  /** Port on 127.0.0.1; 0 (default) picks a free one. */
  readonly port?: number
  /** Default `us-east-1`; requests must be signed for this region. */
  readonly region?: string
  /** Default `123456789012`. */
  readonly accountId?: string
  /**
   * `manual` (default): nothing moves until `advance()`. `realtime`: a timer
   * advances one step every `stepMs`; `stepMs: 0` means zero latency (a
   * deployment settles within the request that created it).
   */
  readonly mode?: 'manual' | 'realtime'
  /** Realtime step length in ms; default 250. */
  readonly stepMs?: number
  /**
   * Emulated seconds per real second for ECS's timed work (rollbacks: task
   * start, health checks, deregistration delay); default 1. Manual mode
   * counts one emulated second per step.
   */
  readonly timeScale?: number
  /** The local registry images are checked against; no check without it. */
  readonly registry?: RegistryOptions
  /** Clusters that exist from the start and after `reset()`; default `['default']`. */
  readonly clusters?: readonly string[]
  /** Seed of the id generator (deployment, task, event ids); default 1. */
  readonly seed?: number
  /** More JSON 1.1 services (e.g. ECR), as objects or factories taking the context. */
  readonly jsonServices?: ReadonlyArray<JsonService | ServiceFactory<JsonService>>
  /** Query-protocol services (e.g. ELBv2), as objects or factories taking the context. */
  readonly queryServices?: ReadonlyArray<QueryService | ServiceFactory<QueryService>>
  /**
   * JSON 1.1 services of other regions (e.g. ECR in us-west-2), by region: a
   * request signed for that region reaches them, as a request to that
   * region's endpoint would. Their factories get the context with that region.
   */
  readonly regionalJsonServices?: Readonly<
    Record<string, ReadonlyArray<JsonService | ServiceFactory<JsonService>>>
  >
  /** Wall clock in ms; default `Date.now`. */
  readonly now?: () => number
  /** Real ms per emulated minute of blue/green, linear and canary stages; default 1000. */
  readonly strategyMinuteMs?: number
  /**
   * ECS List* pages hold at most this many items, whatever maxResults asks
   * (AWS may return short pages with a nextToken): tests of callers' paging.
   */
  readonly maxPageSize?: number
}

/** Makes the next `count` matching calls fail with this error. */
export interface FaultSpec {
  /** Signing name (`ecs`, `ecr`, `logs`, `elasticloadbalancing`) or target prefix; any when omitted. */
  readonly service?: string
  /** Operation name, or `*` for any. */
  readonly operation: string
  /** Error code, e.g. `ThrottlingException`, `ServerException`, `AccessDeniedException`. */
  readonly code: string
  /** HTTP status; defaults by code (500 for ServerException/InternalFailure, 503 for ServiceUnavailable, else 400). */
  readonly status?: number
  /** Defaults by code (`Rate exceeded` for throttling, an IAM-style text for AccessDenied, …). */
  readonly message?: string
  /** How many calls fail; default 1. */
  readonly count?: number
  /** Accept and read the request, never answer (until the client gives up): a stuck connection. */
  readonly hang?: boolean | undefined
  /** Apply the call, then answer with the error: the response was lost, the change was not. */
  readonly afterApply?: boolean | undefined
}

/** A taken fault: the error to answer with, and how. */
type TakenFault = AwsError & Pick<FaultSpec, 'hang' | 'afterApply'>

/** One request as the emulator saw it. */
export interface CallRecord {
  /** Signing name: `ecs`, `ecr`, `logs`, `elasticloadbalancing`, … */
  readonly service: string
  readonly operation: string
  /** Wall-clock ms when the request arrived. */
  readonly at: number
  readonly input: unknown
  /** Error code when the call failed (injected or real). */
  readonly error?: string
  /** Set when a service of another region (regionalJsonServices) answered. */
  readonly region?: string
}

export interface CallFilter {
  readonly service?: string
  readonly operation?: string
  /** Only calls with `at >= since`. */
  readonly since?: number
}

export interface EmulatorState {
  readonly region: string
  readonly accountId: string
  readonly ecs: EcsSnapshot
  /** Log groups → streams → messages. */
  readonly logs: Record<string, Record<string, string[]>>
  /** Snapshots of plugged-in services that offer one, by signing name. */
  readonly services: Record<string, unknown>
}

export interface Emulator {
  /** `http://127.0.0.1:<port>`: use it for every AWS_ENDPOINT_URL_* variable. */
  readonly url: string
  readonly port: number
  readonly region: string
  readonly accountId: string
  readonly context: EmulatorContext
  addJsonService(service: JsonService | ServiceFactory<JsonService>): JsonService
  addQueryService(service: QueryService | ServiceFactory<QueryService>): QueryService
  /** A REST JSON service (e.g. EventBridge Scheduler), routed by method and path. */
  addRestService<S extends RestService>(service: S | ServiceFactory<S>): S
  /** Creates the cluster if missing; returns its ARN. */
  seedCluster(name: string): string
  /** A service already steady on a COMPLETED deployment; see SeedServiceSpec. */
  seedService(spec: SeedServiceSpec): Promise<SeededService>
  /** Applies to deployments the service creates from now on. */
  setScenario(
    cluster: string,
    service: string,
    scenario: ScenarioName,
    options?: ScenarioOptions
  ): void
  /** What one-off tasks (RunTask) of this task definition family do from now on. */
  setTaskScenario(family: string, scenario: TaskScenario): void
  injectFault(fault: FaultSpec): void
  clearFaults(): void
  /** Runs `steps` scheduler steps now (any mode). */
  advance(steps?: number): void
  calls(filter?: CallFilter): CallRecord[]
  clearCalls(): void
  state(): EmulatorState
  /** Per-deployment wall-clock milestones (ms), oldest first. */
  milestones(): DeploymentMilestones[]
  /** Blue/green, linear and canary service deployments, newest first, with their timelines. */
  serviceDeployments(): ServiceDeploymentRecord[]
  /** Emulated CodeDeploy (ECS blue/green): seed deployment groups, read deployments. */
  readonly codedeploy: CodeDeployService
  /** Appends CloudWatch log lines (as a container would). */
  putLogLines(group: string, stream: string, lines: readonly string[]): void
  /** Forgets all state (clusters re-seeded from options), calls and faults. */
  reset(): void
  close(): Promise<void>
}

interface ActiveFault {
  readonly spec: FaultSpec
  remaining: number
}

const JSON_CONTENT_TYPE = 'application/x-amz-json-1.1'

export async function startEmulator(options: EmulatorOptions = {}): Promise<Emulator> {
  const region = options.region ?? 'us-east-1'
  const accountId = options.accountId ?? '123456789012'
  const now = options.now ?? Date.now
  const context: EmulatorContext = {
    region,
    accountId,
    ...(options.registry ? { registry: options.registry } : {}),
    now
  }
  const logStore = new LogStore(now)
  const ecs: EcsEmulator = createEcs({
    ...context,
    logs: logStore,
    mode: options.mode ?? 'manual',
    stepMs: options.stepMs ?? 250,
    ...(options.timeScale !== undefined ? { timeScale: options.timeScale } : {}),
    clusters: options.clusters ?? ['default'],
    seed: options.seed ?? 1,
    ...(options.strategyMinuteMs !== undefined
      ? { strategyMinuteMs: options.strategyMinuteMs }
      : {}),
    ...(options.maxPageSize !== undefined ? { maxPageSize: options.maxPageSize } : {})
  })
  const jsonServices = new Map<string, JsonService>()
  /** region → target prefix → service, for regions other than `region`. */
  const regionalJsonServices = new Map<string, Map<string, JsonService>>()
  const queryServices = new Map<string, QueryService>()
  const restServices: RestService[] = []
  let faults: ActiveFault[] = []
  let callLog: CallRecord[] = []

  const addJsonService = (s: JsonService | ServiceFactory<JsonService>): JsonService => {
    const service = typeof s === 'function' ? s(context) : s
    jsonServices.set(service.targetPrefix, service)
    return service
  }
  const addQueryService = (s: QueryService | ServiceFactory<QueryService>): QueryService => {
    const service = typeof s === 'function' ? s(context) : s
    queryServices.set(service.version, service)
    return service
  }
  addJsonService(ecs)
  const codedeploy = createCodeDeploy(context, ecs, {
    ...(options.strategyMinuteMs !== undefined ? { minuteMs: options.strategyMinuteMs } : {})
  })
  addJsonService(codedeploy)
  let codedeployTimer: NodeJS.Timeout | undefined
  addJsonService(createLogs(logStore, { region, accountId }))
  for (const s of options.jsonServices ?? []) addJsonService(s)
  for (const s of options.queryServices ?? []) addQueryService(s)
  for (const [other, services] of Object.entries(options.regionalJsonServices ?? {})) {
    const byPrefix = new Map<string, JsonService>()
    for (const s of services) {
      const service = typeof s === 'function' ? s({ ...context, region: other }) : s
      byPrefix.set(service.targetPrefix, service)
    }
    regionalJsonServices.set(other, byPrefix)
  }

  const takeFault = (signingName: string, prefix: string, op: string): TakenFault | undefined => {
    const hit = faults.find(
      (f) =>
        f.remaining > 0 &&
        (f.spec.operation === '*' || f.spec.operation === op) &&
        (f.spec.service === undefined ||
          f.spec.service === signingName ||
          f.spec.service === prefix)
    )
    if (!hit) return undefined
    hit.remaining -= 1
    faults = faults.filter((f) => f.remaining > 0)
    return Object.assign(faultError(hit.spec, signingName, op, accountId), {
      hang: hit.spec.hang,
      afterApply: hit.spec.afterApply
    })
  }

  const record = (entry: CallRecord): void => {
    callLog.push(entry)
  }

  const emulator: Emulator = {
    url: '',
    port: 0,
    region,
    accountId,
    context,
    addJsonService,
    addQueryService,
    addRestService: <S extends RestService>(s: S | ServiceFactory<S>): S => {
      const service = typeof s === 'function' ? s(context) : s
      restServices.push(service)
      return service
    },
    seedCluster: (name) => ecs.control.seedCluster(name),
    seedService: (spec) => ecs.control.seedService(spec),
    setScenario: (cluster, service, scenario, opts) =>
      ecs.control.setScenario(cluster, service, scenario, opts),
    setTaskScenario: (family, scenario) => ecs.control.setTaskScenario(family, scenario),
    injectFault: (fault) => {
      faults.push({ spec: fault, remaining: fault.count ?? 1 })
    },
    clearFaults: () => {
      faults = []
    },
    advance: (steps = 1) => {
      ecs.control.advance(steps)
      codedeploy.advance()
    },
    calls: (filter = {}) =>
      callLog.filter(
        (c) =>
          (filter.service === undefined || c.service === filter.service) &&
          (filter.operation === undefined || c.operation === filter.operation) &&
          (filter.since === undefined || c.at >= filter.since)
      ),
    clearCalls: () => {
      callLog = []
    },
    state: () => ({
      region,
      accountId,
      ecs: ecs.control.snapshot(),
      logs: logStore.dump(),
      services: Object.fromEntries(
        [...jsonServices.values(), ...queryServices.values(), ...restServices]
          .filter((s) => s.snapshot && s !== ecs)
          .map((s) => [s.signingName, s.snapshot?.()])
      )
    }),
    milestones: () => ecs.control.milestones(),
    serviceDeployments: () => structuredClone(ecs.strategy.deployments),
    codedeploy,
    putLogLines: (group, stream, lines) => logStore.put(group, stream, lines),
    reset: () => {
      faults = []
      callLog = []
      logStore.reset()
      ecs.control.reset()
      for (const s of [...jsonServices.values(), ...queryServices.values(), ...restServices]) {
        if (s !== ecs) s.reset?.()
      }
      for (const byPrefix of regionalJsonServices.values())
        for (const s of byPrefix.values()) s.reset?.()
    },
    close: async () => {
      ecs.control.stop()
      if (codedeployTimer) clearInterval(codedeployTimer)
      await new Promise<void>((resolve) => {
        server.close(() => resolve())
        server.closeAllConnections()
      })
    }
  }

  const server = http.createServer((req, res) => {
    void readBody(req)
      .then(async (body) => {
        const path = (req.url ?? '/').split('?')[0] ?? '/'
        if (path.startsWith('/_emulator/')) {
          const { status, body: out } = await handleControl(
            emulator,
            req.method ?? 'GET',
            req.url ?? '',
            body
          )
          sendJson(res, status, out, 'application/json')
          return
        }
        const target = header(req, 'x-amz-target')
        if (target !== undefined) {
          await serveJson(req, res, target, body)
          return
        }
        const contentType = header(req, 'content-type') ?? ''
        if (req.method === 'POST' && contentType.startsWith('application/x-www-form-urlencoded')) {
          await serveQuery(req, res, body)
          return
        }
        for (const service of restServices) {
          const route = service.route(req.method ?? 'GET', path)
          if (route) {
            await serveRest(req, res, service, route, body)
            return
          }
        }
        sendJson(
          res,
          404,
          { message: `No route for ${req.method ?? ''} ${path}` },
          'application/json'
        )
      })
      .catch((err: unknown) => {
        if (!res.headersSent) {
          sendJson(res, 500, { __type: 'ServerException', message: String(err) }, JSON_CONTENT_TYPE)
        }
      })
  })

  const serveJson = async (
    req: http.IncomingMessage,
    res: http.ServerResponse,
    target: string,
    body: string
  ): Promise<void> => {
    const dot = target.lastIndexOf('.')
    const prefix = dot >= 0 ? target.slice(0, dot) : target
    const op = dot >= 0 ? target.slice(dot + 1) : ''
    // Another region's service when the request is signed for a region that has one.
    const scoped = scopeRegion(req)
    const regional =
      scoped !== undefined && scoped !== region
        ? regionalJsonServices.get(scoped)?.get(prefix)
        : undefined
    const otherRegion = regional ? scoped : undefined
    const where = otherRegion ? { region: otherRegion } : {}
    const service = regional ?? jsonServices.get(prefix)
    const at = now()
    const signingName = service?.signingName ?? prefix
    const recordHere = (entry: CallRecord): void => record({ ...entry, ...where })
    const fail = (err: AwsError, input: unknown): void => {
      recordHere({ service: signingName, operation: op, at, input, error: err.code })
      sendJsonError(res, err)
    }
    if (!service) {
      fail(new AwsError('UnknownOperationException', `Unknown operation ${target}`), undefined)
      return
    }
    const authError = checkAuth(req, service.signingName, otherRegion ?? region)
    if (authError) {
      fail(authError, undefined)
      return
    }
    let input: Record<string, unknown>
    try {
      input = parseJsonBody(body)
    } catch (err) {
      fail(
        err instanceof AwsError ? err : new AwsError('SerializationException', String(err)),
        body
      )
      return
    }
    const fault = takeFault(service.signingName, prefix, op)
    if (fault?.hang) {
      recordHere({ service: signingName, operation: op, at, input, error: 'hang' })
      return
    }
    if (fault && !fault.afterApply) {
      fail(fault, input)
      return
    }
    try {
      const out = await service.handle(op, input)
      if (fault) {
        fail(fault, input)
        return
      }
      recordHere({ service: signingName, operation: op, at, input })
      sendJson(res, 200, out ?? {}, JSON_CONTENT_TYPE)
    } catch (err) {
      fail(asAwsError(err), input)
    }
  }

  const serveRest = async (
    req: http.IncomingMessage,
    res: http.ServerResponse,
    service: RestService,
    route: { operation: string; labels: Record<string, string> },
    body: string
  ): Promise<void> => {
    const op = route.operation
    const at = now()
    const query = new URLSearchParams((req.url ?? '').split('?')[1] ?? '')
    const fail = (err: AwsError, input: unknown): void => {
      record({ service: service.signingName, operation: op, at, input, error: err.code })
      send(
        res,
        err.status,
        JSON.stringify({ Message: err.message }),
        'application/json',
        randomUUID(),
        {
          'x-amzn-ErrorType': err.code
        }
      )
    }
    const authError = checkAuth(req, service.signingName, region)
    if (authError) return fail(authError, undefined)
    let input: Record<string, unknown>
    try {
      input = parseJsonBody(body)
    } catch (err) {
      return fail(
        err instanceof AwsError ? err : new AwsError('ValidationException', String(err)),
        body
      )
    }
    const recorded = { ...route.labels, ...Object.fromEntries(query), ...input }
    const fault = takeFault(service.signingName, service.signingName, op)
    if (fault) return fail(fault, recorded)
    try {
      const out = await service.handle(op, { labels: route.labels, query, body: input })
      record({ service: service.signingName, operation: op, at, input: recorded })
      sendJson(res, 200, out ?? {}, 'application/json')
    } catch (err) {
      fail(asAwsError(err), recorded)
    }
  }

  const serveQuery = async (
    req: http.IncomingMessage,
    res: http.ServerResponse,
    body: string
  ): Promise<void> => {
    const params = Object.fromEntries(new URLSearchParams(body))
    const action = params['Action'] ?? ''
    const version = params['Version'] ?? ''
    const service = queryServices.get(version)
    const at = now()
    const signingName = service?.signingName ?? 'unknown'
    const xmlns = service?.xmlns ?? ''
    const fail = (err: AwsError): void => {
      record({ service: signingName, operation: action, at, input: params, error: err.code })
      sendXmlError(res, err, xmlns)
    }
    if (!service) {
      fail(
        new AwsError('InvalidAction', `Could not find operation ${action} for version ${version}`)
      )
      return
    }
    const authError = checkAuth(req, service.signingName, region)
    if (authError) {
      fail(authError)
      return
    }
    const fault = takeFault(service.signingName, version, action)
    if (fault?.hang) {
      record({ service: signingName, operation: action, at, input: params, error: 'hang' })
      return
    }
    if (fault && !fault.afterApply) {
      fail(fault)
      return
    }
    try {
      const inner = await service.handle(action, params)
      if (fault) {
        fail(fault)
        return
      }
      record({ service: signingName, operation: action, at, input: params })
      const requestId = randomUUID()
      const xml =
        `<${action}Response xmlns="${xmlns}"><${action}Result>${inner}</${action}Result>` +
        `<ResponseMetadata><RequestId>${requestId}</RequestId></ResponseMetadata></${action}Response>`
      send(res, 200, xml, 'text/xml', requestId)
    } catch (err) {
      fail(asAwsError(err))
    }
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve())
  })
  const port = (server.address() as AddressInfo).port
  Object.assign(emulator, { port, url: `http://127.0.0.1:${port}` })
  ecs.control.start()
  if ((options.mode ?? 'manual') === 'realtime' && (options.stepMs ?? 250) > 0) {
    codedeployTimer = setInterval(() => codedeploy.advance(), options.stepMs ?? 250)
    codedeployTimer.unref()
  }
  return emulator
}

/** The region a SigV4 Authorization header is scoped to, if it has one. */
function scopeRegion(req: http.IncomingMessage): string | undefined {
  return /Credential=[^/,\s]+\/\d{8}\/([^/]+)\//.exec(header(req, 'authorization') ?? '')?.[1]
}

/** SigV4 as the front end checks it, before any handler: present, and scoped to this service. */
function checkAuth(
  req: http.IncomingMessage,
  signingName: string,
  region: string
): AwsError | undefined {
  const auth = header(req, 'authorization')
  if (auth === undefined) {
    return new AwsError('MissingAuthenticationTokenException', 'Missing Authentication Token', 403)
  }
  const match =
    /^AWS4-HMAC-SHA256 Credential=([^/,\s]+)\/(\d{8})\/([^/]+)\/([^/]+)\/aws4_request,\s*SignedHeaders=[^,]+,\s*Signature=[0-9a-f]+$/.exec(
      auth
    )
  if (!match) {
    return new AwsError(
      'IncompleteSignatureException',
      `Authorization header requires 'Credential', 'Signature' and 'SignedHeaders' parameters. Authorization=${auth.split(' ')[0] ?? ''}`,
      403
    )
  }
  // The signature itself is not verified: the credentials are dummies.
  if (match[4] !== signingName) {
    return new AwsError(
      'InvalidSignatureException',
      `Credential should be scoped to correct service: '${signingName}'. `,
      403
    )
  }
  if (match[3] !== region) {
    return new AwsError(
      'InvalidSignatureException',
      `Credential should be scoped to a valid region. `,
      403
    )
  }
  return undefined
}

function faultError(spec: FaultSpec, signingName: string, op: string, accountId: string): AwsError {
  const defaults: Record<string, { status: number; message: string }> = {
    ThrottlingException: { status: 400, message: 'Rate exceeded' },
    ServerException: { status: 500, message: 'Service encountered an internal error.' },
    InternalFailure: { status: 500, message: 'An internal error occurred.' },
    ServiceUnavailable: { status: 503, message: 'Service is unavailable.' },
    AccessDeniedException: {
      status: 400,
      message: `User: arn:aws:iam::${accountId}:user/test is not authorized to perform: ${signingName}:${op} on resource: *`
    },
    LimitExceededException: { status: 400, message: 'Rate exceeded' }
  }
  const d = defaults[spec.code]
  return new AwsError(
    spec.code,
    spec.message ?? d?.message ?? `Injected ${spec.code}`,
    spec.status ?? d?.status ?? 400
  )
}

function asAwsError(err: unknown): AwsError {
  if (err instanceof AwsError) return err
  const text = err instanceof Error ? err.message : String(err)
  return new AwsError('ServerException', `Emulator failure: ${text}`, 500)
}

function parseJsonBody(body: string): Record<string, unknown> {
  if (body.trim() === '') return {}
  let value: unknown
  try {
    value = JSON.parse(body)
  } catch {
    // [U] the exact text real front ends give for malformed JSON.
    throw new AwsError('SerializationException', 'Unexpected character in request body.')
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new AwsError('SerializationException', 'Start of structure or map expected.')
  }
  return value as Record<string, unknown>
}

function header(req: http.IncomingMessage, name: string): string | undefined {
  const v = req.headers[name]
  return Array.isArray(v) ? v[0] : v
}

function readBody(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')))
    req.on('error', reject)
  })
}

function send(
  res: http.ServerResponse,
  status: number,
  text: string,
  contentType: string,
  requestId: string = randomUUID(),
  extra: Record<string, string> = {}
): void {
  res.writeHead(status, {
    'Content-Type': contentType,
    'Content-Length': Buffer.byteLength(text),
    'x-amzn-RequestId': requestId,
    Date: new Date().toUTCString(),
    ...extra
  })
  res.end(text)
}

function sendJson(
  res: http.ServerResponse,
  status: number,
  body: unknown,
  contentType: string
): void {
  send(res, status, JSON.stringify(body), contentType)
}

function sendJsonError(res: http.ServerResponse, err: AwsError): void {
  send(
    res,
    err.status,
    JSON.stringify({ __type: err.code, message: err.message }),
    JSON_CONTENT_TYPE,
    randomUUID(),
    { 'x-amzn-ErrorType': err.code }
  )
}

function sendXmlError(res: http.ServerResponse, err: AwsError, xmlns: string): void {
  const requestId = randomUUID()
  const type = err.status >= 500 ? 'Receiver' : 'Sender'
  const ns = xmlns ? ` xmlns="${xmlns}"` : ''
  const xml =
    `<ErrorResponse${ns}><Error><Type>${type}</Type><Code>${escapeXml(err.code)}</Code>` +
    `<Message>${escapeXml(err.message)}</Message></Error><RequestId>${requestId}</RequestId></ErrorResponse>`
  send(res, err.status, xml, 'text/xml', requestId)
}
