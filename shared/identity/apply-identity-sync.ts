/**
 * Applies one identity-sync request to Cognito, converging on the user's
 * current state rather than replaying history: items of one user may arrive out
 * of order on different stream shards, so `disable` is skipped for a user who is
 * active again and `enable` for one who is inactive again. A sign-out is always
 * applied (revoked sessions stay revoked). Completion is a conditional update, so
 * a redelivered item that is already done costs one read.
 */
import { retryUntilTheNextSweep, type OutboxHandler, type OutboxKind } from '../outbox/outbox-item.js';
import { parseStoredItem } from '../storage/stored-item.js';
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
import { DONE_RETENTION_SECONDS, IdentitySyncFieldsSchema, type IdentityAction } from './identity-sync.js';

/** Cognito errors that no retry can fix. Everything else (network, throttling, 5xx) is retried. */
const PERMANENT = new Set(['ResourceNotFoundException', 'InvalidParameterException', 'AliasExistsException', 'UnsupportedUserStateException']);
const isPermanent = (error: unknown) => PERMANENT.has((error as { name?: string })?.name ?? '');

/** The identity-sync kind's outbox handler. */
export const applyIdentitySync: OutboxHandler = async (table, item) => {
  const request = parseStoredItem(IdentitySyncFieldsSchema, item, 'identity-sync outbox item');
  const user = await new UserRepository(table).get(item.tenantId, request.userId);
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
    // Retrying cannot help (the pool is gone, Cognito refuses the input): recorded loudly by the outbox,
    // or one bad item would hold up every item behind it on the shard.
    if (isPermanent(error)) return { outcome: 'failed', error, results: { ...results, failed: String((error as Error)?.name ?? error) } };
    throw error;
  }
  if (results.signOut === 'unsupported') {
    logger.warn('Identity provider does not support AdminUserGlobalSignOut (cognito-local); sessions rely on the status check', {
      syncId: item.id,
    });
  }
  return { outcome: 'done', results };
};

export const IDENTITY_SYNC_OUTBOX = {
  name: 'identitySync',
  handle: applyIdentitySync,
  retry: { retryDelayMs: retryUntilTheNextSweep, retentionSeconds: DONE_RETENTION_SECONDS },
} as const satisfies OutboxKind;
