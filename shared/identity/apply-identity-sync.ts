/**
 * Applies one identity-sync request to Cognito, converging on the user's
 * current state rather than replaying history: items of one user may arrive out
 * of order on different stream shards, so `disable` is skipped for a user who is
 * active again and `enable` for one who is inactive again. A sign-out is always
 * applied (revoked sessions stay revoked). Completion is a conditional update, so
 * a redelivered item that is already done costs one read.
 */
import { isConditionalCheckFailed } from '../storage/aws-errors.js';
import { keys } from '../storage/keys.js';
import { TTL_ATTRIBUTE } from '../storage/table-definition.js';
import type { Table } from '../storage/table.js';
import { UserRepository } from '../users/user-repository.js';
import { logger } from '../observability/logger.js';
import {
  createDirectoryUser,
  deleteDirectoryUser,
  disableDirectoryUser,
  enableDirectoryUser,
  signOutDirectoryUser,
  type CallOutcome,
} from './cognito-directory.js';
import { doneExpiryEpoch, type IdentityAction, type IdentitySyncRequest } from './identity-sync.js';

export type SyncOutcome = 'applied' | 'already-done' | 'failed';

/** Cognito errors that no retry can fix. Everything else (network, throttling, 5xx) is retried. */
const PERMANENT = new Set(['ResourceNotFoundException', 'InvalidParameterException', 'AliasExistsException', 'UnsupportedUserStateException']);
const isPermanent = (error: unknown) => PERMANENT.has((error as { name?: string })?.name ?? '');

export async function applyIdentitySync(table: Table, request: IdentitySyncRequest): Promise<SyncOutcome> {
  const stored = await table.get<IdentitySyncRequest>(keys.identitySync(request.id));
  if (!stored || stored.status !== 'pending') return 'already-done';
  const user = await new UserRepository(table).get(request.tenantId, request.userId);
  const sameIdentity = user?.cognitoUsername === request.cognitoUsername;
  const { userPoolId, cognitoUsername } = request;
  const results: Partial<Record<IdentityAction, CallOutcome | 'skipped'>> = {};
  try {
    for (const action of request.actions) {
      switch (action) {
        case 'create':
          results.create = user && sameIdentity ? await createDirectoryUser(userPoolId, cognitoUsername, request.email ?? user.email ?? '') : 'skipped';
          if (user && sameIdentity && !user.active) await disableDirectoryUser(userPoolId, cognitoUsername);
          break;
        case 'disable':
          results.disable = user?.active && sameIdentity ? 'skipped' : await disableDirectoryUser(userPoolId, cognitoUsername);
          break;
        case 'signOut':
          results.signOut = await signOutDirectoryUser(userPoolId, cognitoUsername);
          break;
        case 'enable':
          results.enable = user?.active && sameIdentity ? await enableDirectoryUser(userPoolId, cognitoUsername) : 'skipped';
          break;
        case 'delete':
          // A user re-created under the same Cognito name since must not lose their login.
          results.delete = user && sameIdentity ? 'skipped' : await deleteDirectoryUser(userPoolId, cognitoUsername);
          break;
      }
    }
  } catch (error) {
    if (isPermanent(error)) {
      // Retrying cannot help (the pool is gone, Cognito refuses the input): record it loudly and move on,
      // or one bad item would hold up every item behind it on the shard.
      logger.error('Identity sync failed permanently', { syncId: request.id, error: error as Error });
      await markDone(table, request.id, { ...results, failed: String((error as Error)?.name ?? error) }, 'failed');
      return 'failed';
    }
    await table.update({
      Key: keys.identitySync(request.id),
      UpdateExpression: 'ADD attempts :one SET lastError = :error',
      ConditionExpression: 'attribute_exists(PK)',
      ExpressionAttributeValues: { ':one': 1, ':error': String((error as Error)?.name ?? error) },
    });
    throw error;
  }
  if (results.signOut === 'unsupported') {
    logger.warn('Identity provider does not support AdminUserGlobalSignOut (cognito-local); sessions rely on the status check', {
      syncId: request.id,
    });
  }
  await markDone(table, request.id, results);
  return 'applied';
}

async function markDone(table: Table, id: string, results: Record<string, unknown>, status: 'done' | 'failed' = 'done'): Promise<void> {
  try {
    await table.update({
      Key: keys.identitySync(id),
      UpdateExpression: 'SET #s = :status, doneAt = :now, results = :results, #ttl = :ttl REMOVE GSI1PK, GSI1SK',
      ConditionExpression: '#s = :pending',
      ExpressionAttributeNames: { '#s': 'status', '#ttl': TTL_ATTRIBUTE },
      ExpressionAttributeValues: {
        ':status': status,
        ':pending': 'pending',
        ':now': new Date().toISOString(),
        ':results': results,
        ':ttl': doneExpiryEpoch(),
      },
    });
  } catch (error) {
    if (!isConditionalCheckFailed(error)) throw error;
  }
}
