import { describe, expect, it } from '@jest/globals'
import {
  parseArgv,
  parseCpu,
  parseEnvFiles,
  parseLogDriver,
  parseMemory,
  parsePairs,
  parseRenderSettings,
  parseRoleArn,
  parseSecrets,
  partitionOf,
  splitShellWords,
  type ParseContext
} from '../../../src/inputs/render-inputs.js'

function ctx(region = 'us-east-1'): ParseContext {
  return { region, problems: [], warnings: [] }
}

describe('splitShellWords: like a POSIX shell, without expansions', () => {
  it.each<[string, string[]]>([
    ['npm run "start server"', ['npm', 'run', 'start server']],
    ["sh -c 'echo $X && exit 1'", ['sh', '-c', 'echo $X && exit 1']],
    ['  a   b\tc\n d ', ['a', 'b', 'c', 'd']],
    ['a"b c"d', ['ab cd']],
    ['say "a \\"quoted\\" word"', ['say', 'a "quoted" word']],
    ['"" x', ['', 'x']],
    ["it\\'s", ["it's"]],
    ['echo a\\ b', ['echo', 'a b']],
    ['"keep \\n as is"', ['keep \\n as is']],
    ['--flag=a=b', ['--flag=a=b']],
    ['', []]
  ])('%j', (line, words) => {
    expect(splitShellWords(line)).toEqual(words)
  })

  it.each([
    ['npm run "start', 'the double quote at character 9 is never closed'],
    ["echo 'x", 'the single quote at character 6 is never closed'],
    ['echo \\', 'it ends with a lone backslash']
  ])('%j fails: %s', (line, why) => {
    expect(splitShellWords(line)).toBe(why)
  })
})

describe('parseArgv (command, entry-point)', () => {
  it('takes a JSON array as is', () => {
    const problems: string[] = []
    expect(parseArgv('command', '["sh","-c","echo $X"]', problems)).toEqual(['sh', '-c', 'echo $X'])
    expect(parseArgv('command', 'npm run "start server"', problems)).toEqual([
      'npm',
      'run',
      'start server'
    ])
    expect(parseArgv('command', '   ', problems)).toBeUndefined()
    expect(problems).toEqual([])
  })

  it('gives the line and column of a JSON error', () => {
    const problems: string[] = []
    expect(parseArgv('command', '["sh",\n "-c" "x"]', problems)).toBeUndefined()
    expect(problems).toHaveLength(1)
    expect(problems[0]).toMatch(/^`command`: not valid JSON at line 2, column 7: /)
  })

  it('wants a non-empty array of strings', () => {
    const problems: string[] = []
    parseArgv('entry-point', '[1, 2]', problems)
    parseArgv('entry-point', '[]', problems)
    parseArgv('entry-point', 'x "y', problems)
    expect(problems).toEqual([
      '`entry-point`: a JSON value must be a non-empty array of strings, e.g. ["sh","-c","echo hi"].',
      '`entry-point`: a JSON value must be a non-empty array of strings, e.g. ["sh","-c","echo hi"].',
      '`entry-point`: the double quote at character 3 is never closed.'
    ])
  })
})

describe('parsePairs: KEY=VALUE lines', () => {
  it('keeps every "=" of the value and empty values', () => {
    const c = ctx()
    expect(parsePairs('A=b=c==\nEMPTY=\n# note\n\n  C = d', 'x', c, () => undefined)).toEqual([
      { name: 'A', value: 'b=c==' },
      { name: 'EMPTY', value: '' },
      { name: 'C', value: ' d' }
    ])
    expect(c.problems).toEqual([])
  })

  it('a name given twice: the last value wins, in the first place, with a warning naming the lines', () => {
    const c = ctx()
    expect(parsePairs('A=1\nB=2\nA=3', 'docker-labels', c, () => undefined)).toEqual([
      { name: 'A', value: '3' },
      { name: 'B', value: '2' }
    ])
    expect(c.warnings).toEqual([
      '`docker-labels` line 3: A was already given on line 1; the value on line 3 is used.'
    ])
  })

  it('a line without "=" is a problem naming the line', () => {
    const c = ctx()
    parsePairs('A=1\nnope', 'log-configuration-options', c, () => undefined, 'key=value')
    expect(c.problems).toEqual([
      '`log-configuration-options` line 2: "nope" has no "="; write key=value.'
    ])
  })
})

describe('parseSecrets', () => {
  it('accepts Secrets Manager and SSM ARNs and parameter names', () => {
    const c = ctx()
    const raw = [
      'DB_PASSWORD=arn:aws:secretsmanager:us-east-1:123456789012:secret:prod/db-AbCdEf',
      'DB_USER=arn:aws:secretsmanager:us-east-1:123456789012:secret:prod/db-AbCdEf:username::',
      'API_KEY=arn:aws:ssm:eu-west-1:123456789012:parameter/prod/api-key',
      'TOKEN=/prod/token',
      'PLAIN=token'
    ].join('\n')
    expect(parseSecrets(raw, c).map((s) => s.name)).toEqual([
      'DB_PASSWORD',
      'DB_USER',
      'API_KEY',
      'TOKEN',
      'PLAIN'
    ])
    expect(c.problems).toEqual([])
  })

  it('rejects other ARNs, other partitions and empty values', () => {
    const c = ctx('cn-north-1')
    parseSecrets(
      [
        'A=arn:aws-cn:s3:::bucket/key',
        'B=arn:aws:ssm:cn-north-1:123456789012:parameter/x',
        'C=',
        'D=has space'
      ].join('\n'),
      c
    )
    expect(c.problems).toEqual([
      expect.stringMatching(
        /^`secrets`: A: "arn:aws-cn:s3:::bucket\/key" is not the ARN of a Secrets Manager secret/
      ),
      '`secrets`: B: "arn:aws:ssm:cn-north-1:123456789012:parameter/x" is in partition aws, but region cn-north-1 is in aws-cn; use an ARN starting arn:aws-cn:.',
      expect.stringMatching(/^`secrets`: C: "" is empty/),
      expect.stringMatching(
        /^`secrets`: D: "has space" is neither an ARN nor an SSM parameter name/
      )
    ])
  })
})

