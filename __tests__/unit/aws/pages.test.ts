import { describe, expect, it } from '@jest/globals'
import { pagesOf } from '../../../src/aws/pages.js'

describe('pagesOf (for EventBridge, which ships no paginators)', () => {
  it('asks with each page’s token until a page has none', async () => {
    const asked: Array<string | undefined> = []
    const book: Record<string, { items: number[]; next?: string }> = {
      first: { items: [1, 2], next: 'b' },
      b: { items: [3], next: 'c' },
      c: { items: [4] }
    }
    const items: number[] = []
    for await (const page of pagesOf(
      async (token) => {
        asked.push(token)
        return book[token ?? 'first']!
      },
      (page) => page.next
    )) {
      items.push(...page.items)
    }
    expect(items).toEqual([1, 2, 3, 4])
    expect(asked).toEqual([undefined, 'b', 'c'])
  })

  it('an empty token ends it too; a failing page is thrown to the loop', async () => {
    let calls = 0
    for await (const _ of pagesOf(
      async () => ({ calls: ++calls }),
      () => ''
    )) {
      // one page only
    }
    expect(calls).toBe(1)
    const failing = pagesOf(
      async (token) => {
        if (token) throw Object.assign(new Error('gone'), { name: 'ResourceNotFoundException' })
        return { next: 'x' }
      },
      (page) => page.next
    )
    const seen: unknown[] = []
    await expect(
      (async () => {
        for await (const page of failing) seen.push(page)
      })()
    ).rejects.toMatchObject({ name: 'ResourceNotFoundException' })
    expect(seen).toHaveLength(1)
  })
})
