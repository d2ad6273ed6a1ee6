/**
 * Personal access tokens: the metadata item in the user's collection (listing,
 * revocation), a per-user name marker (uniqueness), and the hashed secret record
 * (verification in one GetItem). The plaintext is returned once and never stored.
 */
import { randomUUID } from 'node:crypto';
import { keys } from '../storage/keys.js';
import type { Table } from '../storage/table.js';
import { Transaction } from '../storage/transaction.js';
import { UniquenessError } from '../errors/app-error.js';
import { issueSecret } from './secret-token.js';
import { secretItem, type SecretRecord } from './secret-record.js';
import { parseStoredItem } from '../storage/stored-item.js';
import * as z from '../validation/zod.js';

const StoredPatSchema = z.looseObject({
  id: z.string(),
  tenantId: z.string(),
  userId: z.string(),
  name: z.string(),
  displayPrefix: z.string(),
  last4: z.string(),
  hash: z.string(),
  createdAt: z.string(),
});

export interface PersonalAccessToken {
  id: string;
  tenantId: string;
  userId: string;
  name: string;
  displayPrefix: string;
  last4: string;
  hash: string;
  createdAt: string;
  expiresAt?: string;
  lastUsedAt?: string;
}

export const patItem = (pat: PersonalAccessToken) => ({
  ...keys.pat(pat.tenantId, pat.userId, pat.id),
  entity: 'pat',
  ...pat,
  ...keys.patIdIndexKeys(pat.tenantId, pat.id),
});

/** The stored metadata item as the domain type (keys and index attributes dropped). */
export function patFromItem(item: Record<string, unknown>): PersonalAccessToken {
  return parseStoredItem(StoredPatSchema, item, 'personal access token');
}

/** Adds the creation of a PAT to a transaction and returns the token, to be shown once. */
export function createPersonalAccessToken(
  tx: Transaction,
  input: { tenantId: string; userId: string; name: string; expiresAt?: string },
): { pat: PersonalAccessToken; token: string } {
  const secret = issueSecret('pat');
  const pat: PersonalAccessToken = {
    id: randomUUID(),
    tenantId: input.tenantId,
    userId: input.userId,
    name: input.name,
    displayPrefix: secret.displayPrefix,
    last4: secret.last4,
    hash: secret.hash,
    createdAt: new Date().toISOString(),
    expiresAt: input.expiresAt,
  };
  tx.create(
    { ...keys.uniquePatName(pat.tenantId, pat.userId, pat.name), entity: 'unique', tokenId: pat.id },
    () => new UniquenessError('pat.name_taken', `You already have a personal access token named "${pat.name}"`),
  );
  tx.put(patItem(pat));
  tx.put(
    secretItem({
      kind: 'pat',
      hash: secret.hash,
      tenantId: pat.tenantId,
      tokenId: pat.id,
      userId: pat.userId,
      expiresAt: pat.expiresAt,
      issuedAt: pat.createdAt,
    }),
  );
  return { pat, token: secret.token };
}

/**
 * Whether a PAT issued at `issuedAt` was stopped by its user's deactivation:
 * deactivation stamps `sessionsRevokedAt` in its own transaction, whichever path
 * made it (admin API, SCIM), and every token issued until then is revoked for
 * good, so a reactivation brings none of them back.
 */
export const stoppedByDeactivation = (user: { sessionsRevokedAt?: string }, issuedAt: string): boolean =>
  user.sessionsRevokedAt !== undefined && Date.parse(issuedAt) <= Date.parse(user.sessionsRevokedAt);

/**
 * {@link stoppedByDeactivation} for the secret record a request presented. A
 * secret written before records kept `issuedAt` is dated by its PAT's metadata
 * (one more read, and only for a user who was ever deactivated); with neither,
 * the token is treated as stopped.
 */
export async function patSecretStopped(table: Table, user: { sessionsRevokedAt?: string }, secret: SecretRecord): Promise<boolean> {
  if (!user.sessionsRevokedAt || !secret.userId) return false;
  const issuedAt = secret.issuedAt ?? (await table.get<{ createdAt?: string }>(keys.pat(secret.tenantId, secret.userId, secret.tokenId)))?.createdAt;
  return issuedAt === undefined || stoppedByDeactivation(user, issuedAt);
}

/** Adds the revocation of a PAT (metadata, name marker, secret record) to a transaction. */
export function revokePersonalAccessToken(tx: Transaction, pat: PersonalAccessToken): void {
  tx.delete(keys.pat(pat.tenantId, pat.userId, pat.id));
  tx.delete(keys.uniquePatName(pat.tenantId, pat.userId, pat.name));
  tx.delete(keys.secret(pat.hash));
}

export async function listPersonalAccessTokens(table: Table, tenantId: string, userId: string): Promise<PersonalAccessToken[]> {
  // Bounded: a user's own tokens, a small collection.
  const items = await table.queryAll({
    KeyConditionExpression: 'PK = :pk AND begins_with(SK, :prefix)',
    ExpressionAttributeValues: { ':pk': keys.userCollection(tenantId, userId), ':prefix': keys.patPrefix },
  });
  return items.map(patFromItem);
}

/** Convenience for seeding and tests: issue one PAT in its own transaction. */
export async function issuePersonalAccessToken(
  table: Table,
  input: { tenantId: string; userId: string; name: string; expiresAt?: string },
): Promise<{ id: string; token: string }> {
  const tx = new Transaction(table);
  const { pat, token } = createPersonalAccessToken(tx, input);
  await tx.commit();
  return { id: pat.id, token };
}
