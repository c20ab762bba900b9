import { describe, expect, it } from '@jest/globals'
import {
  consoleOrigin,
  logStreamUrl,
  serviceDeploymentsUrl,
  taskUrl
} from '../../../src/aws/console.js'

describe('AWS console links', () => {
  it.each([
    ['us-east-1', 'https://us-east-1.console.aws.amazon.com'],
    ['eu-west-1', 'https://eu-west-1.console.aws.amazon.com'],
    ['cn-north-1', 'https://console.amazonaws.cn'],
    ['cn-northwest-1', 'https://console.amazonaws.cn'],
    ['us-gov-west-1', 'https://console.amazonaws-us-gov.com'],
    ['us-gov-east-1', 'https://console.amazonaws-us-gov.com']
  ])('%s is served by %s', (region, origin) => {
    expect(consoleOrigin(region)).toBe(origin)
    expect(serviceDeploymentsUrl(region, 'prod', 'web')).toBe(
      `${origin}/ecs/v2/clusters/prod/services/web/deployments?region=${region}`
    )
  })

  it('links a task by id, in its cluster', () => {
    expect(taskUrl('cn-north-1', 'prod', '3dda851a22994ad59d9f69072d3cb750')).toBe(
      'https://console.amazonaws.cn/ecs/v2/clusters/prod/tasks/3dda851a22994ad59d9f69072d3cb750/configuration?region=cn-north-1'
    )
  })

  it('encodes log group and stream names the way the CloudWatch console does', () => {
    expect(logStreamUrl('us-gov-west-1', '/ecs/web', 'ecs/web/abc')).toBe(
      'https://console.amazonaws-us-gov.com/cloudwatch/home?region=us-gov-west-1#logsV2:log-groups/log-group/$252Fecs$252Fweb/log-events/ecs$252Fweb$252Fabc'
    )
  })

  it('keeps names from breaking out of their place in the URL', () => {
    const url = serviceDeploymentsUrl('eu-west-1', 'a/b?c', 'web#x y')
    expect(url).toBe(
      'https://eu-west-1.console.aws.amazon.com/ecs/v2/clusters/a%2Fb%3Fc/services/web%23x%20y/deployments?region=eu-west-1'
    )
  })
})
