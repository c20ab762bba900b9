/**
 * What a release ships, checked like `npm pack --dry-run` checks a package.
 *
 * A GitHub Action is not packed: `uses: owner/repo@v1` makes the runner
 * download the whole tree of the commit the tag names. So this lists that
 * tree (`git ls-tree`, the committed files only) and fails when a release of
 * it would be broken or would ship what it must not:
 *   - the files the runner executes (action.yml's runs.main/pre/post) and
 *     the files every release carries (LICENSE, README, CHANGELOG, SECURITY,
 *     dist/licenses.txt with the bundle's third-party notices) are there;
 *   - every runtime dependency the sources import is named in
 *     dist/licenses.txt;
 *   - no build output, dependency tree, key, credential file or oversized
 *     file is committed.
 *
 *   npx tsx script/release-files.ts [--ref REF] [--quiet]
 *
 * REF defaults to HEAD; script/release.sh passes the tag. Runs in the git
 * repository of the current directory.
 */
import { execFileSync } from 'node:child_process'
import { pathToFileURL } from 'node:url'
import { parse } from 'yaml'

/** One file of the tree at the ref. */
export interface TreeFile {
  path: string
  size: number
}

/** What the checks read, so they run on plain data in tests. */
export interface ReleaseTree {
  files: TreeFile[]
  /** The text of a committed file, undefined when it is not in the tree. */
  read(path: string): string | undefined
  /** Whether any committed file under src/ imports `pkg` (or a subpath of it). */
  importedBySources(pkg: string): boolean
}

/** Shipped with every release, whatever action.yml says. */
export const REQUIRED_FILES = [
  'action.yml',
  'LICENSE',
  'README.md',
  'CHANGELOG.md',
  'SECURITY.md',
  'dist/package.json',
  'dist/licenses.txt'
]

