import { isPlainObject, READ_ONLY_FIELDS, type TaskDef } from './clean.js'
import { taskSizeUnits } from './size.js'

/**
 * Comparing task definitions the way ECS means them. ECS echoes server
 * defaults back (cpu 0, empty lists, protocol tcp, hostPort = containerPort
 * under awsvpc, essential true) and converts "1 vCPU" / "2 GB" to units, so a
 * definition read back from ECS differs textually from the file it was
 * registered from. Normalizing both sides first makes "nothing changed" mean
 * what a user expects, and keeps the diff to real changes.
 */

type Json = Record<string, unknown>

/** Lists whose entries are identified by a member, compared entry by entry. */
const KEYED_LISTS: Record<string, string> = {
  containerDefinitions: 'name',
  volumes: 'name',
  tags: 'key',
  environment: 'name',
  secrets: 'name',
  secretOptions: 'name',
  ulimits: 'name',
  systemControls: 'namespace',
  dependsOn: 'containerName',
  inferenceAccelerators: 'deviceName',
  resourceRequirements: 'type'
}

/** Keyed lists shown as `list.NAME = value`: the member holding the value. */
const NAME_VALUE_LISTS: Record<string, string> = {
  environment: 'value',
  secrets: 'valueFrom',
  secretOptions: 'valueFrom',
  tags: 'value'
}

/** Maps and lists whose values are user data: strings always shown quoted. */
const USER_DATA = new Set([
  'environment',
  'tags',
  'dockerLabels',
  'options',
  'driverOpts',
  'labels'
])

/**
 * The definition as ECS would hold it, for comparison: server defaults filled
 * in or removed, sets sorted, empty lists and objects removed. Not for
 * registering.
 */
export function normalizeTaskDefinition(td: TaskDef): Json {
  const out = prune(toPlain(td)) as Json
  for (const field of READ_ONLY_FIELDS) delete out[field]
  if (out['cpu'] !== undefined) out['cpu'] = taskUnits(out['cpu'], 'cpu')
  if (out['memory'] !== undefined) out['memory'] = taskUnits(out['memory'], 'memory')
  sortStrings(out, 'requiresCompatibilities')
  sortBy(out, 'tags', 'key')
  sortBy(out, 'volumes', 'name')
  const networkMode = out['networkMode']
  const containers = out['containerDefinitions']
  if (Array.isArray(containers)) {
    for (const c of containers) {
      if (isPlainObject(c)) normalizeContainer(c, networkMode)
    }
    sortBy(out, 'containerDefinitions', 'name')
  }
  return prune(out) as Json
}

export function taskDefinitionsEqual(a: TaskDef, b: TaskDef): boolean {
  return stableStringify(normalizeTaskDefinition(a)) === stableStringify(normalizeTaskDefinition(b))
}

/**
 * Members whose values may hold credentials (environment variables, secret
 * references, docker labels, log driver options): by default the diff names
 * what changed but never shows a value, old or new. The old values come from
 * ECS and were never registered as secrets with the runner, so printing them
 * would put a plaintext `DB_PASSWORD` into a public log and job summary.
 */
const SECRET_VALUES = new Set([
  'environment',
  'secrets',
  'secretOptions',
  'dockerLabels',
  'options'
])

export interface DiffOptions {
  /** Show the values of SECRET_VALUES members too (input `show-values-in-diff`). Default false. */
  showValues?: boolean
}

interface Out {
  lines: string[]
  showValues: boolean
}

/**
 * What changes from `current` to `next`, one readable line per change:
 *   ~ containerDefinitions[web].image: …/app:old -> …/app@sha256:…
 *   + containerDefinitions[web].environment.FOO (added)
 *   ~ containerDefinitions[web].environment.DB_URL (changed)
 *   - containerDefinitions[web].environment.OLD (removed)
 * (with `showValues`: `+ ….FOO = "bar"`, `~ ….DB_URL: "a" -> "b"`).
 * Empty when they are equal after normalization.
 */
export function diffTaskDefinitions(
  current: TaskDef,
  next: TaskDef,
  options: DiffOptions = {}
): string[] {
  const out: Out = { lines: [], showValues: options.showValues ?? false }
  diffObjects('', normalizeTaskDefinition(current), normalizeTaskDefinition(next), out)
  return out.lines
}

function normalizeContainer(c: Json, networkMode: unknown): void {
  if (c['cpu'] === 0) delete c['cpu']
  if (c['essential'] === undefined) c['essential'] = true
  sortBy(c, 'environment', 'name')
  sortBy(c, 'secrets', 'name')
  const ports = c['portMappings']
  if (Array.isArray(ports)) {
    for (const p of ports) {
      if (!isPlainObject(p)) continue
      if (p['protocol'] === undefined) p['protocol'] = 'tcp'
      if (p['containerPort'] !== undefined) {
        if (networkMode === 'awsvpc' || networkMode === 'host') {
          if (p['hostPort'] === undefined) p['hostPort'] = p['containerPort']
        } else if (p['hostPort'] === 0) {
          delete p['hostPort'] // 0 and absent both mean a dynamic host port
        }
      }
    }
  }
}

