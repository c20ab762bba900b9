/**
 * One home for every validation rule: each rule is imported from the module
 * that owns it and checked at its boundaries; the input parser gives the same
 * verdict (it calls the rule); and no other module in src/ defines the rule
 * again (its constant, its function or its pattern text).
 */
import { readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from '@jest/globals'
import {
  clusterName,
  familyOf,
  hasRevision,
  isEcsName,
  isFamilyReference,
  isRegion,
  isRevisionNumber,
  MAX_ECS_NAME_LENGTH,
  parseClusterArn,
  parseServiceArn,
  parseTaskDefinitionArn,
  roleArnPartition,
  taskDefinitionRevision
} from '../../src/aws/arn.js'
import {
  ecrRegistryOf,
  imageReferenceProblem,
  MAX_TAG_LENGTH,
  parseImageReference,
  repositoryNameProblem,
  splitImageReference,
  tagProblem
} from '../../src/image/reference.js'
import {
  hostProblem,
  hostTemplateProblem,
  MAX_HOST_LENGTH,
  MAX_PREVIEW_ID_LENGTH,
  previewIdProblem,
  previewNameOf
} from '../../src/preview/names.js'
import { variableNameProblem } from '../../src/inputs/render-inputs.js'
import { parseInputs } from '../../src/inputs/parse.js'
import { taskSizeUnits } from '../../src/taskdef/size.js'

const ACCOUNT = '123456789012'

describe('ECR repository name (image/reference.ts): CreateRepository pattern, 2-256', () => {
  it.each([
    ['ab', true],
    ['a', false],
    ['a'.repeat(256), true],
    ['a'.repeat(257), false],
    ['a_b', true],
    ['a.b-c', true],
    ['team/web', true],
    ['a__b', false],
    ['a--b', false],
    ['a_', false],
    ['_a', false],
    ['team//web', false],
    ['Web', false]
  ])('%j valid: %s', (name, valid) => {
    expect(repositoryNameProblem(name) === undefined).toBe(valid)
  })
})

describe('image tag (image/reference.ts): docker rule, at most 128', () => {
  it.each([
    ['v1.2.3', true],
    ['_x', true],
    ['a'.repeat(MAX_TAG_LENGTH), true],
    ['a'.repeat(MAX_TAG_LENGTH + 1), false],
    ['.x', false],
    ['-x', false],
    ['a:b', false],
    ['feature/x', false],
    ['', false]
  ])('%j valid: %s', (tag, valid) => {
    expect(tagProblem(tag) === undefined).toBe(valid)
  })
})

describe('image reference (image/reference.ts)', () => {
  it('parses registry, path, tag and digest, and splits leniently', () => {
    const digest = `sha256:${'a'.repeat(64)}`
    expect(parseImageReference(`${ACCOUNT}.dkr.ecr.eu-west-1.amazonaws.com/team/web:v1`)).toEqual({
      host: `${ACCOUNT}.dkr.ecr.eu-west-1.amazonaws.com`,
      path: 'team/web',
      tag: 'v1'
    })
    expect(parseImageReference(`localhost:5055/app@${digest}`)).toEqual({
      host: 'localhost:5055',
      path: 'app',
      digest
    })
    expect(splitImageReference('host:5000/app:v1@sha256:x')).toEqual({
      name: 'host:5000/app',
      tag: 'v1',
      digest: 'sha256:x'
    })
    expect(splitImageReference('host:5000/app')).toEqual({ name: 'host:5000/app' })
  })

  it.each([
    ['nginx:1', undefined],
    ['https://ecr/app:1', 'is a URL'],
    ['nginx latest', 'contains whitespace'],
    ['app@sha256:abc', 'has a malformed digest'],
    ['app:-1', 'has a tag that'],
    ['Nginx', 'invalid repository part'],
    [`${'a'.repeat(250)}/${'b'.repeat(10)}`, 'longer than 255']
  ])('%j: %s', (reference, problem) => {
    const found = imageReferenceProblem(reference)
    if (problem === undefined) expect(found).toBeUndefined()
    else expect(found).toContain(problem)
  })

  it('reads ECR registry hosts, FIPS and dual-stack included', () => {
    expect(ecrRegistryOf(`${ACCOUNT}.dkr.ecr.us-east-1.amazonaws.com`)).toEqual({
      accountId: ACCOUNT,
      region: 'us-east-1'
    })
    expect(ecrRegistryOf(`${ACCOUNT}.dkr.ecr-fips.us-east-1.amazonaws.com`)?.region).toBe(
      'us-east-1'
    )
    expect(ecrRegistryOf('ghcr.io')).toBeUndefined()
  })
})

describe('preview id (preview/names.ts): lowercase, inner hyphens, 1-20', () => {
  it.each([
    ['1', true],
    ['a'.repeat(MAX_PREVIEW_ID_LENGTH), true],
    ['a'.repeat(MAX_PREVIEW_ID_LENGTH + 1), false],
    ['feat-x', true],
    ['-x', false],
    ['x-', false],
    ['A1', false],
    ['a_b', false],
    ['', false]
  ])('%j valid: %s', (id, valid) => {
    expect(previewIdProblem(id) === undefined).toBe(valid)
  })

  it('a preview name is an ECS name: at most 255 characters', () => {
    expect(previewNameOf('s'.repeat(MAX_ECS_NAME_LENGTH - 4 - 1), '1')).toHaveLength(255)
    expect(previewNameOf('s'.repeat(MAX_ECS_NAME_LENGTH - 4), '1')).toBeUndefined()
  })
})

describe('preview host (preview/names.ts): ELB host rule, at most 128; labels at most 63', () => {
  const label63 = 'a'.repeat(63)
  it.each([
    ['pr-1.preview.example.com', undefined],
    [`${label63}.example.com`, undefined],
    [`${'a'.repeat(64)}.example.com`, 'invalid part'],
    [`${label63}.${label63}.com`.slice(0, MAX_HOST_LENGTH - 4) + '.com', undefined],
    [`${label63}.${label63}.io`, 'at most 128'],
    ['pr-1', 'needs a domain'],
    ['pr-1.example.123', 'letters only'],
    ['pr-1..example.com', 'invalid part ""'],
    ['-pr.example.com', 'invalid part "-pr"']
  ])('%j: %s', (host, problem) => {
    expect(host.length <= MAX_HOST_LENGTH || problem !== undefined).toBe(true)
    const found = hostProblem(host)
    if (problem === undefined) expect(found).toBeUndefined()
    else expect(found).toContain(problem)
  })

  it('templates need {id}, no scheme or path, and a valid host once filled', () => {
    expect(hostTemplateProblem('pr-{id}.Example.com', '12')).toBeUndefined()
    expect(hostTemplateProblem('preview.example.com', '12')).toContain('must contain {id}')
    expect(hostTemplateProblem('https://pr-{id}.example.com', '12')).toContain('bare host name')
    expect(hostTemplateProblem('pr_{id}.example.com', '12')).toContain('invalid part "pr_12"')
  })
})

describe('ECS names and ARNs (aws/arn.ts)', () => {
  it.each([
    ['web', true],
    ['a'.repeat(MAX_ECS_NAME_LENGTH), true],
    ['a'.repeat(MAX_ECS_NAME_LENGTH + 1), false],
    ['my_svc-2', true],
    ['my.svc', false],
    ['', false]
  ])('ECS name %j valid: %s', (name, valid) => {
    expect(isEcsName(name)).toBe(valid)
  })

  it('family references and task definition ARNs', () => {
    expect(isFamilyReference('web')).toBe(true)
    expect(isFamilyReference('web:3')).toBe(true)
    expect(isFamilyReference('web:0')).toBe(false)
    expect(isRevisionNumber('1')).toBe(true)
    expect(isRevisionNumber('0')).toBe(false)
    expect(isRevisionNumber('01')).toBe(false)
    const arn = `arn:aws:ecs:eu-west-1:${ACCOUNT}:task-definition/web:3`
    expect(parseTaskDefinitionArn(arn)).toEqual({ partition: 'aws', region: 'eu-west-1' })
    expect(parseTaskDefinitionArn(arn.replace(':3', ''))).toBeDefined()
    expect(
      parseTaskDefinitionArn(`arn:aws-cn:ecs:cn-north-1:${ACCOUNT}:task-definition/w:1`)
    ).toEqual({ partition: 'aws-cn', region: 'cn-north-1' })
    expect(parseTaskDefinitionArn(arn.replace(':3', ':0'))).toBeUndefined()
    expect(parseTaskDefinitionArn(arn.replace(ACCOUNT, '1234'))).toBeUndefined()
    expect(taskDefinitionRevision(arn)).toBe('web:3')
    expect(familyOf(arn)).toBe('web')
    expect(familyOf('web:3')).toBe('web')
    expect(familyOf('web')).toBe('web')
    expect(hasRevision(arn)).toBe(true)
    expect(hasRevision('web')).toBe(false)
  })

  it('cluster and service ARNs (old and new service ARN formats)', () => {
    const cluster = `arn:aws:ecs:us-east-1:${ACCOUNT}:cluster/prod`
    expect(parseClusterArn(cluster)?.region).toBe('us-east-1')
    expect(clusterName(cluster)).toBe('prod')
    expect(clusterName('prod')).toBe('prod')
    expect(parseServiceArn(`arn:aws:ecs:us-east-1:${ACCOUNT}:service/prod/web`)).toBeDefined()
    expect(parseServiceArn(`arn:aws:ecs:us-east-1:${ACCOUNT}:service/web`)).toBeDefined()
    expect(parseServiceArn(`arn:aws:ecs:us-east-1:${ACCOUNT}:service/a/b/c`)).toBeUndefined()
    expect(parseClusterArn(`arn:aws:ecs:us-east-1:${ACCOUNT}:service/web`)).toBeUndefined()
  })

  it('IAM role ARNs, with a path, in any partition', () => {
    expect(roleArnPartition(`arn:aws:iam::${ACCOUNT}:role/ecsTaskExecutionRole`)).toBe('aws')
    expect(roleArnPartition(`arn:aws-us-gov:iam::${ACCOUNT}:role/ci/deploy`)).toBe('aws-us-gov')
    expect(roleArnPartition(`arn:aws:iam::${ACCOUNT}:user/bob`)).toBeUndefined()
    expect(roleArnPartition(`arn:aws:iam::${ACCOUNT}:role/${'r'.repeat(513)}`)).toBeUndefined()
  })

  it.each([
    ['us-east-1', true],
    ['us-gov-west-1', true],
    ['eu-central-2', true],
    ['useast1', false],
    ['US-EAST-1', false]
  ])('region %j valid: %s', (region, valid) => {
    expect(isRegion(region)).toBe(valid)
  })
})

describe('other rules', () => {
  it('task sizes: units or the vCPU/GB form', () => {
    expect(taskSizeUnits('0.5 vCPU', 'cpu')).toBe(512)
    expect(taskSizeUnits('256', 'cpu')).toBe(256)
    expect(taskSizeUnits('2 GB', 'memory')).toBe(2048)
    expect(taskSizeUnits('2 GB', 'cpu')).toBeUndefined()
    expect(taskSizeUnits('1e3', 'memory')).toBeUndefined()
  })

  it('environment variable names', () => {
    expect(variableNameProblem('A_B.c-1')).toBeUndefined()
    expect(variableNameProblem('1A')).toContain('start with a letter')
    expect(variableNameProblem('export A')).toContain('remove the spaces')
  })
})

describe('the input parser calls the rule', () => {
  const env = { AWS_REGION: 'us-east-1', GITHUB_SHA: 'a'.repeat(40), GITHUB_REPOSITORY: 'o/r' }
  const problems = (inputs: Record<string, string>): string[] => {
    try {
      parseInputs((name) => inputs[name] ?? '', env)
      return []
    } catch (error) {
      return (error as Error).message.split('\n').slice(1)
    }
  }
  const build = { 'ecr-repository': 'shop', service: 'web' }

  it.each([
    [{ 'ecr-repository': 'a__b' }, '`ecr-repository`'],
    [{ 'ecr-repository': 'a'.repeat(257) }, '`ecr-repository`'],
    [{ tags: 'a'.repeat(129) }, '`tags`'],
    [{ preview: 'deploy', 'preview-id': 'a'.repeat(21) }, '`preview-id`'],
    [{ preview: 'deploy', 'preview-id': '-a' }, '`preview-id`'],
    [
      {
        preview: 'deploy',
        'preview-id': '1',
        'preview-host': `{id}.${'a'.repeat(63)}.${'b'.repeat(63)}`
      },
      '`preview-host`'
    ],
    [
      { preview: 'deploy', 'preview-id': '1', 'preview-host': 'pr-{id}.example.123' },
      '`preview-host`'
    ],
    [{ cluster: 'a'.repeat(256) }, '`cluster`'],
    [
      { 'task-definition-arn': `arn:aws:ecs:us-east-1:${ACCOUNT}:task-definition/web:0` },
      '`task-definition-arn`'
    ],
    [{ 'task-role-arn': `arn:aws:iam::${ACCOUNT}:user/bob` }, '`task-role-arn`'],
    [{ 'ecr-repository': '', image: 'Nginx:1' }, '`image`'],
    [{ cpu: '2 GB' }, '`cpu`']
  ])('refuses %j', (inputs, input) => {
    const found = problems({ ...build, ...inputs })
    expect(found).toHaveLength(1)
    expect(found[0]).toContain(input)
  })

  it.each([
    [{ 'ecr-repository': 'a_b/c.d' }],
    [{ tags: 'a'.repeat(128) }],
    [{ preview: 'deploy', 'preview-id': 'a'.repeat(20) }],
    [{ preview: 'deploy', 'preview-id': '1', 'preview-host': `{id}.${'a'.repeat(62)}.com` }],
    [{ cluster: 'a'.repeat(255) }],
    [{ 'task-definition-arn': `arn:aws:ecs:us-east-1:${ACCOUNT}:task-definition/web:1` }],
    [{ 'task-role-arn': `arn:aws:iam::${ACCOUNT}:role/app/task` }],
    [{ 'ecr-repository': '', image: `${ACCOUNT}.dkr.ecr.us-east-1.amazonaws.com/web:v1` }],
    [{ cpu: '0.5 vCPU' }]
  ])('accepts %j', (inputs) => {
    expect(problems({ ...build, ...inputs })).toEqual([])
  })
})

/** Every .ts file under src/, as [path relative to src, text]. */
function sources(): Array<[string, string]> {
  const root = fileURLToPath(new URL('../../src', import.meta.url))
  const out: Array<[string, string]> = []
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name)
      if (entry.isDirectory()) walk(full)
      else if (entry.name.endsWith('.ts')) {
        out.push([path.relative(root, full), readFileSync(full, 'utf8')])
      }
    }
  }
  walk(root)
  return out
}

