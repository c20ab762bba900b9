#!/usr/bin/env node
// Builds dist/ with @vercel/ncc, one ESM bundle per entry of ENTRIES:
//
//   dist/index.js        the main step (src/index.ts), plus dist/<id>.index.js
//                        chunks: code the common path does not need (previews,
//                        the ELBv2 and CloudWatch Logs clients, the GitHub API),
//                        loaded by import() when a run needs it
//   dist/post/index.js   the post step (src/post-entry.ts): no AWS SDK, no chunks
//   dist/package.json    {"type":"module"}, so Node loads every .js below it as
//                        ESM whatever the action's own package.json says
//   dist/licenses.txt    the licence text of every package bundled into any file
//                        of dist/ (the third-party notices the bundle must carry),
//                        collected here from webpack's module list: ncc's own
//                        `license` option keeps only the last chunk's list
//
//   node script/package.mjs [--out dist] [--quiet]
//
// Deterministic: dist/ is emptied first, no source map, no
// cache, and webpack names chunks by a hash of their modules' paths. Two
// builds of the same tree give the same files and bytes; script/check-dist.sh
// relies on that.
//
// TypeScript goes through ncc's ts-loader with the nearest tsconfig.json (the
// project's: NodeNext, so ESM), which also type-checks everything that
// tsconfig includes. Not transpile-only on purpose: in that mode TypeScript
// cannot see package.json's "type" and emits CommonJS, which then fails to
// resolve the ESM-only @actions/* packages.
import { mkdir, rm, writeFile, readdir, readFile, stat, chmod } from 'node:fs/promises'
import { dirname, join, relative, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import ncc from '@vercel/ncc'

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..')

/** The third-party notices: every bundled package's licence text. */
const LICENSES = 'licenses.txt'
const LICENSE_FILES = /^(licen[cs]e|copying)(\.(md|txt))?$/i

/** What dist/ ships: each entry bundled on its own into `dir` (relative to dist/). */
const ENTRIES = [
  { name: 'main', entry: 'src/index.ts', dir: '.', chunks: true },
  // The post step must start fast: a chunk here would mean a dependency crept in.
  { name: 'post', entry: 'src/post-entry.ts', dir: 'post', chunks: false }
]

/**
 * dist/ over this size fails the build: something was pulled in by mistake.
 * Most of it is chunks loaded only by the runs that need them (one AWS client
 * each for previews, logs, CodeDeploy, EventBridge, Scheduler).
 */
const MAX_BYTES = 6 * 1024 * 1024

/** The chunks ncc writes for dynamic import()s: `<webpack chunk id>.index.js`. */
const CHUNK = /^\d+\.index\.js$/

function parseArgs(argv) {
  const opts = { out: 'dist', quiet: false }
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]
    const value = () => {
      const v = argv[++i]
      if (v === undefined) throw new Error(`${arg} needs a value`)
      return v
    }
    if (arg === '--out') opts.out = value()
    else if (arg === '--quiet') opts.quiet = true
    else throw new Error(`unknown argument ${arg} (use --out DIR, --quiet)`)
  }
  return opts
}

async function listFiles(dir) {
  const out = []
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const full = join(dir, entry.name)
    if (entry.isDirectory()) out.push(...(await listFiles(full)))
    else out.push(full)
  }
  return out.sort()
}

/**
 * One entry through ncc, written to `dir`; returns the directories of the
 * packages it bundles, chunks included (their notices are written once for
 * all of dist/ by main).
 */
