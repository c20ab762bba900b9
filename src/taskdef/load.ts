import { readFile } from 'node:fs/promises'
import { DescribeTaskDefinitionCommand, type ECSClient } from '@aws-sdk/client-ecs'
import { clientRegion, isNotFound } from '../aws/errors.js'
import { ActionError, MAX_QUOTED, describeAwsError, errorMessage } from '../util/errors.js'
import { parseJson } from '../util/json.js'
import { cleanTaskDefinition, type TaskDef } from './clean.js'

/**
 * Reads a task definition file (JSON or YAML, told apart by content; bare or
 * in describe-task-definition form) and cleans it for registration. Errors
 * name the `task-definition` input, the file and the parse position.
 */
export async function loadTaskDefinitionFile(path: string): Promise<TaskDef> {
  let text: string
  try {
    text = await readFile(path, 'utf8')
  } catch (error) {
    const code = (error as { code?: unknown }).code
    const why =
      code === 'ENOENT'
        ? `does not exist (paths are relative to the workspace, ${process.cwd()})`
        : code === 'EISDIR'
          ? 'is a directory; give the path of the JSON or YAML file'
          : `could not be read: ${errorMessage(error)}`
    throw new ActionError(`\`task-definition\`: the file ${path} ${why}.`)
  }
  const parsed = await parseTaskDefinitionText(text, path)
  return cleanTaskDefinition(parsed, `The task definition in the \`task-definition\` file ${path}`)
}

/**
 * Parses JSON or YAML text. Content starting with `{` or `[` is read as JSON
 * first (with YAML, a JSON superset, as the fallback for flow-style YAML);
 * anything else as YAML. Errors give `file:line:column`.
 */
export async function parseTaskDefinitionText(text: string, file: string): Promise<unknown> {
  const body = text.replace(/^\uFEFF/, '')
  if (body.trim() === '') {
    throw new ActionError(`\`task-definition\`: the file ${file} is empty.`)
  }
  if (/^\s*[[{]/.test(body)) {
    const json = parseJson(body)
    if ('value' in json) return json.value
    try {
      return await parseYaml(body, file)
    } catch {
      const { line, column, message } = json.error
      throw new ActionError(
        `\`task-definition\`: ${file}:${line}:${column} is not valid JSON: ${message}.`
      )
    }
  }
  return parseYaml(body, file)
}

async function parseYaml(text: string, file: string): Promise<unknown> {
  // Loaded when needed (a chunk of dist/): most task definitions are JSON.
  const { parseDocument } = await import('yaml')
  // YAML 1.2 core schema: `yes`/`no` stay strings; `<<` merge keys allowed for hand-written files.
  const doc = parseDocument(text, { merge: true, uniqueKeys: true, prettyErrors: true })
  const error = doc.errors[0]
  if (error) {
    const pos = error.linePos?.[0]
    const at = pos ? `:${pos.line}:${pos.col}` : ''
    throw new ActionError(
      `\`task-definition\`: ${file}${at} is not valid YAML: ${firstLine(error.message.replace(/ at line \d+, column \d+:?(\n[\s\S]*)?$/, ''))}.`
    )
  }
  // toJS itself throws for some documents the parser accepts (a merge key
  // whose source is not a map, an alias to a missing anchor), and an alias
  // inside its own anchor makes a cycle: all are invalid task definitions.
  let value: unknown
  try {
    value = doc.toJS({ maxAliasCount: 100 })
    JSON.stringify(value)
  } catch (error) {
    const why =
      error instanceof TypeError ? 'an alias refers to its own anchor' : errorMessage(error)
    throw new ActionError(`\`task-definition\`: ${file} is not valid YAML: ${firstLine(why)}.`)
  }
  return value
}

/** A parser message's first line, cut to MAX_QUOTED characters: never a piece of the file. */
function firstLine(message: string): string {
  const line = message.split(/\r?\n/, 1)[0] ?? ''
  return line.length > MAX_QUOTED ? `${line.slice(0, MAX_QUOTED)}…` : line
}

/**
 * Reads a registered task definition (family, family:revision or ARN) with
 * its tags, cleaned for re-registration. `service` says whose current
 * revision this is, for the message when it cannot be read; without it the
 * reference came from the `task-definition-family` input.
 */
export async function fetchTaskDefinition(
  ecs: ECSClient,
  reference: string,
  service?: string
): Promise<{ taskDefinition: TaskDef; arn: string }> {
  let response
  try {
    response = await ecs.send(
      new DescribeTaskDefinitionCommand({ taskDefinition: reference, include: ['TAGS'] })
    )
  } catch (error) {
    if (isNotFound(error, 'taskDefinition')) {
      const region = await clientRegion(ecs)
      const where = region ? ` in ${region}` : ''
      if (service !== undefined) {
        throw new ActionError(
          `The task definition ${reference} that service ${service} runs could not be read${where} (${errorMessage(error)}). It may have been deleted; set \`task-definition\` or \`task-definition-family\` to start from another one.`
        )
      }
      throw new ActionError(
        `\`task-definition-family\`: ${reference} was not found${where} (${errorMessage(error)}). Check the family name, the revision and the region.`
      )
    }
    throw describeAwsError(`Reading the task definition ${reference}`, error)
  }
  const raw = response.taskDefinition
  if (!raw) {
    throw new ActionError(`ECS returned no task definition for ${reference}.`)
  }
  const arn = raw.taskDefinitionArn ?? reference
  const tags = response.tags && response.tags.length > 0 ? response.tags : undefined
  const taskDefinition = cleanTaskDefinition(
    { taskDefinition: raw, ...(tags ? { tags } : {}) },
    `The task definition ${arn}`
  )
  return { taskDefinition, arn }
}
