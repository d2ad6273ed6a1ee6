/**
 * The lookup record of a hashed secret: `SECRET#<sha256>` holds what the secret
 * grants, so verifying any bearer token is one GetItem by its hash.
 */
import { keys } from '../storage/keys.js';
import { TTL_ATTRIBUTE } from '../storage/table-definition.js';
import type { SecretKind } from './secret-token.js';

export interface SecretRecord {
  kind: SecretKind;
  hash: string;
  tenantId: string;
  /** The PAT, SCIM token, invite or reset record this secret belongs to. */
  tokenId: string;
  userId?: string;
  /** ISO time after which the secret is refused (absent: never expires). */
  expiresAt?: string;
  lastUsedAt?: string;
  /**
   * When the secret was issued (PATs), so a revocation by time (a deactivation)
   * is checked with the same read; absent on secrets written before it was kept.
   */
  issuedAt?: string;
  /** The user's PAT generation when the PAT was issued (../users/user.ts); absent on older secrets. */
  generation?: number;
}

export function secretItem(record: SecretRecord) {
  const item: Record<string, unknown> & { PK: string; SK: string } = { ...keys.secret(record.hash), entity: 'secret', ...record };
  // TTL only cleans up; expiry is enforced on every read because TTL deletion lags.
  if (record.expiresAt) item[TTL_ATTRIBUTE] = Math.floor(Date.parse(record.expiresAt) / 1000) + 86_400;
  return item;
}

export const isExpired = (record: Pick<SecretRecord, 'expiresAt'>, now = Date.now()): boolean =>
  record.expiresAt !== undefined && Date.parse(record.expiresAt) <= now;
