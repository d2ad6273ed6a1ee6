import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { hashSecret, isWellFormedSecret, issueSecret, sameDigest, secretKindOf } from '../../shared/tokens/secret-token.js';

describe('secret tokens', () => {
  it('carry a recognisable prefix, a valid checksum and only their hash is derived', () => {
    const scim = issueSecret('scim');
    expect(scim.token).toMatch(/^prv_scim_[0-9A-Za-z]{49}$/);
    expect(isWellFormedSecret(scim.token, 'scim')).toBe(true);
    expect(isWellFormedSecret(scim.token, 'pat')).toBe(false);
    expect(secretKindOf(scim.token)).toBe('scim');
    expect(scim.hash).toBe(hashSecret(scim.token));
    expect(scim.hash).not.toContain(scim.token.slice(9, 20));
    expect(scim.displayPrefix).toBe(scim.token.slice(0, 13));
    expect(scim.last4).toBe(scim.token.slice(-4));
  });

  it('are different every time', () => {
    const tokens = new Set(Array.from({ length: 200 }, () => issueSecret('pat').token));
    expect(tokens.size).toBe(200);
  });

  it('reject any single-character change through the checksum', () => {
    const { token } = issueSecret('pat');
    fc.assert(
      fc.property(fc.integer({ min: 8, max: token.length - 1 }), fc.constantFrom(...'0123456789abcXYZ'), (index, ch) => {
        fc.pre(token[index] !== ch);
        const altered = token.slice(0, index) + ch + token.slice(index + 1);
        return !isWellFormedSecret(altered, 'pat');
      }),
    );
  });

  it('compares digests in constant time and refuses unequal lengths', () => {
    const a = hashSecret('a');
    expect(sameDigest(a, hashSecret('a'))).toBe(true);
    expect(sameDigest(a, hashSecret('b'))).toBe(false);
    expect(sameDigest(a, a.slice(0, 10))).toBe(false);
    expect(sameDigest('', '')).toBe(false);
  });
});
