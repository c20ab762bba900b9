import { ECSClient } from '@aws-sdk/client-ecs'
import { ECRClient } from '@aws-sdk/client-ecr'
import type { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs'
import type { ElasticLoadBalancingV2Client } from '@aws-sdk/client-elastic-load-balancing-v2'
import { httpTimeouts, nameTimedOutCalls, requestHandlerOptions } from './http.js'
import type { EventBridgeClient } from '@aws-sdk/client-eventbridge'
import type { SchedulerClient } from '@aws-sdk/client-scheduler'
import type { CodeDeployClient } from '@aws-sdk/client-codedeploy'

/**
 * The one AWS client factory. Endpoints are left to the SDK so the standard
 * AWS_ENDPOINT_URL_<SERVICE> variables work; retries use the SDK's standard
 * mode (throttling and transient errors only) with a little more patience
 * than its default of 3 attempts, because ECS read quotas are shared by the
 * whole account. Every call has connection and request timeouts (http.ts).
 * Clients are created on first use; the two a plain deploy
 * never calls (Logs: failure diagnostics; ELBv2: previews) are not even loaded
 * until their first request, see `loadedOnFirstSend`.
 */
export interface AwsClients {
  readonly ecs: ECSClient
  readonly ecr: ECRClient
  /**
   * ECR of another region (an `ecr-repository` URI there); the run's own
   * client for the run's region. Same credentials, retries and timeouts.
   */
  ecrIn(region: string): ECRClient
  readonly logs: CloudWatchLogsClient
  readonly elb: ElasticLoadBalancingV2Client
  /**
   * Loaded on first use (dynamic import, kept in the one bundle but evaluated
   * only then): only runs that follow scheduled tasks need them.
   */
  eventBridge(): Promise<EventBridgeClient>
  scheduler(): Promise<SchedulerClient>
  /** Loaded only for services with the CODE_DEPLOY controller. */
  codedeploy(): Promise<CodeDeployClient>
}

export const USER_AGENT = 'ecs-ship-action/0.1'

/** `attempts`: the `max-retries` input, which wins over AWS_MAX_ATTEMPTS and the default. */
export function createAwsClients(region: string, attempts?: number): AwsClients {
  const maxAttempts = attempts ?? (Number(process.env['AWS_MAX_ATTEMPTS'] ?? '') || 6)
  const timeouts = httpTimeouts()
  const requestHandler = requestHandlerOptions(timeouts)
  const options = { region, maxAttempts, customUserAgent: USER_AGENT, requestHandler }
  const cache = new Map<string, unknown>()
  function lazy<T>(key: string, make: () => T): T {
    if (!cache.has(key)) cache.set(key, make())
    return cache.get(key) as T
  }
  return {
    get ecs() {
      return lazy('ecs', () => nameTimedOutCalls(new ECSClient(options), timeouts))
    },
    get ecr() {
      return lazy('ecr', () => nameTimedOutCalls(new ECRClient(options), timeouts))
    },
    ecrIn(other: string) {
      if (other === region) return this.ecr
      return lazy(`ecr:${other}`, () =>
        nameTimedOutCalls(new ECRClient({ ...options, region: other }), timeouts)
      )
    },
    get logs() {
      return lazy('logs', () =>
        loadedOnFirstSend(region, async () => {
          const { CloudWatchLogsClient } = await import('@aws-sdk/client-cloudwatch-logs')
          return nameTimedOutCalls(new CloudWatchLogsClient(options), timeouts)
        })
      )
    },
    get elb() {
      return lazy('elb', () =>
        loadedOnFirstSend(region, async () => {
          const { ElasticLoadBalancingV2Client } =
            await import('@aws-sdk/client-elastic-load-balancing-v2')
          return nameTimedOutCalls(new ElasticLoadBalancingV2Client(options), timeouts)
        })
      )
    },
    eventBridge: () =>
      lazy('events', async () => {
        const { EventBridgeClient } = await import('@aws-sdk/client-eventbridge')
        return nameTimedOutCalls(new EventBridgeClient(options), timeouts)
      }),
    scheduler: () =>
      lazy('scheduler', async () => {
        const { SchedulerClient } = await import('@aws-sdk/client-scheduler')
        return nameTimedOutCalls(new SchedulerClient(options), timeouts)
      }),
    codedeploy: () =>
      lazy('codedeploy', async () => {
        const { CodeDeployClient } = await import('@aws-sdk/client-codedeploy')
        return nameTimedOutCalls(new CodeDeployClient(options), timeouts)
      })
  }
}

/** Where a stand-in keeps the way to its real client (see `sdkClient`). */
const REAL_CLIENT = Symbol('realClient')

/**
 * The SDK client itself: for a stand-in of `loadedOnFirstSend` its real
 * client (loading its chunk, as a first request would), else the client as
 * given. The SDK's paginators need it: they check `client instanceof` the
 * package's client class, which a stand-in is not.
 */
export async function sdkClient<C extends object>(client: C): Promise<C> {
  const real = (client as { [REAL_CLIENT]?: () => Promise<C> })[REAL_CLIENT]
  return real ? real() : client
}

/**
 * A client whose package is imported when its first request is sent: the
 * import() makes it a chunk of its own in dist/ (script/package.mjs), so
 * loading the action does not parse it. Until then it offers what the
 * action's code uses of a client: `send`, `config.region` and `destroy`.
 * (Commands come from the same package: callers import() it too.)
 */
function loadedOnFirstSend<C extends { send: unknown; destroy(): void }>(
  region: string,
  load: () => Promise<C>
): C {
  let loading: Promise<C> | undefined
  let loaded: C | undefined
  const client = (): Promise<C> => (loading ??= load().then((c) => (loaded = c)))
  const standIn = {
    [REAL_CLIENT]: client,
    config: { region: () => Promise.resolve(region) },
    async send(...args: unknown[]): Promise<unknown> {
      const real = await client()
      return (real.send as (...a: unknown[]) => Promise<unknown>).apply(real, args)
    },
    destroy(): void {
      loaded?.destroy()
    }
  }
  return standIn as unknown as C
}
