import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import {
  AccessDeniedException,
  ClientException,
  ClusterNotFoundException,
  DescribeServicesCommand,
  ECSClient,
  InvalidParameterException,
  LimitExceededException,
  ServerException,
  ServiceNotFoundException
} from '@aws-sdk/client-ecs'
import {
  ImageAlreadyExistsException,
  ImageNotFoundException,
  RepositoryAlreadyExistsException,
  RepositoryNotFoundException
} from '@aws-sdk/client-ecr'
import {
  AccessDeniedException as LogsAccessDenied,
  ResourceNotFoundException as LogsResourceNotFound
} from '@aws-sdk/client-cloudwatch-logs'
import {
  DuplicateTargetGroupNameException,
  ListenerNotFoundException,
  PriorityInUseException,
  ResourceInUseException,
  LoadBalancerNotFoundException,
  RuleNotFoundException,
  TargetGroupNotFoundException
} from '@aws-sdk/client-elastic-load-balancing-v2'
import {
  ApplicationDoesNotExistException,
  DeploymentGroupDoesNotExistException,
  ThrottlingException as CodeDeployThrottling
} from '@aws-sdk/client-codedeploy'
import { ResourceNotFoundException as EventsResourceNotFound } from '@aws-sdk/client-eventbridge'
import { ResourceNotFoundException as SchedulerResourceNotFound } from '@aws-sdk/client-scheduler'
import {
  awsErrorName,
  clientRegion,
  ELB_RESOURCES,
  isAccessDenied,
  isAborted,
  isAuthProblem,
  isConflict,
  isNotFound,
  isRetryable,
  isThrottling,
  isTimeout,
  type ConflictKind,
  type MissingKind
} from '../../../src/aws/errors.js'
import { describeAwsError } from '../../../src/util/errors.js'

const meta = { $metadata: {} }

describe('isNotFound: each service names its missing resources its own way', () => {
  it.each<[string, Error, MissingKind]>([
    [
      'ECS cluster',
      new ClusterNotFoundException({ message: 'Cluster not found.', ...meta }),
      'cluster'
    ],
    [
      'ECS service',
      new ServiceNotFoundException({ message: 'Service not found.', ...meta }),
      'service'
    ],
    [
      'ECS task definition (no code of its own)',
      new ClientException({ message: 'Unable to describe task definition.', ...meta }),
      'taskDefinition'
    ],
    [
      'ECR repository',
      new RepositoryNotFoundException({ message: "The repository with name 'app'…", ...meta }),
      'repository'
    ],
    [
      'ECR image',
      new ImageNotFoundException({ message: 'The image with imageId …', ...meta }),
      'image'
    ],
    [
      'Logs stream',
      new LogsResourceNotFound({ message: 'The specified log stream does not exist.', ...meta }),
      'resource'
    ],
    [
      'EventBridge rule',
      new EventsResourceNotFound({ message: 'Rule r does not exist.', ...meta }),
      'resource'
    ],
    [
      'Scheduler schedule',
      new SchedulerResourceNotFound({
        message: 'Schedule s does not exist.',
        Message: 'Schedule s does not exist.',
        ...meta
      }),
      'resource'
    ],
    [
      'ELB target group',
      new TargetGroupNotFoundException({ message: 'x', ...meta }),
      'targetGroup'
    ],
    ['ELB rule', new RuleNotFoundException({ message: 'x', ...meta }), 'rule'],
    ['ELB listener', new ListenerNotFoundException({ message: 'x', ...meta }), 'listener'],
    [
      'ELB load balancer',
      new LoadBalancerNotFoundException({ message: 'x', ...meta }),
      'loadBalancer'
    ],
    [
      'CodeDeploy application',
      new ApplicationDoesNotExistException({ message: 'x', ...meta }),
      'codeDeployApplication'
    ],
    [
      'CodeDeploy deployment group',
      new DeploymentGroupDoesNotExistException({ message: 'x', ...meta }),
      'deploymentGroup'
    ]
  ])('%s', (_, error, kind) => {
    expect(isNotFound(error, kind)).toBe(true)
    // Only that kind: a missing cluster is not a missing service, and so on.
    const others = (
      [
        'cluster',
        'service',
        'taskDefinition',
        'repository',
        'image',
        'resource',
        'targetGroup',
        'rule',
        'listener',
        'loadBalancer',
        'codeDeployApplication',
        'deploymentGroup'
      ] as const
    ).filter((k) => k !== kind)
    expect(isNotFound(error, ...(others as [MissingKind, ...MissingKind[]]))).toBe(false)
    expect(isRetryable(error)).toBe(false)
    expect(isAccessDenied(error)).toBe(false)
  })

  it('any of several kinds; the ELB resources a preview touches', () => {
    const rule = new RuleNotFoundException({ message: 'x', ...meta })
    expect(isNotFound(rule, 'targetGroup', 'rule')).toBe(true)
    expect(isNotFound(rule, ...ELB_RESOURCES)).toBe(true)
    expect(
      isNotFound(new RepositoryNotFoundException({ message: 'x', ...meta }), ...ELB_RESOURCES)
    ).toBe(false)
  })

  it('anything else is not a not-found', () => {
    for (const error of [
      undefined,
      null,
      'ClusterNotFoundException',
      new Error('Cluster not found.'),
      { name: 42 },
      new InvalidParameterException({ message: 'not found', ...meta })
    ]) {
      expect(isNotFound(error, 'cluster', 'taskDefinition')).toBe(false)
    }
  })
})

