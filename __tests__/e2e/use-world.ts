/**
 * The one set-up of an e2e test file: a world started before its tests, the
 * clusters they deploy into seeded, and everything closed after them. Apart
 * from world.ts because scripts (bench, demo, cold-start) import world.ts
 * outside Jest, where @jest/globals cannot load.
 */
import { afterAll, beforeAll } from '@jest/globals'
import type { EmulatorOptions } from '../../test-support/emulator/server.js'
import { startWorld, type World } from './world.js'

export interface WorldSetUp {
  /** Clusters seeded before the tests. */
  clusters?: readonly string[]
  /** The emulator's options (scaling, modes). */
  emulator?: EmulatorOptions
  /** More set-up once the world runs (extra emulated services, seeded resources). */
  setUp?: (world: World) => void | Promise<void>
  /** How long the set-up may take (Jest's hook timeout otherwise). */
  timeoutMs?: number
}

/**
 * Registers the file's beforeAll/afterAll and returns the world they manage:
 * usable inside tests and hooks (not at the top level, before it starts).
 */
export function useWorld(options: WorldSetUp = {}): World {
  let current: World | undefined
  beforeAll(async () => {
    current = await startWorld(options.emulator)
    for (const cluster of options.clusters ?? []) current.emulator.seedCluster(cluster)
    await options.setUp?.(current)
  }, options.timeoutMs)
  afterAll(async () => {
    await current?.close()
  })
  const started = (): World => {
    if (!current) throw new Error('the e2e world is used before its beforeAll started it')
    return current
  }
  return {
    get emulator() {
      return started().emulator
    },
    get ecr() {
      return started().ecr
    },
    get ecrOtherRegion() {
      return started().ecrOtherRegion
    },
    get elb() {
      return started().elb
    },
    get env() {
      return started().env
    },
    get awsEnv() {
      return started().awsEnv
    },
    run: (inputs, opts) => started().run(inputs, opts),
    runCancelled: (inputs, opts) => started().runCancelled(inputs, opts),
    close: () => started().close()
  }
}
