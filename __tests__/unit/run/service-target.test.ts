import { describe, expect, it } from '@jest/globals'
import { serviceTargetOf } from '../../../src/run/service.js'
import type { PreviewPlan } from '../../../src/preview/preview.js'
import type { FollowedTarget } from '../../../src/schedule/targets.js'

const web = { serviceName: 'web', taskDefinition: 'arn:td/web:7' }
/** Only what serviceTargetOf reads of a preview plan. */
const preview = (exists: boolean): PreviewPlan =>
  ({ serviceName: 'web-pr-12', exists }) as Partial<PreviewPlan> as PreviewPlan

describe('serviceTargetOf', () => {
  it('deploys to the service as validation found it', () => {
    const scheduledTasks: FollowedTarget[] = [
      {
        kind: 'rule',
        id: 'rule/nightly',
        rule: 'nightly',
        target: { Id: 'ecs', Arn: 'arn:cluster/prod' },
        taskDefinitionArn: 'arn:td/web:7'
      }
    ]
    expect(
      serviceTargetOf(
        { targetService: web, previousTaskDefinitionArn: 'arn:td/web:7', scheduledTasks },
        'web'
      )
    ).toEqual({
      name: 'web',
      before: web,
      previousTaskDefinitionArn: 'arn:td/web:7',
      createPreview: undefined,
      codeDeploy: undefined,
      scheduledTasks
    })
  })

  it('creates a preview that does not exist yet, and updates one that does', () => {
    expect(serviceTargetOf({ preview: preview(false) }, 'web-pr-12').createPreview).toEqual(
      preview(false)
    )
    expect(
      serviceTargetOf({ preview: preview(true), targetService: web }, 'web-pr-12').createPreview
    ).toBeUndefined()
  })
})