describe('isConflict: writes that collide with what exists', () => {
  it.each<[string, Error, ConflictKind]>([
    [
      'ECR repository exists',
      new RepositoryAlreadyExistsException({ message: 'x', ...meta }),
      'repositoryExists'
    ],
    ['ECR tag exists', new ImageAlreadyExistsException({ message: 'x', ...meta }), 'imageExists'],
    [
      'ELB target group name taken',
      new DuplicateTargetGroupNameException({ message: 'x', ...meta }),
      'targetGroupNameTaken'
    ],
    [
      'ELB rule priority taken',
      new PriorityInUseException({ message: 'x', ...meta }),
      'rulePriorityTaken'
    ],
    ['ELB target group in use', new ResourceInUseException({ message: 'x', ...meta }), 'inUse']
  ])('%s', (_, error, kind) => {
    expect(isConflict(error, kind)).toBe(true)
    const others = (
      [
        'repositoryExists',
        'imageExists',
        'targetGroupNameTaken',
        'rulePriorityTaken',
        'inUse'
      ] as const
    ).filter((k) => k !== kind)
    expect(isConflict(error, ...(others as [ConflictKind, ...ConflictKind[]]))).toBe(false)
    expect(isRetryable(error)).toBe(false)
  })

  it('a not-found is no conflict', () => {
    expect(
      isConflict(new RepositoryNotFoundException({ message: 'x', ...meta }), 'repositoryExists')
    ).toBe(false)
  })
})

describe('isAborted / isTimeout', () => {
  it('an abort (our budget) is neither a timeout nor retryable', async () => {
    const controller = new AbortController()
    controller.abort()
    const ecs = new ECSClient({
      region: 'us-east-1',
      endpoint: 'http://127.0.0.1:9',
      credentials: { accessKeyId: 'AKID', secretAccessKey: 'secret' },
      maxAttempts: 1
    })
    const error = await ecs
      .send(new DescribeServicesCommand({ cluster: 'c', services: ['s'] }), {
        abortSignal: controller.signal
      })
      .then(
        () => undefined,
        (e: unknown) => e
      )
    ecs.destroy()
    expect(isAborted(error)).toBe(true)
    expect(isTimeout(error)).toBe(false)
    expect(isAborted(new ServerException({ message: 'x', ...meta }))).toBe(false)
  })

  it('timeouts: the SDK TimeoutError and a socket ETIMEDOUT', () => {
    expect(isTimeout(Object.assign(new Error('t'), { name: 'TimeoutError' }))).toBe(true)
    expect(isTimeout(Object.assign(new Error('t'), { code: 'ETIMEDOUT' }))).toBe(true)
    expect(isTimeout({ name: 'TimeoutError' })).toBe(false) // not an Error: nothing to rename
    expect(isTimeout(new ServerException({ message: 'x', ...meta }))).toBe(false)
  })
})

