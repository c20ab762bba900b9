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
    const message = raw
      .replace(/\s*\(line \d+ column \d+\)/, '')
      .replace(/ in JSON at position \d+/, '')
      .replace(/\.$/, '')
    return { error: { line, column, message } }
  }
}
