/** Pure tests of the mail templates and of the link the mailer rebuilds from an outbox item. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { renderMail } from '../../shared/mail/render.js';
import { escapeHtml } from '../../shared/mail/templates/layout.js';
import { actionLink, deriveActionToken } from '../../shared/tokens/action-token.js';
import { isWellFormedSecret } from '../../shared/tokens/secret-token.js';

const data = {
  recordId: '5d3c1f7e-0000-4000-8000-000000000001',
  nonce: 'bm9uY2Utbm9uY2Utbm9uY2U',
  clientUrl: 'https://app.example.com/accept?lang=en',
  tenantName: 'Acme <Research> & Co',
  expiresAt: '2026-12-01T10:00:00.000Z',
};

describe('mail rendering', () => {
  it('renders the invite in text and HTML with the tenant name and the derived link', () => {
    const mail = renderMail({ template: 'invite', data });
    const link = actionLink(data.clientUrl, deriveActionToken('invite', data.recordId, data.nonce).token);
    expect(mail.subject).toBe('You are invited to Acme <Research> & Co');
    expect(mail.text).toContain('join Acme <Research> & Co');
    expect(mail.text).toContain(link);
    expect(mail.html).toContain('Acme &lt;Research&gt; &amp; Co');
    expect(mail.html).toContain(`href="${escapeHtml(link)}"`);
    expect(mail.html).not.toContain('<Research>');
    expect(mail.text).toContain('Tue, 01 Dec 2026 10:00:00 GMT');
  });

  it('renders the reset mail with a reset token, never an invite token', () => {
    const mail = renderMail({ template: 'password-reset', data });
    const token = new URL(mail.text.match(/https:\/\/\S+/)![0]).searchParams.get('token')!;
    expect(isWellFormedSecret(token, 'reset')).toBe(true);
    expect(token).toBe(deriveActionToken('reset', data.recordId, data.nonce).token);
    expect(mail.subject).toBe('Reset your Acme <Research> & Co password');
  });

  it('keeps the client URL’s own parameters and adds the token', () => {
    const url = new URL(actionLink(data.clientUrl, 'prv_inv_x'));
    expect(url.searchParams.get('lang')).toBe('en');
    expect(url.searchParams.get('token')).toBe('prv_inv_x');
  });

  it('refuses an outbox item without its link material instead of mailing a dead link', () => {
    expect(() => renderMail({ template: 'invite', data: { ...data, nonce: '' } })).toThrow(/nonce/);
  });

  it('derives distinct, well-formed tokens per record and nonce', () => {
    fc.assert(
      fc.property(fc.uuid(), fc.string({ minLength: 1 }), fc.string({ minLength: 1 }), (id, a, b) => {
        const t1 = deriveActionToken('invite', id, a).token;
        expect(isWellFormedSecret(t1, 'invite')).toBe(true);
        expect(deriveActionToken('invite', id, a).token).toBe(t1);
        if (a !== b) expect(deriveActionToken('invite', id, b).token).not.toBe(t1);
      }),
    );
  });

  it('escapes every HTML-special character', () => {
    fc.assert(
      fc.property(fc.string(), (s) => {
        expect(escapeHtml(s)).not.toMatch(/[<>"']/);
      }),
    );
  });
});