/** Paths that must never be committed (and so never shipped). */
const FORBIDDEN: { pattern: RegExp; why: string }[] = [
  { pattern: /(^|\/)node_modules\//, why: 'a dependency tree' },
  { pattern: /^(\.tmp|coverage|build)\//, why: 'local build or test output' },
  { pattern: /(^|\/)\.env(\..*)?$/, why: 'an environment file' },
  { pattern: /(^|\/)\.npmrc$/, why: 'npm configuration (may hold a token)' },
  { pattern: /\.(pem|key|p12|pfx)$/, why: 'a key or certificate' },
  { pattern: /(^|\/)id_(rsa|ed25519|ecdsa)$/, why: 'an SSH key' }
]

/** A single committed file above this is a mistake (the bundle is about 3.5 MB). */
export const MAX_FILE_BYTES = 10 * 1024 * 1024

/** The files action.yml's `runs` section makes the runner execute. */
export function runsFiles(actionYml: string): { files: string[]; problems: string[] } {
  let action: unknown
  try {
    action = parse(actionYml)
  } catch (error) {
    return { files: [], problems: [`action.yml is not valid YAML: ${String(error)}`] }
  }
  const runs = (action as { runs?: Record<string, unknown> } | null)?.runs
  if (!runs || typeof runs !== 'object') return { files: [], problems: ['action.yml has no runs'] }
  const problems: string[] = []
  if (typeof runs.using !== 'string' || !/^node\d+$/.test(runs.using)) {
    problems.push(`action.yml runs.using is ${JSON.stringify(runs.using)}, expected nodeNN`)
  }
  const files = (['pre', 'main', 'post'] as const)
    .map((key) => runs[key])
    .filter((file): file is string => typeof file === 'string')
    .map((file) => file.replace(/^\.\//, ''))
  if (typeof runs.main !== 'string') problems.push('action.yml has no runs.main')
  return { files: [...new Set(files)], problems }
}

/** Package names that dist/licenses.txt (ncc's licence output) lists. */
export function licensedPackages(licenses: string): Set<string> {
  const names = new Set<string>()
  const lines = licenses.split('\n')
  // Each entry is "name\nLICENSE-ID\n<text>", entries separated by a blank line.
  for (let i = 0; i < lines.length; i++) {
    if ((i === 0 || lines[i - 1] === '') && /^(@[\w.-]+\/)?[\w.-]+$/.test(lines[i]!)) {
      names.add(lines[i]!)
    }
  }
  return names
}

/** Everything wrong with releasing this tree; empty when it is fine. */
export function checkReleaseTree(tree: ReleaseTree): string[] {
  const problems: string[] = []
  const present = new Set(tree.files.map((f) => f.path))
  const actionYml = tree.read('action.yml')
  const runs = actionYml === undefined ? { files: [], problems: [] } : runsFiles(actionYml)
  problems.push(...runs.problems)
  for (const file of [...REQUIRED_FILES, ...runs.files]) {
    if (!present.has(file)) problems.push(`${file} is missing`)
  }
  for (const file of tree.files) {
    for (const { pattern, why } of FORBIDDEN) {
      if (pattern.test(file.path)) problems.push(`${file.path} must not ship: ${why}`)
    }
    if (file.size > MAX_FILE_BYTES) {
      problems.push(`${file.path} is ${(file.size / 1048576).toFixed(1)} MB, over the 10 MB limit`)
    }
  }
  const licenses = tree.read('dist/licenses.txt')
  const pkg = tree.read('package.json')
  if (licenses !== undefined && pkg !== undefined) {
    const listed = licensedPackages(licenses)
    const deps = Object.keys(
      (JSON.parse(pkg) as { dependencies?: Record<string, string> }).dependencies ?? {}
    )
    for (const dep of deps) {
      if (tree.importedBySources(dep) && !listed.has(dep)) {
        problems.push(
          `dist/licenses.txt does not name ${dep}, which the sources import: run npm run package`
        )
      }
    }
  }
  return problems
}

/** The listing: the files the runner needs one by one, the rest per top folder. */
export function formatListing(tree: ReleaseTree): string[] {
  const actionYml = tree.read('action.yml')
  const runtime = new Set([
    ...REQUIRED_FILES,
    ...(actionYml ? runsFiles(actionYml).files : []),
    ...tree.files.filter((f) => f.path.startsWith('dist/')).map((f) => f.path)
  ])
  const kb = (bytes: number): string => `${(bytes / 1024).toFixed(1).padStart(9)} kB`
  const lines = ['What the runner uses:']
  const others = new Map<string, { count: number; bytes: number }>()
  let total = 0
  for (const file of tree.files) {
    total += file.size
    if (runtime.has(file.path)) {
      lines.push(`${kb(file.size)}  ${file.path}`)
    } else {
      const top = file.path.includes('/') ? `${file.path.split('/')[0]}/` : '(top level)'
      const entry = others.get(top) ?? { count: 0, bytes: 0 }
      entry.count += 1
      entry.bytes += file.size
      others.set(top, entry)
    }
  }
  lines.push('Also in the tree (sources, tests, docs, examples):')
  for (const [top, { count, bytes }] of [...others].sort(([a], [b]) => a.localeCompare(b))) {
    lines.push(`${kb(bytes)}  ${top} (${count} file${count === 1 ? '' : 's'})`)
  }
  lines.push(`${kb(total)}  total, ${tree.files.length} files`)
  return lines
}

function git(args: string[]): string {
  return execFileSync('git', args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 })
}

/** The committed tree at `ref` in the repository of the current directory. */
export function gitTree(ref: string): ReleaseTree {
  const files: TreeFile[] = []
  for (const entry of git(['ls-tree', '-r', '-l', '-z', ref]).split('\0')) {
    // "<mode> <type> <object> <size>\t<path>"; submodules have size "-".
    const match = /^\d+ (\w+) [0-9a-f]+ +(\d+|-)\t(.+)$/s.exec(entry)
    if (match && match[1] === 'blob') files.push({ path: match[3]!, size: Number(match[2]) })
  }
  const present = new Set(files.map((f) => f.path))
  return {
    files,
    read: (path) => (present.has(path) ? git(['show', `${ref}:${path}`]) : undefined),
    importedBySources: (pkg) => {
      try {
        git(['grep', '-q', '-E', `from '${pkg.replace(/[.]/g, '\\.')}(/[^']*)?'`, ref, '--', 'src'])
        return true
      } catch {
        return false // git grep exits 1 when nothing matches
      }
    }
  }
}

function main(argv: string[]): number {
  let ref = 'HEAD'
  let quiet = false
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--ref' && argv[i + 1]) ref = argv[++i]!
    else if (argv[i] === '--quiet') quiet = true
    else {
      console.error(`release-files: unknown argument ${argv[i]} (use --ref REF, --quiet)`)
      return 2
    }
  }
  const commit = git(['rev-parse', '--verify', '--quiet', `${ref}^{commit}`]).trim()
  const tree = gitTree(commit)
  if (!quiet) {
    console.log(`release-files: ${ref} (${commit.slice(0, 12)}) ships the committed tree:`)
    for (const line of formatListing(tree)) console.log(`  ${line}`)
  }
  const problems = checkReleaseTree(tree)
  for (const problem of problems) console.error(`release-files: ${problem}`)
  if (problems.length > 0) return 1
  console.log(`release-files: ${ref} is releasable (${tree.files.length} files)`)
  return 0
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  try {
    process.exitCode = main(process.argv.slice(2))
  } catch (error) {
    console.error(`release-files: ${error instanceof Error ? error.message : String(error)}`)
    process.exitCode = 1
  }
}
