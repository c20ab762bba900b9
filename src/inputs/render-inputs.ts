import { quote } from '../util/errors.js'
import { ACCOUNT_PATTERN, REGION_PATTERN, roleArnPartition } from '../aws/arn.js'
import { taskSizeUnits } from '../taskdef/size.js'
import { parseJson } from '../util/json.js'

/**
 * The render inputs of aws-actions/amazon-ecs-render-task-definition, same
 * names, stricter and with fewer surprises: values keep every `=`, a command
 * is split as a shell would split it, a name given twice keeps the last value
 * with a warning, and ARNs are checked for shape and partition. Pure: every
 * function returns data and appends to `problems` / `warnings`.
 */

export interface NameValue {
  name: string
  value: string
}

/** Container- and task-level settings the render inputs ask for; absent = leave as is. */
export interface RenderSettings {
  /** Merged into `secrets` of each named container (same name replaced, new appended). */
  secrets: Array<{ name: string; valueFrom: string }>
  /** Replaces `environmentFiles` (type s3) of each named container, as the official action does. */
  environmentFiles?: string[]
  command?: string[]
  entryPoint?: string[]
  logDriver?: string
  /** Merged into `logConfiguration.options`. */
  logOptions: NameValue[]
  /** Merged into `dockerLabels`; empty values kept. */
  dockerLabels: NameValue[]
  taskRoleArn?: string
  executionRoleArn?: string
  /** Task-level CPU units, normalised to an integer string ("1 vCPU" → "1024"). */
  cpu?: string
  /** Task-level memory in MiB, normalised to an integer string ("2 GB" → "2048"). */
  memory?: string
}

/** The log drivers ECS accepts (LogDriver in the ECS API). */
export const LOG_DRIVERS = [
  'awslogs',
  'awsfirelens',
  'splunk',
  'fluentd',
  'gelf',
  'journald',
  'json-file',
  'syslog'
] as const

export type Reader = (name: string) => string

const VARIABLE_NAME = /^[A-Za-z_][A-Za-z0-9_.-]*$/
const SECRET_ARN = new RegExp(
  `^arn:([a-z-]+):secretsmanager:${REGION_PATTERN}:${ACCOUNT_PATTERN}:secret:[\\w/+=.@-]+(?::[^:]*){0,3}$`
)
const PARAMETER_ARN = new RegExp(
  `^arn:([a-z-]+):ssm:${REGION_PATTERN}:${ACCOUNT_PATTERN}:parameter/[A-Za-z0-9_./-]{1,2048}$`
)
const PARAMETER_NAME = /^\/?[A-Za-z0-9_.-]+(?:\/[A-Za-z0-9_.-]+)*$/
const S3_OBJECT_ARN = /^arn:([a-z-]+):s3:::[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]\/.+$/
const LOG_OPTION_KEY = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/

/** The AWS partition a region belongs to. */
export function partitionOf(region: string): string {
  if (region.startsWith('cn-')) return 'aws-cn'
  if (region.startsWith('us-gov-')) return 'aws-us-gov'
  if (region.startsWith('us-isob-')) return 'aws-iso-b'
  if (region.startsWith('us-isof-')) return 'aws-iso-f'
  if (region.startsWith('eu-isoe-')) return 'aws-iso-e'
  if (region.startsWith('us-iso-')) return 'aws-iso'
  return 'aws'
}

export interface ParseContext {
  region: string
  problems: string[]
  warnings: string[]
}

/**
 * Multiline `KEY=VALUE`: split on the first `=` only, blank and `#` lines
 * skipped, values kept whole (empty too). A key given twice keeps the last
 * value (in the place of the first) and adds a warning naming both lines;
 * with `duplicates: 'refuse'` it is a problem instead. `checkKey` returns why
 * a key is invalid, or undefined; `trimKey: false` hands it the key with its
 * spaces, so `A =1` is refused rather than read as `A`.
 */
