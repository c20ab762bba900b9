/**
 * A command given as text: a JSON array of strings taken as is, or a line
 * split the way a POSIX shell splits words (single quotes literal, double
 * quotes with \" \\ \$ \` escapes, backslash outside quotes). Nothing is
 * expanded: no variables, globs or substitutions, and no shell runs it.
 */
export type SplitResult = { args: string[] } | { problem: string }

export function splitCommand(raw: string): SplitResult {
  const text = raw.trim()
  if (text.startsWith('[')) {
    let value: unknown
    try {
      value = JSON.parse(text)
    } catch {
      return { problem: 'starts with [ but is not a JSON array; write ["npm","run","migrate"]' }
    }
    if (!Array.isArray(value) || !value.every((v) => typeof v === 'string')) {
      return { problem: 'must be a JSON array of strings, e.g. ["npm","run","migrate"]' }
    }
    if (value.length === 0) return { problem: 'is an empty array; give the command to run' }
    return { args: value }
  }
  const args: string[] = []
  let current = ''
  let inWord = false
  let i = 0
  while (i < text.length) {
    const ch = text[i] as string
    if (ch === "'") {
      const end = text.indexOf("'", i + 1)
      if (end < 0) return { problem: 'has an unclosed single quote' }
      current += text.slice(i + 1, end)
      inWord = true
      i = end + 1
    } else if (ch === '"') {
      i += 1
      let closed = false
      while (i < text.length) {
        const c = text[i] as string
        if (c === '"') {
          closed = true
          i += 1
          break
        }
        if (c === '\\' && i + 1 < text.length && '"\\$`'.includes(text[i + 1] as string)) {
          current += text[i + 1]
          i += 2
          continue
        }
        current += c
        i += 1
      }
      if (!closed) return { problem: 'has an unclosed double quote' }
      inWord = true
    } else if (ch === '\\') {
      if (i + 1 >= text.length) return { problem: 'ends with a lone backslash' }
      const next = text[i + 1] as string
      // A backslash-newline joins lines, as in a shell.
      if (next !== '\n') {
        current += next
        inWord = true
      }
      i += 2
    } else if (/\s/.test(ch)) {
      if (inWord) args.push(current)
      current = ''
      inWord = false
      i += 1
    } else {
      current += ch
      inWord = true
      i += 1
    }
  }
  if (inWord) args.push(current)
  if (args.length === 0) return { problem: 'is empty; give the command to run' }
  return { args }
}
