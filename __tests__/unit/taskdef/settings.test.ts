/** The official render action's settings, several containers, and the pre-flight checks (issue 8). */
import { describe, expect, it } from '@jest/globals'
import type { TaskDef } from '../../../src/taskdef/clean.js'
import {
  renderTaskDefinition,
  resolveContainerNames,
  settingsTargets
} from '../../../src/taskdef/render.js'
import { fargateOffers, renderedProblems } from '../../../src/taskdef/check.js'
import type { RenderSettings } from '../../../src/inputs/render-inputs.js'

const BASE: TaskDef = {
  family: 'shop',
  requiresCompatibilities: ['FARGATE'],
  networkMode: 'awsvpc',
  cpu: '256',
  memory: '512',
  containerDefinitions: [
    {
      name: 'web',
      image: 'old',
      secrets: [
        { name: 'KEEP', valueFrom: '/p/keep' },
        { name: 'DB', valueFrom: '/p/old' }
      ],
      logConfiguration: {
        logDriver: 'awslogs',
        options: { 'awslogs-group': '/old', 'awslogs-region': 'us-east-1' }
      },
      dockerLabels: { team: 'a', keep: 'yes' },
      environmentFiles: [{ value: 'arn:aws:s3:::old-bucket/old.env', type: 's3' }],
      command: ['old']
    },
    { name: 'sidecar', image: 'old-sidecar' },
    { name: 'untouched', image: 'u:1' }
  ]
}

const NONE: RenderSettings = { secrets: [], logOptions: [], dockerLabels: [] }

describe('renderTaskDefinition with the render settings', () => {
  it('merges secrets, log options and labels; replaces command, entry point and env files; sets task fields', () => {
    const out = renderTaskDefinition(BASE, {
      containerName: 'web',
      image: 'new',
      environment: [],
      settings: {
        secrets: [
          { name: 'DB', valueFrom: '/p/new' },
          { name: 'NEW', valueFrom: '/p/n' }
        ],
        environmentFiles: ['arn:aws:s3:::bucket/app.env'],
        command: ['npm', 'run', 'start server'],
        entryPoint: ['/bin/sh', '-c'],
        logDriver: 'awsfirelens',
        logOptions: [
          { name: 'awslogs-group', value: '/new=x' },
          { name: 'Name', value: 'cloudwatch' }
        ],
        dockerLabels: [
          { name: 'team', value: 'b' },
          { name: 'empty', value: '' }
        ],
        taskRoleArn: 'arn:aws:iam::123456789012:role/task',
        executionRoleArn: 'arn:aws:iam::123456789012:role/exec',
        cpu: '1024',
        memory: '2048'
      }
    })
    const web = out.containerDefinitions![0]!
    expect(web.secrets).toEqual([
      { name: 'KEEP', valueFrom: '/p/keep' },
      { name: 'DB', valueFrom: '/p/new' },
      { name: 'NEW', valueFrom: '/p/n' }
    ])
    expect(web.environmentFiles).toEqual([{ value: 'arn:aws:s3:::bucket/app.env', type: 's3' }])
    expect(web.command).toEqual(['npm', 'run', 'start server'])
    expect(web.entryPoint).toEqual(['/bin/sh', '-c'])
    expect(web.logConfiguration).toEqual({
      logDriver: 'awsfirelens',
      options: { 'awslogs-group': '/new=x', 'awslogs-region': 'us-east-1', Name: 'cloudwatch' }
    })
    expect(web.dockerLabels).toEqual({ team: 'b', keep: 'yes', empty: '' })
    expect([out.taskRoleArn, out.executionRoleArn, out.cpu, out.memory]).toEqual([
      'arn:aws:iam::123456789012:role/task',
      'arn:aws:iam::123456789012:role/exec',
      '1024',
      '2048'
    ])
    // The base is untouched.
    expect(BASE.containerDefinitions![0]!.command).toEqual(['old'])
    expect(BASE.cpu).toBe('256')
  })

  it('no settings: nothing but the image changes', () => {
    const out = renderTaskDefinition(BASE, {
      containerName: 'web',
      image: 'new',
      environment: [],
      settings: NONE
    })
    expect(out).toEqual({
      ...BASE,
      containerDefinitions: [
        { ...BASE.containerDefinitions![0]!, image: 'new' },
        ...BASE.containerDefinitions!.slice(1)
      ]
    })
  })

  it('several containers: each gets its image; settings go to the named ones only', () => {
    const out = renderTaskDefinition(BASE, {
      containerName: 'web',
      image: 'web@sha256:1',
      images: { sidecar: 'side@sha256:2' },
      settingsContainers: ['web', 'sidecar'],
      environment: [{ name: 'A', value: '1' }],
      settings: { ...NONE, command: ['run'] }
    })
    const [web, sidecar, untouched] = out.containerDefinitions!
    expect([web!.image, sidecar!.image, untouched!.image]).toEqual([
      'web@sha256:1',
      'side@sha256:2',
      'u:1'
    ])
    expect([web!.command, sidecar!.command, untouched!.command]).toEqual([
      ['run'],
      ['run'],
      undefined
    ])
    expect(sidecar!.environment).toEqual([{ name: 'A', value: '1' }])
    expect(untouched!.environment).toBeUndefined()
  })

  it('a container that is not there is named with the list', () => {
    expect(() =>
      renderTaskDefinition(BASE, {
        containerName: 'web',
        image: 'x',
        images: { proxy: 'p' },
        environment: []
      })
    ).toThrow(/has no container "proxy".*"web", "sidecar", "untouched"/)
  })

  it('resolveContainerNames: all must exist; none named means the only one', () => {
    expect(resolveContainerNames(BASE, ['sidecar', 'web'])).toEqual(['sidecar', 'web'])
    expect(() => resolveContainerNames(BASE, [])).toThrow(/has 3 containers/)
    expect(
      resolveContainerNames({ family: 'f', containerDefinitions: [{ name: 'only' }] }, [])
    ).toEqual(['only'])
  })
})

