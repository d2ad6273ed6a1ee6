/**
 * Identity sync as an outbox kind: a change of a user that Cognito must follow
 * (create, disable and sign out, enable, delete) is an item written in the same
 * transaction as the change. The table's stream hands it to the identity-sync
 * consumer, which applies it until Cognito accepts, so the domain state and the
 * user pool converge even when Cognito is down at the time of the change.
 */
import { enqueueOutboxItem, type OutboxItem } from '../outbox/outbox-item.js';
import type { Transaction } from '../storage/transaction.js';
import * as z from '../validation/zod.js';

/** What Cognito must do, in this order. */
export const IDENTITY_ACTIONS = ['create', 'disable', 'signOut', 'enable', 'delete'] as const;
export type IdentityAction = (typeof IDENTITY_ACTIONS)[number];

/** The identity-sync kind's own fields of an outbox item. */
export const IdentitySyncFieldsSchema = z.object({
  userId: z.string(),
  userPoolId: z.string(),
  cognitoUsername: z.string(),
  /** For `create`: the email attribute of the new Cognito user. */
  email: z.optional(z.string()),
  actions: z.array(z.enum(IDENTITY_ACTIONS)),
});

export type IdentitySyncRequest = OutboxItem & z.infer<typeof IdentitySyncFieldsSchema>;

/** Done items are kept a week for inspection, then TTL removes them. */
export const DONE_RETENTION_SECONDS = 7 * 86_400;

/** Adds a sync request to the change's transaction. */
export function enqueueIdentitySync(
  tx: Transaction,
  input: { tenantId: string; userId: string; userPoolId: string; cognitoUsername: string; email?: string; actions: IdentityAction[] },
): IdentitySyncRequest {
  return enqueueOutboxItem(tx, 'identitySync', input);
}
