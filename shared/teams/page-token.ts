/**
 * Opaque page tokens for lists that must cost the same per page whatever their
 * size (a team of 100,000 members): the token carries DynamoDB's
 * LastEvaluatedKey, signed with the service's key and bound to one list
 * (`scope`, e.g. tenant + team + list kind). A token is therefore useless on
 * another list or tenant, and a forged one is a 400, never a read elsewhere.
 *
 * This belongs in the HTTP kit once another list needs it; it has no team logic.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import * as z from '../validation/zod.js';
import { BadRequestError } from '../errors/app-error.js';
import { env } from '../config/env.js';

/** Longest token accepted; a real one is a few hundred characters. */
export const MAX_PAGE_TOKEN_LENGTH = 2048;

export const PageTokenParam = z.string().check(z.minLength(1), z.maxLength(MAX_PAGE_TOKEN_LENGTH, `pageToken is at most ${MAX_PAGE_TOKEN_LENGTH} characters`));

const LastKey = z.record(z.string(), z.string());

const invalid = () =>
  new BadRequestError('request.invalid_page_token', 'pageToken is not a token this list returned; start again without it', {
    scimType: 'invalidValue',
  });

function mac(key: string, scope: string, payload: string): Buffer {
  return createHmac('sha256', key).update(`page-token\n${scope}\n${payload}`).digest();
}

/** A token resuming the list `scope` after `lastKey` (string-valued key attributes only). */
export function encodePageToken(scope: string, lastKey: Record<string, unknown>, key: string = env().SIGNING_KEY): string {
  const payload = Buffer.from(JSON.stringify(LastKey.parse(lastKey)), 'utf8').toString('base64url');
  return `${payload}.${mac(key, scope, payload).toString('base64url')}`;
}

/** The LastEvaluatedKey a token carries, if it was issued for `scope`; a 400 otherwise. */
export function decodePageToken(scope: string, token: string, key: string = env().SIGNING_KEY): Record<string, string> {
  const [payload, signature, extra] = token.split('.');
  if (!payload || !signature || extra !== undefined) throw invalid();
  const expected = mac(key, scope, payload);
  const given = Buffer.from(signature, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw invalid();
  try {
    return LastKey.parse(JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')));
  } catch {
    throw invalid();
  }
}

/** Reads an optional token; `undefined` starts at the first page. */
export const startKeyOf = (scope: string, token: string | undefined): Record<string, string> | undefined =>
  token === undefined ? undefined : decodePageToken(scope, token);

/**
 * Trims a page read with `Limit: limit + 1`: when the extra item came back there is
 * more, and the next page starts after the last item kept. DynamoDB's own
 * LastEvaluatedKey would promise more after a page that ends exactly at the end
 * of the list, and hand the client an empty last page.
 */
export function trimPage<T>(items: readonly T[], limit: number, keyOf: (item: T) => Record<string, string>) {
  if (items.length <= limit) return { items: [...items], lastKey: undefined };
  const kept = items.slice(0, limit);
  return { items: kept, lastKey: keyOf(kept[kept.length - 1]!) };
}

/** The token for the next page, or `undefined` when the list is done. */
export const nextPageTokenOf = (scope: string, lastKey: Record<string, unknown> | undefined): string | undefined =>
  lastKey ? encodePageToken(scope, lastKey) : undefined;