describe('settingsTargets', () => {
  it('the named containers; none named: the only one, when there is something to apply', () => {
    const single: TaskDef = { family: 'f', containerDefinitions: [{ name: 'only' }] }
    expect(settingsTargets(BASE, ['sidecar'], false)).toEqual(['sidecar'])
    expect(settingsTargets(BASE, [], false)).toEqual([])
    expect(settingsTargets(single, [], true)).toEqual(['only'])
    expect(() => settingsTargets(BASE, [], true)).toThrow(
      /has 3 containers .*set `container-name` to the container\(s\) that get environment-variables, secrets, command/
    )
  })
})

describe('renderedProblems: what ECS would reject', () => {
  it.each<[number, number, boolean]>([
    [256, 512, true],
    [256, 2048, true],
    [256, 3072, false],
    [512, 512, false],
    [1024, 1024, false],
    [1024, 2048, true],
    [4096, 30720, true],
    [8192, 16384, true],
    [8192, 17408, false],
    [16384, 122880, true],
    [300, 1024, false]
  ])('Fargate %i CPU, %i MiB: offered %s', (cpu, memory, offered) => {
    expect(fargateOffers(cpu, memory)).toBe(offered)
    const td = {
      ...BASE,
      cpu: String(cpu),
      memory: String(memory),
      executionRoleArn: 'arn:aws:iam::1:role/x'
    }
    expect(renderedProblems(td).length).toBe(offered ? 0 : 1)
  })

  it('names the sizes Fargate offers', () => {
    expect(
      renderedProblems({
        ...BASE,
        cpu: '1024',
        memory: '1024',
        containerDefinitions: [{ name: 'a' }]
      })
    ).toEqual([
      '`cpu`/`memory`: Fargate has no task size of 1024 CPU units and 1024 MiB; with cpu 1024 Fargate offers memory 2048-8192 (7 sizes).'
    ])
  })

  it('reads sizes written as "N vCPU" and "N GB" as ECS does', () => {
    const td = { ...BASE, containerDefinitions: [{ name: 'a' }] }
    expect(renderedProblems({ ...td, cpu: '1 vCPU', memory: '2 GB' })).toEqual([])
    expect(renderedProblems({ ...td, cpu: '1 vCPU', memory: '1 GB' })).toHaveLength(1)
  })

  it('EC2 tasks are not held to Fargate sizes', () => {
    expect(
      renderedProblems({
        family: 'f',
        cpu: '1024',
        memory: '1000',
        containerDefinitions: [{ name: 'a' }]
      })
    ).toEqual([])
  })

  it('secrets need an execution role', () => {
    expect(
      renderedProblems({ ...BASE, containerDefinitions: [BASE.containerDefinitions![0]!] })
    ).toEqual([
      '`secrets`: container web reads secrets, which ECS fetches with the task execution role; set `execution-role-arn`.'
    ])
  })

  it('the service-managed EBS volume must be configured at launch', () => {
    const td: TaskDef = {
      family: 'f',
      containerDefinitions: [{ name: 'a' }],
      volumes: [{ name: 'data', configuredAtLaunch: true }, { name: 'tmp' }]
    }
    expect(renderedProblems(td, { ebsVolumeName: 'data' })).toEqual([])
    expect(renderedProblems(td, { ebsVolumeName: 'tmp' })).toEqual([
      '`service-managed-ebs-volume-name`: task definition f has no volume "tmp" with configuredAtLaunch: true; its volumes configured at launch: data.'
    ])
  })
})
