/**
 * script/release.sh against real git repositories: a release repository with
 * a bare "origin", the real script and script/release-files.ts copied in, and
 * two stand-ins, for the parts that cannot run here: `gh` (GitHub's API; it
 * records its arguments and the notes it was given) and script/check-dist.sh
 * (the real one rebuilds the whole bundle; the stand-in passes or fails as
 * the test says, to prove the release stops when dist/ is stale).
 */
import { afterAll, describe, expect, it } from '@jest/globals'
import { spawnSync } from 'node:child_process'
import {
  chmodSync,
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync
} from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = fileURLToPath(new URL('../../../', import.meta.url))
// Inside the project so that node finds its node_modules (yaml, tsx) from the copies.
mkdirSync(join(root, '.tmp'), { recursive: true })
const base = mkdtempSync(join(root, '.tmp', 'release-test-'))
afterAll(() => rmSync(base, { recursive: true, force: true }))

const CHANGELOG = `# Changelog

## [Unreleased]

## [1.2.0] - 2026-12-01

### Added

- \`wait-for-rollback\`.

## [1.1.0] - 2026-11-01

- Previews.
`

interface World {
  repo: string
  origin: string
  ghLog: string
  run(args: string[], env?: Record<string, string>): { status: number; out: string }
  git(...args: string[]): string
}

let worlds = 0

function write(file: string, text: string): void {
  mkdirSync(dirname(file), { recursive: true })
  writeFileSync(file, text)
}

/** A repository whose HEAD is a releasable 1.2.0, tagged v1.1.0 (older) and v1.2.0. */
function makeWorld(options: { version?: string; changelog?: string; omit?: string } = {}): World {
  const dir = join(base, `w${++worlds}`)
  const repo = join(dir, 'repo')
  const origin = join(dir, 'origin.git')
  const bin = join(dir, 'bin')
  const ghLog = join(dir, 'gh.log')
  mkdirSync(repo, { recursive: true })
  const git = (...args: string[]): string => {
    const r = spawnSync('git', args, { cwd: repo, encoding: 'utf8' })
    if (r.status !== 0) throw new Error(`git ${args.join(' ')}: ${r.stderr}`)
    return r.stdout.trim()
  }
  git('init', '-q', '-b', 'main')
  git('config', 'user.email', 'test@example.com')
  git('config', 'user.name', 'test')
  git('config', 'commit.gpgsign', 'false')
  git('config', 'tag.gpgsign', 'false')
  const files: Record<string, string> = {
    'action.yml':
      'name: x\ndescription: x\nruns:\n  using: node24\n  main: dist/index.js\n  post: dist/index.js\n',
    'package.json': JSON.stringify({ name: 'x', version: '1.1.0', dependencies: { yaml: '^2' } }),
    'CHANGELOG.md': options.changelog ?? CHANGELOG,
    LICENSE: 'MIT\n',
    'README.md': '# x\n',
    'SECURITY.md': '# Security\n',
    'src/index.ts': "import { parse } from 'yaml'\n",
    'dist/index.js': 'export {}\n',
    'dist/package.json': '{ "type": "module" }\n',
    'dist/licenses.txt': 'yaml\nISC\nPermission to use...\n',
    '.gitignore': 'node_modules\n',
    // The stand-in for the bundle check: fails when FAIL_CHECK_DIST is set.
    'script/check-dist.sh':
      'if [[ -n ${FAIL_CHECK_DIST:-} ]]; then echo "dist/ is stale" >&2; exit 1; fi\necho "check-dist: dist/ is up to date"\n'
  }
  for (const [name, text] of Object.entries(files)) write(join(repo, name), text)
  for (const name of ['script/release.sh', 'script/release-files.ts']) {
    copyFileSync(join(root, name), join(repo, name))
  }
  symlinkSync(join(root, 'node_modules'), join(repo, 'node_modules'))
  git('add', '-A')
  git('commit', '-q', '-m', '1.1.0')
  git('tag', 'v1.1.0')
  git('tag', 'v1', 'v1.1.0')
  write(
    join(repo, 'package.json'),
    JSON.stringify({ name: 'x', version: options.version ?? '1.2.0', dependencies: { yaml: '^2' } })
  )
  if (options.omit) git('rm', '-q', options.omit)
  git('commit', '-q', '-am', '1.2.0')
  git('tag', 'v1.2.0')
  spawnSync('git', ['init', '-q', '--bare', origin])
  git('remote', 'add', 'origin', origin)
  git('push', '-q', 'origin', 'main', '--tags')

  // gh: `release view` finds a release only when gh.log says one was created.
  write(
    join(bin, 'gh'),
    `#!/usr/bin/env bash
if [[ $1 == release && $2 == view ]]; then grep -q "^release create $3 " "${ghLog}" 2>/dev/null; exit; fi
echo "$*" >>"${ghLog}"
while (($#)); do [[ $1 == --notes-file ]] && cp "$2" "${ghLog}.notes"; shift; done
`
  )
  chmodSync(join(bin, 'gh'), 0o755)

  const run = (
    args: string[],
    env: Record<string, string> = {}
  ): { status: number; out: string } => {
    const r = spawnSync('bash', ['script/release.sh', ...args], {
      cwd: repo,
      encoding: 'utf8',
      env: { ...process.env, ...env, PATH: `${bin}:${process.env.PATH ?? ''}` }
    })
    return { status: r.status ?? -1, out: `${r.stdout}${r.stderr}` }
  }
  return { repo, origin, ghLog, run, git }
}