describe('roles, env files, log driver, sizes', () => {
  it('role ARNs: shape and partition', () => {
    const c = ctx('us-gov-west-1')
    expect(parseRoleArn('task-role-arn', 'arn:aws-us-gov:iam::123456789012:role/app/web', c)).toBe(
      'arn:aws-us-gov:iam::123456789012:role/app/web'
    )
    parseRoleArn('task-role-arn', 'arn:aws-us-gov:iam::123456789012:user/bob', c)
    parseRoleArn('execution-role-arn', 'arn:aws:iam::123456789012:role/exec', c)
    expect(c.problems).toEqual([
      '`task-role-arn`: "arn:aws-us-gov:iam::123456789012:user/bob" is not an IAM role ARN; use arn:aws-us-gov:iam::<account>:role/<name>.',
      '`execution-role-arn`: "arn:aws:iam::123456789012:role/exec" is in partition aws, but region us-gov-west-1 is in aws-us-gov; use an ARN starting arn:aws-us-gov:.'
    ])
  })

  it('partitions', () => {
    expect(
      ['us-east-1', 'cn-northwest-1', 'us-gov-east-1', 'us-iso-east-1', 'us-isob-east-1'].map(
        partitionOf
      )
    ).toEqual(['aws', 'aws-cn', 'aws-us-gov', 'aws-iso', 'aws-iso-b'])
  })

  it('env-files: S3 object ARNs, one per line', () => {
    const c = ctx()
    expect(
      parseEnvFiles('arn:aws:s3:::my-bucket/app/prod.env\n\narn:aws:s3:::my-bucket/shared.env', c)
    ).toEqual(['arn:aws:s3:::my-bucket/app/prod.env', 'arn:aws:s3:::my-bucket/shared.env'])
    parseEnvFiles('s3://my-bucket/prod.env', c)
    expect(c.problems).toEqual([
      '`env-files` line 1: "s3://my-bucket/prod.env" is not an S3 object ARN; use arn:aws:s3:::<bucket>/<key>.env.'
    ])
  })

  it('log drivers ECS knows; a capitalised one gets a hint', () => {
    const problems: string[] = []
    expect(parseLogDriver('awsfirelens', problems)).toBe('awsfirelens')
    parseLogDriver('AWSLogs', problems)
    parseLogDriver('logentries', problems)
    expect(problems[0]).toMatch(
      /"AWSLogs" is not a log driver ECS supports .*; log drivers are lower case: awslogs\.$/
    )
    expect(problems[1]).toMatch(/"logentries" is not a log driver ECS supports/)
  })

  it.each<[string, string | undefined]>([
    ['256', '256'],
    ['1 vCPU', '1024'],
    ['0.25 vcpu', '256'],
    ['1.1 vCPU', undefined],
    ['64', undefined],
    ['big', undefined]
  ])('cpu %j → %j', (raw, units) => {
    const problems: string[] = []
    expect(parseCpu(raw, problems)).toBe(units)
    expect(problems).toHaveLength(units === undefined ? 1 : 0)
  })

  it.each<[string, string | undefined]>([
    ['512', '512'],
    ['2 GB', '2048'],
    ['0.5GB', '512'],
    ['2 TB', undefined]
  ])('memory %j → %j', (raw, mib) => {
    const problems: string[] = []
    expect(parseMemory(raw, problems)).toBe(mib)
    expect(problems).toHaveLength(mib === undefined ? 1 : 0)
  })
})

describe('parseRenderSettings: every render input at once', () => {
  it('reads the official names', () => {
    const inputs: Record<string, string> = {
      secrets: 'A=/p/a',
      'env-files': 'arn:aws:s3:::env-bucket/k.env',
      command: 'npm start',
      'entry-point': '["/bin/sh","-c"]',
      'log-configuration-log-driver': 'awslogs',
      'log-configuration-options': 'awslogs-group=/ecs/web\nawslogs-stream-prefix=web',
      'docker-labels': 'team=shop\nempty=',
      'task-role-arn': 'arn:aws:iam::123456789012:role/task',
      'execution-role-arn': 'arn:aws:iam::123456789012:role/exec',
      cpu: '512',
      memory: '1 GB'
    }
    const c = ctx()
    expect(parseRenderSettings((n) => inputs[n] ?? '', c)).toEqual({
      secrets: [{ name: 'A', valueFrom: '/p/a' }],
      environmentFiles: ['arn:aws:s3:::env-bucket/k.env'],
      command: ['npm', 'start'],
      entryPoint: ['/bin/sh', '-c'],
      logDriver: 'awslogs',
      logOptions: [
        { name: 'awslogs-group', value: '/ecs/web' },
        { name: 'awslogs-stream-prefix', value: 'web' }
      ],
      dockerLabels: [
        { name: 'team', value: 'shop' },
        { name: 'empty', value: '' }
      ],
      taskRoleArn: 'arn:aws:iam::123456789012:role/task',
      executionRoleArn: 'arn:aws:iam::123456789012:role/exec',
      cpu: '512',
      memory: '1024'
    })
    expect(c.problems).toEqual([])
  })
})
