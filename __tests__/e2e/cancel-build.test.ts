/**
 * Cancellation before the deploy: a SIGINT while the image is being built
 * lets the build finish or fail, but nothing is registered or updated after
 * it, and no registry credentials are left behind.
 */
import { expect, it } from '@jest/globals'
import { existsSync } from 'node:fs'
import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { sampleApp, sampleTaskDefinition, uniqueName } from './world.js'
import { useWorld } from './use-world.js'

const world = useWorld()

it('a run cancelled during the build registers nothing and updates nothing', async () => {
  const service = uniqueName('web')
  const td = await sampleTaskDefinition(uniqueName('fam'))
  ;(td['containerDefinitions'] as Array<Record<string, unknown>>)[0]!['image'] =
    'registry.example.com/sample/web:1'
  await world.emulator.seedService({ serviceName: service, taskDefinition: td })
  const repository = uniqueName('app')
  world.ecr.seedRepository(repository)
  const context = await sampleApp()
  // A bigger context keeps the build busy long enough to be interrupted.
  await writeFile(join(context, 'blob.bin'), Buffer.alloc(64 * 1024 * 1024, 7))
  await writeFile(join(context, 'Dockerfile'), 'FROM scratch\nCOPY blob.bin /\nCOPY index.html /\n')
  const since = Date.now()

  const run = await world.runCancelled(
    { 'ecr-repository': repository, tags: 'c1', context, service },
    { cancelWhen: (out) => out.includes('Building ') }
  )
  try {
    expect(run.cancelledAfterMs).toBeDefined()
    expect(run.exitCode).not.toBe(0)
    const ops = world.emulator.calls({ since }).map((c) => c.operation)
    expect(ops).not.toContain('RegisterTaskDefinition')
    expect(ops).not.toContain('UpdateService')
    expect(run.errors.join('\n')).toMatch(/[Cc]ancelled/)
    const dockerConfig = run.state['dockerConfig']
    expect(dockerConfig).toBeTruthy()
    expect(existsSync(dockerConfig!)).toBe(false)
  } finally {
    await run.cleanup()
  }
})
