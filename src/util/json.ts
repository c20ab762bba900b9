import { errorMessage } from './errors.js'

/** A JSON text that did not parse: where (1-based line and column) and what. */
export interface JsonError {
  line: number
  column: number
  message: string
}

/**
 * JSON.parse with the position of an error as line and column, whichever
 * Node version wrote the message ("at position N", "(line L column C)", or
 * nothing for a text that ends too early: then the end of the text).
 */
export function parseJson(text: string): { value: unknown } | { error: JsonError } {
  try {
    return { value: JSON.parse(text) as unknown }
  } catch (error) {
    const raw = errorMessage(error)
    const position = /position (\d+)/.exec(raw)
    const offset = position ? Number(position[1]) : text.length
    const before = text.slice(0, offset)
    const line = before.split('\n').length
    const column = offset - before.lastIndexOf('\n')
    return { error: { line, column, message: withoutText(raw) } }
  }
}

/**
 * JSON.parse's message without any of the text: V8 quotes the unexpected
 * character and a piece of the text around it (`Unexpected token 'h',
 * ..."secret": hunter2"... is not valid JSON`), which may be a secret. The
 * position is given separately (Node 20 says "at position N", Node 22+ adds
 * "(line L column C)").
 */
function withoutText(message: string): string {
  if (/^Unexpected token\b[\s\S]*is not valid JSON$/.test(message)) return 'unexpected character'
  const cleaned = message
    .replace(/\s*\(line \d+ column \d+\)/, '')
    .replace(/ in JSON at position \d+/, '')
    .replace(/, "[\s\S]*" is not valid JSON$/, '')
    .replace(/\.$/, '')
  return cleaned.split(/\r\n|\r|\n/, 1)[0] ?? ''
}
