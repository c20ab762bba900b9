import { realpathSync } from 'node:fs'
import * as path from 'node:path'
import { ActionError, quote } from '../util/errors.js'
import type { Config } from './config.js'

/**
 * The paths the action reads (`context`, `dockerfile`, `task-definition`)
 * must stay inside GITHUB_WORKSPACE: a workflow that passes a pull request's
 * text into one of them must not be able to build from, or read a task
 * definition out of, the runner's home, another checkout or /etc. Checked
 * right after the inputs are parsed, before anything else happens.
 *
 * Relative paths are resolved as they are used: against the working
 * directory (the runner starts the step in GITHUB_WORKSPACE). Symbolic links
 * are followed for paths that exist, so a link inside the workspace that
 * points out of it is refused too.
 */

export interface WorkspacePath {
  /** The input it came from. */
  input: string
  value: string
}

/** The paths of `config` that are read from disk. */
export function pathsToCheck(config: Config): WorkspacePath[] {
  const out: WorkspacePath[] = []
  if (config.image.kind === 'build') {
    out.push({ input: 'context', value: config.image.context })
    out.push({ input: 'dockerfile', value: config.image.dockerfile })
  }
  if (config.taskDefinition.kind === 'file') {
    out.push({ input: 'task-definition', value: config.taskDefinition.path })
  }
  return out
}

/** Whether `target` is `root` or below it (both absolute and normalized). */
export function isInside(root: string, target: string): boolean {
  const rel = path.relative(root, target)
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel))
}

/**
 * One problem line per path outside the workspace. `realpath` resolves
 * symbolic links of existing paths (returns undefined when it does not exist).
 */
export function workspaceProblems(
  paths: readonly WorkspacePath[],
  workspace: string,
  cwd: string,
  realpath: (p: string) => string | undefined = realpathOrUndefined
): string[] {
  const root = path.resolve(cwd, workspace)
  const realRoot = realpath(root) ?? root
  const problems: string[] = []
  for (const { input, value } of paths) {
    const resolved = path.resolve(cwd, value)
    const real = realpath(resolved)
    const outside = !isInside(root, resolved) || (real !== undefined && !isInside(realRoot, real))
    if (outside) {
      const where = isInside(root, resolved) ? ` (a symbolic link to ${real ?? ''})` : ''
      problems.push(
        `\`${input}\`: ${quote(value)} is outside the workspace ${root}${where}; use a path inside the repository checkout.`
      )
    }
  }
  return problems
}

function realpathOrUndefined(p: string): string | undefined {
  try {
    return realpathSync(p)
  } catch {
    return undefined
  }
}

/** Throws one ActionError naming every input whose path leaves the workspace. */
export function checkWorkspacePaths(config: Config, workspace: string, cwd: string): void {
  const problems = workspaceProblems(pathsToCheck(config), workspace, cwd)
  if (problems.length === 0) return
  const count = problems.length === 1 ? 'a problem' : `${problems.length} problems`
  throw new ActionError(
    `The action's inputs have ${count}; nothing was changed:\n${problems.map((p) => `- ${p}`).join('\n')}`
  )
}
