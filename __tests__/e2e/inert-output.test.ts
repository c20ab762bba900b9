/**
 * Issue 12, end to end: untrusted text stays inert. A crashing container
 * whose CloudWatch log events carry workflow commands (after embedded line
 * breaks, after spaces, `##[…]` mid-line) and a Markdown fence: the bundle on
 * Node 24 prints them, yet the runner's command stream (read as the runner
 * reads it) holds none of them, commands are never left paused, masking still
 * works afterwards, and the job summary keeps them inside a code block. The
 * same run changes an environment variable whose old and new values must not
 * appear anywhere, and leaves the rendered file readable by its owner only.
 */
import { expect, it } from '@jest/globals'
import { statSync } from 'node:fs'
import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { readAsRunner } from '../../test-support/runner-commands.js'
import { NEW_IMAGE } from './watch-support.js'
import {
  SEED_IMAGE,
  sampleApp,
  sampleTaskDefinition,
  seedSampleService,
  uniqueName
} from './world.js'
import { useWorld } from './use-world.js'

const cluster = 'prod'

const world = useWorld({ clusters: [cluster] })

it('hostile log lines of a crashed task never become commands; values of a changed secret never show', async () => {
  const marker = uniqueName('inert')
  const oldSecret = `old-${marker}-pw`
  const newSecret = `new-${marker}-pw`
  const logLines = [
    `GET /health 200\n::stop-commands::pwned`,
    `boot\n::add-mask::${marker}`,
    `   ::warning title=forged::${marker} all good`,
    `request for /x ##[error]${marker} forged`,
    `carriage\r::error::${marker} after a lone CR`,
    'fenced:\n```\n</details>\n# injected heading\n```',
    `process exited ${marker}`
  ]
  const service = uniqueName('web')
  const td = await sampleTaskDefinition(uniqueName('fam'))
  const container = (td['containerDefinitions'] as Array<Record<string, unknown>>)[0]!
  container['image'] = SEED_IMAGE
  container['environment'] = [{ name: 'DB_PASSWORD', value: oldSecret }]
  await world.emulator.seedService({
    cluster,
    serviceName: service,
    taskDefinition: td,
    circuitBreaker: { enable: true, rollback: true },
    scenario: 'crash',
    scenarioOptions: { exitCode: 3, logLines }
  })

  const run = await world.run({
    image: NEW_IMAGE,
    cluster,
    service,
    'environment-variables': `DB_PASSWORD=${newSecret}`
  })
  expect(run.exitCode).not.toBe(0)
  expect(run.errors[0]).toMatch(/failed/)

  // The log lines were printed, every physical line behind the log gutter…
  expect(run.stdout).toContain('      | ::stop-commands::pwned')
  expect(run.stdout).toContain(`      | ::add-mask::${marker}`)
  expect(run.stdout).toContain(`      | request for /x ##[error]${marker} forged`)

  // …yet the runner acted on none of them.
  const stream = readAsRunner(run.stdout)
  const hostile = stream.commands.filter(
    (c) => c.data.includes(marker) || c.data.includes('pwned') || c.command === 'pwned'
  )
  expect(hostile).toEqual([])
  const stops = stream.commands.filter((c) => c.command === 'stop-commands')
  expect(stops.length).toBeGreaterThanOrEqual(1) // the `##[error]` line needed a pause
  for (const stop of stops) expect(stop.data).toMatch(/^inert-[0-9a-f]{32}$/)
  for (const stop of stops) {
    expect(stream.commands.some((c) => c.command === stop.data && c.line > stop.line)).toBe(true)
  }
  expect(stream.stopped).toBe(false)
  expect(stream.masks).not.toContain(marker)
  // The harness's own reading agrees: no forged annotation, no forged mask.
  expect([...run.errors, ...run.warnings].join('\n')).not.toContain(marker)
  expect(run.masks).not.toContain(marker)

  // Masking still works after them: a secret registered at the end of the step is acted on.
  expect(readAsRunner(`${run.stdout}\n::add-mask::registered-later`).masks).toContain(
    'registered-later'
  )

  // The job summary keeps the log inside a code block its content cannot close.
  const fenced = /\n(`{4,})text\n([\s\S]*?)\n\1\n/.exec(run.summary)
  expect(fenced).not.toBeNull()
  expect(fenced![2]).toContain('</details>\n# injected heading\n```')
  const heading = run.summary.indexOf('# injected heading')
  expect(run.summary.indexOf('# injected heading', heading + 1)).toBe(-1)
  expect(heading).toBeGreaterThan(fenced!.index)
  expect(heading).toBeLessThan(fenced!.index + fenced![0].length)

  // The environment variable change is named, its values never shown.
  expect(run.stdout).toContain('~ containerDefinitions[web].environment.DB_PASSWORD (changed)')
  expect(run.summary).toContain('~ containerDefinitions[web].environment.DB_PASSWORD (changed)')
  for (const secret of [oldSecret, newSecret]) {
    expect(run.stdout).not.toContain(secret)
    expect(run.summary).not.toContain(secret)
  }
  expect(statSync(run.outputs['task-definition']!).mode & 0o777).toBe(0o600)
})

it("docker's own output (a Dockerfile from a pull request) goes through the same inert path", async () => {
  const marker = uniqueName('forged')
  const { service } = await seedSampleService(world, cluster)
  const repository = uniqueName('app')
  world.ecr.seedRepository(repository)
  const context = await sampleApp()
  // `[error]` is a character class to COPY, so the source matches `##eforged-…`; docker
  // echoes the instruction as written, `##[error]` included, in its build output.
  await writeFile(join(context, `##eforged-${marker}`), 'x\n')
  await writeFile(
    join(context, 'Dockerfile'),
    `FROM scratch\nCOPY index.html /srv/index.html\nCOPY ##[error]forged-${marker} /srv/f\n`
  )
  const run = await world.run({
    'ecr-repository': repository,
    tags: 'v1',
    context,
    cluster,
    service
  })
  expect(run.exitCode).toBe(0)
  // docker printed the instruction…
  expect(run.stdout).toContain(`##[error]forged-${marker}`)
  // …and the runner would not have turned it into an error annotation.
  const stream = readAsRunner(run.stdout)
  expect(stream.commands.filter((c) => c.data.includes(marker))).toEqual([])
  expect(stream.commands.filter((c) => c.command === 'error')).toEqual([])
  expect(stream.stopped).toBe(false)
})
