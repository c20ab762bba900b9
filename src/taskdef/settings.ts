import type { ContainerDefinition } from '@aws-sdk/client-ecs'
import type { RenderSettings } from '../inputs/render-inputs.js'
import type { TaskDef } from './clean.js'

/**
 * The official render action's settings applied to a task definition, pure
 * (`td` is changed in place by the caller's clone): task-level roles and
 * sizes, and per container secrets, environment files, command, entry point,
 * log configuration and docker labels. Maps and lists merge like the
 * environment: a name already present keeps its place and takes the new
 * value, new names are appended; `environmentFiles`, `command` and
 * `entryPoint` are replaced.
 */
export function applyRenderSettings(
  td: TaskDef,
  containers: readonly ContainerDefinition[],
  s: RenderSettings
): void {
  if (s.taskRoleArn !== undefined) td.taskRoleArn = s.taskRoleArn
  if (s.executionRoleArn !== undefined) td.executionRoleArn = s.executionRoleArn
  if (s.cpu !== undefined) td.cpu = s.cpu
  if (s.memory !== undefined) td.memory = s.memory
  for (const c of containers) {
    if (s.secrets.length > 0) {
      const secrets = (c.secrets ?? []).map((x) => ({ ...x }))
      for (const { name, valueFrom } of s.secrets) {
        const existing = secrets.filter((x) => x.name === name)
        if (existing.length > 0) for (const x of existing) x.valueFrom = valueFrom
        else secrets.push({ name, valueFrom })
      }
      c.secrets = secrets
    }
    if (s.environmentFiles !== undefined) {
      c.environmentFiles = s.environmentFiles.map((value) => ({ value, type: 's3' }))
    }
    if (s.command !== undefined) c.command = [...s.command]
    if (s.entryPoint !== undefined) c.entryPoint = [...s.entryPoint]
    if (s.logDriver !== undefined || s.logOptions.length > 0) {
      const log = { ...(c.logConfiguration ?? {}) }
      if (s.logDriver !== undefined) log.logDriver = s.logDriver as typeof log.logDriver
      if (s.logOptions.length > 0) {
        log.options = { ...(log.options ?? {}) }
        for (const { name, value } of s.logOptions) log.options[name] = value
      }
      c.logConfiguration = log as NonNullable<ContainerDefinition['logConfiguration']>
    }
    if (s.dockerLabels.length > 0) {
      const labels = { ...(c.dockerLabels ?? {}) }
      for (const { name, value } of s.dockerLabels) labels[name] = value
      c.dockerLabels = labels
    }
  }
}
