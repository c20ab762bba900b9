/**
 * Issue 9's bench: the action's build-and-push of an unchanged context with
 * the default registry cache, against the cold build of the same context,
 * same run. Needs an engine with the containerd image store (bash
 * script/test-env.sh finds or starts one: on bookworm the private Docker 26 of
 * script/engine26.sh), since a classic store's docker driver cannot export
 * cache. Each pair: a fresh repository (no registry cache), the engine's
 * build cache and images pruned, a cold run; pruned again, a warm run that
 * can only get its layers from the registry cache.
 * The context: FROM scratch, busybox, and a RUN step that does real CPU work
 * (gzip -9 of 48 MiB of random data), as a dependency install or compile would.
 *   tsx script/bench-build.ts [pairs=3]
 */
import { execFileSync } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { copyFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import {
  sampleApp,
  sampleTaskDefinition,
  seedSampleService,
  startWorld,
  uniqueName
} from '../__tests__/e2e/world.js'
import { containerdStoreHost } from '../test-support/env.js'

const host = containerdStoreHost() ?? ''
const pairs = Number(process.argv[2] ?? '3')

function docker26(args: string[]): void {
  execFileSync('docker', args, { env: { ...process.env, DOCKER_HOST: host }, stdio: 'pipe' })
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  const mid = Math.floor(sorted.length / 2)
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2
}

function buildSeconds(stdout: string): number {
  const m = /Built and pushed .* in ([\d.]+)(m?s):/.exec(stdout)
  return m ? Number(m[1]) / (m[2] === 'ms' ? 1000 : 1) : NaN
}

async function main(): Promise<void> {
  if (host === '') {
    console.error(
      'bench-build: no engine with the containerd image store; bash script/test-env.sh starts one'
    )
    process.exit(2)
  }
  // Inside the workspace (the repository root): the action refuses contexts outside it.
  const context = await sampleApp()
  await copyFile('/bin/busybox', join(context, 'busybox'))
  await writeFile(join(context, 'marker.txt'), `${randomBytes(8).toString('hex')}\n`)
  await writeFile(
    join(context, 'Dockerfile'),
    [
      'FROM scratch',
      'COPY busybox /bin/busybox',
      'COPY marker.txt /marker.txt',
      'RUN ["/bin/busybox","sh","-c","/bin/busybox dd if=/dev/urandom bs=1M count=48 2>/dev/null | /bin/busybox gzip -9 > /work.gz"]',
      ''
    ].join('\n')
  )
  const world = await startWorld()
  const cluster = 'bench'
  world.emulator.seedCluster(cluster)
  const rows: Array<{ cold: number; warm: number; coldBuild: number; warmBuild: number }> = []
  try {
    for (let i = 0; i < pairs; i++) {
      const family = uniqueName('fam')
      const td = await sampleTaskDefinition(family)
      const { service } = await seedSampleService(world, cluster, { taskDefinition: td })
      const repository = uniqueName('bench')
      world.ecr.seedRepository(repository)
      const inputs = { 'ecr-repository': repository, context, network: 'none', cluster, service }
      const run = async (): Promise<{ ms: number; build: number }> => {
        docker26(['buildx', 'prune', '--all', '--force'])
        docker26(['image', 'prune', '--all', '--force'])
        const r = await world.run(inputs, {
          env: { DOCKER_HOST: host, GITHUB_SHA: randomBytes(20).toString('hex') }
        })
        if (r.exitCode !== 0) throw new Error(`run failed:\n${r.stdout.slice(-3000)}`)
        return { ms: r.durationMs, build: buildSeconds(r.stdout) }
      }
      const cold = await run()
      const warm = await run()
      rows.push({ cold: cold.ms, warm: warm.ms, coldBuild: cold.build, warmBuild: warm.build })
      console.log(
        `pair ${i + 1}: cold ${(cold.ms / 1000).toFixed(2)} s (build+push ${cold.build} s), cached ${(warm.ms / 1000).toFixed(2)} s (build+push ${warm.build} s)`
      )
    }
  } finally {
    await world.close()
  }
  const cold = median(rows.map((r) => r.coldBuild))
  const warm = median(rows.map((r) => r.warmBuild))
  const coldRun = median(rows.map((r) => r.cold)) / 1000
  const warmRun = median(rows.map((r) => r.warm)) / 1000
  console.log(
    `median build+push: cold ${cold} s, cached ${warm} s = ${((100 * warm) / cold).toFixed(0)}% (target ≤ 30%)`
  )
  console.log(
    `median whole action run (validate … deploy, watch): cold ${coldRun.toFixed(2)} s, cached ${warmRun.toFixed(2)} s`
  )
}

main().catch((error: unknown) => {
  console.error(error)
  process.exit(1)
})
