/** Pure: the PAT name rule and the expiry rules (tenant maximum, UTC without a zone, impossible dates). */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../shared/errors/app-error.js';
import { PatName } from '../../shared/pats/pat-name.js';
import { parseExpirationDate, patExpiry } from '../../shared/pats/pat-lifetime.js';

const DAY_MS = 86_400_000;
const NOW = new Date('2026-03-10T08:30:00.000Z');

describe('PAT name rule', () => {
  it.each(['abc', 'ci-deploy', 'a1b', 'a-----------------------------------'.slice(0, 35) + 'z', 'x9'.repeat(18)])('accepts %j', (name) => {
    expect(PatName.safeParse(name).success).toBe(true);
  });
  it.each(['ab', 'a'.repeat(37), 'Abc', '1ab', '-ab', 'ab-', 'a_b', 'a b', 'ab\n', 'ünï', ''])('refuses %j', (name) => {
    expect(PatName.safeParse(name).success).toBe(false);
  });

  it('agrees with its definition on arbitrary strings', () => {
    const alphabet = fc.constantFrom(...'abcxyz0129-_A .'.split(''));
    fc.assert(
      fc.property(fc.string({ unit: alphabet, maxLength: 40 }), (name) => {
        const expected = name.length >= 3 && name.length <= 36 && /^[a-z]$/.test(name[0]!) && /^[a-z0-9]$/.test(name.at(-1)!) && /^[a-z0-9-]+$/.test(name);
        expect(PatName.safeParse(name).success).toBe(expected);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('PAT expiry', () => {
  it('defaults to the tenant maximum', () => {
    expect(patExpiry(undefined, 30, NOW).getTime()).toBe(NOW.getTime() + 30 * DAY_MS);
  });

  it('reads a date-time without a zone as UTC, and honours an explicit offset', () => {
    expect(patExpiry('2026-03-20T12:00', 30, NOW).toISOString()).toBe('2026-03-20T12:00:00.000Z');
    expect(patExpiry('2026-03-20T12:00:30+02:00', 30, NOW).toISOString()).toBe('2026-03-20T10:00:30.000Z');
    expect(patExpiry('2026-03-20', 30, NOW).toISOString()).toBe('2026-03-20T00:00:00.000Z');
  });

  it('accepts exactly the maximum and refuses one millisecond more', () => {
    const max = new Date(NOW.getTime() + 30 * DAY_MS).toISOString();
    expect(patExpiry(max, 30, NOW).toISOString()).toBe(max);
    expect(() => patExpiry(new Date(NOW.getTime() + 30 * DAY_MS + 1).toISOString(), 30, NOW)).toThrow(/maximum token lifetime of 30 days/);
  });

  it.each([
    [NOW.toISOString(), 'pat.expiration_in_past'],
    ['2026-03-09', 'pat.expiration_in_past'],
    ['2026-02-30', 'pat.invalid_expiration'],
    ['2026-13-01', 'pat.invalid_expiration'],
    ['2026-03-20T24:00Z', 'pat.invalid_expiration'],
    ['2026-03-20T12:60Z', 'pat.invalid_expiration'],
    ['20260320', 'pat.invalid_expiration'],
    ['2026-03-20Z', 'pat.invalid_expiration'],
    ['next week', 'pat.invalid_expiration'],
  ])('refuses %j with %s', (date, code) => {
    expect(() => patExpiry(date, 30, NOW)).toThrow(expect.objectContaining({ code, status: 400 }));
  });

  it('never throws anything but a 400 on arbitrary input', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 40 }), (text) => {
        try {
          const at = patExpiry(text, 365, NOW);
          expect(at.getTime()).toBeGreaterThan(NOW.getTime());
        } catch (error) {
          expect(error).toBeInstanceOf(AppError);
          expect((error as AppError).status).toBe(400);
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('parses only real calendar dates', () => {
    expect(parseExpirationDate('2028-02-29')?.toISOString()).toBe('2028-02-29T00:00:00.000Z');
    expect(parseExpirationDate('2027-02-29')).toBeUndefined();
  });
});
