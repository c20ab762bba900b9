#!/usr/bin/env node
// Builds dist/ with @vercel/ncc: one ESM file, dist/index.js, plus
// dist/package.json {"type":"module"} so Node loads it as ESM whatever the
// action's own package.json says.
//
//   node script/package.mjs [--entry src/index.ts] [--out dist] [--quiet]
//
// Deterministic: dist/ is emptied first, no source map, no cache.
// dist/licenses.txt is ncc's collection of the bundled packages' licence
// texts (the third-party notices the bundle must carry), sorted by package. Two builds of the same tree give the same bytes; script/check-dist.sh
// relies on that.
//
// TypeScript goes through ncc's ts-loader with the nearest tsconfig.json (the
// project's: NodeNext, so ESM), which also type-checks everything that
// tsconfig includes. Not transpile-only on purpose: in that mode TypeScript
// cannot see package.json's "type" and emits CommonJS, which then fails to
// resolve the ESM-only @actions/* packages.
import { mkdir, rm, writeFile, readdir, stat, chmod } from 'node:fs/promises'
import { dirname, join, relative, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import ncc from '@vercel/ncc'

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..')

/** The third-party licence texts of every bundled package (ncc's `license` option). */
const LICENSES = 'licenses.txt'

/** Bundles over this size fail the build: something was pulled in by mistake. */
const MAX_BYTES = 4 * 1024 * 1024

function parseArgs(argv) {
  const opts = { entry: 'src/index.ts', out: 'dist', quiet: false }
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]
    const value = () => {
      const v = argv[++i]
      if (v === undefined) throw new Error(`${arg} needs a value`)
      return v
    }
    if (arg === '--entry') opts.entry = value()
    else if (arg === '--out') opts.out = value()
    else if (arg === '--quiet') opts.quiet = true
    else throw new Error(`unknown argument ${arg} (use --entry PATH, --out DIR, --quiet)`)
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

async function main() {
  const opts = parseArgs(process.argv.slice(2))
  const entry = resolve(root, opts.entry)
  const out = resolve(root, opts.out)
  const started = Date.now()

  await rm(out, { recursive: true, force: true })
  const { code, assets } = await ncc(entry, {
    esm: true,
    cache: false,
    minify: false,
    sourceMap: false,
    license: LICENSES,
    transpileOnly: false,
    target: 'es2022',
    quiet: true
  })

  // The notices must ship with the bundle: no licence file is a build failure.
  if (!assets?.[LICENSES]?.source?.length) throw new Error(`ncc wrote no ${LICENSES}`)
  await mkdir(out, { recursive: true })
  await writeFile(join(out, 'index.js'), code)
  for (const [name, asset] of Object.entries(assets ?? {})) {
    if (name === 'package.json') continue // ours below, with stable content and mode
    const file = join(out, name)
    await mkdir(dirname(file), { recursive: true })
    await writeFile(file, asset.source)
    if (asset.permissions) await chmod(file, asset.permissions)
  }
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
    console.log(`ncc: ${relative(root, entry)} -> ${relative(root, out)}/ (ESM)`)
    console.log(lines.join('\n'))
    console.log(`  ${(total / 1024).toFixed(0).padStart(6)} kB  total, ${Date.now() - started} ms`)
  }
  // One file is what we ship: ncc splits dynamic import() targets into
  // numbered chunks whose names can change from build to build, and assets
  // (native addons, data files) would have to be reviewed first.
  const extra = (await listFiles(out))
    .map((file) => relative(out, file))
    .filter((name) => !['index.js', 'package.json', LICENSES].includes(name))
  if (extra.length > 0) {
    throw new Error(
      `unexpected files in ${relative(root, out)}/: ${extra.join(', ')}. ` +
        'A dependency brought a dynamic import() or an asset; bundle it statically or review it.'
    )
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
