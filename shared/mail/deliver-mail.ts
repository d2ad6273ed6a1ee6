/**
 * The mail kind's outbox handler: sends one mail through SES, at least once and
 * almost always exactly once (the outbox skips an item already done, and marks
 * it done after SES accepted it; only a crash between the two can send twice,
 * and losing a mail is worse than a duplicate). A mail that can never go out
 * (bad address, unrenderable data) is answered `failed`; any other SES error
 * is thrown, so the item is retried.
 */
import { SendEmailCommand } from '@aws-sdk/client-ses';
import { env } from '../config/env.js';
import { retryUntilTheNextSweep, type OutboxHandler, type OutboxKind } from '../outbox/outbox-item.js';
import { parseStoredItem } from '../storage/stored-item.js';
import { MailFieldsSchema } from './outbox.js';
import { renderMail } from './render.js';
import { sesClient } from './ses-client.js';

/** Sent mails are kept a month for support questions ("did the invite go out?"), then TTL removes them. */
const SENT_MAIL_RETENTION_SECONDS = 30 * 86_400;

/** SES answers that no retry can fix; anything else (outage, throttling) is retried. */
const PERMANENT = new Set(['MessageRejected', 'InvalidParameterValue', 'MailFromDomainNotVerifiedException']);

export const sendOutboxMail: OutboxHandler = async (_table, item) => {
  const mail = parseStoredItem(MailFieldsSchema, item, 'mail outbox item');
  let rendered;
  try {
    rendered = renderMail(mail);
  } catch (error) {
    return { outcome: 'failed', error };
  }
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
    return { outcome: 'done', results: { messageId: out.MessageId ?? 'unknown' } };
  } catch (error) {
    if (PERMANENT.has((error as { name?: string })?.name ?? '')) return { outcome: 'failed', error };
    throw error;
  }
};

export const MAIL_OUTBOX = {
  name: 'mail',
  handle: sendOutboxMail,
  retry: { retryDelayMs: retryUntilTheNextSweep, retentionSeconds: SENT_MAIL_RETENTION_SECONDS },
} as const satisfies OutboxKind;