describe('no rule is written twice in src/', () => {
  const files = sources()
  const where = (pattern: RegExp): string[] =>
    files.filter(([, text]) => pattern.test(text)).map(([file]) => file)

  // Each rule's function, its constants and a fragment of its pattern, and the one module allowed to hold them.
  it.each([
    [
      /function (tagProblem|repositoryNameProblem|parseImageReference|splitImageReference|imageReferenceProblem)\b/,
      'image/reference.ts'
    ],
    [
      /const (TAG|REPOSITORY_NAME|REPOSITORY_COMPONENT|DOCKER_TAG|ECR_REPOSITORY|DIGEST|MAX_TAG|ECR_HOST|ECR_REPOSITORY_URI)\b/,
      'image/reference.ts'
    ],
    [/\{0,127\}/, 'image/reference.ts'],
    [/sha256:\[a-f0-9\]\{64\}\$\//, 'image/reference.ts'],
    [/dkr(\[\.-\]|\\\.)ecr/, 'image/reference.ts'],
    [
      /function (previewIdProblem|hostProblem|hostTemplateProblem|fillHostTemplate|validatePreviewId|previewNameOf)\b/,
      'preview/names.ts'
    ],
    [/const (PREVIEW_ID|DNS_LABEL|MAX_HOST_LENGTH|MAX_PREVIEW_ID_LENGTH)\b/, 'preview/names.ts'],
    [/\{0,61\}\[a-z0-9\]\)\?\$/, 'preview/names.ts'],
    [/-pr-\$\{id\}`/, 'preview/names.ts'],
    [
      /function (familyOf|hasRevision|taskDefinitionRevision|clusterName|isEcsName|isRegion|roleArnPartition|parseTaskDefinitionArn|parseClusterArn|parseServiceArn)\b/,
      'aws/arn.ts'
    ],
    [
      /const (ECS_NAME|FAMILY|FAMILY_REFERENCE|TASK_DEFINITION_ARN|CLUSTER_ARN|SERVICE_ARN|ROLE_ARN|REGION|REGION_CODE|ACCOUNT)\b/,
      'aws/arn.ts'
    ],
    [/\[A-Za-z0-9_-\]\{1,/, 'aws/arn.ts'],
    [/\+=,\.@/, 'aws/arn.ts'],
    [/\[a-z\]\{2\}/, 'aws/arn.ts'],
    [/vcpu\$\/i|gb\$\/i/, 'taskdef/size.ts'],
    [/\[A-Za-z_\]\[A-Za-z0-9_\.-\]\*\$/, 'inputs/render-inputs.ts']
  ])('%s only in %s', (pattern, ...homes) => {
    expect(where(pattern).sort()).toEqual([...homes].sort())
  })

  it('outputs are set through the Reporter: nothing calls the runner setOutput itself', () => {
    // main.ts hands `core.setOutput` to the Reporter; a call elsewhere bypasses report and summary.
    expect(
      where(/\bcore\.setOutput\(|\{[^}]*\bsetOutput\b[^}]*\} from '[./]*util\/runner/)
    ).toEqual([])
  })

  it('task definition ARNs are cut in aws/arn.ts only', () => {
    // The `:task-definition/` marker as a string: whoever holds it cuts ARNs by hand.
    expect(where(/['"`]:task-definition\/['"`]/)).toEqual(['aws/arn.ts'])
  })
})
