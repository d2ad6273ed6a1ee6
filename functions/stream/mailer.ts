/** Stream consumer: sends the mail outbox through SES (see shared/mail/deliver-mail.ts). */
import type { DynamoDBStreamEvent } from 'aws-lambda';
import { deliverMail } from '../../shared/mail/deliver-mail.js';
import { keys } from '../../shared/storage/keys.js';
import { table } from '../../shared/storage/table.js';
import { processOutbox } from './outbox-batch.js';

export const handler = (event: DynamoDBStreamEvent) => processOutbox(event, keys.outbox('').PK, (id) => deliverMail(table(), id));
