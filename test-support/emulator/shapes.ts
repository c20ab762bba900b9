/**
 * Checks a request body against the real API shape, taken from the schemas
 * the AWS SDK itself is generated with (`<Op>Request$` exports of the client
 * packages, read through @smithy/core's NormalizedSchema). So the member
 * names, nesting, types and required members are the model's, not a copy.
 *
 * What the front end answers is partly [U] (ecs-facts §7): we follow the
 * Coral JSON deserializer's habits as seen in AWS error texts —
 * `SerializationException` for a value of the wrong JSON type, and (our
 * pick, stricter than some AWS front ends) for members the shape does not
 * have. The SDK v3 serializer itself drops unknown members and nulls, so
 * those two only reach the wire from hand-made requests.
 */
import { NormalizedSchema } from '@smithy/core/schema'
import { AwsError } from './protocol.js'

/** How a service reports a required member that is missing or null. */
export type MissingMemberError = (path: string) => AwsError

/** Looks up `<op>Request$` among a client package's exports. */
export function requestSchema(exports: Record<string, unknown>, op: string): unknown {
  return exports[`${op}Request$`]
}

/** Throws the service's error for the first way `value` does not fit `schema`. */
export function validateShape(schema: unknown, value: unknown, missing: MissingMemberError): void {
  walk(NormalizedSchema.of(schema as never), value, '', missing)
}

function walk(
  ns: NormalizedSchema,
  value: unknown,
  path: string,
  missing: MissingMemberError
): void {
  if (ns.isDocumentSchema()) return
  if (ns.isStructSchema() || ns.isUnionSchema()) {
    if (!isPlainObject(value)) throw typeError(value, 'a Structure', path)
    const raw = ns.getSchema() as unknown as unknown[]
    const names = (raw[4] as string[] | undefined) ?? []
    const requiredCount = typeof raw[6] === 'number' ? raw[6] : 0
    const known = new Set(names)
    for (const key of Object.keys(value)) {
      if (!known.has(key)) {
        throw new AwsError('SerializationException', `Unrecognized field "${join(path, key)}"`)
      }
    }
    names.slice(0, requiredCount).forEach((name) => {
      if (value[name] === undefined || value[name] === null) throw missing(join(path, name))
    })
    for (const [name, member] of ns.structIterator()) {
      const v = value[name]
      // Coral reads a JSON null member as "not set".
      if (v !== undefined && v !== null) walk(member, v, join(path, name), missing)
    }
    return
  }
  if (ns.isListSchema()) {
    if (!Array.isArray(value)) throw typeError(value, 'a List', path)
    const item = ns.getValueSchema()
    value.forEach((v, i) => {
      if (v === null || v === undefined) {
        throw new AwsError('SerializationException', `Null value in list "${path}[${i}]"`)
      }
      walk(item, v, `${path}[${i}]`, missing)
    })
    return
  }
  if (ns.isMapSchema()) {
    if (!isPlainObject(value)) throw typeError(value, 'a Map', path)
    const item = ns.getValueSchema()
    for (const [k, v] of Object.entries(value)) {
      if (v === null || v === undefined) {
        throw new AwsError('SerializationException', `Null value in map "${join(path, k)}"`)
      }
      walk(item, v, join(path, k), missing)
    }
    return
  }
  if (ns.isBooleanSchema()) {
    if (typeof value !== 'boolean') throw typeError(value, 'a Boolean', path)
    return
  }
  if (ns.isNumericSchema() || ns.isBigIntegerSchema() || ns.isBigDecimalSchema()) {
    if (typeof value !== 'number') throw typeError(value, 'an Integer', path)
    return
  }
  if (ns.isTimestampSchema()) {
    if (typeof value !== 'number') throw typeError(value, 'a Timestamp', path)
    return
  }
  if (ns.isStringSchema() || ns.isBlobSchema()) {
    if (typeof value !== 'string') throw typeError(value, 'a String', path)
  }
}

function typeError(value: unknown, expected: string, path: string): AwsError {
  // Texts after the Coral deserializer's ([U] for ECS specifically).
  const at = path ? ` (at "${path}")` : ''
  if (Array.isArray(value)) {
    return new AwsError('SerializationException', `Start of list found where not expected${at}`)
  }
  if (isPlainObject(value)) {
    return new AwsError(
      'SerializationException',
      `Start of structure or map found where not expected${at}`
    )
  }
  if (typeof value === 'number' && expected === 'a String') {
    return new AwsError(
      'SerializationException',
      `class com.amazon.coral.value.json.numbers.TruncatingBigNumber can not be converted to an String${at}`
    )
  }
  const kind =
    typeof value === 'string'
      ? 'STRING_VALUE'
      : typeof value === 'number'
        ? 'NUMBER_VALUE'
        : value === true
          ? 'TRUE_VALUE'
          : value === false
            ? 'FALSE_VALUE'
            : 'VALUE'
  return new AwsError('SerializationException', `${kind} can not be converted to ${expected}${at}`)
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
}

function join(path: string, key: string): string {
  return path ? `${path}.${key}` : key
}
