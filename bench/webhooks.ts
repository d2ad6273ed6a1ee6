/**
 * Webhook delivery on the local stack: throughput and end-to-end lag (change
 * committed → webhook received) over several runs, p50 and p99.
 *
 *   npm run bench:webhooks                  # 5 runs of 200 SCIM creates, 8 in flight
 *   npm run bench:webhooks -- --runs 3 --events 100 --concurrency 4
 *
 * What runs is what `npm start` runs, in this process: its own in-memory
 * DynamoDB Local, the real gateway, the stream poller feeding the real webhook
 * consumer, one worker invocation per delivery through the local Lambda-invoke
 * endpoint, and a receiver on 127.0.0.1 that verifies every signature with the
 * `standardwebhooks` package. Lag is measured from the audit event's time (set
 * in the transaction that commits the change) to the receiver's clock (the same
 * machine). On DynamoDB Local the stream is polled (100 ms here), so the lag
 * includes the poll interval; in AWS the event source mapping polls each shard
 * about four times a second.
 */
import { parseArgs } from 'node:util';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { ensureTable } from '../infra/local/create-table.js';
import { startDynamoDbLocal } from '../infra/local/dynamodb-local.js';
import { startGateway } from '../infra/local/gateway.js';
import { applyLocalEnv, LOCAL_CREDENTIALS, LOCAL_REGION } from '../infra/local/local-env.js';
import { startStreamPoller } from '../infra/local/stream-poller.js';
import { startWebhookWorkers } from '../infra/local/webhook-workers.js';
import { resetEnvForTests } from '../shared/config/env.js';
import { keys } from '../shared/storage/keys.js';
import { resetTableForTests, Table } from '../shared/storage/table.js';
import { resetDispatchClientForTests } from '../shared/webhooks/dispatch.js';
import { startReceiver } from '../test/support/webhook-receiver.js';
import { createTestTenant } from '../test/support/tenants.js';
import { adminClient, SCIM_USER, scimClient } from './harness/api-client.js';
import { machineInfo } from './harness/machine.js';
import { quantile } from './harness/stats.js';

const { values } = parseArgs({
  options: { runs: { type: 'string', default: '5' }, events: { type: 'string', default: '200' }, concurrency: { type: 'string', default: '8' } },
});
const RUNS = Number(values.runs);
const EVENTS = Number(values.events);
const CONCURRENCY = Number(values.concurrency);
const TABLE = 'provisioning-bench-webhooks';

async function main(): Promise<void> {
  const dynamodb = await startDynamoDbLocal();
  const stops: Array<() => Promise<unknown>> = [() => dynamodb.stop()];
  try {
    const admin = new DynamoDBClient({ endpoint: dynamodb.endpoint, region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS });
    const { streamArn } = await ensureTable(admin, TABLE);
    admin.destroy();
    const workers = await startWebhookWorkers({ sweepIntervalMs: 1_000 });
    stops.unshift(() => workers.stop());
    applyLocalEnv({
      tableName: TABLE,
      signingKey: 'bench-signing-key-0123456789abcdefghijklmnopqrstuvwxyz',
      publicApiUrl: 'http://127.0.0.1:3000',
      endpoints: { dynamodb: dynamodb.endpoint, lambda: workers.endpoint.url },
      logLevel: 'SILENT',
    });
    resetEnvForTests();
    resetTableForTests();
    resetDispatchClientForTests();
    const gateway = await startGateway({ port: 0 });
    stops.unshift(() => gateway.close());
    const poller = startStreamPoller({
      endpoint: dynamodb.endpoint,
      streamArn,
      consumers: [{ name: 'stream.webhooks', handler: 'functions/stream/webhooks.ts' }],
      pollIntervalMs: 100,
    });
    stops.unshift(() => poller.stop());
    const receiver = await startReceiver();
    stops.unshift(() => receiver.close());

    const tenant = await createTestTenant({ prefix: 'bench' });
    const created = await adminClient(gateway.url, tenant.adminToken).call<{ secret: string; data: { id: string } }>('POST', '/webhooks', {
      url: receiver.url,
      eventTypes: ['user.created'],
    });
    receiver.secrets = [created.body.secret];
    const scim = scimClient(gateway.url, tenant.tenantId, tenant.scimToken!);
    const table = new Table(TABLE);

    const lags: number[] = [];
    const perRun: Array<{ run: number; events: number; seconds: number; perSecond: number; p50: number; p99: number }> = [];
    for (let run = 1; run <= RUNS; run++) {
      const before = receiver.received.length;
      const started = Date.now();
      let next = 0;
      await Promise.all(
        Array.from({ length: CONCURRENCY }, async () => {
          while (next < EVENTS) {
            const i = next++;
            await scim.call('POST', '/Users', { schemas: [SCIM_USER], userName: `r${run}-u${i}@bench.example` }, [201]);
          }
        }),
      );
      await receiver.waitFor((m) => m.length - before >= EVENTS, 300_000);
      const messages = receiver.received.slice(before);
      const unverified = messages.filter((m) => m.verifiedBy !== 0).length;
      if (unverified > 0) throw new Error(`${unverified} messages failed signature verification`);
      const runLags = messages.map((m) => m.receivedAt - Date.parse(m.payload.timestamp));
      lags.push(...runLags);
      const seconds = (Math.max(...messages.map((m) => m.receivedAt)) - started) / 1000;
      perRun.push({ run, events: messages.length, seconds, perSecond: messages.length / seconds, p50: quantile(runLags, 0.5), p99: quantile(runLags, 0.99) });
    }
    const deliveries = await table.queryAll({
      KeyConditionExpression: 'PK = :pk',
      ExpressionAttributeValues: { ':pk': keys.webhookDeliveries(tenant.tenantId, created.body.data.id) },
      ProjectionExpression: 'SK',
    });

    const machine = machineInfo();
    const lines = [
      `# Webhook delivery (local stack)`,
      '',
      `Machine: ${JSON.stringify(machine)}`,
      `${RUNS} runs × ${EVENTS} SCIM user creates, ${CONCURRENCY} in flight; one endpoint subscribed to user.created; ${deliveries.length} delivery items counted after the runs.`,
      '',
      '| run | events | seconds (first request → last message) | deliveries/s | lag p50 ms | lag p99 ms |',
      '| --- | --- | --- | --- | --- | --- |',
      ...perRun.map((r) => `| ${r.run} | ${r.events} | ${r.seconds.toFixed(1)} | ${r.perSecond.toFixed(1)} | ${r.p50} | ${r.p99} |`),
      '',
      `All runs: lag p50 ${quantile(lags, 0.5)} ms, p99 ${quantile(lags, 0.99)} ms, max ${Math.max(...lags)} ms; throughput median ${quantile(
        perRun.map((r) => r.perSecond),
        0.5,
      ).toFixed(1)} deliveries/s.`,
    ];
    console.log(lines.join('\n'));
  } finally {
    for (const stop of stops) await stop().catch(() => {});
  }
}

void main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
