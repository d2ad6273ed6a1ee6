/** Stream consumer: applies identity-sync items to Cognito (see shared/identity/apply-identity-sync.ts). */
import type { DynamoDBStreamEvent } from 'aws-lambda';
import { IDENTITY_SYNC_OUTBOX } from '../../shared/identity/apply-identity-sync.js';
import { processOutbox } from './outbox-batch.js';

export const handler = (event: DynamoDBStreamEvent) => processOutbox(event, IDENTITY_SYNC_OUTBOX);