/** "1 vCPU" -> "1024", "2 GB" -> "2048", 256 -> "256". */
function taskUnits(value: unknown, kind: 'cpu' | 'memory'): unknown {
  if (typeof value === 'number') return String(value)
  if (typeof value !== 'string') return value
  const units = taskSizeUnits(value, kind)
  return units === undefined ? value.trim() : String(Math.round(units))
}

function sortStrings(obj: Json, key: string): void {
  const list = obj[key]
  if (Array.isArray(list) && list.every((v) => typeof v === 'string')) {
    obj[key] = [...list].sort()
  }
}

function sortBy(obj: Json, key: string, by: string): void {
  const list = obj[key]
  if (!Array.isArray(list)) return
  obj[key] = [...(list as unknown[])].sort((x, y) => {
    const a = isPlainObject(x) ? String(x[by] ?? '') : ''
    const b = isPlainObject(y) ? String(y[by] ?? '') : ''
    return a < b ? -1 : a > b ? 1 : 0
  })
}

/** Plain JSON data: Dates to ISO strings, undefined and null dropped. */
function toPlain(value: unknown): unknown {
  if (value instanceof Date) return value.toISOString()
  if (Array.isArray(value)) {
    return value.filter((v) => v !== null && v !== undefined).map(toPlain)
  }
  if (isPlainObject(value)) {
    const out: Json = {}
    for (const [k, v] of Object.entries(value)) {
      if (v !== null && v !== undefined) out[k] = toPlain(v)
    }
    return out
  }
  return value
}

/** Removes empty lists and empty objects, bottom up (empty strings stay: they are data). */
function prune(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(prune)
  if (isPlainObject(value)) {
    const out: Json = {}
    for (const [k, v] of Object.entries(value)) {
      const p = prune(v)
      if (Array.isArray(p) && p.length === 0) continue
      if (isPlainObject(p) && Object.keys(p).length === 0) continue
      out[k] = p
    }
    return out
  }
  return value
}

/** JSON with object keys sorted, so key order never counts as a difference. */
export function stableStringify(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => {
    if (!isPlainObject(v)) return v
    const sorted: Json = {}
    for (const k of Object.keys(v).sort()) sorted[k] = v[k]
    return sorted
  })
}

function same(a: unknown, b: unknown): boolean {
  return stableStringify(a) === stableStringify(b)
}

function diffObjects(path: string, a: Json, b: Json, out: Out): void {
  const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort(topLevelOrder(path))
  for (const key of keys) diffValue(path === '' ? key : `${path}.${key}`, key, a[key], b[key], out)
}

/** `family` and `containerDefinitions` first at the top, then alphabetical. */
function topLevelOrder(path: string): (x: string, y: string) => number {
  const first = path === '' ? ['family', 'containerDefinitions'] : ['image']
  return (x, y) => {
    const rx = first.indexOf(x)
    const ry = first.indexOf(y)
    if (rx !== ry) return (rx < 0 ? first.length : rx) - (ry < 0 ? first.length : ry)
    return x < y ? -1 : x > y ? 1 : 0
  }
}

/** Whether `value` holds a SECRET_VALUES member anywhere inside. */
function holdsSecrets(value: unknown): boolean {
  if (Array.isArray(value)) return value.some(holdsSecrets)
  if (!isPlainObject(value)) return false
  return Object.entries(value).some(([k, v]) => SECRET_VALUES.has(k) || holdsSecrets(v))
}

/** An empty value of the same shape, to diff a whole added/removed value member by member. */
function emptyLike(value: unknown): unknown {
  if (Array.isArray(value)) return []
  if (isPlainObject(value)) return {}
  return undefined
}

function diffValue(path: string, key: string, a: unknown, b: unknown, out: Out): void {
  if (same(a, b)) return
  const { lines } = out
  if (!out.showValues && SECRET_VALUES.has(key)) {
    hiddenChanges(path, key, a, b, out)
    return
  }
  const quote = USER_DATA.has(key)
  // A whole member added or removed that holds secret values: member by member.
  if (!out.showValues && (a === undefined || b === undefined) && holdsSecrets(a ?? b)) {
    const empty = emptyLike(a ?? b)
    if (empty !== undefined) {
      diffValue(path, key, a ?? empty, b ?? empty, out)
      return
    }
  }
  if (a === undefined) {
    lines.push(`+ ${path} = ${format(b, quote)}`)
    return
  }
  if (b === undefined) {
    lines.push(`- ${path} = ${format(a, quote)}`)
    return
  }
  if (isPlainObject(a) && isPlainObject(b)) {
    if (quote) diffMaps(path, a, b, lines)
    else diffObjects(path, a, b, out)
    return
  }
  const by = KEYED_LISTS[key]
  if (
    by !== undefined &&
    Array.isArray(a) &&
    Array.isArray(b) &&
    keyedBy(a, by) &&
    keyedBy(b, by)
  ) {
    diffKeyedLists(path, key, by, a as Json[], b as Json[], out)
    return
  }
  if (!out.showValues && (holdsSecrets(a) || holdsSecrets(b))) {
    lines.push(`~ ${path} (changed)`)
    return
  }
  lines.push(`~ ${path}: ${format(a, quote)} -> ${format(b, quote)}`)
}

