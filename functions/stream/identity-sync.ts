/** Stream consumer: applies identity-sync items to Cognito (see shared/identity/apply-identity-sync.ts). */
import type { DynamoDBStreamEvent } from 'aws-lambda';
import { applyIdentitySync } from '../../shared/identity/apply-identity-sync.js';
import type { IdentitySyncRequest } from '../../shared/identity/identity-sync.js';
import { keys } from '../../shared/storage/keys.js';
import { table } from '../../shared/storage/table.js';
import { processOutbox } from './outbox-batch.js';

export const handler = (event: DynamoDBStreamEvent) =>
  processOutbox(event, keys.identitySync('').PK, async (id) => {
    const request = await table().get<IdentitySyncRequest>(keys.identitySync(id));
    return request ? applyIdentitySync(table(), request) : 'missing';
  });
