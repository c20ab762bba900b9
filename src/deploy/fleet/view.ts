import type { Logger } from '../../util/log.js'

/**
 * One live view for several services: every line a service's watch prints
 * starts with the service's name, padded so the columns line up. Service
 * names are ECS names (letters, digits, `-`, `_`), so each line starts with
 * plain text and whatever untrusted text follows stays inside the line; the
 * one Logger keeps it inert.
 */
export function serviceLogger(log: Logger, name: string, width: number): Logger {
  const prefix = `${name.padEnd(width)} | `
  const each = (message: string): string =>
    message
      .split('\n')
      .map((line) => `${prefix}${line}`)
      .join('\n')
  return {
    info: (m) => log.info(each(m)),
    warning: (m) => log.warning(each(m)),
    error: (m) => log.error(each(m)),
    debug: (m) => log.debug(each(m)),
    group: (groupName, fn) => log.group(groupName, fn),
    secret: (v) => log.secret(v)
  }
}
