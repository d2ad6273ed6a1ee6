/**
 * Webhook delivery as `npm start` runs it, for one test file: the stream
 * poller feeding the real webhook consumer (this file's tenants only), the
 * worker behind a local Lambda-invoke endpoint that the dispatcher reaches
 * through `AWS_ENDPOINT_URL_LAMBDA`, and the retry sweeper on a short timer.
 * Retry delays are seconds, not hours (`WEBHOOK_RETRY_SCHEDULE`).
 */
import { startStreamPoller, type RunningStreamPoller } from '../../infra/local/stream-poller.js';
import { startWebhookWorkers, type LocalWebhookWorkers } from '../../infra/local/webhook-workers.js';
import { resetDispatchClientForTests } from '../../shared/webhooks/dispatch.js';
import { testDynamoDb } from '../support/dynamodb.js';
import { setTestEnvironment } from '../setup/process-env.js';
import { PREFIX_VARIABLE } from './webhook-consumer.js';

export interface WebhookStack {
  workers: LocalWebhookWorkers;
  poller: RunningStreamPoller;
  stop(): Promise<void>;
}

export async function startWebhookStack(options: { prefix: string; retrySchedule?: string; sweepIntervalMs?: number }): Promise<WebhookStack> {
  const workers = await startWebhookWorkers({ sweepIntervalMs: options.sweepIntervalMs ?? 250 });
  setTestEnvironment({
    [PREFIX_VARIABLE]: `${options.prefix}-`,
    AWS_ENDPOINT_URL_LAMBDA: workers.endpoint.url,
    WEBHOOK_RETRY_SCHEDULE: options.retrySchedule ?? '1,1,1,1,1',
  });
  const poller = startStreamPoller({
    endpoint: testDynamoDb().endpoint,
    streamArn: testDynamoDb().streamArn,
    consumers: [{ name: 'stream.webhooks', handler: 'test/webhooks/webhook-consumer.ts' }],
    pollIntervalMs: 100,
    retryDelay: { initialMs: 100, maxMs: 500 },
  });
  return {
    workers,
    poller,
    async stop() {
      await poller.stop();
      await workers.stop();
      resetDispatchClientForTests();
    },
  };
}