/**
 * A SECRET_VALUES member without its values: one line per variable, label or
 * option naming it and saying `(added)`, `(changed)` or `(removed)`.
 */
function hiddenChanges(path: string, key: string, a: unknown, b: unknown, out: Out): void {
  const entries = (v: unknown): Map<string, string> | undefined => {
    if (v === undefined) return new Map()
    if (isPlainObject(v)) return new Map(Object.entries(v).map(([k, x]) => [k, stableStringify(x)]))
    const by = KEYED_LISTS[key]
    if (by !== undefined && Array.isArray(v) && keyedBy(v, by)) {
      return new Map((v as Json[]).map((e) => [String(e[by]), stableStringify(e)]))
    }
    return undefined
  }
  const before = entries(a)
  const after = entries(b)
  if (!before || !after) {
    out.lines.push(
      a === undefined
        ? `+ ${path} (added)`
        : b === undefined
          ? `- ${path} (removed)`
          : `~ ${path} (changed)`
    )
    return
  }
  const names = [...new Set([...before.keys(), ...after.keys()])].sort()
  for (const name of names) {
    const x = before.get(name)
    const y = after.get(name)
    if (x === y) continue
    const what = x === undefined ? '+' : y === undefined ? '-' : '~'
    const word = x === undefined ? 'added' : y === undefined ? 'removed' : 'changed'
    out.lines.push(`${what} ${path}.${name} (${word})`)
  }
}

/** User-data maps (labels, log options): one line per key, values quoted. */
function diffMaps(path: string, a: Json, b: Json, lines: string[]): void {
  const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort()
  for (const k of keys) {
    const at = `${path}.${k}`
    if (same(a[k], b[k])) continue
    if (a[k] === undefined) lines.push(`+ ${at} = ${format(b[k], true)}`)
    else if (b[k] === undefined) lines.push(`- ${at} = ${format(a[k], true)}`)
    else lines.push(`~ ${at}: ${format(a[k], true)} -> ${format(b[k], true)}`)
  }
}

function diffKeyedLists(
  path: string,
  key: string,
  by: string,
  a: Json[],
  b: Json[],
  out: Out
): void {
  const { lines } = out
  const before = new Map(a.map((e) => [String(e[by]), e]))
  const after = new Map(b.map((e) => [String(e[by]), e]))
  const ids = [...new Set([...before.keys(), ...after.keys()])].sort()
  const valueKey = NAME_VALUE_LISTS[key]
  const quote = USER_DATA.has(key)
  for (const id of ids) {
    const x = before.get(id)
    const y = after.get(id)
    if (same(x, y)) continue
    if (valueKey !== undefined && onlyKeys(x, [by, valueKey]) && onlyKeys(y, [by, valueKey])) {
      // name/value lists read as `environment.NAME = value`
      const at = `${path}.${id}`
      if (x === undefined) lines.push(`+ ${at} = ${format(y?.[valueKey], quote)}`)
      else if (y === undefined) lines.push(`- ${at} = ${format(x[valueKey], quote)}`)
      else lines.push(`~ ${at}: ${format(x[valueKey], quote)} -> ${format(y[valueKey], quote)}`)
      continue
    }
    const at = `${path}[${id}]`
    // A whole entry (other than a container, summarized by its image) holding secrets: member by member.
    const whole = x === undefined || y === undefined
    if (whole && !out.showValues && key !== 'containerDefinitions' && holdsSecrets(x ?? y)) {
      diffObjects(at, x ?? {}, y ?? {}, out)
    } else if (x === undefined) lines.push(`+ ${at}${summary(key, y)}`)
    else if (y === undefined) lines.push(`- ${at}${summary(key, x)}`)
    else diffObjects(at, x, y, out)
  }
}

function keyedBy(list: unknown[], by: string): boolean {
  const ids = list.map((e) => (isPlainObject(e) ? e[by] : undefined))
  return ids.every((id) => typeof id === 'string') && new Set(ids).size === ids.length
}

function onlyKeys(entry: Json | undefined, allowed: string[]): boolean {
  return entry === undefined || Object.keys(entry).every((k) => allowed.includes(k))
}

/** A short description of a whole added or removed entry. */
function summary(key: string, entry: Json | undefined): string {
  if (!entry) return ''
  if (key === 'containerDefinitions' && typeof entry['image'] === 'string') {
    return ` (image ${entry['image']})`
  }
  const { name: _name, ...rest } = entry
  return Object.keys(rest).length > 0 ? ` = ${format(rest, false)}` : ''
}

const MAX_VALUE = 160

function format(value: unknown, quote: boolean): string {
  let text: string
  if (typeof value === 'string') {
    text = quote || value === '' || value.trim() !== value ? JSON.stringify(value) : value
  } else {
    text = stableStringify(value) ?? String(value)
  }
  return text.length > MAX_VALUE ? `${text.slice(0, MAX_VALUE - 1)}…` : text
}
