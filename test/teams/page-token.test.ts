/** Pure: page tokens resume only the list they were issued for, and nothing forged gets through. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../shared/errors/app-error.js';
import { decodePageToken, encodePageToken, trimPage } from '../../shared/teams/page-token.js';

const KEY = 'k'.repeat(40);
const LAST = { PK: 'T#t1#G#team-1', SK: 'M#user-9' };

describe('page tokens', () => {
  it('round-trips the key for the same scope', () => {
    expect(decodePageToken('t1|team-members|team-1', encodePageToken('t1|team-members|team-1', LAST, KEY), KEY)).toEqual(LAST);
  });

  it('refuses a token of another scope or another signing key', () => {
    const token = encodePageToken('t1|team-members|team-1', LAST, KEY);
    expect(() => decodePageToken('t2|team-members|team-1', token, KEY)).toThrow(expect.objectContaining({ code: 'request.invalid_page_token', status: 400 }));
    expect(() => decodePageToken('t1|team-members|team-1', token, 'x'.repeat(40))).toThrow(expect.objectContaining({ status: 400 }));
  });

  it('refuses a token whose key was swapped under the same signature', () => {
    const token = encodePageToken('s', LAST, KEY);
    const forged = `${Buffer.from(JSON.stringify({ PK: 'T#other', SK: 'M#x' })).toString('base64url')}.${token.split('.')[1]}`;
    expect(() => decodePageToken('s', forged, KEY)).toThrow(expect.objectContaining({ status: 400 }));
  });

  it('answers any string with a key or a 400, never another error', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), (text) => {
        try {
          decodePageToken('s', text, KEY);
        } catch (error) {
          expect(error).toBeInstanceOf(AppError);
          expect((error as AppError).status).toBe(400);
        }
      }),
      { numRuns: 2000 },
    );
  });
});

describe('trimPage', () => {
  const keyOf = (n: number) => ({ PK: 'p', SK: String(n) });

  it('keeps `limit` items and resumes after the last one kept when there is more', () => {
    expect(trimPage([1, 2, 3], 2, keyOf)).toEqual({ items: [1, 2], lastKey: { PK: 'p', SK: '2' } });
  });

  it('ends the list when no extra item came back, even on an exactly full page', () => {
    expect(trimPage([1, 2], 2, keyOf)).toEqual({ items: [1, 2], lastKey: undefined });
    expect(trimPage([], 2, keyOf)).toEqual({ items: [], lastKey: undefined });
  });
});
