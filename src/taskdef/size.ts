/**
 * Task sizes as ECS reads them: CPU units or "N vCPU", memory in MiB or
 * "N GB" (N × 1024). The one reader for the `cpu`/`memory` inputs, the
 * Fargate size check and the diff's normalisation.
 */
const UNIT_FORM = {
  cpu: /^(\d+(?:\.\d+)?)\s*vcpu$/i,
  memory: /^(\d+(?:\.\d+)?)\s*gb$/i
} as const

/** CPU units or MiB, or undefined when `value` is neither a whole number nor the unit form. */
export function taskSizeUnits(value: string, kind: 'cpu' | 'memory'): number | undefined {
  const text = value.trim()
  const match = UNIT_FORM[kind].exec(text)
  if (match) return Number(match[1]) * 1024
  return /^\d+$/.test(text) ? Number(text) : undefined
}
