import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals'
import { readEvent, readInputs, redactConfig } from '../../../src/inputs/read.js'

const dir = mkdtempSync(join(tmpdir(), 'read-inputs-'))

describe('readInputs (the runner contract: INPUT_<NAME> variables)', () => {
  const saved = { ...process.env }
  let stdout: string[]
  beforeEach(() => {
    stdout = []
    jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      stdout.push(String(chunk))
      return true
    })
  })
  afterEach(() => {
    process.env = { ...saved }
    jest.restoreAllMocks()
  })

  it('reads inputs, the event file, and logs the config without secrets', () => {
    const eventFile = join(dir, 'event.json')
    writeFileSync(eventFile, JSON.stringify({ number: 31, pull_request: { number: 31 } }))
    Object.assign(process.env, {
      'INPUT_AWS-REGION': 'eu-central-1',
      'INPUT_ECR-REPOSITORY': 'shop',
      INPUT_SERVICE: 'web',
      INPUT_PREVIEW: 'deploy',
      'INPUT_ENVIRONMENT-VARIABLES': 'DB_PASSWORD=hunter2\nMODE=preview',
      'INPUT_GITHUB-TOKEN': 'ghs_supersecret',
      GITHUB_SHA: 'abc123',
      GITHUB_EVENT_PATH: eventFile,
      RUNNER_TEMP: dir,
      RUNNER_DEBUG: '1'
    })
    const config = readInputs()
    expect(config.region).toBe('eu-central-1')
    expect(config.preview).toEqual({ mode: 'deploy', id: '31', pullRequest: 31 })
    expect(config.environmentVariables).toEqual([
      { name: 'DB_PASSWORD', value: 'hunter2' },
      { name: 'MODE', value: 'preview' }
    ])
    expect(config.github.token).toBe('ghs_supersecret')
    expect(config.tempDir).toBe(dir)
    const printed = stdout.join('')
    expect(printed).toContain('::add-mask::ghs_supersecret')
    const debug = printed.split('\n').filter((l) => l.startsWith('::debug::'))
    expect(debug.join('\n')).toContain('"region":"eu-central-1"')
    expect(debug.join('\n')).not.toContain('ghs_supersecret')
    expect(debug.join('\n')).not.toContain('hunter2')
  })

  it('prints input warnings as workflow warnings, and fails on an undeclared INPUT_ variable', () => {
    Object.assign(process.env, {
      AWS_REGION: 'us-east-1',
      INPUT_IMAGE: 'nginx:1',
      'INPUT_TASK-DEFINITION-FAMILY': 'web',
      'INPUT_DOCKER-LABELS': 'team=a\nteam=b'
    })
    const config = readInputs()
    expect(config.render.dockerLabels).toEqual([{ name: 'team', value: 'b' }])
    expect(stdout.join('')).toContain(
      '::warning::`docker-labels` line 2: team was already given on line 1; the value on line 2 is used.'
    )
    process.env['INPUT_PLATFORMS'] = 'linux/arm64'
    expect(() => readInputs()).toThrow('`platforms` is not an input of this action; use `platform`')
  })

  it('falls back to the OS temp directory without RUNNER_TEMP', () => {
    delete process.env['RUNNER_TEMP']
    Object.assign(process.env, {
      AWS_REGION: 'us-east-1',
      INPUT_IMAGE: 'nginx:1',
      INPUT_SERVICE: 'web',
      GITHUB_EVENT_PATH: ''
    })
    expect(readInputs().tempDir).toBe(tmpdir())
  })
})

describe('readEvent', () => {
  it.each<[string, string | undefined, unknown]>([
    ['a JSON object', '{"number": 4}', { number: 4 }],
    ['not JSON', '{nope', undefined],
    ['a JSON array', '[1]', undefined]
  ])('%s', (_name, content, expected) => {
    const file = join(dir, `event-${Math.random()}.json`)
    if (content !== undefined) writeFileSync(file, content)
    jest.spyOn(process.stdout, 'write').mockImplementation(() => true)
    expect(readEvent(file)).toEqual(expected)
    jest.restoreAllMocks()
  })

  it('is undefined without a path or with a missing file', () => {
    jest.spyOn(process.stdout, 'write').mockImplementation(() => true)
    expect(readEvent(undefined)).toBeUndefined()
    expect(readEvent(join(dir, 'missing.json'))).toBeUndefined()
    jest.restoreAllMocks()
  })
})

describe('redactConfig', () => {
  it('hides the token, build-arg and environment values, and the event', () => {
    const redacted = JSON.stringify(
      redactConfig({
        region: 'us-east-1',
        image: {
          kind: 'build',
          repository: 'shop',
          createRepository: false,
          tags: ['v1'],
          context: '.',
          dockerfile: 'Dockerfile',
          buildArgs: [{ name: 'NPM_TOKEN', value: 'npm_secret' }],
          skipIfExists: true
        },
        images: [
          {
            containers: ['web'],
            source: {
              kind: 'build',
              repository: 'shop',
              createRepository: false,
              tags: ['v1-web'],
              context: '.',
              dockerfile: 'Dockerfile',
              buildArgs: [{ name: 'NPM_TOKEN', value: 'npm_secret' }],
              skipIfExists: true
            }
          }
        ],
        taskDefinition: { kind: 'service' },
        containerNames: ['web'],
        environmentVariables: [{ name: 'API_KEY', value: 'k3y' }],
        render: { secrets: [], logOptions: [], dockerLabels: [] },
        deploy: { service: {}, keepNullValueKeys: [] },
        warnings: [],
        cluster: 'default',
        forceNewDeployment: false,
        waitForServiceStability: true,
        waitTimeoutMs: 1,
        rollbackOnFailure: true,
        waitForRollback: false,
        dryRun: false,
        showValuesInDiff: false,
        github: {
          token: 'ghs_x',
          apiUrl: 'a',
          serverUrl: 's',
          event: { pull_request: { body: 'private' } }
        },
        tempDir: '/tmp'
      })
    )
    for (const secret of ['npm_secret', 'k3y', 'ghs_x', 'private']) {
      expect(redacted).not.toContain(secret)
    }
    expect(redacted).toContain('NPM_TOKEN=***')
    expect(redacted).toContain('API_KEY=***')
  })

  it('hides the environment values of run-task container overrides', () => {
    const redacted = JSON.stringify(
      redactConfig({
        region: 'us-east-1',
        image: { kind: 'existing', reference: 'nginx:1' },
        images: [{ containers: [], source: { kind: 'existing', reference: 'nginx:1' } }],
        taskDefinition: { kind: 'service' },
        containerNames: [],
        environmentVariables: [],
        render: { secrets: [], logOptions: [], dockerLabels: [] },
        deploy: { service: {}, keepNullValueKeys: [] },
        warnings: [],
        cluster: 'default',
        forceNewDeployment: false,
        waitForServiceStability: true,
        waitTimeoutMs: 1,
        rollbackOnFailure: true,
        waitForRollback: false,
        dryRun: false,
        github: { apiUrl: 'a', serverUrl: 's' },
        tempDir: '/tmp',
        runTask: {
          containerOverrides: [
            { name: 'web', environment: [{ name: 'DB_PASSWORD', value: 'hunter2' }] }
          ],
          startedBy: 'GitHub-Actions',
          tags: [],
          wait: true
        }
      })
    )
    expect(redacted).not.toContain('hunter2')
    expect(redacted).toContain('DB_PASSWORD=***')
  })
})
