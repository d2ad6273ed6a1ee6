/**
 * The real outbox consumers, restricted to this suite's tenants. Every test file
 * shares one table stream; without the filter this suite's poller would send
 * other files' mails to its SES emulator and other tenants' Cognito changes to
 * its cognito-local (whose pools they do not have).
 */
import type { DynamoDBStreamEvent } from 'aws-lambda';
import { handler as identitySync } from '../../functions/stream/identity-sync.js';
import { handler as mailer } from '../../functions/stream/mailer.js';

/** Each test file (its own worker process) sets the tenant-id prefix of its tenants here. */
export const PREFIX_VARIABLE = 'USERS_SUITE_TENANT_PREFIX';

function ours(event: DynamoDBStreamEvent): DynamoDBStreamEvent {
  const prefix = process.env[PREFIX_VARIABLE];
  if (!prefix) throw new Error(`${PREFIX_VARIABLE} is not set`);
  return { Records: event.Records.filter((r) => r.dynamodb?.NewImage?.tenantId?.S?.startsWith(prefix)) };
}

export const mailerHandler = (event: DynamoDBStreamEvent) => mailer(ours(event));
export const identitySyncHandler = (event: DynamoDBStreamEvent) => identitySync(ours(event));
