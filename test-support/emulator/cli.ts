/**
 * Runs the emulator as its own process, for the demo and the benchmark:
 *
 *   npx tsx test-support/emulator/cli.ts --port 4566 [--step-ms 250] [--manual]
 *     [--region us-east-1] [--account-id 123456789012] [--seed 1]
 *     [--registry-url http://127.0.0.1:5000] [--registry-host 127.0.0.1:5000]
 *     [--registry-user AWS] [--registry-password-file FILE]
 *
 * Prints one JSON line `{"url": …, "port": …}` on stdout once listening and
 * stops on SIGINT/SIGTERM. Realtime by default (`--manual` for step mode,
 * driven through POST /_emulator/advance). ECR and ELBv2 are plugged in when
 * their modules are present; ECR needs a registry.
 */
import { readFileSync } from 'node:fs'
import type { JsonService, QueryService, RegistryOptions, ServiceFactory } from './protocol.js'
import { startEmulator } from './server.js'

interface Args {
  readonly [key: string]: string | true | undefined
}

function parseArgs(argv: readonly string[]): Args {
  const out: Record<string, string | true> = {}
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? ''
    if (!arg.startsWith('--')) throw new Error(`Unexpected argument '${arg}'`)
    const [key = '', inline] = arg.slice(2).split('=', 2) as [string, string | undefined]
    const next = argv[i + 1]
    if (inline !== undefined) out[key] = inline
    else if (next !== undefined && !next.startsWith('--')) {
      out[key] = next
      i += 1
    } else out[key] = true
  }
  return out
}

function str(args: Args, key: string): string | undefined {
  const v = args[key]
  return typeof v === 'string' ? v : undefined
}

function int(args: Args, key: string): number | undefined {
  const v = str(args, key)
  if (v === undefined) return undefined
  const n = Number(v)
  if (!Number.isInteger(n) || n < 0)
    throw new Error(`--${key} must be a non-negative integer, got '${v}'`)
  return n
}

/** A module's `create…Service` factory, when the module exists. */
async function optionalFactory<S>(
  path: string,
  name: string
): Promise<ServiceFactory<S> | undefined> {
  try {
    const mod = (await import(path)) as Record<string, unknown>
    const factory = mod[name]
    return typeof factory === 'function' ? (factory as ServiceFactory<S>) : undefined
  } catch (err) {
    const code = (err as { code?: unknown }).code
    if (code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND') return undefined
    throw err
  }
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2))
  const registryUrl = str(args, 'registry-url')
  const passwordFile = str(args, 'registry-password-file')
  const registryHost = str(args, 'registry-host')
  const registryUser = str(args, 'registry-user')
  const registry: RegistryOptions | undefined = registryUrl
    ? {
        url: registryUrl,
        ...(registryHost ? { host: registryHost } : {}),
        ...(registryUser ? { username: registryUser } : passwordFile ? { username: 'AWS' } : {}),
        ...(passwordFile ? { password: readFileSync(passwordFile, 'utf8').trim() } : {})
      }
    : undefined

  const jsonServices: ServiceFactory<JsonService>[] = []
  const queryServices: ServiceFactory<QueryService>[] = []
  const ecr = await optionalFactory<JsonService>('./ecr.js', 'createEcrService')
  if (ecr && registry) jsonServices.push(ecr)
  const elbv2 = await optionalFactory<QueryService>('./elbv2.js', 'createElbv2Service')
  if (elbv2) queryServices.push(elbv2)

  const region = str(args, 'region')
  const accountId = str(args, 'account-id')
  const port = int(args, 'port')
  const stepMs = int(args, 'step-ms')
  const seed = int(args, 'seed')
  const emulator = await startEmulator({
    mode: args['manual'] === true ? 'manual' : 'realtime',
    ...(port !== undefined ? { port } : {}),
    ...(stepMs !== undefined ? { stepMs } : {}),
    ...(seed !== undefined ? { seed } : {}),
    ...(region ? { region } : {}),
    ...(accountId ? { accountId } : {}),
    ...(registry ? { registry } : {}),
    jsonServices,
    queryServices
  })
  process.stdout.write(
    `${JSON.stringify({
      url: emulator.url,
      port: emulator.port,
      region: emulator.region,
      accountId: emulator.accountId,
      services: [
        'ecs',
        'logs',
        ...(ecr && registry ? ['ecr'] : []),
        ...(elbv2 ? ['elasticloadbalancing'] : [])
      ]
    })}\n`
  )
  let stopping = false
  const stop = (): void => {
    if (stopping) return
    stopping = true
    void emulator.close().then(() => process.exit(0))
  }
  process.on('SIGINT', stop)
  process.on('SIGTERM', stop)
}

main().catch((err: unknown) => {
  process.stderr.write(`emulator: ${err instanceof Error ? err.message : String(err)}\n`)
  process.exit(1)
})