export function parsePairs(
  raw: string,
  input: string,
  ctx: Pick<ParseContext, 'problems' | 'warnings'>,
  checkKey: (key: string) => string | undefined,
  form = 'KEY=VALUE',
  options: { duplicates?: 'warn' | 'refuse'; trimKey?: boolean } = {}
): NameValue[] {
  const result: NameValue[] = []
  const seen = new Map<string, { line: number; index: number }>()
  raw.split(/\r?\n/).forEach((rawLine, i) => {
    const line = i + 1
    const text = rawLine.trim()
    if (text === '' || text.startsWith('#')) return
    const eq = text.indexOf('=')
    if (eq < 0) {
      ctx.problems.push(`\`${input}\` line ${line}: ${quote(text)} has no "="; write ${form}.`)
      return
    }
    const name = options.trimKey === false ? text.slice(0, eq) : text.slice(0, eq).trim()
    const value = text.slice(eq + 1)
    const why = checkKey(name)
    if (why !== undefined) {
      ctx.problems.push(`\`${input}\` line ${line}: ${quote(name)} ${why}.`)
      return
    }
    const first = seen.get(name)
    if (first !== undefined && options.duplicates === 'refuse') {
      ctx.problems.push(
        `\`${input}\` line ${line}: ${name} is already set on line ${first.line}; keep one of them.`
      )
      return
    }
    if (first !== undefined) {
      ctx.warnings.push(
        `\`${input}\` line ${line}: ${name} was already given on line ${first.line}; the value on line ${line} is used.`
      )
      result[first.index] = { name, value }
      seen.set(name, { line, index: first.index })
      return
    }
    seen.set(name, { line, index: result.length })
    result.push({ name, value })
  })
  return result
}

/** Why `key` is not an environment variable name (build-args, environment-variables, secrets), or undefined. */
export const variableNameProblem = (key: string): string | undefined =>
  VARIABLE_NAME.test(key)
    ? undefined
    : /\s/.test(key)
      ? 'is not a valid name; remove the spaces (no "export", no spaces around "=")'
      : 'is not a valid name; start with a letter or _, then letters, digits, _, . or -'

/** `secrets`: NAME=valueFrom, an ARN of a Secrets Manager secret or SSM parameter, or a parameter name. */
export function parseSecrets(
  raw: string,
  ctx: ParseContext
): Array<{ name: string; valueFrom: string }> {
  const pairs = parsePairs(raw, 'secrets', ctx, variableNameProblem, 'NAME=valueFrom')
  const result: Array<{ name: string; valueFrom: string }> = []
  for (const { name, value } of pairs) {
    const valueFrom = value.trim()
    const why = secretSourceProblem(valueFrom, ctx.region)
    if (why !== undefined) {
      ctx.problems.push(`\`secrets\`: ${name}: ${quote(valueFrom)} ${why}.`)
      continue
    }
    result.push({ name, valueFrom })
  }
  return result
}

function secretSourceProblem(valueFrom: string, region: string): string | undefined {
  if (valueFrom === '') {
    return 'is empty; give the ARN of a Secrets Manager secret or SSM parameter, or a parameter name'
  }
  if (valueFrom.startsWith('arn:')) {
    const match = SECRET_ARN.exec(valueFrom) ?? PARAMETER_ARN.exec(valueFrom)
    if (!match) {
      return 'is not the ARN of a Secrets Manager secret (arn:aws:secretsmanager:<region>:<account>:secret:<name>) or an SSM parameter (arn:aws:ssm:<region>:<account>:parameter/<name>)'
    }
    return partitionProblem(match[1]!, region)
  }
  if (!PARAMETER_NAME.test(valueFrom) || valueFrom.length > 2048) {
    return 'is neither an ARN nor an SSM parameter name (letters, digits, _ . - and / between parts)'
  }
  return undefined
}

function partitionProblem(partition: string, region: string): string | undefined {
  const expected = partitionOf(region)
  if (partition === expected) return undefined
  return `is in partition ${partition}, but region ${region} is in ${expected}; use an ARN starting arn:${expected}:`
}

