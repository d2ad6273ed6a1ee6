/**
 * Turns an outbox item into the mail to send. Links that set a password carry
 * a token re-derived here from the item's record id and nonce: the outbox holds
 * no secret, and the link is exactly the one the record's hash accepts.
 */
import { actionLink, deriveActionToken, type ActionKind } from '../tokens/action-token.js';
import type { MailRequest, MailTemplate } from './outbox.js';
import { inviteMail } from './templates/invite.js';
import { passwordResetMail } from './templates/password-reset.js';
import type { RenderedMail } from './templates/layout.js';
import { webhookDisabledMail } from './templates/webhook-disabled.js';

const KIND_OF: Record<Exclude<MailTemplate, 'webhook-disabled'>, ActionKind> = { invite: 'invite', 'password-reset': 'reset' };

export function renderMail(mail: Pick<MailRequest, 'template' | 'data'>): RenderedMail {
  if (mail.template === 'webhook-disabled') {
    const { tenantName, url, attempts, lastError } = mail.data;
    if (!tenantName || !url || !attempts || !lastError) throw new Error('Mail data for webhook-disabled lacks tenantName, url, attempts or lastError');
    return webhookDisabledMail({ tenantName, url, attempts, lastError });
  }
  const { recordId, nonce, clientUrl, tenantName, expiresAt } = mail.data;
  if (!recordId || !nonce || !clientUrl || !tenantName || !expiresAt) {
    throw new Error(`Mail data for ${mail.template} lacks recordId, nonce, clientUrl, tenantName or expiresAt`);
  }
  const link = actionLink(clientUrl, deriveActionToken(KIND_OF[mail.template], recordId, nonce).token);
  const vars = { tenantName, link, expiresAt };
  return mail.template === 'invite' ? inviteMail(vars) : passwordResetMail(vars);
}
