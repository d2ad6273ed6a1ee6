/**
 * One attempt at one delivery: what the worker function runs. It takes the
 * delivery's lease (so a sweeper and a dispatch racing for it send once), signs
 * the stored body with every live secret of the endpoint, sends it through the
 * SSRF-safe client, and records the attempt: delivered, due again after the
 * next backoff, or given up. An event delivery that exhausts the schedule turns
 * its endpoint off and mails the tenant's admins (./disable-endpoint.ts); a
 * test or an admin's redelivery gets one attempt and never turns anything off.
 */
import { env } from '../config/env.js';
import { logger } from '../observability/logger.js';
import type { Table } from '../storage/table.js';
import { claimDelivery, settleDelivery, type Attempt, type Delivery, type DeliveryRef, type Next } from './delivery.js';
import { disableFailingEndpoint } from './disable-endpoint.js';
import { retryDelayMs } from './retry-schedule.js';
import { sendWebhook, type SendOptions, type SendResult } from './safe-request.js';
import { openSecret } from './secret-box.js';
import { webhookHeaders } from './signature.js';
import { endpointFromItem, liveSecrets } from './webhook-endpoint.js';
import { keys } from '../storage/keys.js';

export type AttemptOutcome = 'delivered' | 'retry-scheduled' | 'failed' | 'not-due';

export interface AttemptOptions {
  now?: () => Date;
  /** Overrides for the sender (tests: a resolver stub, a shorter timeout). */
  send?: Partial<SendOptions>;
}

export async function attemptDelivery(table: Table, ref: DeliveryRef, options: AttemptOptions = {}): Promise<AttemptOutcome> {
  const now = options.now ?? (() => new Date());
  const leased = await claimDelivery(table, ref, now());
  if (!leased) return 'not-due';
  const item = await table.get(keys.webhookEndpoint(ref.tenantId, ref.endpointId));
  if (!item) return settle(table, leased, undefined, { status: 'failed', reason: 'the endpoint was deleted' });
  const endpoint = endpointFromItem(item);
  if (!endpoint.enabled && leased.kind === 'event') return settle(table, leased, undefined, { status: 'failed', reason: 'the endpoint is turned off' });

  const context = { tenantId: endpoint.tenantId, endpointId: endpoint.id };
  const secrets = await Promise.all(liveSecrets(endpoint, now()).map((s) => openSecret(s.sealed, context)));
  const timestamp = Math.floor(now().getTime() / 1000);
  const headers = webhookHeaders(secrets, leased.eventId, timestamp, leased.body);
  const startedAt = now().toISOString();
  const result = await sendWebhook(endpoint.url, headers, leased.body, {
    allowLoopback: env().WEBHOOK_ALLOW_LOOPBACK === 'true',
    ...options.send,
  });
  const attempt = attemptOf(startedAt, result);
  if (result.outcome === 'delivered') return settle(table, leased, attempt, { status: 'delivered' });
  if (leased.kind !== 'event') return settle(table, leased, attempt, { status: 'failed', reason: result.error ?? 'failed' });

  const attemptNumber = leased.attemptCount + 1;
  const delay = retryDelayMs(attemptNumber);
  if (delay !== undefined) {
    return settle(table, leased, attempt, { status: 'pending', at: new Date(now().getTime() + delay).toISOString() });
  }
  const outcome = await settle(table, leased, attempt, { status: 'failed', reason: `gave up after ${attemptNumber} attempts` });
  await disableFailingEndpoint(table, { endpoint, attempts: attemptNumber, lastError: result.error ?? 'failed' });
  return outcome;
}

function attemptOf(at: string, result: SendResult): Attempt {
  const attempt: Attempt = { at, outcome: result.outcome, latencyMs: result.latencyMs };
  if (result.statusCode !== undefined) attempt.statusCode = result.statusCode;
  if (result.responseExcerpt !== undefined) attempt.responseExcerpt = result.responseExcerpt;
  if (result.error !== undefined) attempt.error = result.error;
  return attempt;
}

async function settle(table: Table, leased: Delivery, attempt: Attempt | undefined, next: Next): Promise<AttemptOutcome> {
  await settleDelivery(table, leased, attempt, next);
  logger.info('webhook delivery attempt', {
    tenantId: leased.tenantId,
    endpointId: leased.endpointId,
    deliveryId: leased.id,
    status: next.status,
    statusCode: attempt?.statusCode,
    latencyMs: attempt?.latencyMs,
  });
  return next.status === 'delivered' ? 'delivered' : next.status === 'pending' ? 'retry-scheduled' : 'failed';
}
