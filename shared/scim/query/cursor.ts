/**
 * Opaque cursors (RFC 9865): the position of a page, HMAC-signed with the
 * service's signing key and bound to the tenant, the resource type and the query
 * (filter and sort) they were issued for, with an expiry. A cursor from another
 * tenant or query, altered, or expired is a 400 (`invalidCursor`, `expiredCursor`).
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { env } from '../../config/env.js';
import { BadRequestError } from '../../errors/app-error.js';

/** Seconds a cursor stays valid (advertised as `cursorTimeout`). */
export const CURSOR_TIMEOUT_SECONDS = 3600;

export interface CursorPosition {
  /** DynamoDB's LastEvaluatedKey, for constant-cost pages of an unfiltered list. */
  key?: Record<string, unknown>;
  /** Offset into the ordered matches, for filtered or sorted lists. */
  offset?: number;
}

interface Payload extends CursorPosition {
  t: string;
  r: string;
  q: string;
  e: number;
}

const cursorError = (scimType: 'invalidCursor' | 'expiredCursor', message: string) =>
  new BadRequestError(`scim.${scimType === 'invalidCursor' ? 'invalid_cursor' : 'expired_cursor'}`, message, { scimType });

/** A digest of what a cursor's pages depend on: the filter and the sort. */
export const queryDigest = (parts: Array<string | undefined>): string => createHash('sha256').update(JSON.stringify(parts)).digest('base64url').slice(0, 16);

const sign = (payload: string) => createHmac('sha256', env().SIGNING_KEY).update(`scim-cursor:${payload}`).digest('base64url');

export function encodeCursor(tenantId: string, resource: string, query: string, position: CursorPosition, now = Date.now()): string {
  const payload: Payload = { t: tenantId, r: resource, q: query, e: Math.floor(now / 1000) + CURSOR_TIMEOUT_SECONDS, ...position };
  const body = Buffer.from(JSON.stringify(payload)).toString('base64url');
  return `${body}.${sign(body)}`;
}

export function decodeCursor(cursor: string, tenantId: string, resource: string, query: string, now = Date.now()): CursorPosition {
  const [body, mac, extra] = cursor.split('.');
  if (!body || !mac || extra !== undefined || cursor.length > 4096) throw cursorError('invalidCursor', 'The cursor is not one this server issued');
  const expected = Buffer.from(sign(body));
  const given = Buffer.from(mac);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) {
    throw cursorError('invalidCursor', 'The cursor is not one this server issued');
  }
  const payload = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as Payload;
  if (payload.t !== tenantId || payload.r !== resource || payload.q !== query) {
    throw cursorError('invalidCursor', 'The cursor belongs to a different query; repeat the same filter and sortBy with it');
  }
  if (payload.e * 1000 < now) throw cursorError('expiredCursor', `The cursor has expired (cursors last ${CURSOR_TIMEOUT_SECONDS} seconds)`);
  return { key: payload.key, offset: payload.offset };
}
