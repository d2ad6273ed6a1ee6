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

const KIND_OF: Record<MailTemplate, ActionKind> = { invite: 'invite', 'password-reset': 'reset' };

export function renderMail(mail: Pick<MailRequest, 'template' | 'data'>): RenderedMail {
  const { recordId, nonce, clientUrl, tenantName, expiresAt } = mail.data;
  if (!recordId || !nonce || !clientUrl || !tenantName || !expiresAt) {
    throw new Error(`Mail data for ${mail.template} lacks recordId, nonce, clientUrl, tenantName or expiresAt`);
  }
  const link = actionLink(clientUrl, deriveActionToken(KIND_OF[mail.template], recordId, nonce).token);
  const vars = { tenantName, link, expiresAt };
  return mail.template === 'invite' ? inviteMail(vars) : passwordResetMail(vars);
}
