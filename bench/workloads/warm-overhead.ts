/**
 * Benchmark 5: time a warm handler spends in our code (HTTP kit, auth logic,
 * zod validation, SCIM mapping, serialisation) on top of its DynamoDB calls.
 * The handler is invoked directly with a payload-2.0 event, as Lambda would, so
 * neither HTTP nor the gateway is in the figure; DynamoDB time is the union of
 * the intervals the document client's `send` was in flight (all SDK work counts
 * as DynamoDB time, not ours). The floor is that DynamoDB time.
 */
import { performance } from 'node:perf_hooks';
import type { APIGatewayProxyEventV2, APIGatewayProxyResultV2 } from 'aws-lambda';
import { API_FUNCTION_TIMEOUT_SECONDS } from '../../infra/function-settings.js';
import { invoke, loadHandler } from '../../infra/local/lambda-runtime.js';
import { routeByName } from '../../shared/http/route-table.js';
import type { DynamoMeter } from '../harness/dynamo-meter.js';
import { lambdaEvent } from '../harness/lambda-event.js';
import { summarize, type Summary } from '../harness/stats.js';
import type { SyncResult } from './initial-sync.js';

export interface WarmOverhead {
  name: string;
  samples: number;
  handlerMs: Summary;
  dynamoMs: Summary;
  overheadMs: Summary;
  /** Median overhead over median DynamoDB time. */
  ratioToDynamo: number;
  target: { text: string; met: boolean };
}

const WARMUP = 20;

export async function runWarmOverhead(options: { meter: DynamoMeter; synced: SyncResult; samples: number }): Promise<WarmOverhead[]> {
  const { synced } = options;
  const users = synced.directory.users;
  const getRoute = routeByName('scim.users.get')!;
  const listRoute = routeByName('scim.users.list')!;
  const base = { token: synced.scimToken };
  const cases = [
    {
      name: 'SCIM get user',
      route: getRoute,
      event: (s: number) => lambdaEvent({ ...base, route: getRoute, params: { tenantId: synced.tenantId, id: synced.userIds[(s * 7919) % users.length]! } }),
    },
    {
      name: 'SCIM filter userName eq',
      route: listRoute,
      event: (s: number) =>
        lambdaEvent({
          ...base,
          route: listRoute,
          params: { tenantId: synced.tenantId },
          query: `filter=${encodeURIComponent(`userName eq "${users[(s * 7919) % users.length]!.userName}"`)}`,
        }),
    },
  ];
  const results: WarmOverhead[] = [];
  for (const c of cases) {
    const handler = await loadHandler<APIGatewayProxyEventV2, APIGatewayProxyResultV2>(c.route.handler);
    const handlerMs: number[] = [];
    const dynamoMs: number[] = [];
    const overheadMs: number[] = [];
    for (let s = 0; s < WARMUP + options.samples; s++) {
      const event = c.event(s);
      const started = performance.now();
      const { result, totals } = await options.meter.measure(() => invoke(c.route.name, handler, event, API_FUNCTION_TIMEOUT_SECONDS));
      const elapsed = performance.now() - started;
      options.meter.reset();
      const status = typeof result === 'object' && result !== null && 'statusCode' in result ? result.statusCode : 200;
      if (status !== 200) throw new Error(`${c.name} answered ${status} during the warm benchmark`);
      if (s < WARMUP) continue;
      handlerMs.push(elapsed);
      dynamoMs.push(totals.busyMs);
      overheadMs.push(elapsed - totals.busyMs);
    }
    const overhead = summarize(overheadMs);
    const dynamo = summarize(dynamoMs);
    results.push({
      name: c.name,
      samples: options.samples,
      handlerMs: summarize(handlerMs),
      dynamoMs: dynamo,
      overheadMs: overhead,
      ratioToDynamo: overhead.median / dynamo.median,
      target: { text: 'median overhead < 1 ms', met: overhead.median < 1 },
    });
  }
  return results;
}
