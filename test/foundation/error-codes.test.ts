/**
 * The error-code registry is the only source of codes: the classes accept only
 * registered codes of their own status (checked by `npm run typecheck` on the
 * `@ts-expect-error` lines below), an error takes its status and default
 * scimType from the registry, and docs/api.md lists exactly the registered codes.
 */
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { BadRequestError, ConflictError, NotFoundError, UniquenessError } from '../../shared/errors/app-error.js';
import { ERROR_CODES, type ErrorCode } from '../../shared/errors/error-codes.js';
import { API_MARKDOWN_FILE } from '../../shared/http/openapi.js';

const documentedCodes = (): Map<string, { status: number; scimType: string; meaning: string }> => {
  const markdown = fs.readFileSync(API_MARKDOWN_FILE, 'utf8');
  const section = markdown.slice(markdown.indexOf('\n## Error codes\n'));
  const rows = new Map<string, { status: number; scimType: string; meaning: string }>();
  for (const match of section.matchAll(/^\| `([^`]+)` \| (\d{3}) \| `?([A-Za-z]*)`? \| (.+) \|$/gm)) {
    rows.set(match[1]!, { status: Number(match[2]), scimType: match[3]!, meaning: match[4]! });
  }
  return rows;
};

describe('error-code registry', () => {
  it('documents every registered code in docs/api.md with its status and scimType, and no other code', () => {
    const documented = documentedCodes();
    const registered = Object.keys(ERROR_CODES).sort();
    expect([...documented.keys()].sort()).toEqual(registered);
    for (const [code, spec] of Object.entries(ERROR_CODES)) {
      expect(documented.get(code)).toEqual({ status: spec.status, scimType: 'scimType' in spec ? spec.scimType : '', meaning: spec.meaning });
    }
  });

  it('names only registered codes anywhere in docs/api.md where an error code is cited', () => {
    const markdown = fs.readFileSync(API_MARKDOWN_FILE, 'utf8');
    const cited = [...markdown.matchAll(/\b\d{3} `?([a-z_]+\.[a-z_]+)`?/g)].map((m) => m[1]!);
    expect(cited.length).toBeGreaterThan(0);
    for (const code of cited) expect(Object.keys(ERROR_CODES)).toContain(code);
  });

  it('gives every code a dotted name, a 4xx or 5xx status and a meaning', () => {
    for (const [code, spec] of Object.entries(ERROR_CODES)) {
      expect(code).toMatch(/^[a-z_]+\.[a-z_]+$|^internal$/);
      expect(spec.status).toBeGreaterThanOrEqual(400);
      expect(spec.meaning.length).toBeGreaterThan(10);
    }
  });

  it('takes the status, scimType and default message from the registry', () => {
    const taken = new UniquenessError('user.email_taken');
    expect(taken).toMatchObject({ status: 409, code: 'user.email_taken', scimType: 'uniqueness', message: ERROR_CODES['user.email_taken'].message });
    expect(new BadRequestError('scim.invalid_path', 'bad path')).toMatchObject({ status: 400, scimType: 'invalidPath', message: 'bad path' });
    expect(new BadRequestError('request.invalid', 'x', { scimType: 'invalidSyntax' }).scimType).toBe('invalidSyntax');
    expect(new NotFoundError('team.not_found').scimType).toBeUndefined();
  });

  it('refuses, at compile time, an unregistered code and a code of another status', () => {
    const attempts: Array<(...args: never[]) => unknown> = [
      // @ts-expect-error an unregistered code
      () => new NotFoundError('team.gone'),
      // @ts-expect-error a 409 code on a 404 error
      () => new NotFoundError('user.last_admin'),
      // @ts-expect-error a plain conflict is not a uniqueness code
      () => new UniquenessError('user.last_admin'),
      // @ts-expect-error an unregistered code in a comparison
      (error: ConflictError) => error.code === 'team.gone',
    ];
    expect(attempts).toHaveLength(4);
    const code: ErrorCode = 'team.not_found';
    expect(ERROR_CODES[code].status).toBe(404);
  });
});
