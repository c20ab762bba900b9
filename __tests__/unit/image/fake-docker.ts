import { chmod, mkdtemp, readFile, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

/**
 * A stand-in `docker` executable for argv tests: a small node script that
 * appends what it received (argv, DOCKER_CONFIG, stdin for login) to a JSON
 * lines file and answers like docker does for login, build, push and
 * `image inspect`. Behaviour knobs come from FAKE_DOCKER_* variables.
 */
const SCRIPT = `#!/usr/bin/env node
const fs = require('fs')
const path = require('path')
const args = process.argv.slice(2)
const env = process.env
const record = { args, dockerConfig: env.DOCKER_CONFIG }
// Names only: which inputs, runtime tokens and AWS credentials reached docker.
record.sensitiveEnv = Object.keys(env).filter((k) => /^(INPUT_|ACTIONS_)/i.test(k) || /^AWS_(ACCESS_KEY_ID|SECRET_ACCESS_KEY|SESSION_TOKEN)$/.test(k))
if (args[0] === 'login') record.stdin = fs.readFileSync(0, 'utf8')
fs.appendFileSync(env.FAKE_DOCKER_LOG, JSON.stringify(record) + '\\n')
const failOn = (env.FAKE_DOCKER_FAIL || '').split(',')
if (failOn.includes(args[0])) {
  process.stdout.write('some progress\\n')
  process.stderr.write('first error line\\n' + (env.FAKE_DOCKER_ERROR || 'ERROR: it failed') + '\\n')
  process.exit(1)
}
const digest = env.FAKE_DOCKER_DIGEST || 'sha256:' + 'c'.repeat(64)
switch (args[0]) {
  case 'login': {
    if (!record.stdin) {
      process.stderr.write('Error: Cannot perform an interactive login from a non TTY device\\n')
      process.exit(1)
    }
    const host = args[args.length - 1]
    const file = path.join(env.DOCKER_CONFIG, 'config.json')
    let config = {}
    try { config = JSON.parse(fs.readFileSync(file, 'utf8')) } catch {}
    config.auths = config.auths || {}
    const user = args[args.indexOf('--username') + 1]
    config.auths[host] = { auth: Buffer.from(user + ':' + record.stdin).toString('base64') }
    fs.writeFileSync(file, JSON.stringify(config))
    process.stdout.write('Login Succeeded\\n')
    break
  }
  case 'build':
    process.stdout.write('Step 1/2 : FROM scratch\\nSuccessfully built 0123456789ab\\n')
    break
  case 'push': {
    const ref = args[1]
    const tag = ref.slice(ref.lastIndexOf(':') + 1)
    process.stdout.write('The push refers to repository [' + ref.slice(0, ref.lastIndexOf(':')) + ']\\n')
    process.stdout.write('5f70bf18a086: Pushed\\n')
    if (!env.FAKE_DOCKER_NO_DIGEST) process.stdout.write(tag + ': digest: ' + digest + ' size: 528\\n')
    break
  }
  case 'image': {
    const ref = args[args.length - 1]
    process.stdout.write(JSON.stringify([ref.slice(0, ref.lastIndexOf(':')) + '@' + digest]) + '\\n')
    break
  }
  case 'buildx': {
    // buildx build … --metadata-file <file>: writes the digest the way buildx does.
    const at = args.indexOf('--metadata-file')
    if (args[1] === 'build' && at > 0) {
      process.stdout.write('#1 pushing layers done\\n')
      fs.writeFileSync(args[at + 1], JSON.stringify({ 'containerimage.digest': digest }))
      break
    }
    process.stderr.write('fake docker: unsupported buildx command\\n')
    process.exit(1)
  }
  default:
    process.stderr.write('fake docker: unknown command ' + args[0] + '\\n')
    process.exit(1)
}
`

export interface FakeDockerCall {
  args: string[]
  dockerConfig?: string
  /** Names of INPUT_*, ACTIONS_* and AWS credential variables docker received. */
  sensitiveEnv?: string[]
  stdin?: string
}

export interface FakeDocker {
  /** Directory holding the `docker` script (put it on PATH). */
  dir: string
  /** Absolute path of the script. */
  command: string
  /** Everything the script was called with, in order. */
  calls(): Promise<FakeDockerCall[]>
}

export async function createFakeDocker(): Promise<FakeDocker> {
  const dir = await mkdtemp(join(tmpdir(), 'fake-docker-'))
  const command = join(dir, 'docker')
  const logFile = join(dir, 'calls.jsonl')
  await writeFile(command, SCRIPT)
  await chmod(command, 0o755)
  await writeFile(logFile, '')
  process.env['FAKE_DOCKER_LOG'] = logFile
  return {
    dir,
    command,
    async calls() {
      const text = await readFile(logFile, 'utf8')
      return text
        .split('\n')
        .filter((line) => line !== '')
        .map((line) => JSON.parse(line) as FakeDockerCall)
    }
  }
}
