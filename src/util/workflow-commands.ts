/**
 * The runner's protocol, the little of it the `post:` step needs, without
 * @actions/core: that package loads its HTTP client (undici, ~1 MB) on import,
 * which alone takes longer than the whole post step should. Same encoding as
 * @actions/core's `issueCommand`, so the runner reads the lines the same way.
 */

/** What the main step saved with `core.saveState(name, …)`; the runner passes it as STATE_<name>. */
export function savedState(name: string, env: NodeJS.ProcessEnv = process.env): string {
  return env[`STATE_${name}`] ?? ''
}

/** `::command::message` with the message escaped, so it cannot end the line or start another command. */
export function workflowCommand(command: 'debug' | 'warning', message: string): string {
  return `::${command}::${escapeData(message)}\n`
}

function escapeData(value: string): string {
  return value.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A')
}
