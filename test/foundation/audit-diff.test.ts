import { describe, expect, it } from 'vitest';
import { diffAttributes } from '../../shared/audit/audit-event.js';

describe('diffAttributes', () => {
  it('keeps only changed attributes, both sides', () => {
    expect(diffAttributes({ a: 1, b: 'x', c: true }, { a: 1, b: 'y', d: null })).toEqual({
      before: { b: 'x', c: true, d: undefined },
      after: { b: 'y', c: undefined, d: null },
    });
  });

  it('regression: maps read back from DynamoDB in another key order are not changes', () => {
    const sent = { name: { givenName: 'Ada', familyName: 'Lovelace' }, emails: [{ value: 'a@x', primary: true }] };
    const stored = { name: { familyName: 'Lovelace', givenName: 'Ada' }, emails: [{ primary: true, value: 'a@x' }] };
    expect(diffAttributes(sent, stored)).toEqual({ before: {}, after: {} });
  });
});
