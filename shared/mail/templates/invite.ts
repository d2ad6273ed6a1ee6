/** The invite mail: HTML and plain text, with the tenant's name and the set-password link. */
import { escapeHtml, layout, type RenderedMail } from './layout.js';

export function inviteMail(v: { tenantName: string; link: string; expiresAt: string }): RenderedMail {
  const expires = new Date(v.expiresAt).toUTCString();
  return {
    subject: `You are invited to ${v.tenantName}`,
    text: [
      `You have been invited to join ${v.tenantName}.`,
      '',
      'Open this link to accept the invite and set your password:',
      v.link,
      '',
      `The link works once and expires on ${expires}.`,
      'If you did not expect this invite, ignore this mail.',
    ].join('\n'),
    html: layout(
      `You are invited to ${v.tenantName}`,
      `<p>You have been invited to join <strong>${escapeHtml(v.tenantName)}</strong>.</p>
<p><a href="${escapeHtml(v.link)}">Accept the invite and set your password</a></p>
<p>The link works once and expires on ${escapeHtml(expires)}.</p>
<p>If you did not expect this invite, ignore this mail.</p>`,
    ),
  };
}
