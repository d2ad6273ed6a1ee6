/** Enqueues the mail that carries an invite or reset link, in the transaction that creates the record. */
import type { Transaction } from '../storage/transaction.js';
import type { Tenant } from '../tenants/tenant.js';
import type { ActionRecord } from './action-record.js';
import { enqueueMail, type MailRequest } from '../mail/outbox.js';

export function enqueueActionMail(tx: Transaction, input: { tenant: Tenant; to: string; record: ActionRecord; clientUrl: string }): MailRequest {
  return enqueueMail(tx, {
    tenantId: input.tenant.id,
    to: input.to,
    template: input.record.kind === 'invite' ? 'invite' : 'password-reset',
    data: {
      recordId: input.record.id,
      nonce: input.record.nonce,
      clientUrl: input.clientUrl,
      tenantName: input.tenant.displayName,
      expiresAt: input.record.expiresAt,
      ...(input.tenant.mailFrom ? { from: input.tenant.mailFrom } : {}),
    },
  });
}
