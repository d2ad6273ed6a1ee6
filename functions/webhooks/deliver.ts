/**
 * The webhook worker: one asynchronous invocation per delivery attempt
 * (shared/webhooks/attempt-delivery.ts). Its input names a delivery and nothing
 * else; what is sent, where and with which secret is read from the table, so an
 * invocation can only hasten a delivery that is already due.
 */
import * as z from '../../shared/validation/zod.js';
import { table } from '../../shared/storage/table.js';
import { attemptDelivery } from '../../shared/webhooks/attempt-delivery.js';

const Id = z.string().check(z.minLength(1), z.maxLength(200));
const DeliveryRefInput = z.object({ tenantId: Id, endpointId: Id, deliveryId: Id });

export async function handler(event: unknown): Promise<{ outcome: string }> {
  const ref = DeliveryRefInput.parse(event);
  return { outcome: await attemptDelivery(table(), ref) };
}
