/** Offline: the filter grammar of RFC 7644 §3.4.2.2, the IdP tolerances, and the errors with positions. */
import { describe, expect, it } from 'vitest';
import { parseFilter, MAX_FILTER_DEPTH, MAX_FILTER_LENGTH, MAX_FILTER_TERMS } from '../../shared/scim/filter/parser.js';
import { printFilter } from '../support/filter-printer.js';
import { InvalidFilterError } from '../../shared/scim/filter/filter-error.js';

const errorOf = (text: string) => {
  try {
    parseFilter(text);
  } catch (error) {
    return error as InvalidFilterError;
  }
  throw new Error(`"${text}" parsed`);
};

describe('parseFilter', () => {
  it('parses a comparison with a quoted value', () => {
    expect(parseFilter('userName eq "bjensen"')).toEqual({ kind: 'compare', path: { attr: 'userName' }, op: 'eq', value: 'bjensen' });
  });

  it('reads every comparison operator in any case', () => {
    for (const op of ['eq', 'NE', 'Co', 'sw', 'EW', 'gt', 'ge', 'lt', 'le']) {
      expect(parseFilter(`title ${op} "x"`)).toMatchObject({ kind: 'compare', op: op.toLowerCase() });
    }
  });

  it('gives and precedence over or, and not over both', () => {
    const f = parseFilter('a eq 1 or b eq 2 and not (c pr)');
    expect(printFilter(f)).toBe('a eq 1 or b eq 2 and not (c pr)');
    expect(f).toMatchObject({ kind: 'or', right: { kind: 'and', right: { kind: 'not', filter: { kind: 'present' } } } });
  });

  it('keeps parentheses that change the tree', () => {
    const f = parseFilter('(a eq 1 or b eq 2) and c eq 3');
    expect(f).toMatchObject({ kind: 'and', left: { kind: 'or' } });
    expect(printFilter(f)).toBe('(a eq 1 or b eq 2) and c eq 3');
  });

  it('parses value paths, and the Entra form with a sub-attribute test after them', () => {
    expect(parseFilter('emails[type eq "work" and primary eq true]')).toMatchObject({ kind: 'valuePath', path: { attr: 'emails' }, filter: { kind: 'and' } });
    expect(parseFilter('emails[type eq "work"].value eq "a@b.c"')).toEqual({
      kind: 'valuePath',
      path: { attr: 'emails' },
      filter: { kind: 'compare', path: { attr: 'type' }, op: 'eq', value: 'work' },
      sub: 'value',
      test: { op: 'eq', value: 'a@b.c' },
    });
  });

  it('splits URN-qualified paths into schema, attribute and sub-attribute', () => {
    expect(parseFilter('urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.value eq "m1"')).toMatchObject({
      path: { urn: 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User', attr: 'manager', sub: 'value' },
    });
    expect(parseFilter('urn:ietf:params:scim:schemas:core:2.0:User:userName sw "J"')).toMatchObject({
      path: { urn: 'urn:ietf:params:scim:schemas:core:2.0:User', attr: 'userName' },
    });
  });

  it('reads literals: strings with escapes, numbers, booleans and null in any case', () => {
    expect(parseFilter('x eq "a \\"q\\" \\u00e9"')).toMatchObject({ value: 'a "q" é' });
    expect(parseFilter('x gt -1.5e3')).toMatchObject({ value: -1500 });
    expect(parseFilter('x eq TRUE')).toMatchObject({ value: true });
    expect(parseFilter('x eq False')).toMatchObject({ value: false });
    expect(parseFilter('x eq null')).toMatchObject({ value: null });
  });

  it('tolerates unquoted values as strings (externalId eq jyoung)', () => {
    expect(parseFilter('externalId eq jyoung')).toMatchObject({ value: 'jyoung' });
    expect(parseFilter('userName eq a@b.c and active eq true')).toMatchObject({ left: { value: 'a@b.c' }, right: { value: true } });
  });

  it('accepts "not(" without a space', () => {
    expect(parseFilter('not(userName pr)')).toMatchObject({ kind: 'not' });
  });

  it.each([
    ['userName eq', 'at the end: expected a value'],
    ['userName foo "x"', 'at position 9 ("foo"): expected an operator'],
    ['userName eq "x" and', 'at the end: expected an attribute name'],
    ['(userName eq "x"', 'at the end: expected ")"'],
    ['userName eq "x")', 'at position 15 (")"): expected "and", "or" or the end of the filter'],
    ['userName eq "x', 'unterminated string starting at position 12'],
    ['emails[type eq "work"', 'at the end: expected "]"'],
    ['emails[type[value eq "x"] eq "y"]', 'value paths cannot be nested'],
    ['not userName pr', 'at position 4 ("userName"): expected "(" after "not"'],
    ['9abc eq "x"', '"9abc" is not a valid attribute path'],
    ['userName eq and', 'at position 12 ("and"): expected a value'],
  ])('refuses %s with the position at fault', (text, message) => {
    const error = errorOf(text);
    expect(error).toBeInstanceOf(InvalidFilterError);
    expect(error.status).toBe(400);
    expect(error.scimType).toBe('invalidFilter');
    expect(error.message).toContain(message);
  });

  it('bounds length, depth and number of terms', () => {
    expect(errorOf(`userName eq "${'x'.repeat(MAX_FILTER_LENGTH)}"`).message).toContain(`longer than ${MAX_FILTER_LENGTH}`);
    const deep = `${'('.repeat(MAX_FILTER_DEPTH + 1)}a pr${')'.repeat(MAX_FILTER_DEPTH + 1)}`;
    expect(errorOf(deep).message).toContain(`nested deeper than ${MAX_FILTER_DEPTH}`);
    const many = Array.from({ length: MAX_FILTER_TERMS + 1 }, (_, i) => `a${i} pr`).join(' or ');
    expect(errorOf(many).message).toContain(`more than ${MAX_FILTER_TERMS} terms`);
    expect(errorOf('   ').message).toContain('empty');
  });
});
