/**
 * The process runner every docker command goes through, with real processes
 * (`sh` and `sleep`): inactivity timeout, cancellation that stops the whole
 * process group, escalation to SIGKILL, line streaming and stdin.
 */
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals'
import { readFileSync } from 'node:fs'
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { DockerCli } from '../../../src/image/docker.js'
import { runCommand } from '../../../src/image/run-command.js'
import { ActionError } from '../../../src/util/errors.js'

const env = { PATH: process.env['PATH'] ?? '/usr/bin:/bin' }

/** True once `pid` no longer runs (gone, or a zombie waiting to be reaped). */
function dead(pid: number): boolean {
  try {
    process.kill(pid, 0)
  } catch {
    return true
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
    return /^\d+ \(.*\) Z/.test(stat)
  } catch {
    return true
  }
}

async function eventuallyDead(pid: number): Promise<boolean> {
  for (let i = 0; i < 100; i++) {
    if (dead(pid)) return true
    await new Promise((r) => setTimeout(r, 50))
  }
  return dead(pid)
}

const leftovers: number[] = []
afterEach(() => {
  for (const pid of leftovers.splice(0)) {
    try {
      process.kill(pid, 'SIGKILL')
    } catch {
      // gone
    }
  }
})

describe('runCommand', () => {
  it('streams stdout and stderr line by line and collects both', async () => {
    const lines: string[] = []
    const r = await runCommand('sh', ['-c', 'printf "a\\nb"; printf "e1\\n" >&2; cat'], {
      env,
      input: 'from stdin\n',
      onLine: (l) => lines.push(l)
    })
    expect(r.exitCode).toBe(0)
    expect(r.stdout).toBe('a\nbfrom stdin\n')
    expect(r.stderr).toBe('e1\n')
    expect(lines.sort()).toEqual(['a', 'bfrom stdin', 'e1'].sort())
  })

  it('passes arguments literally (no shell)', async () => {
    const r = await runCommand('printf', ['%s|', '$(echo no)', '; echo no', 'a b'], { env })
    expect(r.stdout).toBe('$(echo no)|; echo no|a b|')
  })

  it('stops a command that prints nothing for the inactivity timeout', async () => {
    const r = await runCommand('sh', ['-c', 'echo started; exec sleep 60'], {
      env,
      inactivityTimeoutMs: 400
    })
    expect(r.stopped).toBe('inactive')
    expect(r.exitCode).toBeNull()
    expect(r.exitSignal).toBe('SIGTERM')
    expect(r.stdout).toBe('started\n')
  })

  it('restarts the inactivity clock on every output: a chatty long command is not stopped', async () => {
    // 10 lines 0.4 s apart: 4 s in all, more than the timeout, never 3 s silent.
    const r = await runCommand(
      'sh',
      ['-c', 'for i in 1 2 3 4 5 6 7 8 9 10; do echo $i; sleep 0.4; done'],
      { env, inactivityTimeoutMs: 3_000 }
    )
    expect(r.stopped).toBeUndefined()
    expect(r.exitCode).toBe(0)
    expect(r.stdout.trim().split('\n')).toHaveLength(10)
  })

  it('on abort stops the whole process group, grandchildren included', async () => {
    const abort = new AbortController()
    let grandchild: number | undefined
    const running = runCommand('sh', ['-c', 'sleep 600 & echo $!; wait'], {
      env,
      signal: abort.signal,
      onLine: (l) => {
        grandchild = Number(l)
        leftovers.push(grandchild)
        abort.abort()
      }
    })
    const r = await running
    expect(r.stopped).toBe('aborted')
    expect(grandchild).toBeGreaterThan(0)
    expect(await eventuallyDead(grandchild!)).toBe(true)
  })

  it('escalates to SIGKILL when the group ignores SIGTERM', async () => {
    const abort = new AbortController()
    let grandchild: number | undefined
    const r = await runCommand('sh', ['-c', "trap '' TERM; sleep 600 & echo $!; wait"], {
      env,
      signal: abort.signal,
      killGraceMs: 300,
      onLine: (l) => {
        grandchild = Number(l)
        leftovers.push(grandchild)
        abort.abort()
      }
    })
    expect(r.stopped).toBe('aborted')
    expect(r.exitSignal).toBe('SIGKILL')
    expect(await eventuallyDead(grandchild!)).toBe(true)
  })

  it('an already aborted signal stops the command at once', async () => {
    const abort = new AbortController()
    abort.abort()
    const r = await runCommand('sleep', ['600'], { env, signal: abort.signal })
    expect(r.stopped).toBe('aborted')
  })

  it('rejects when the command cannot be started', async () => {
    await expect(runCommand('/no/such/binary', [], { env })).rejects.toThrow(/ENOENT/)
  })
})

describe('DockerCli through runCommand', () => {
  let dir: string
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'run-command-'))
  })
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true })
  })

  async function stuckDocker(): Promise<string> {
    const path = join(dir, 'docker')
    await writeFile(
      path,
      '#!/bin/sh\necho "The push refers to repository [r/app]"\nexec sleep 600\n'
    )
    await chmod(path, 0o755)
    return path
  }

  it('fails a silent docker push with an error naming the command and the timeout', async () => {
    const lines: string[] = []
    const docker = new DockerCli(dir, {
      command: await stuckDocker(),
      inactivityTimeoutMs: 500,
      output: (l) => lines.push(l)
    })
    const error = await docker.push('r/app:v1').catch((e: unknown) => e)
    expect(error).toBeInstanceOf(ActionError)
    expect((error as Error).message).toMatch(
      /^docker push printed nothing for 500ms and was stopped/
    )
    expect(lines).toEqual(['The push refers to repository [r/app]'])
  })

  it('a cancelled run stops docker and says so', async () => {
    const abort = new AbortController()
    const docker = new DockerCli(dir, {
      command: await stuckDocker(),
      signal: abort.signal,
      output: () => abort.abort()
    })
    const error = await docker.push('r/app:v1').catch((e: unknown) => e)
    expect(error).toBeInstanceOf(ActionError)
    expect((error as Error).message).toMatch(/^docker push was cancelled/)
  })
})
