/**
 * The control API over HTTP (`/_emulator/...`), so the demo and the
 * benchmark can drive an emulator running in another process. Every route
 * maps onto a method of the in-process `Emulator`; bodies are plain JSON.
 */
import type { SeedServiceSpec, ScenarioName, ScenarioOptions } from './ecs-state.js'
import type { TaskScenario } from './ecs-run-task.js'
import type { Emulator, FaultSpec } from './server.js'

export interface ControlResponse {
  readonly status: number
  readonly body: unknown
}

type Route = (emulator: Emulator, body: Record<string, unknown>, query: URLSearchParams) => unknown

const routes: Record<string, Route> = {
  'GET /_emulator/health': (e) => ({ ok: true, url: e.url }),
  'GET /_emulator/state': (e) => e.state(),
  'GET /_emulator/milestones': (e) => ({ milestones: e.milestones() }),
  'GET /_emulator/calls': (e, _b, q) => ({
    calls: e.calls({
      ...(q.get('service') ? { service: q.get('service') ?? '' } : {}),
      ...(q.get('operation') ? { operation: q.get('operation') ?? '' } : {}),
      ...(q.get('since') ? { since: Number(q.get('since')) } : {})
    })
  }),
  'DELETE /_emulator/calls': (e) => {
    e.clearCalls()
    return {}
  },
  'POST /_emulator/seed-cluster': (e, b) => ({
    clusterArn: e.seedCluster(requireString(b, 'name'))
  }),
  'POST /_emulator/seed-service': (e, b) => {
    requireString(b, 'serviceName')
    return e.seedService(b as unknown as SeedServiceSpec)
  },
  'POST /_emulator/scenario': (e, b) => {
    e.setScenario(
      typeof b['cluster'] === 'string' ? b['cluster'] : 'default',
      requireString(b, 'service'),
      requireString(b, 'scenario') as ScenarioName,
      (b['options'] as ScenarioOptions | undefined) ?? {}
    )
    return {}
  },
  'POST /_emulator/task-scenario': (e, b) => {
    e.setTaskScenario(requireString(b, 'family'), (b['scenario'] as TaskScenario | undefined) ?? {})
    return {}
  },
  'POST /_emulator/fault': (e, b) => {
    requireString(b, 'operation')
    requireString(b, 'code')
    e.injectFault(b as unknown as FaultSpec)
    return {}
  },
  'DELETE /_emulator/fault': (e) => {
    e.clearFaults()
    return {}
  },
  'POST /_emulator/advance': (e, b) => {
    e.advance(typeof b['steps'] === 'number' ? b['steps'] : 1)
    return { step: e.state().ecs.step }
  },
  'POST /_emulator/reset': (e) => {
    e.reset()
    return {}
  },
  'POST /_emulator/logs': (e, b) => {
    e.putLogLines(
      requireString(b, 'group'),
      requireString(b, 'stream'),
      (b['lines'] as string[] | undefined) ?? []
    )
    return {}
  }
}

export async function handleControl(
  emulator: Emulator,
  method: string,
  url: string,
  body: string
): Promise<ControlResponse> {
  const [path = '', search = ''] = url.split('?')
  const route = routes[`${method} ${path}`]
  if (!route) return { status: 404, body: { error: `No control route ${method} ${path}` } }
  let parsed: Record<string, unknown> = {}
  try {
    parsed = body.trim() === '' ? {} : (JSON.parse(body) as Record<string, unknown>)
  } catch {
    return { status: 400, body: { error: 'Body is not JSON' } }
  }
  try {
    return { status: 200, body: (await route(emulator, parsed, new URLSearchParams(search))) ?? {} }
  } catch (err) {
    const code = (err as { code?: unknown }).code
    return {
      status: 400,
      body: {
        error: err instanceof Error ? err.message : String(err),
        ...(typeof code === 'string' ? { code } : {})
      }
    }
  }
}

function requireString(body: Record<string, unknown>, key: string): string {
  const v = body[key]
  if (typeof v !== 'string' || v === '') throw new Error(`'${key}' (a string) is required`)
  return v
}
