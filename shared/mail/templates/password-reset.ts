/** The password-reset mail: HTML and plain text, with the tenant's name and the reset link. */
import { escapeHtml, layout, type RenderedMail } from './layout.js';

export function passwordResetMail(v: { tenantName: string; link: string; expiresAt: string }): RenderedMail {
  const expires = new Date(v.expiresAt).toUTCString();
  return {
    subject: `Reset your ${v.tenantName} password`,
    text: [
      `A password reset was requested for your ${v.tenantName} account.`,
      '',
      'Open this link to choose a new password:',
      v.link,
      '',
      `The link works once and expires on ${expires}.`,
      'If you did not ask for this, ignore this mail; your password stays as it is.',
    ].join('\n'),
    html: layout(
      `Reset your ${v.tenantName} password`,
      `<p>A password reset was requested for your <strong>${escapeHtml(v.tenantName)}</strong> account.</p>
<p><a href="${escapeHtml(v.link)}">Choose a new password</a></p>
<p>The link works once and expires on ${escapeHtml(expires)}.</p>
<p>If you did not ask for this, ignore this mail; your password stays as it is.</p>`,
    ),
  };
}
