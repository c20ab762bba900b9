import { ECSClient } from '@aws-sdk/client-ecs'
import { ECRClient } from '@aws-sdk/client-ecr'
import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs'
import { ElasticLoadBalancingV2Client } from '@aws-sdk/client-elastic-load-balancing-v2'
import type { CodeDeployClient } from '@aws-sdk/client-codedeploy'

/**
 * The one AWS client factory. Endpoints are left to the SDK so the standard
 * AWS_ENDPOINT_URL_<SERVICE> variables work; retries use the SDK's standard
 * mode (throttling and transient errors only) with a little more patience
 * than its default of 3 attempts, because ECS read quotas are shared by the
 * whole account. Clients are created on first use.
 */
export interface AwsClients {
  readonly ecs: ECSClient
  readonly ecr: ECRClient
  readonly logs: CloudWatchLogsClient
  readonly elb: ElasticLoadBalancingV2Client
  /** Loaded only for services with the CODE_DEPLOY controller. */
  codedeploy(): Promise<CodeDeployClient>
}

export const USER_AGENT = 'ecs-ship-action/0.1'

export function createAwsClients(region: string): AwsClients {
  const maxAttempts = Number(process.env['AWS_MAX_ATTEMPTS'] ?? '') || 6
  const options = { region, maxAttempts, customUserAgent: USER_AGENT }
  const cache = new Map<string, unknown>()
  function lazy<T>(key: string, make: () => T): T {
    if (!cache.has(key)) cache.set(key, make())
    return cache.get(key) as T
  }
  return {
    get ecs() {
      return lazy('ecs', () => new ECSClient(options))
    },
    get ecr() {
      return lazy('ecr', () => new ECRClient(options))
    },
    get logs() {
      return lazy('logs', () => new CloudWatchLogsClient(options))
    },
    get elb() {
      return lazy('elb', () => new ElasticLoadBalancingV2Client(options))
    },
    codedeploy() {
      return lazy('codedeploy', async () => {
        const { CodeDeployClient } = await import('@aws-sdk/client-codedeploy')
        return new CodeDeployClient(options)
      })
    }
  }
}