describe('isRetryable / isThrottling / isAccessDenied over the SDK classes', () => {
  it.each<[string, unknown, boolean]>([
    ['ECS ServerException', new ServerException({ message: 'x', ...meta }), true],
    ['ECS LimitExceededException', new LimitExceededException({ message: 'x', ...meta }), true],
    ['CodeDeploy ThrottlingException', new CodeDeployThrottling({ message: 'x', ...meta }), true],
    ['a 503 of any name', { name: 'Whatever', $metadata: { httpStatusCode: 503 } }, true],
    ['a 429 of any name', { name: 'Whatever', $metadata: { httpStatusCode: 429 } }, true],
    [
      'a dropped connection',
      Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }),
      true
    ],
    ['a timeout', Object.assign(new Error('t'), { name: 'TimeoutError' }), true],
    [
      'ECS AccessDenied',
      new AccessDeniedException({ message: 'x', $metadata: { httpStatusCode: 400 } }),
      false
    ],
    ['ECS InvalidParameter', new InvalidParameterException({ message: 'x', ...meta }), false],
    ['ECS ClientException', new ClientException({ message: 'x', ...meta }), false],
    ['not an error', 'boom', false]
  ])('isRetryable: %s', (_, error, expected) => {
    expect(isRetryable(error)).toBe(expected)
  })

  it('throttling is a subset of retryable', () => {
    expect(isThrottling(new CodeDeployThrottling({ message: 'x', ...meta }))).toBe(true)
    expect(isThrottling(new LimitExceededException({ message: 'x', ...meta }))).toBe(true)
    expect(isThrottling(new ServerException({ message: 'x', ...meta }))).toBe(false)
  })

  it('access denied: both spellings; refused credentials are an auth problem, not a denial', () => {
    expect(isAccessDenied(new AccessDeniedException({ message: 'x', ...meta }))).toBe(true)
    expect(isAccessDenied(new LogsAccessDenied({ message: 'x', ...meta }))).toBe(true)
    expect(isAccessDenied({ name: 'AccessDenied' })).toBe(true) // ELBv2's query-protocol code
    const expired = { name: 'ExpiredTokenException', $metadata: { httpStatusCode: 400 } }
    expect(isAccessDenied(expired)).toBe(false)
    expect(isAuthProblem(expired)).toBe(true)
    expect(isAuthProblem(new AccessDeniedException({ message: 'x', ...meta }))).toBe(true)
    expect(isAuthProblem(new ClientException({ message: 'x', ...meta }))).toBe(false)
  })

  it('awsErrorName reads the code, whatever threw it', () => {
    expect(awsErrorName(new ClusterNotFoundException({ message: 'x', ...meta }))).toBe(
      'ClusterNotFoundException'
    )
    expect(awsErrorName({ name: 7 })).toBeUndefined()
    expect(awsErrorName(undefined)).toBeUndefined()
  })
})

// What the SDK itself makes of errors on the wire (modelled, unmodelled, 5xx
// without a body): the shapes the helpers see in a real run.
describe('errors decoded by a real ECS client', () => {
  let server: http.Server
  let ecs: ECSClient
  let answer: { status: number; body: string }
  beforeAll(async () => {
    server = http.createServer((req, res) => {
      req.resume()
      req.on('end', () => {
        res.writeHead(answer.status, { 'content-type': 'application/x-amz-json-1.1' })
        res.end(answer.body)
      })
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    const { port } = server.address() as AddressInfo
    ecs = new ECSClient({
      region: 'eu-west-3',
      endpoint: `http://127.0.0.1:${port}`,
      credentials: { accessKeyId: 'AKID', secretAccessKey: 'secret' },
      maxAttempts: 1
    })
  })
  afterAll(async () => {
    ecs.destroy()
    await new Promise((resolve) => server.close(resolve))
  })
  const call = async (status: number, body: string): Promise<unknown> => {
    answer = { status, body }
    return ecs.send(new DescribeServicesCommand({ cluster: 'c', services: ['s'] })).then(
      () => undefined,
      (error: unknown) => error
    )
  }

  it('a modelled not-found is the SDK class', async () => {
    const error = await call(
      400,
      '{"__type":"ClusterNotFoundException","message":"Cluster not found."}'
    )
    expect(error).toBeInstanceOf(ClusterNotFoundException)
    expect(isNotFound(error, 'cluster')).toBe(true)
    expect(describeAwsError('DescribeServices', error, 'eu-west-3').message).toBe(
      'DescribeServices failed: ClusterNotFoundException: Cluster not found.. Check the cluster name and the region (eu-west-3).'
    )
  })

  it('unmodelled throttling and a bare 503 are retryable', async () => {
    const throttled = await call(400, '{"__type":"ThrottlingException","message":"Rate exceeded"}')
    expect(awsErrorName(throttled)).toBe('ThrottlingException')
    expect(isThrottling(throttled)).toBe(true)
    expect(isRetryable(throttled)).toBe(true)
    const unavailable = await call(503, '')
    expect(isRetryable(unavailable)).toBe(true)
    expect(isNotFound(unavailable, 'cluster', 'service')).toBe(false)
  })

  it('refused credentials get the IAM hint', async () => {
    const error = await call(400, '{"__type":"UnrecognizedClientException","message":"bad token"}')
    expect(isAuthProblem(error)).toBe(true)
    expect(isRetryable(error)).toBe(false)
    expect(describeAwsError('DescribeServices', error).message).toMatch(
      /Check the credentials and that the IAM policy grants this action/
    )
  })

  it('clientRegion: the configured region, or undefined when it cannot be read', async () => {
    expect(await clientRegion(ecs)).toBe('eu-west-3')
    expect(await clientRegion({ config: { region: 'us-east-2' } })).toBe('us-east-2')
    expect(
      await clientRegion({ config: { region: () => Promise.reject(new Error('no region')) } })
    ).toBeUndefined()
    expect(await clientRegion({ config: {} })).toBeUndefined()
  })
})
