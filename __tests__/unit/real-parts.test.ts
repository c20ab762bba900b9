import { describe, expect, it } from '@jest/globals'
import { realPartsDecision } from '../../test-support/real-parts.js'

describe('tests that need a real part', () => {
  it('run when the part is there, in CI or not', () => {
    expect(realPartsDecision(undefined, {})).toBe('run')
    expect(realPartsDecision(undefined, { CI: 'true' })).toBe('run')
  })

  it('skip locally when it is missing', () => {
    expect(realPartsDecision('no registry', {})).toBe('skip')
    expect(realPartsDecision('no registry', { CI: '' })).toBe('skip')
    expect(realPartsDecision('no registry', { CI: 'false' })).toBe('skip')
  })

  it('fail in CI when it is missing', () => {
    expect(realPartsDecision('no registry', { CI: 'true' })).toBe('fail')
    expect(realPartsDecision('no registry', { CI: '1' })).toBe('fail')
  })
})
