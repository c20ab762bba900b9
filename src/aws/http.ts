/**
 * Timeouts for every AWS call. Without them one connection that is accepted
 * and never answered holds the job until the workflow's own timeout (the
 * SDK's defaults: no connection timeout, no request timeout). A call that
 * times out fails with a TimeoutError, which the SDK's standard retry mode
 * retries like any transient error; when the last attempt times out too, the
 * error names the call that hung.
 */
import { isTimeout } from './errors.js'

/** Defaults: a TCP connect takes milliseconds; no API call this action makes answers slower than seconds. */
export const DEFAULT_CONNECTION_TIMEOUT_MS = 5_000
export const DEFAULT_REQUEST_TIMEOUT_MS = 30_000

export interface HttpTimeouts {
  connectionTimeoutMs: number
  requestTimeoutMs: number
}

/**
 * The timeouts, from `ECS_SHIP_AWS_CONNECT_TIMEOUT` / `ECS_SHIP_AWS_REQUEST_TIMEOUT`
 * (seconds, decimals allowed) when set to a positive number, else the defaults.
 */
export function httpTimeouts(env: NodeJS.ProcessEnv = process.env): HttpTimeouts {
  const seconds = (name: string, fallbackMs: number): number => {
    const value = Number(env[name] ?? '')
    return Number.isFinite(value) && value > 0 ? Math.round(value * 1000) : fallbackMs
  }
  return {
    connectionTimeoutMs: seconds('ECS_SHIP_AWS_CONNECT_TIMEOUT', DEFAULT_CONNECTION_TIMEOUT_MS),
    requestTimeoutMs: seconds('ECS_SHIP_AWS_REQUEST_TIMEOUT', DEFAULT_REQUEST_TIMEOUT_MS)
  }
}

/**
 * `requestHandler` options for an SDK client: the connection timeout, a
 * request timeout that throws (rather than only warning), and the same
 * value as socket inactivity timeout (the ELBv2 client has no default one).
 */
export function requestHandlerOptions(timeouts: HttpTimeouts = httpTimeouts()): {
  connectionTimeout: number
  requestTimeout: number
  socketTimeout: number
  throwOnRequestTimeout: true
} {
  return {
    connectionTimeout: timeouts.connectionTimeoutMs,
    requestTimeout: timeouts.requestTimeoutMs,
    socketTimeout: timeouts.requestTimeoutMs,
    throwOnRequestTimeout: true
  }
}

/** The parts of an SDK client this module touches (all v3 clients have them). */
interface ClientWithMiddleware {
  middlewareStack: {
    add(
      middleware: (
        next: (args: unknown) => Promise<unknown>,
        context: { clientName?: string; commandName?: string }
      ) => (args: unknown) => Promise<unknown>,
      options: { step: 'initialize'; name: string; override?: boolean }
    ): void
  }
}

/**
 * Makes a timed-out call's final error say which call hung: the middleware
 * sits outside the retry loop, so it sees only the error of the last
 * attempt. `ECSClient` + `DescribeServicesCommand` → `ECS DescribeServices`.
 */
export function nameTimedOutCalls<T extends object>(
  client: T,
  timeouts: HttpTimeouts = httpTimeouts()
): T {
  ;(client as unknown as ClientWithMiddleware).middlewareStack.add(
    (next, context) => async (args) => {
      try {
        return await next(args)
      } catch (error) {
        if (isTimeout(error)) {
          const call = callName(context.clientName, context.commandName)
          const attempts = (error as { $metadata?: { attempts?: number } }).$metadata?.attempts
          error.message = `${call} got no answer (connection ${timeouts.connectionTimeoutMs / 1000} s, request ${timeouts.requestTimeoutMs / 1000} s timeout${attempts ? `, ${attempts} attempt${attempts === 1 ? '' : 's'}` : ''}): ${error.message}`
        }
        throw error
      }
    },
    { step: 'initialize', name: 'ecsShipNameTimedOutCalls', override: true }
  )
  return client
}

/** `ElasticLoadBalancingV2Client`, `DescribeTagsCommand` → `ElasticLoadBalancingV2 DescribeTags`. */
export function callName(clientName: string | undefined, commandName: string | undefined): string {
  const service = (clientName ?? 'AWS').replace(/Client$/, '')
  const operation = (commandName ?? 'call').replace(/Command$/, '')
  return `${service} ${operation}`
}