/** `task-role-arn` / `execution-role-arn`: an IAM role ARN in the region's partition. */
export function parseRoleArn(input: string, raw: string, ctx: ParseContext): string | undefined {
  const arn = raw.trim()
  if (arn === '') return undefined
  const partition = roleArnPartition(arn)
  if (partition === undefined) {
    ctx.problems.push(
      `\`${input}\`: ${quote(arn)} is not an IAM role ARN; use arn:${partitionOf(ctx.region)}:iam::<account>:role/<name>.`
    )
    return undefined
  }
  const why = partitionProblem(partition, ctx.region)
  if (why !== undefined) ctx.problems.push(`\`${input}\`: ${quote(arn)} ${why}.`)
  return arn
}

/** `env-files`: one S3 object ARN per line. */
export function parseEnvFiles(raw: string, ctx: ParseContext): string[] | undefined {
  const files: string[] = []
  raw.split(/\r?\n/).forEach((rawLine, i) => {
    const arn = rawLine.trim()
    if (arn === '' || arn.startsWith('#')) return
    const match = S3_OBJECT_ARN.exec(arn)
    if (!match) {
      ctx.problems.push(
        `\`env-files\` line ${i + 1}: ${quote(arn)} is not an S3 object ARN; use arn:${partitionOf(ctx.region)}:s3:::<bucket>/<key>.env.`
      )
      return
    }
    const why = partitionProblem(match[1]!, ctx.region)
    if (why !== undefined) ctx.problems.push(`\`env-files\` line ${i + 1}: ${quote(arn)} ${why}.`)
    else if (!files.includes(arn)) files.push(arn)
  })
  return files.length > 0 ? files : undefined
}

/**
 * `command` / `entry-point`: a JSON array of strings taken as is, or a
 * string split as a POSIX shell splits words (quotes and backslashes
 * respected; nothing expanded: `$X` stays for the container's shell).
 */
export function parseArgv(input: string, raw: string, problems: string[]): string[] | undefined {
  const text = raw.trim()
  if (text === '') return undefined
  if (text.startsWith('[')) {
    const parsed = parseJson(text)
    if ('error' in parsed) {
      const { line, column, message } = parsed.error
      problems.push(
        `\`${input}\`: not valid JSON at line ${line}, column ${column}: ${message}; write a JSON array of strings, e.g. ["npm","start"], or a plain command line.`
      )
      return undefined
    }
    const value = parsed.value
    if (!Array.isArray(value) || value.some((v) => typeof v !== 'string') || value.length === 0) {
      problems.push(
        `\`${input}\`: a JSON value must be a non-empty array of strings, e.g. ["sh","-c","echo hi"].`
      )
      return undefined
    }
    return value as string[]
  }
  const words = splitShellWords(text)
  if (typeof words === 'string') {
    problems.push(`\`${input}\`: ${words}.`)
    return undefined
  }
  return words
}

/** Splits a command line into words like a POSIX shell, without expansions. A string on error. */
export function splitShellWords(text: string): string[] | string {
  const words: string[] = []
  let word = ''
  let inWord = false
  let i = 0
  while (i < text.length) {
    const c = text[i]!
    if (c === "'") {
      const end = text.indexOf("'", i + 1)
      if (end < 0) return `the single quote at character ${i + 1} is never closed`
      word += text.slice(i + 1, end)
      inWord = true
      i = end + 1
    } else if (c === '"') {
      let j = i + 1
      let closed = false
      while (j < text.length) {
        const d = text[j]!
        if (d === '"') {
          closed = true
          break
        }
        if (d === '\\' && j + 1 < text.length && '"\\$`\n'.includes(text[j + 1]!)) {
          if (text[j + 1] !== '\n') word += text[j + 1]
          j += 2
          continue
        }
        word += d
        j++
      }
      if (!closed) return `the double quote at character ${i + 1} is never closed`
      inWord = true
      i = j + 1
    } else if (c === '\\') {
      if (i + 1 < text.length) {
        if (text[i + 1] !== '\n') {
          word += text[i + 1]
          inWord = true
        }
        i += 2
      } else {
        return 'it ends with a lone backslash'
      }
    } else if (/\s/.test(c)) {
      if (inWord) words.push(word)
      word = ''
      inWord = false
      i++
    } else {
      word += c
      inWord = true
      i++
    }
  }
  if (inWord) words.push(word)
  return words
}

