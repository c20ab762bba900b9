import { afterEach, expect, it } from '@jest/globals'
import {
  ECSClient,
  ListServicesCommand,
  ListTaskDefinitionsCommand,
  paginateListServices
} from '@aws-sdk/client-ecs'
import { startEmulator, type Emulator } from '../../../test-support/emulator/server.js'

const taskDefinition = {
  family: 'web',
  networkMode: 'awsvpc',
  requiresCompatibilities: ['FARGATE'],
  cpu: '256',
  memory: '512',
  containerDefinitions: [{ name: 'app', image: 'nginx:1' }]
}

let emulator: Emulator | undefined
let ecs: ECSClient | undefined
afterEach(async () => {
  ecs?.destroy()
  await emulator?.close()
})

async function start(maxPageSize?: number): Promise<ECSClient> {
  emulator = await startEmulator({ clusters: ['prod'], ...(maxPageSize ? { maxPageSize } : {}) })
  for (const name of ['a', 'b', 'c', 'd', 'e']) {
    await emulator.seedService({ cluster: 'prod', serviceName: name, taskDefinition })
  }
  ecs = new ECSClient({
    region: 'us-east-1',
    endpoint: emulator.url,
    credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' }
  })
  return ecs
}

it('maxPageSize caps every List* page whatever maxResults asks; the rest follows by nextToken', async () => {
  const client = await start(2)
  const first = await client.send(new ListServicesCommand({ cluster: 'prod', maxResults: 100 }))
  expect(first.serviceArns).toHaveLength(2)
  expect(first.nextToken).toBeDefined()
  const one = await client.send(new ListServicesCommand({ cluster: 'prod', maxResults: 1 }))
  expect(one.serviceArns).toHaveLength(1)
  const pages: string[][] = []
  for await (const page of paginateListServices({ client }, { cluster: 'prod', maxResults: 100 })) {
    pages.push((page.serviceArns ?? []).map((arn) => arn.slice(arn.lastIndexOf('/') + 1)))
  }
  expect(pages).toEqual([['a', 'b'], ['c', 'd'], ['e']])
  const revisions = await client.send(new ListTaskDefinitionsCommand({ familyPrefix: 'web' }))
  expect(revisions.taskDefinitionArns).toHaveLength(2)
})

it('without it, a page holds what maxResults asks', async () => {
  const client = await start()
  const all = await client.send(new ListServicesCommand({ cluster: 'prod', maxResults: 100 }))
  expect(all.serviceArns).toHaveLength(5)
  expect(all.nextToken).toBeUndefined()
})
