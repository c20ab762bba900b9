import { describe, expect, it } from '@jest/globals'
import {
  assignImages,
  parseContainerLines,
  parseContainerNames
} from '../../../src/inputs/containers.js'
import type { ImageSource } from '../../../src/inputs/config.js'

const noImageProblem = (): undefined => undefined
const BUILD: Extract<ImageSource, { kind: 'build' }> = {
  kind: 'build',
  repository: 'shop',
  createRepository: false,
  tags: ['abc123', 'latest'],
  context: '.',
  dockerfile: 'Dockerfile',
  buildArgs: [{ name: 'V', value: '1' }],
  skipIfExists: true
}

describe('container-name: one or several', () => {
  it('splits on commas and newlines, drops blanks and repeats', () => {
    const problems: string[] = []
    expect(parseContainerNames('web, sidecar\nworker,,web', problems)).toEqual([
      'web',
      'sidecar',
      'worker'
    ])
    expect(problems).toEqual([])
  })

  it('names a bad one', () => {
    const problems: string[] = []
    expect(parseContainerNames('web,my app', problems)).toEqual(['web'])
    expect(problems[0]).toMatch(/^`container-name`: "my app" is not a container name/)
  })
})

describe('containers: name=image or name=build:<context>[:<dockerfile>]', () => {
  it('parses both forms; the Dockerfile defaults to <context>/Dockerfile', () => {
    const problems: string[] = []
    expect(
      parseContainerLines(
        [
          'web=build:.',
          'sidecar=build:./sidecar:sidecar/Dockerfile.prod',
          '# comment',
          'proxy=public.ecr.aws/nginx/nginx:1.27'
        ].join('\n'),
        problems,
        noImageProblem
      )
    ).toEqual([
      { name: 'web', kind: 'build', context: '.', dockerfile: 'Dockerfile' },
      {
        name: 'sidecar',
        kind: 'build',
        context: 'sidecar',
        dockerfile: 'sidecar/Dockerfile.prod'
      },
      { name: 'proxy', kind: 'image', reference: 'public.ecr.aws/nginx/nginx:1.27' }
    ])
    expect(problems).toEqual([])
  })

  it('reports every bad line with its number', () => {
    const problems: string[] = []
    parseContainerLines(
      'web\nbad name=x\nweb2=build:\nweb2=nginx\nweb2=nginx:2\nw3=',
      problems,
      (ref) => (ref === 'nginx' ? undefined : undefined)
    )
    expect(problems).toEqual([
      '`containers` line 1: "web" has no "="; write name=image-reference or name=build:<context>[:<dockerfile>].',
      '`containers` line 2: "bad name" is not a container name (letters, digits, - and _).',
      '`containers` line 3: build: needs a context directory, e.g. web2=build:.',
      '`containers` line 5: container web2 already has an image on line 4; keep one.',
      '`containers` line 6: no image for w3; write w3=<image-reference> or w3=build:<context>.'
    ])
  })

  it('passes image references through the image check', () => {
    const problems: string[] = []
    parseContainerLines('web=https://x/y', problems, () => 'is a URL')
    expect(problems).toEqual(['`containers` line 1: "https://x/y" is a URL.'])
  })
})

describe('assignImages: one assignment per distinct image', () => {
  it('builds each distinct context+Dockerfile once, tagged <tag>-<first container>', () => {
    const problems: string[] = []
    const lines = parseContainerLines(
      'web=build:.\nworker=build:.\nsidecar=build:sidecar\nproxy=nginx:1\nproxy2=nginx:1',
      problems,
      noImageProblem
    )
    const assignments = assignImages(lines, BUILD, problems)
    expect(assignments).toEqual([
      {
        containers: ['web', 'worker'],
        source: {
          ...BUILD,
          context: '.',
          dockerfile: 'Dockerfile',
          tags: ['abc123-web', 'latest-web']
        }
      },
      {
        containers: ['sidecar'],
        source: {
          ...BUILD,
          context: 'sidecar',
          dockerfile: 'sidecar/Dockerfile',
          tags: ['abc123-sidecar', 'latest-sidecar']
        }
      },
      { containers: ['proxy', 'proxy2'], source: { kind: 'existing', reference: 'nginx:1' } }
    ])
    expect(problems).toEqual([])
  })

  it('a tag that would grow past 128 characters is a problem', () => {
    const problems: string[] = []
    const lines = parseContainerLines(`${'c'.repeat(100)}=build:.`, problems, noImageProblem)
    assignImages(lines, { ...BUILD, tags: ['t'.repeat(40)] }, problems)
    expect(problems[0]).toMatch(/is longer than 128 characters/)
  })
})
