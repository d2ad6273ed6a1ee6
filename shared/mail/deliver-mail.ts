/**
 * Sends one outbox mail through SES, at least once and almost always exactly
 * once: a mail already marked `sent` is skipped, and the mark is a conditional
 * update after SES accepted it. Only a crash between SES's answer and the mark
 * can send twice; losing a mail is worse than a duplicate. A failure is recorded
 * on the item and rethrown, so the stream redelivers (in AWS, up to the mapping's
 * retry limit, then the DLQ); a mail that can never go out is marked `failed`.
 */
import { isConditionalCheckFailed } from '../storage/aws-errors.js';
import { SendEmailCommand } from '@aws-sdk/client-ses';
import { env } from '../config/env.js';
import { keys } from '../storage/keys.js';
import { TTL_ATTRIBUTE } from '../storage/table-definition.js';
import type { Table } from '../storage/table.js';
import type { MailRequest } from './outbox.js';
import { logger } from '../observability/logger.js';
import { renderMail } from './render.js';
import { sesClient } from './ses-client.js';

/** Sent mails are kept a month for support questions ("did the invite go out?"), then TTL removes them. */
const SENT_RETENTION_SECONDS = 30 * 86_400;

export type DeliveryOutcome = 'sent' | 'already-sent' | 'missing' | 'failed';

/** SES answers that no retry can fix; anything else (outage, throttling) is retried. */
const PERMANENT = new Set(['MessageRejected', 'InvalidParameterValue', 'MailFromDomainNotVerifiedException']);

export async function deliverMail(table: Table, mailId: string): Promise<DeliveryOutcome> {
  const mail = await table.get<MailRequest>(keys.outbox(mailId));
  if (!mail) return 'missing';
  if (mail.status !== 'pending') return 'already-sent';
  let rendered;
  try {
    rendered = renderMail(mail);
  } catch (error) {
    return markFailed(table, mailId, error);
  }
  let messageId: string | undefined;
  try {
    const out = await sesClient().send(
      new SendEmailCommand({
        Source: mail.data.from ?? env().MAIL_FROM,
        Destination: { ToAddresses: [mail.to] },
        Message: {
          Subject: { Data: rendered.subject, Charset: 'UTF-8' },
          Body: { Text: { Data: rendered.text, Charset: 'UTF-8' }, Html: { Data: rendered.html, Charset: 'UTF-8' } },
        },
      }),
    );
    messageId = out.MessageId;
  } catch (error) {
    if (PERMANENT.has((error as { name?: string })?.name ?? '')) return markFailed(table, mailId, error);
    await table.update({
      Key: keys.outbox(mailId),
      UpdateExpression: 'ADD attempts :one SET lastError = :error, lastAttemptAt = :now',
      ConditionExpression: 'attribute_exists(PK)',
      ExpressionAttributeValues: { ':one': 1, ':error': String((error as Error)?.name ?? error), ':now': new Date().toISOString() },
    });
    throw error;
  }
  try {
    await table.update({
      Key: keys.outbox(mailId),
      UpdateExpression: 'SET #s = :sent, sentAt = :now, messageId = :mid, #ttl = :ttl ADD attempts :one REMOVE GSI1PK, GSI1SK',
      ConditionExpression: '#s = :pending',
      ExpressionAttributeNames: { '#s': 'status', '#ttl': TTL_ATTRIBUTE },
      ExpressionAttributeValues: {
        ':sent': 'sent',
        ':pending': 'pending',
        ':now': new Date().toISOString(),
        ':mid': messageId ?? 'unknown',
        ':ttl': Math.floor(Date.now() / 1000) + SENT_RETENTION_SECONDS,
        ':one': 1,
      },
    });
  } catch (error) {
    if (!isConditionalCheckFailed(error)) throw error;
  }
  return 'sent';
}

/** A mail that can never be sent is marked and logged, so it holds up no other mail on its shard. */
async function markFailed(table: Table, mailId: string, error: unknown): Promise<'failed'> {
  logger.error('Mail cannot be sent', { mailId, error: error as Error });
  await table
    .update({
      Key: keys.outbox(mailId),
      UpdateExpression: 'SET #s = :failed, lastError = :error, #ttl = :ttl ADD attempts :one REMOVE GSI1PK, GSI1SK',
      ConditionExpression: '#s = :pending',
      ExpressionAttributeNames: { '#s': 'status', '#ttl': TTL_ATTRIBUTE },
      ExpressionAttributeValues: {
        ':failed': 'failed',
        ':pending': 'pending',
        ':error': String((error as Error)?.message ?? error).slice(0, 500),
        ':ttl': Math.floor(Date.now() / 1000) + SENT_RETENTION_SECONDS,
        ':one': 1,
      },
    })
    .catch((e: unknown) => {
      if (!isConditionalCheckFailed(e)) throw e;
    });
  return 'failed';
}
