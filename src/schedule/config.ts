import { quote } from '../util/errors.js'
/**
 * `scheduled-tasks`: which EventBridge rules and EventBridge Scheduler
 * schedules follow the revision this run deploys. `false` (default): none;
 * `auto`: every rule and schedule whose ECS target runs this run's family in
 * this cluster; or a list of `rule/<name>` and `schedule/<group>/<name>`.
 * Pure.
 */
export type ScheduledTaskRef =
  { kind: 'rule'; name: string } | { kind: 'schedule'; group: string; name: string }

export type ScheduledTasksConfig = { mode: 'auto' } | { mode: 'list'; refs: ScheduledTaskRef[] }

// Rule names: 1-64 of . - _ letters digits; schedule and group names: 1-64 of the same.
const NAME = /^[.\-_A-Za-z0-9]{1,64}$/

export function refId(ref: ScheduledTaskRef): string {
  return ref.kind === 'rule' ? `rule/${ref.name}` : `schedule/${ref.group}/${ref.name}`
}

export function parseScheduledTasks(
  raw: string,
  context: { previewMode?: string | undefined },
  problems: string[]
): ScheduledTasksConfig | undefined {
  const text = raw.trim()
  const lower = text.toLowerCase()
  if (text === '' || lower === 'false' || lower === 'no') return undefined
  if (context.previewMode) {
    problems.push(
      '`scheduled-tasks`: not available with `preview`; scheduled tasks follow the production revision only.'
    )
    return undefined
  }
  if (lower === 'auto' || lower === 'true') return { mode: 'auto' }
  const refs: ScheduledTaskRef[] = []
  const seen = new Set<string>()
  for (const item of text.split(/[\n,]/).map((s) => s.trim())) {
    if (item === '' || item.startsWith('#')) continue
    const parts = item.split('/')
    let ref: ScheduledTaskRef | undefined
    if (parts[0] === 'rule' && parts.length === 2 && NAME.test(parts[1] ?? '')) {
      ref = { kind: 'rule', name: parts[1] ?? '' }
    } else if (
      parts[0] === 'schedule' &&
      parts.length === 3 &&
      NAME.test(parts[1] ?? '') &&
      NAME.test(parts[2] ?? '')
    ) {
      ref = { kind: 'schedule', group: parts[1] ?? '', name: parts[2] ?? '' }
    }
    if (!ref) {
      problems.push(
        `\`scheduled-tasks\`: ${quote(item)} is not false, auto, rule/<name> or schedule/<group>/<name> (e.g. schedule/default/nightly-report).`
      )
      continue
    }
    const id = refId(ref)
    if (!seen.has(id)) refs.push(ref)
    seen.add(id)
  }
  if (refs.length === 0) return undefined
  return { mode: 'list', refs }
}
