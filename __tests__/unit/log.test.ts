import { describe, expect, it } from '@jest/globals'
import { formatDuration, MemoryLogger } from '../../src/util/log.js'

describe('formatDuration', () => {
  it.each([
    [250, '250ms'],
    [12_345, '12.3s'],
    [125_000, '2m05s']
  ])('%d ms reads %s', (ms, text) => {
    expect(formatDuration(ms)).toBe(text)
  })
})

describe('MemoryLogger', () => {
  it('records groups and lines in order', async () => {
    const log = new MemoryLogger()
    await log.group('Build', async () => log.info('built'))
    expect(log.lines).toEqual(['[Build]', 'built'])
  })
})