/** `log-configuration-log-driver`: one of ECS's log drivers. */
export function parseLogDriver(raw: string, problems: string[]): string | undefined {
  const driver = raw.trim()
  if (driver === '') return undefined
  if ((LOG_DRIVERS as readonly string[]).includes(driver)) return driver
  const lower = driver.toLowerCase()
  const hint = (LOG_DRIVERS as readonly string[]).includes(lower)
    ? `; log drivers are lower case: ${lower}`
    : ''
  problems.push(
    `\`log-configuration-log-driver\`: ${quote(driver)} is not a log driver ECS supports (${LOG_DRIVERS.join(', ')})${hint}.`
  )
  return undefined
}

/** The task sizes ECS accepts, and how to write them. */
const TASK_SIZE_INPUTS = {
  cpu: {
    min: 128,
    max: 196_608,
    what: 'a task CPU size; give CPU units (1024 = 1 vCPU, e.g. 256, 512, 1024) or e.g. "0.5 vCPU"'
  },
  memory: {
    min: 6,
    max: 1_048_576,
    what: 'a task memory size; give MiB (e.g. 512, 2048) or e.g. "2 GB"'
  }
} as const

/** `cpu` (units or "N vCPU") or `memory` (MiB or "N GB"), normalised to units / MiB. */
function parseTaskSize(
  kind: 'cpu' | 'memory',
  raw: string,
  problems: string[]
): string | undefined {
  const text = raw.trim()
  if (text === '') return undefined
  const size = TASK_SIZE_INPUTS[kind]
  const units = taskSizeUnits(text, kind) ?? NaN
  if (!Number.isInteger(units) || units < size.min || units > size.max) {
    problems.push(`\`${kind}\`: ${quote(text)} is not ${size.what}.`)
    return undefined
  }
  return String(units)
}

/** `cpu`: CPU units (1024 = 1 vCPU) or "N vCPU", normalised to units. */
export function parseCpu(raw: string, problems: string[]): string | undefined {
  return parseTaskSize('cpu', raw, problems)
}

/** `memory`: MiB or "N GB", normalised to MiB. */
export function parseMemory(raw: string, problems: string[]): string | undefined {
  return parseTaskSize('memory', raw, problems)
}

/** All render inputs at once. */
export function parseRenderSettings(read: Reader, ctx: ParseContext): RenderSettings {
  const settings: RenderSettings = {
    secrets: parseSecrets(read('secrets'), ctx),
    logOptions: parsePairs(
      read('log-configuration-options'),
      'log-configuration-options',
      ctx,
      (key) =>
        LOG_OPTION_KEY.test(key)
          ? undefined
          : 'is not a log option name; use letters, digits, _ . - (e.g. awslogs-group)',
      'key=value'
    ),
    dockerLabels: parsePairs(
      read('docker-labels'),
      'docker-labels',
      ctx,
      (key) =>
        key === '' || /\s/.test(key) ? 'is not a label key (no spaces, not empty)' : undefined,
      'key=value'
    )
  }
  const set = <K extends keyof RenderSettings>(
    key: K,
    value: RenderSettings[K] | undefined
  ): void => {
    if (value !== undefined) settings[key] = value
  }
  set('environmentFiles', parseEnvFiles(read('env-files'), ctx))
  set('command', parseArgv('command', read('command'), ctx.problems))
  set('entryPoint', parseArgv('entry-point', read('entry-point'), ctx.problems))
  set('logDriver', parseLogDriver(read('log-configuration-log-driver'), ctx.problems))
  set('taskRoleArn', parseRoleArn('task-role-arn', read('task-role-arn'), ctx))
  set('executionRoleArn', parseRoleArn('execution-role-arn', read('execution-role-arn'), ctx))
  set('cpu', parseCpu(read('cpu'), ctx.problems))
  set('memory', parseMemory(read('memory'), ctx.problems))
  return settings
}

/** Whether any container-level setting is asked for. */
export function hasContainerSettings(s: RenderSettings): boolean {
  return (
    s.secrets.length > 0 ||
    s.environmentFiles !== undefined ||
    s.command !== undefined ||
    s.entryPoint !== undefined ||
    s.logDriver !== undefined ||
    s.logOptions.length > 0 ||
    s.dockerLabels.length > 0
  )
}
