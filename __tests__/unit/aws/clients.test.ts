import { afterEach, describe, expect, it } from '@jest/globals'
import { createAwsClients } from '../../../src/aws/clients.js'

const saved = process.env['AWS_MAX_ATTEMPTS']
afterEach(() => {
  if (saved === undefined) delete process.env['AWS_MAX_ATTEMPTS']
  else process.env['AWS_MAX_ATTEMPTS'] = saved
})

describe('createAwsClients: attempts per call', () => {
  it('max-retries wins over AWS_MAX_ATTEMPTS and the default, for every client', async () => {
    process.env['AWS_MAX_ATTEMPTS'] = '9'
    const clients = createAwsClients('us-east-1', 4)
    // Logs and ELBv2 are stand-ins until their first request (loaded on demand);
    // they are built from the same options object as these two.
    for (const client of [clients.ecs, clients.ecr]) {
      expect(await client.config.maxAttempts()).toBe(4)
    }
  })

  it('without it: AWS_MAX_ATTEMPTS, else 6', async () => {
    process.env['AWS_MAX_ATTEMPTS'] = '9'
    expect(await createAwsClients('us-east-1').ecs.config.maxAttempts()).toBe(9)
    delete process.env['AWS_MAX_ATTEMPTS']
    expect(await createAwsClients('us-east-1').ecs.config.maxAttempts()).toBe(6)
  })
})
