/**
 * Mail as an outbox kind: a mail request is an item written in the same
 * transaction as the invite or reset that causes it, and the table's stream
 * delivers it to the mailer, which sends through SES and marks it done. SES
 * being down delays mail; it never loses it. No plaintext secret is stored here:
 * links to set a password carry a token the mailer derives from the record id
 * with the signing key.
 */
import { ConflictError } from '../errors/app-error.js';
import { enqueueOutboxItem, type OutboxItem } from '../outbox/outbox-item.js';
import type { Transaction } from '../storage/transaction.js';
import * as z from '../validation/zod.js';

export const MAIL_TEMPLATES = ['invite', 'password-reset', 'webhook-disabled'] as const;
export type MailTemplate = (typeof MAIL_TEMPLATES)[number];

/** The mail kind's own fields of an outbox item. */
export const MailFieldsSchema = z.object({
  to: z.string(),
  template: z.enum(MAIL_TEMPLATES),
  /** Template variables; never a secret. */
  data: z.record(z.string(), z.string()),
});

export type MailRequest = OutboxItem & z.infer<typeof MailFieldsSchema>;

export function enqueueMail(
  tx: Transaction,
  mail: { tenantId: string; to: string; template: MailTemplate; data: Record<string, string>; id?: string },
): MailRequest {
  // A retried request that already enqueued this mail id must not enqueue it twice.
  return enqueueOutboxItem(tx, 'mail', mail, (id) => new DuplicateMailError(id));
}

export class DuplicateMailError extends ConflictError {
  constructor(mailId: string) {
    super('mail.duplicate', `Mail ${mailId} was already enqueued`);
  }
}
