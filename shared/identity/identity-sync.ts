/**
 * The identity-sync outbox: a change of a user that Cognito must follow (create,
 * disable and sign out, enable, delete) is an item written in the same
 * transaction as the change. The table's stream hands it to the identity-sync
 * consumer, which applies it until Cognito accepts, so the domain state and the
 * user pool converge even when Cognito is down at the time of the change.
 */
import { randomUUID } from 'node:crypto';
import { keys } from '../storage/keys.js';
import type { Transaction } from '../storage/transaction.js';

/** What Cognito must do, in this order. */
export type IdentityAction = 'create' | 'disable' | 'signOut' | 'enable' | 'delete';

export interface IdentitySyncRequest {
  id: string;
  tenantId: string;
  userId: string;
  userPoolId: string;
  cognitoUsername: string;
  /** For `create`: the email attribute of the new Cognito user. */
  email?: string;
  actions: IdentityAction[];
  createdAt: string;
  /** `failed`: Cognito refused it for good (logged as an error; see `results`). */
  status: 'pending' | 'done' | 'failed';
  attempts: number;
  doneAt?: string;
}

export const IDENTITY_SYNC_ENTITY = 'identitySync';

/** Done items are kept a week for inspection, then TTL removes them. */
export const DONE_RETENTION_SECONDS = 7 * 86_400;

export function identitySyncItem(request: IdentitySyncRequest) {
  const pending = request.status === 'pending' ? { GSI1PK: keys.gsiPendingIdentitySync, GSI1SK: `${request.createdAt}#${request.id}` } : {};
  return { ...keys.identitySync(request.id), entity: IDENTITY_SYNC_ENTITY, ...request, ...pending };
}

/** Adds a sync request to the change's transaction. */
export function enqueueIdentitySync(
  tx: Transaction,
  input: Pick<IdentitySyncRequest, 'tenantId' | 'userId' | 'userPoolId' | 'cognitoUsername' | 'email' | 'actions'>,
): IdentitySyncRequest {
  const request: IdentitySyncRequest = {
    ...input,
    id: randomUUID(),
    createdAt: new Date().toISOString(),
    status: 'pending',
    attempts: 0,
  };
  tx.put(identitySyncItem(request));
  return request;
}

/** Epoch seconds for the TTL attribute (`expiresAtEpoch`) of a done item. */
export const doneExpiryEpoch = (now = Date.now()): number => Math.floor(now / 1000) + DONE_RETENTION_SECONDS;
