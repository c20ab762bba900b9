import { describe, expect, it } from '@jest/globals'
import { ANSI_STYLE, RunnerLogView } from '../../../script/runner-log.js'

function render(text: string, view = new RunnerLogView()): string[] {
  return [...view.push(text), ...view.flush()]
}

describe('RunnerLogView', () => {
  it('shows groups as headed, indented blocks and plain lines as they are', () => {
    expect(
      render('before\n::group::Validate\nService web is ACTIVE.\n::endgroup::\nValidate: 61ms\n')
    ).toEqual(['before', '▸ Validate', '  Service web is ACTIVE.', 'Validate: 61ms'])
  })

  it("turns annotations into the runner's Error/Warning/Notice lines, multi-line messages unescaped", () => {
    expect(
      render('::error::Deployment failed%0Asee above\n::warning title=x::slow\n::notice::skipped\n')
    ).toEqual(['Error: Deployment failed', 'see above', 'Warning: slow', 'Notice: skipped'])
  })

  it('hides debug lines unless step debugging is on', () => {
    expect(render('::debug::Inputs: {}\nshown\n')).toEqual(['shown'])
    expect(render('::debug::Inputs: {}\n', new RunnerLogView({ debug: true }))).toEqual([
      '##[debug]Inputs: {}'
    ])
  })

  it('masks a value from its add-mask on, not before, and prints no silent command', () => {
    expect(
      render(
        'token hunter2\n::add-mask::hunter2\ntoken hunter2\n::error::bad hunter2\n::save-state name=x::1\n'
      )
    ).toEqual(['token hunter2', 'token ***', 'Error: bad ***'])
  })

  it('joins lines split across chunks and renders only complete lines until flushed', () => {
    const view = new RunnerLogView()
    expect(view.push('::gro')).toEqual([])
    expect(view.push('up::Image\nBuil')).toEqual(['▸ Image'])
    expect(view.push('ding…\r\n')).toEqual(['  Building…'])
    expect(view.push('no newline at the end')).toEqual([])
    expect(view.flush()).toEqual(['  no newline at the end'])
    expect(view.flush()).toEqual([])
  })

  it('prints commands it does not know as written, and indents everything when asked', () => {
    expect(render('::unknown-thing::x\n', new RunnerLogView({ indent: '> ' }))).toEqual([
      '> ::unknown-thing::x'
    ])
  })

  it('colours headings and annotations with the given style', () => {
    const [heading, error] = render(
      '::group::Watch\n::error::boom\n',
      new RunnerLogView({ style: ANSI_STYLE })
    )
    expect(heading).toBe('\x1b[1;36m▸ Watch\x1b[0m')
    expect(error).toBe('  \x1b[31mError: boom\x1b[0m')
  })
})
