/** Stream consumer: sends the mail outbox through SES (see shared/mail/deliver-mail.ts). */
import type { DynamoDBStreamEvent } from 'aws-lambda';
import { MAIL_OUTBOX } from '../../shared/mail/deliver-mail.js';
import { processOutbox } from './outbox-batch.js';

export const handler = (event: DynamoDBStreamEvent) => processOutbox(event, MAIL_OUTBOX);
