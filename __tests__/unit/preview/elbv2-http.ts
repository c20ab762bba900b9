/**
 * A minimal query-protocol front for the ELBv2 emulator in unit tests: what
 * server.ts does for it (form body in, `<XResponse><XResult>` out, AwsError
 * as an ErrorResponse), small enough to keep these tests independent of the
 * full emulator. Records the raw form bodies the SDK sends.
 */
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { ElasticLoadBalancingV2Client } from '@aws-sdk/client-elastic-load-balancing-v2'
import { AwsError, escapeXml } from '../../../test-support/emulator/protocol.js'
import { createElbv2Service, type Elbv2Service } from '../../../test-support/emulator/elbv2.js'

export interface Elbv2Http {
  url: string
  service: Elbv2Service
  client: ElasticLoadBalancingV2Client
  /** Raw request bodies, in order. */
  bodies: string[]
  close(): Promise<void>
}

export async function startElbv2Http(): Promise<Elbv2Http> {
  const service = createElbv2Service({ region: 'us-east-1', accountId: '123456789012' })
  const bodies: string[] = []
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8')
      bodies.push(body)
      const params = Object.fromEntries(new URLSearchParams(body))
      const action = params['Action'] ?? ''
      const requestId = `req-${bodies.length}`
      Promise.resolve()
        .then(() => {
          if (params['Version'] !== service.version) {
            throw new AwsError('InvalidAction', `Unknown version ${params['Version'] ?? ''}`)
          }
          if (
            !/^AWS4-HMAC-SHA256 Credential=[^/]+\/\d{8}\/us-east-1\/elasticloadbalancing\//.test(
              req.headers.authorization ?? ''
            )
          ) {
            throw new AwsError('InvalidSignatureException', 'bad signature scope', 403)
          }
          return service.handle(action, params)
        })
        .then(
          (inner) => {
            res.writeHead(200, { 'content-type': 'text/xml', 'x-amzn-requestid': requestId })
            res.end(
              `<${action}Response xmlns="${service.xmlns}"><${action}Result>${inner}</${action}Result><ResponseMetadata><RequestId>${requestId}</RequestId></ResponseMetadata></${action}Response>`
            )
          },
          (error: unknown) => {
            const e =
              error instanceof AwsError
                ? error
                : new AwsError('InternalFailure', String(error), 500)
            res.writeHead(e.status, { 'content-type': 'text/xml', 'x-amzn-requestid': requestId })
            res.end(
              `<ErrorResponse xmlns="${service.xmlns}"><Error><Type>${e.status >= 500 ? 'Receiver' : 'Sender'}</Type><Code>${e.code}</Code><Message>${escapeXml(e.message)}</Message></Error><RequestId>${requestId}</RequestId></ErrorResponse>`
            )
          }
        )
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  const client = new ElasticLoadBalancingV2Client({
    region: 'us-east-1',
    endpoint: url,
    credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' },
    maxAttempts: 1
  })
  return {
    url,
    service,
    client,
    bodies,
    close: async () => {
      client.destroy()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    }
  }
}
