import { describe, expect, it } from '@jest/globals'
import { readFileSync } from 'node:fs'
import {
  checkReleaseTree,
  formatListing,
  gitTree,
  licensedPackages,
  MAX_FILE_BYTES,
  runsFiles,
  type ReleaseTree
} from '../../../script/release-files.js'

const ACTION = 'runs:\n  using: node24\n  main: dist/index.js\n  post: dist/post.js\n'

function tree(
  texts: Record<string, string>,
  options: { sizes?: Record<string, number>; imported?: string[] } = {}
): ReleaseTree {
  return {
    files: Object.keys(texts).map((path) => ({
      path,
      size: options.sizes?.[path] ?? texts[path]!.length
    })),
    read: (path) => texts[path],
    importedBySources: (pkg) => (options.imported ?? []).includes(pkg)
  }
}

const good = {
  'action.yml': ACTION,
  'package.json': JSON.stringify({ dependencies: { yaml: '^2', '@aws-sdk/client-ecs': '^3' } }),
  LICENSE: 'MIT',
  'README.md': '#',
  'CHANGELOG.md': '#',
  'SECURITY.md': '#',
  'dist/index.js': '',
  'dist/post.js': '',
  'dist/package.json': '{}',
  'dist/licenses.txt': '@aws-sdk/client-ecs\nApache-2.0\ntext\n\nyaml\nISC\ntext\n',
  'src/main.ts': ''
}

describe('release-files', () => {
  it('passes a complete tree and lists the runtime files one by one', () => {
    const t = tree(good, { imported: ['yaml', '@aws-sdk/client-ecs'] })
    expect(checkReleaseTree(t)).toEqual([])
    const listing = formatListing(t).join('\n')
    expect(listing).toMatch(/kB {2}dist\/post\.js\n/)
    expect(listing).toMatch(/kB {2}src\/ \(1 file\)\n/)
    expect(listing).toMatch(/total, 11 files$/)
  })

  it('fails on a missing notice, licence or file the runner executes', () => {
    const { LICENSE: _l, 'dist/post.js': _p, 'dist/licenses.txt': _n, ...rest } = good
    expect(checkReleaseTree(tree(rest))).toEqual([
      'LICENSE is missing',
      'dist/licenses.txt is missing',
      'dist/post.js is missing'
    ])
  })

  it('fails when dist/licenses.txt does not name a dependency the sources import', () => {
    const t = tree(
      { ...good, 'dist/licenses.txt': 'yaml\nISC\ntext\n' },
      { imported: ['yaml', '@aws-sdk/client-ecs'] }
    )
    expect(checkReleaseTree(t)).toEqual([
      'dist/licenses.txt does not name @aws-sdk/client-ecs, which the sources import: run npm run package'
    ])
    // A dependency nothing imports yet is not bundled, so it needs no notice.
    expect(
      checkReleaseTree(
        tree({ ...good, 'dist/licenses.txt': 'yaml\nISC\n' }, { imported: ['yaml'] })
      )
    ).toEqual([])
  })

  it('fails on files that must never ship, and on oversized ones', () => {
    const t = tree(
      { ...good, '.env': 'A=1', 'node_modules/x/index.js': '', 'deploy.pem': '', 'big.bin': '' },
      { sizes: { 'big.bin': MAX_FILE_BYTES + 1 } }
    )
    expect(checkReleaseTree(t)).toEqual([
      '.env must not ship: an environment file',
      'node_modules/x/index.js must not ship: a dependency tree',
      'deploy.pem must not ship: a key or certificate',
      'big.bin is 10.0 MB, over the 10 MB limit'
    ])
  })

  it('reads the files to ship from action.yml', () => {
    expect(runsFiles(ACTION)).toEqual({ files: ['dist/index.js', 'dist/post.js'], problems: [] })
    expect(runsFiles('runs:\n  using: docker\n  image: Dockerfile\n').problems).toEqual([
      'action.yml runs.using is "docker", expected nodeNN',
      'action.yml has no runs.main'
    ])
  })

  it("parses ncc's licence file: the committed one names the bundled packages", () => {
    const names = licensedPackages(
      readFileSync(new URL('../../../dist/licenses.txt', import.meta.url), 'utf8')
    )
    for (const pkg of [
      '@actions/github',
      '@aws-sdk/client-ecs',
      // in a chunk of its own (loaded on first use): listed too
      '@aws-sdk/client-elastic-load-balancing-v2',
      '@smithy/core',
      'yaml'
    ]) {
      expect(names.has(pkg)).toBe(true)
    }
    expect(names.has('MIT')).toBe(false)
  })

  it("this repository's committed tree is releasable", () => {
    const head = gitTree('HEAD')
    expect(checkReleaseTree(head)).toEqual([])
    expect(head.importedBySources('@actions/github')).toBe(true)
    expect(head.importedBySources('left-pad')).toBe(false)
  })
})
