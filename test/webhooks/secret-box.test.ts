/** Webhook secrets at rest: sealed under the tenant and endpoint, opened only with the same ones, tamper-evident. */
import { describe, expect, it } from 'vitest';
import { openSecret, sealSecret } from '../../shared/webhooks/secret-box.js';
import { newWebhookSecret } from '../../shared/webhooks/signature.js';

describe('sealed webhook secrets', () => {
  it('open with their own tenant and endpoint, and with nothing else', async () => {
    const secret = newWebhookSecret();
    const context = { tenantId: 'acme', endpointId: 'ep_1' };
    const sealed = await sealSecret(secret, context);
    expect(JSON.stringify(sealed)).not.toContain(secret.slice(6));
    expect(await openSecret(sealed, context)).toBe(secret);
    await expect(openSecret(sealed, { tenantId: 'globex', endpointId: 'ep_1' })).rejects.toThrow();
    await expect(openSecret(sealed, { tenantId: 'acme', endpointId: 'ep_2' })).rejects.toThrow();
    const [iv, ct, tag] = sealed.box.split('.');
    const flipped = Buffer.from(ct!, 'base64');
    flipped[0]! ^= 1;
    await expect(openSecret({ ...sealed, box: [iv, flipped.toString('base64'), tag].join('.') }, context)).rejects.toThrow();
    await expect(openSecret({ ...sealed, keeper: 'kms' }, context)).rejects.toThrow(/keeper/);
  });

  it('use a fresh data key each time', async () => {
    const context = { tenantId: 'acme', endpointId: 'ep_1' };
    const [a, b] = await Promise.all([sealSecret('whsec_AAAA', context), sealSecret('whsec_AAAA', context)]);
    expect(a.wrappedKey).not.toBe(b.wrappedKey);
    expect(a.box).not.toBe(b.box);
  });
});