async function bundle(entry, dir) {
  const { code, assets, stats } = await ncc(resolve(root, entry.entry), {
    esm: true,
    cache: false,
    minify: false,
    sourceMap: false,
    transpileOnly: false,
    target: 'es2022',
    quiet: true
  })
  await mkdir(dir, { recursive: true })
  await writeFile(join(dir, 'index.js'), code)
  for (const [name, asset] of Object.entries(assets ?? {})) {
    if (name === 'package.json') continue // ours, once for all of dist/
    // Chunks are code we wrote or reviewed dependencies split off by import();
    // anything else (native addons, data files) must be reviewed first.
    if (!entry.chunks || !CHUNK.test(name)) {
      throw new Error(
        `${entry.entry} brought ${name} into ${relative(root, dir) || '.'}/: ` +
          (CHUNK.test(name)
            ? 'this entry must be one file; import it statically or drop the import().'
            : 'a dependency brought an asset; bundle it statically or review it.')
      )
    }
    const file = join(dir, name)
    await writeFile(file, asset.source)
    if (asset.permissions) await chmod(file, asset.permissions)
  }
  return bundledPackageDirs(stats)
}

/** `…/node_modules/<name or @scope/name>` of every module webpack bundled. */
function bundledPackageDirs(stats) {
  const dirs = new Set()
  for (const module of stats.compilation.modules) {
    const file = module.resource?.split('?')[0]
    const at = file?.lastIndexOf('/node_modules/') ?? -1
    if (at < 0) continue
    const parts = file.slice(at + '/node_modules/'.length).split('/')
    const name = parts[0].startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0]
    dirs.add(`${file.slice(0, at)}/node_modules/${name}`)
  }
  return dirs
}

/** `name`, licence id, licence text, for each package; sorted by name, one block each. */
async function notices(dirs) {
  const blocks = new Map()
  for (const dir of dirs) {
    const pkg = JSON.parse(await readFile(join(dir, 'package.json'), 'utf8'))
    if (blocks.has(pkg.name)) continue
    const file = (await readdir(dir)).sort().find((name) => LICENSE_FILES.test(name))
    const license = typeof pkg.license === 'string' ? pkg.license : ''
    if (!file && !license)
      throw new Error(`${pkg.name} (${dir}) states no licence: review it first`)
    // A few packages (some @aws-sdk/*) state their licence in package.json only.
    const text = file
      ? (await readFile(join(dir, file), 'utf8')).trim()
      : `(the package ships no licence text; package.json states ${license})`
    blocks.set(pkg.name, `${pkg.name}\n${license || 'see below'}\n${text}\n`)
  }
  return [...blocks.keys()]
    .sort()
    .map((name) => blocks.get(name))
    .join('\n')
}

async function main() {
  const opts = parseArgs(process.argv.slice(2))
  const out = resolve(root, opts.out)
  const started = Date.now()

  await rm(out, { recursive: true, force: true })
  await mkdir(out, { recursive: true })
  // One entry after the other: ncc's webpack is not meant to run twice at once.
  const packages = new Set()
  for (const entry of ENTRIES) {
    for (const dir of await bundle(entry, join(out, entry.dir))) packages.add(dir)
  }
  await writeFile(join(out, LICENSES), await notices(packages))
  // ESM output: make Node treat every .js in dist/ as a module.
  await writeFile(join(out, 'package.json'), '{ "type": "module" }\n')

  let total = 0
  const lines = []
  for (const file of await listFiles(out)) {
    const size = (await stat(file)).size
    total += size
    lines.push(`  ${(size / 1024).toFixed(0).padStart(6)} kB  ${relative(root, file)}`)
  }
  if (!opts.quiet) {
    console.log(`ncc: ${ENTRIES.map((e) => e.entry).join(', ')} -> ${relative(root, out)}/ (ESM)`)
    console.log(lines.join('\n'))
    console.log(`  ${(total / 1024).toFixed(0).padStart(6)} kB  total, ${Date.now() - started} ms`)
  }
  if (total > MAX_BYTES) {
    throw new Error(
      `bundle is ${(total / 1048576).toFixed(2)} MB, over the ${MAX_BYTES / 1048576} MB limit: ` +
        'a dependency was pulled in by mistake?'
    )
  }
}

main().catch((err) => {
  console.error(`package: ${err instanceof Error ? err.message : String(err)}`)
  process.exitCode = 1
})
