/**
 * The plug-in contract between the emulator's HTTP front (server.ts) and each
 * emulated AWS service. JSON 1.1 services (ECS, ECR, CloudWatch Logs) are
 * routed by the `X-Amz-Target` prefix; query-protocol services (ELBv2) by the
 * form's `Version`. Handlers work on plain data and throw `AwsError`.
 */

/** An error the way AWS puts it on the wire: `__type` code, message, status. */
export class AwsError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status = 400
  ) {
    super(message)
  }
}

/** AWS JSON 1.1: POST /, X-Amz-Target `<targetPrefix>.<Op>`, JSON body in and out. */
export interface JsonService {
  /** e.g. `AmazonEC2ContainerServiceV20141113` */
  readonly targetPrefix: string
  /** SigV4 signing name the SDK uses, e.g. `ecs`; checked against the Authorization header. */
  readonly signingName: string
  /** Returns the response body object; throws AwsError for modelled errors. */
  handle(op: string, input: Record<string, unknown>): unknown | Promise<unknown>
  /** Optional: forget all state (the emulator's `reset` calls it). */
  reset?(): void
  /** Optional: a JSON snapshot for `GET /_emulator/state`, keyed there by `signingName`. */
  snapshot?(): unknown
}

/** AWS query: form-encoded `Action=…&Version=…`, XML response. */
export interface QueryService {
  /** API version that selects this service, e.g. `2015-12-01` for ELBv2. */
  readonly version: string
  readonly signingName: string
  /** XML namespace of responses, e.g. `http://elasticloadbalancing.amazonaws.com/doc/2015-12-01/` */
  readonly xmlns: string
  /**
   * Returns the inner XML of `<{Action}Result>`; the server wraps it in
   * `<{Action}Response xmlns=…><{Action}Result>…</{Action}Result><ResponseMetadata>…`.
   * Params are the flat form fields (`Names.member.1`, …).
   */
  handle(action: string, params: Record<string, string>): string | Promise<string>
  /** Optional: forget all state (the emulator's `reset` calls it). */
  reset?(): void
  /** Optional: a JSON snapshot for `GET /_emulator/state`, keyed there by `signingName`. */
  snapshot?(): unknown
}

/** Epoch seconds with a fraction: how AWS JSON puts timestamps on the wire. */
export function epochSeconds(ms: number): number {
  return Math.round(ms) / 1000
}

/** The local registry the emulator checks images against (and ECR points at). */
export interface RegistryOptions {
  /** e.g. `http://127.0.0.1:5000` */
  readonly url: string
  /** Host part images use, e.g. `127.0.0.1:5000`; derived from `url` when omitted. */
  readonly host?: string
  readonly username?: string
  readonly password?: string
}

/** What the server hands to services built by factories (ECR, ELBv2, …). */
export interface EmulatorContext {
  readonly region: string
  readonly accountId: string
  readonly registry?: RegistryOptions
  /** Wall-clock milliseconds. */
  now(): number
}

/** A service given as a factory receives the emulator's context. */
export type ServiceFactory<S> = (context: EmulatorContext) => S

/** The error AWS JSON front ends answer for a target they do not know. */
export function unknownOperation(op: string): AwsError {
  return new AwsError('UnknownOperationException', `Unknown operation ${op}`)
}

/** The host images name for a registry: `registry.host`, else `url` without its scheme. */
export function registryHost(registry: RegistryOptions): string {
  return registry.host ?? registry.url.replace(/^[a-z]+:\/\//i, '').replace(/\/+$/, '')
}

/** Escapes text for XML element content and attribute values (query-protocol responses). */
export function escapeXml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;')
}

/** REST JSON (e.g. EventBridge Scheduler): the operation is chosen by method and path. */
export interface RestService {
  readonly signingName: string
  /** The operation and path labels for a request, or undefined when the route is not this service's. */
  route(
    method: string,
    path: string
  ): { operation: string; labels: Record<string, string> } | undefined
  /** Returns the response body (status 200); throws AwsError (its status, `x-amzn-ErrorType`). */
  handle(
    operation: string,
    request: {
      labels: Record<string, string>
      query: URLSearchParams
      body: Record<string, unknown>
    }
  ): unknown | Promise<unknown>
  reset?(): void
  snapshot?(): unknown
}
