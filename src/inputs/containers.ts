import { quote } from '../util/errors.js'
import { isEcsName } from '../aws/arn.js'
import { MAX_TAG_LENGTH } from '../image/reference.js'
import * as path from 'node:path'
import type { ImageAssignment, ImageSource } from './config.js'

/**
 * `container-name` (one or several names) and `containers` (one image per
 * container: `name=image-reference` or `name=build:<context>[:<dockerfile>]`).
 * Pure: problems are appended, nothing is read.
 */

/** `container-name`: names separated by commas or newlines, duplicates dropped, order kept. */
export function parseContainerNames(raw: string, problems: string[]): string[] {
  const names: string[] = []
  for (const part of raw.split(/[\n,]/)) {
    const name = part.trim()
    if (name === '' || names.includes(name)) continue
    if (!isEcsName(name)) {
      problems.push(
        `\`container-name\`: ${quote(name)} is not a container name; names use letters, digits, - and _ (at most 255), several separated by commas.`
      )
      continue
    }
    names.push(name)
  }
  return names
}

/** One line of `containers`. */
export type ContainerLine =
  | { name: string; kind: 'image'; reference: string }
  | { name: string; kind: 'build'; context: string; dockerfile: string }

/** `containers`: one `name=image-reference` or `name=build:<context>[:<dockerfile>]` per line. */
export function parseContainerLines(
  raw: string,
  problems: string[],
  imageProblem: (reference: string) => string | undefined
): ContainerLine[] {
  const lines: ContainerLine[] = []
  const seen = new Map<string, number>()
  raw.split(/\r?\n/).forEach((rawLine, i) => {
    const lineNo = i + 1
    const text = rawLine.trim()
    if (text === '' || text.startsWith('#')) return
    const where = `\`containers\` line ${lineNo}`
    const eq = text.indexOf('=')
    if (eq < 0) {
      problems.push(
        `${where}: ${quote(text)} has no "="; write name=image-reference or name=build:<context>[:<dockerfile>].`
      )
      return
    }
    const name = text.slice(0, eq).trim()
    const value = text.slice(eq + 1).trim()
    if (!isEcsName(name)) {
      problems.push(`${where}: ${quote(name)} is not a container name (letters, digits, - and _).`)
      return
    }
    const first = seen.get(name)
    if (first !== undefined) {
      problems.push(`${where}: container ${name} already has an image on line ${first}; keep one.`)
      return
    }
    if (value.startsWith('build:')) {
      const spec = value.slice('build:'.length)
      const colon = spec.indexOf(':')
      const context = (colon < 0 ? spec : spec.slice(0, colon)).trim()
      const dockerfileRaw = colon < 0 ? '' : spec.slice(colon + 1).trim()
      if (context === '') {
        problems.push(`${where}: build: needs a context directory, e.g. ${name}=build:.`)
        return
      }
      const dockerfile = path.normalize(dockerfileRaw || path.join(context, 'Dockerfile'))
      lines.push({ name, kind: 'build', context: path.normalize(context), dockerfile })
      seen.set(name, lineNo)
      return
    }
    if (value === '') {
      problems.push(
        `${where}: no image for ${name}; write ${name}=<image-reference> or ${name}=build:<context>.`
      )
      return
    }
    const why = imageProblem(value)
    if (why !== undefined) {
      problems.push(`${where}: ${quote(value)} ${why}.`)
      return
    }
    lines.push({ name, kind: 'image', reference: value })
    seen.set(name, lineNo)
  })
  return lines
}

/**
 * Groups `containers` lines into one assignment per distinct image: each
 * distinct build (context + Dockerfile) is built once, every container that
 * names it gets it. A build is tagged `<tag>-<first container>` in the one
 * ECR repository, so builds never overwrite each other's tags.
 */
export function assignImages(
  lines: readonly ContainerLine[],
  build: Extract<ImageSource, { kind: 'build' }> | undefined,
  problems: string[]
): ImageAssignment[] {
  const assignments: ImageAssignment[] = []
  const byKey = new Map<string, ImageAssignment>()
  for (const line of lines) {
    const key =
      line.kind === 'build'
        ? `build\0${line.context}\0${line.dockerfile}`
        : `image\0${line.reference}`
    const existing = byKey.get(key)
    if (existing) {
      existing.containers.push(line.name)
      continue
    }
    let source: ImageSource
    if (line.kind === 'image') {
      source = { kind: 'existing', reference: line.reference }
    } else {
      if (!build) continue // the missing ecr-repository is reported by the caller
      const tags = build.tags.map((t) => `${t}-${line.name}`)
      for (const tag of tags) {
        if (tag.length > MAX_TAG_LENGTH) {
          problems.push(
            `\`containers\`: the tag ${tag} for ${line.name} is longer than ${MAX_TAG_LENGTH} characters; use shorter \`tags\` or container names.`
          )
        }
      }
      source = { ...build, context: line.context, dockerfile: line.dockerfile, tags }
    }
    const assignment: ImageAssignment = { containers: [line.name], source }
    byKey.set(key, assignment)
    assignments.push(assignment)
  }
  return assignments
}
