/**
 * Hands one delivery to its own worker invocation (Lambda `Event` invocation:
 * queued by Lambda, run concurrently), so no endpoint waits behind another: a
 * tenant's endpoint that hangs for its full timeout holds one worker, never the
 * stream or another tenant's delivery. Locally the same call reaches the local
 * Lambda-invoke endpoint, which runs the worker in-process the same way.
 *
 * A dispatch that fails is only logged: the delivery stays due, and the retry
 * sweeper hands it out again within a minute.
 */
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { env } from '../config/env.js';
import { logger } from '../observability/logger.js';
import type { DeliveryRef } from './delivery.js';

let client: LambdaClient | undefined;

export async function dispatchDelivery(ref: DeliveryRef): Promise<boolean> {
  client ??= new LambdaClient({});
  try {
    await client.send(new InvokeCommand({ FunctionName: env().WEBHOOK_WORKER_FUNCTION, InvocationType: 'Event', Payload: Buffer.from(JSON.stringify(ref)) }));
    return true;
  } catch (error) {
    logger.warn('webhook dispatch failed; the retry sweeper will hand the delivery out again', { ...ref, error: error as Error });
    return false;
  }
}

/** Tests and the local stack point the client at another endpoint between runs. */
export function resetDispatchClientForTests(): void {
  client?.destroy();
  client = undefined;
}
