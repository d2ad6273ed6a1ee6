/**
 * The mail outbox: a mail request is an item written in the same transaction as
 * the invite or reset that causes it, and the table's stream delivers it to the
 * mailer, which sends through SES and marks it sent. SES being down delays mail;
 * it never loses it. No plaintext secret is stored here: links to set a password
 * carry a token the mailer derives from the record id with the signing key.
 */
import { randomUUID } from 'node:crypto';
import { keys } from '../storage/keys.js';
import type { Transaction } from '../storage/transaction.js';
import { ConflictError } from '../errors/app-error.js';

export type MailTemplate = 'invite' | 'password-reset' | 'webhook-disabled';

export interface MailRequest {
  id: string;
  tenantId: string;
  to: string;
  template: MailTemplate;
  /** Template variables; never a secret. */
  data: Record<string, string>;
  createdAt: string;
  /** `failed`: refused for good (bad address, unrenderable data); logged as an error, never retried. */
  status: 'pending' | 'sent' | 'failed';
  sentAt?: string;
  attempts: number;
}

export function enqueueMail(tx: Transaction, mail: Omit<MailRequest, 'id' | 'createdAt' | 'status' | 'attempts'> & { id?: string }): MailRequest {
  const request: MailRequest = {
    ...mail,
    id: mail.id ?? randomUUID(),
    createdAt: new Date().toISOString(),
    status: 'pending',
    attempts: 0,
  };
  const pending = { GSI1PK: keys.gsiPendingMail, GSI1SK: `${request.createdAt}#${request.id}` };
  tx.create({ ...keys.outbox(request.id), entity: 'mail', ...request, ...pending }, () => {
    // A retried request that already enqueued this mail id must not enqueue it twice.
    return new DuplicateMailError(request.id);
  });
  return request;
}

export class DuplicateMailError extends ConflictError {
  constructor(mailId: string) {
    super('mail.duplicate', `Mail ${mailId} was already enqueued`);
  }
}
