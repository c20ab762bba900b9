/**
 * The runner's protocol (workflow commands on stdout, the GITHUB_* command
 * files, INPUT_* and STATE_* variables): what the action uses of
 * @actions/core, with the same names, arguments and bytes written.
 *
 * Why not @actions/core itself: importing it loads its HTTP client and undici
 * (~1 MB of code, for OIDC tokens this action never asks for), about 30 ms of
 * CPU before the first AWS request of every run and most of the post step's
 * budget. This module imports Node built-ins only. Use it, not @actions/core
 * (eslint says so); __tests__/unit/util/runner.test.ts checks that both write
 * the same.
 */
import { randomUUID } from 'node:crypto'
import { appendFileSync, existsSync } from 'node:fs'
import { access, appendFile, constants } from 'node:fs/promises'
import { EOL } from 'node:os'

/** Where an annotation points, as in @actions/core. */
export interface AnnotationProperties {
  title?: string
  file?: string
  startLine?: number
  endLine?: number
  startColumn?: number
  endColumn?: number
}

/** `::command k=v,…::message`, escaped so that it stays one line and one command. */
export function formatCommand(
  command: string,
  properties: Readonly<Record<string, unknown>>,
  message: unknown
): string {
  const props = Object.entries(properties)
    .filter(([, v]) => v)
    .map(([k, v]) => `${k}=${escapeProperty(v)}`)
    .join(',')
  return `::${command}${props ? ` ${props}` : ''}::${escapeData(message)}`
}

function issue(command: string, properties: Record<string, unknown>, message: unknown): void {
  process.stdout.write(formatCommand(command, properties, message) + EOL)
}

function toCommandValue(input: unknown): string {
  if (input === null || input === undefined) return ''
  if (typeof input === 'string' || input instanceof String) return String(input)
  return JSON.stringify(input)
}

function escapeData(value: unknown): string {
  return toCommandValue(value).replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A')
}

function escapeProperty(value: unknown): string {
  return escapeData(value).replace(/:/g, '%3A').replace(/,/g, '%2C')
}

function annotation(p: AnnotationProperties): Record<string, unknown> {
  if (Object.keys(p).length === 0) return {}
  return {
    title: p.title,
    file: p.file,
    line: p.startLine,
    endLine: p.endLine,
    col: p.startColumn,
    endColumn: p.endColumn
  }
}

/** `name<<delimiter` … `delimiter`, the command files' format for any value. */
function keyValue(key: string, value: unknown): string {
  const delimiter = `ghadelimiter_${randomUUID()}`
  const text = toCommandValue(value)
  if (key.includes(delimiter) || text.includes(delimiter)) {
    throw new Error(`Unexpected input: ${key} should not contain the delimiter "${delimiter}"`)
  }
  return `${key}<<${delimiter}${EOL}${text}${EOL}${delimiter}`
}

/** Appends to GITHUB_<file>; false when the runner gave no such file. */
function fileCommand(file: 'OUTPUT' | 'STATE', key: string, value: unknown): boolean {
  const path = process.env[`GITHUB_${file}`] || ''
  if (!path) return false
  if (!existsSync(path)) throw new Error(`Missing file at path: ${path}`)
  appendFileSync(path, `${keyValue(key, value)}${EOL}`, { encoding: 'utf8' })
  return true
}

export function getInput(name: string, options: { trimWhitespace?: boolean } = {}): string {
  const value = process.env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] || ''
  return options.trimWhitespace === false ? value : value.trim()
}

export function setOutput(name: string, value: unknown): void {
  if (fileCommand('OUTPUT', name, value)) return
  process.stdout.write(EOL)
  issue('set-output', { name }, toCommandValue(value))
}

/** Saves a value for the `post:` step, which reads it with getState. */
export function saveState(name: string, value: unknown): void {
  if (fileCommand('STATE', name, value)) return
  issue('save-state', { name }, toCommandValue(value))
}

/** What the main step saved with saveState; the runner passes it as STATE_<name>. */
export function getState(name: string): string {
  return process.env[`STATE_${name}`] || ''
}

/** Masks `secret` in everything the job prints from now on. */
export function setSecret(secret: string): void {
  issue('add-mask', {}, secret)
}

export function info(message: string): void {
  process.stdout.write(message + EOL)
}

export function debug(message: string): void {
  issue('debug', {}, message)
}

export function notice(message: string | Error, properties: AnnotationProperties = {}): void {
  issue('notice', annotation(properties), message instanceof Error ? message.toString() : message)
}

export function warning(message: string | Error, properties: AnnotationProperties = {}): void {
  issue('warning', annotation(properties), message instanceof Error ? message.toString() : message)
}

export function error(message: string | Error, properties: AnnotationProperties = {}): void {
  issue('error', annotation(properties), message instanceof Error ? message.toString() : message)
}

/** Marks the step failed (exit code 1) with `message` as an error annotation. */
export function setFailed(message: string | Error): void {
  process.exitCode = 1
  error(message)
}

export function startGroup(name: string): void {
  issue('group', {}, name)
}

export function endGroup(): void {
  issue('endgroup', {}, '')
}

/** Runs `fn` inside a collapsible group of the log. */
export async function group<T>(name: string, fn: () => Promise<T>): Promise<T> {
  startGroup(name)
  try {
    return await fn()
  } finally {
    endGroup()
  }
}

/** Appends Markdown to the job summary (GITHUB_STEP_SUMMARY), as core.summary.addRaw(…).write() does. */
export async function appendSummary(markdown: string): Promise<void> {
  const path = process.env['GITHUB_STEP_SUMMARY']
  if (!path) {
    throw new Error(
      'Unable to find environment variable for $GITHUB_STEP_SUMMARY. Check if your runtime environment supports job summaries.'
    )
  }
  try {
    await access(path, constants.R_OK | constants.W_OK)
  } catch {
    throw new Error(
      `Unable to access summary file: '${path}'. Check if the file has correct read/write permissions.`
    )
  }
  await appendFile(path, markdown, { encoding: 'utf8' })
}
