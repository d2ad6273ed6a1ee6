/** Unit tests of the bulk invite's list parsing, preview and result mapping, and its bounded concurrency. */
import { describe, expect, it } from 'vitest';
import { ApiError } from '../../console/src/api/errors.js';
import { csvCells, mapBounded, parseInviteList, previewOf, resultOf, resultSummary } from '../../console/src/pages/users/bulk-invite.js';

describe('parseInviteList', () => {
  it('takes one person a line with optional names, skips blanks and a header, and marks typos and repeats in place', () => {
    const text = ['Email,Given name,Family name', 'ada@x.example, Ada, Lovelace', '', '  grace@x.example  ', 'nope', '"Hopper, Grace"@x', 'ADA@x.example'].join(
      '\r\n',
    );
    expect(parseInviteList(text)).toEqual([
      { line: 2, email: 'ada@x.example', givenName: 'Ada', familyName: 'Lovelace' },
      { line: 4, email: 'grace@x.example' },
      { line: 5, email: 'nope', problem: 'Not an email address' },
      { line: 6, email: 'Hopper, Grace@x', problem: 'Not an email address' },
      { line: 7, email: 'ADA@x.example', problem: 'Listed twice (first on line 2)' },
    ]);
    expect(parseInviteList('\n \n')).toEqual([]);
    expect(parseInviteList(`${'a'.repeat(250)}@x.example`)[0]!.problem).toBe('Not an email address');
  });

  it('splits CSV cells on commas, semicolons and tabs, honouring quotes', () => {
    expect(csvCells('a@x, "Lovelace, Ada" ,"say ""hi"""')).toEqual(['a@x', 'Lovelace, Ada', 'say "hi"']);
    expect(csvCells('a@x;Ada\tLovelace')).toEqual(['a@x', 'Ada', 'Lovelace']);
  });
});

describe('preview and results', () => {
  const exists = new ApiError(409, 'user.exists', 'A user with email a@x already exists in this tenant');
  const bad = new ApiError(400, 'validation.invalid', 'email: must be a valid email address');

  it('calls a 409 user.exists "already a member" and shows any other refusal with the API’s message', () => {
    expect(previewOf({ ok: true })).toEqual({ kind: 'new' });
    expect(previewOf({ ok: false, error: exists })).toEqual({ kind: 'member' });
    expect(previewOf({ ok: false, error: bad })).toEqual({ kind: 'invalid', message: 'email: must be a valid email address' });
    expect(resultOf({ ok: true, kind: 'resent' })).toEqual({ kind: 'resent' });
    expect(resultOf({ ok: false, error: exists })).toEqual({ kind: 'member' });
    expect(resultOf({ ok: false, error: bad })).toEqual({ kind: 'failed', message: 'email: must be a valid email address' });
  });

  it('summarises the results by outcome', () => {
    expect(
      resultSummary([
        { kind: 'invited' },
        { kind: 'resent' },
        { kind: 'member' },
        { kind: 'failed', message: 'x' },
        { kind: 'skipped', message: 'y' },
        { kind: 'skipped', message: 'z' },
      ]),
    ).toBe('2 invited, 1 already a member, 1 failed, 2 not sent.');
    expect(resultSummary([])).toBe('Nothing sent.');
  });
});

describe('mapBounded', () => {
  it('never has more than the limit in flight and keeps results in input order', async () => {
    let inFlight = 0;
    let most = 0;
    const release: Array<() => void> = [];
    const run = mapBounded([1, 2, 3, 4, 5, 6, 7], 3, async (n) => {
      inFlight++;
      most = Math.max(most, inFlight);
      await new Promise<void>((resolve) => release.push(resolve));
      inFlight--;
      return n * 10;
    });
    // Release in reverse order of start, one at a time, until all are done.
    while (release.length || inFlight) {
      await new Promise((resolve) => setImmediate(resolve));
      release.pop()?.();
    }
    expect(await run).toEqual([10, 20, 30, 40, 50, 60, 70]);
    expect(most).toBe(3);
  });
});
