/** Pure: the secret scan's one-pass matcher finds exactly what a substring search of every secret finds. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { secretMatcher } from '../setup/secret-matcher.js';

describe('the secret matcher', () => {
  it('finds a secret anywhere in a text, inside longer strings and after partial matches', () => {
    const matcher = secretMatcher(['abcd', 'bcx', 'Quote"and\\slash'])!;
    expect(matcher.find('xxabcdyy')).toBe('abcd');
    // "abc" starts "abcd" and fails at "x"; "bcx" is found through the failure link.
    expect(matcher.find('zabcx')).toBe('bcx');
    expect(matcher.find('{"S":"nested: Quote"and\\slash"}')).toBe('Quote"and\\slash');
    expect(matcher.find('abc bc abx')).toBeUndefined();
    expect(matcher.find('')).toBeUndefined();
  });

  it('reports a secret that ends inside a longer one', () => {
    expect(secretMatcher(['secret-longer', 'cret'])!.find('my secret-longer')).toBe('cret');
  });

  it('has nothing to find without secrets', () => {
    expect(secretMatcher([])).toBeUndefined();
    expect(secretMatcher([''])).toBeUndefined();
  });

  it('agrees with a substring search of every secret on arbitrary texts', () => {
    const text = (maxLength: number) => fc.string({ unit: fc.constantFrom(...'abcab"\\é'.split('')), maxLength });
    fc.assert(
      fc.property(
        fc.array(
          text(6).filter((s) => s.length > 0),
          { minLength: 1, maxLength: 12 },
        ),
        text(40),
        (secrets, haystack) => {
          const found = secretMatcher(secrets)!.find(haystack);
          const expected = secrets.some((secret) => haystack.includes(secret));
          expect(found !== undefined).toBe(expected);
          if (found !== undefined) expect(haystack).toContain(found);
        },
      ),
      { numRuns: 3000 },
    );
  });
});