const originTag = (w: World, tag: string): string =>
  spawnSync('git', ['rev-parse', '--verify', '--quiet', `refs/tags/${tag}^{commit}`], {
    cwd: w.origin,
    encoding: 'utf8'
  }).stdout.trim()

describe('script/release.sh', () => {
  it('dry run: checks everything, prints the release and the tag move, changes nothing', () => {
    const w = makeWorld()
    w.git('checkout', '-q', 'v1.2.0')
    const before = originTag(w, 'v1')
    const { status, out } = w.run(['--dry-run', 'v1.2.0'])
    expect(out).toContain('check-dist: dist/ is up to date')
    expect(status).toBe(0)
    expect(out).toContain('would run: gh release create v1.2.0 --verify-tag --title v1.2.0')
    expect(out).toContain('  | ### Added')
    expect(out).toContain('  | - `wait-for-rollback`.')
    expect(out).not.toContain('Previews') // the 1.1.0 section is not in 1.2.0's notes
    expect(out).toContain(`would run: git tag --force v1 ${w.git('rev-parse', 'v1.2.0')}`)
    expect(out).toContain('would run: git push --force origin refs/tags/v1')
    expect(existsSync(w.ghLog)).toBe(false)
    expect(w.git('rev-parse', 'v1^{commit}')).toBe(w.git('rev-parse', 'v1.1.0^{commit}'))
    expect(originTag(w, 'v1')).toBe(before)
  }, 60000)

  it('creates the release with that version’s changelog section and moves v1 on the remote', () => {
    const w = makeWorld()
    w.git('checkout', '-q', 'v1.2.0')
    const { status, out } = w.run(['v1.2.0'])
    expect(status).toBe(0)
    expect(readFileSync(w.ghLog, 'utf8')).toBe(
      `release create v1.2.0 --verify-tag --title v1.2.0 --notes-file ${readFileSync(w.ghLog, 'utf8').split('--notes-file ')[1]!.trim()}\n`
    )
    expect(readFileSync(`${w.ghLog}.notes`, 'utf8')).toBe('### Added\n\n- `wait-for-rollback`.\n')
    const target = w.git('rev-parse', 'v1.2.0^{commit}')
    expect(originTag(w, 'v1')).toBe(target)
    expect(out).toContain(`v1 -> v1.2.0 (${target.slice(0, 12)})`)
    // A re-run finds the release and the tag done and changes nothing.
    const again = w.run(['v1.2.0'])
    expect(again.status).toBe(0)
    expect(again.out).toContain('exists already')
    expect(again.out).toContain('v1 is at v1.2.0 already')
    expect(readFileSync(w.ghLog, 'utf8').split('\n').filter(Boolean)).toHaveLength(1)
  }, 60000)

  it('never moves the major tag back for a patch of an older line, nor for a pre-release', () => {
    const w = makeWorld()
    w.git('checkout', '-q', 'v1.1.0')
    write(
      join(w.repo, 'package.json'),
      JSON.stringify({ name: 'x', version: '1.1.1', dependencies: { yaml: '^2' } })
    )
    write(
      join(w.repo, 'CHANGELOG.md'),
      CHANGELOG.replace('## [1.2.0]', '## [1.1.1] - 2026-12-02\n\n- Fix.\n\n## [1.2.0]')
    )
    w.git('commit', '-q', '-am', '1.1.1')
    w.git('tag', 'v1.1.1') // a hotfix of 1.1 after 1.2.0 was released
    const hotfix = w.run(['v1.1.1'])
    expect(hotfix.status).toBe(0)
    expect(hotfix.out).toContain('v1.2.0 is newer than v1.1.1: v1 stays where it is')
    expect(readFileSync(w.ghLog, 'utf8')).toContain('release create v1.1.1 ')

    w.git('checkout', '-q', 'main')
    write(
      join(w.repo, 'package.json'),
      JSON.stringify({ name: 'x', version: '2.0.0-rc.1', dependencies: { yaml: '^2' } })
    )
    write(
      join(w.repo, 'CHANGELOG.md'),
      CHANGELOG.replace('## [1.2.0]', '## [2.0.0-rc.1] - 2026-12-03\n\n- Next.\n\n## [1.2.0]')
    )
    w.git('commit', '-q', '-am', 'rc')
    w.git('tag', 'v2.0.0-rc.1')
    const rc = w.run(['v2.0.0-rc.1'])
    expect(rc.status).toBe(0)
    expect(readFileSync(w.ghLog, 'utf8')).toContain(
      'release create v2.0.0-rc.1 --verify-tag --title v2.0.0-rc.1 --notes-file'
    )
    expect(readFileSync(w.ghLog, 'utf8')).toMatch(/v2\.0\.0-rc\.1 .* --prerelease\n$/)
    expect(rc.out).toContain('pre-release: v2 stays where it is')
    expect(originTag(w, 'v1')).toBe(w.git('rev-parse', 'v1.1.0^{commit}'))
    expect(originTag(w, 'v2')).toBe('')
  }, 60000)

  it.each([
    ['a tag that is not a version', {}, 'v1.2', 'tag v1.2 is not a version tag vX.Y.Z'],
    ['a tag that does not exist', {}, 'v1.3.0', 'tag v1.3.0 does not exist here'],
    [
      'package.json disagreeing with the tag',
      { version: '1.1.9' },
      'v1.2.0',
      'package.json at v1.2.0 says version "1.1.9", the tag says 1.2.0'
    ],
    [
      'no changelog section for the version',
      { changelog: '# Changelog\n\n## [Unreleased]\n\n- 1.2.0 things\n' },
      'v1.2.0',
      'CHANGELOG.md at v1.2.0 has no "## [1.2.0]" section with text'
    ],
    [
      'a release without its licence',
      { omit: 'LICENSE' },
      'v1.2.0',
      'v1.2.0 does not ship what a release must'
    ]
  ])(
    'refuses %s, before any change',
    (_name, options, tag, message) => {
      const w = makeWorld(options)
      w.git('checkout', '-q', 'v1.2.0')
      for (const args of [['--dry-run', tag], [tag]]) {
        const { status, out } = w.run(args)
        expect(status).toBe(1)
        expect(out).toContain(message)
      }
      expect(existsSync(w.ghLog)).toBe(false)
      expect(originTag(w, 'v1')).toBe(w.git('rev-parse', 'v1.1.0^{commit}'))
    },
    60000
  )

  it('refuses when dist/ is stale or the working tree is not the tag', () => {
    const w = makeWorld()
    w.git('checkout', '-q', 'v1.2.0')
    const stale = w.run(['v1.2.0'], { FAIL_CHECK_DIST: '1' })
    expect(stale.status).toBe(1)
    expect(stale.out).toContain('dist/ does not match the sources at v1.2.0')
    w.git('checkout', '-q', 'v1.1.0')
    const elsewhere = w.run(['v1.2.0'])
    expect(elsewhere.status).toBe(1)
    expect(elsewhere.out).toContain('not at v1.2.0')
    expect(existsSync(w.ghLog)).toBe(false)
  }, 60000)
})
