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
  generation: z.optional(z.int().check(z.nonnegative())),
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
  /** Its user's PAT generation at issue; absent on tokens issued before generations were kept. */
  generation?: number;
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
  input: { tenantId: string; userId: string; name: string; expiresAt?: string; generation: number },
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
    generation: input.generation,
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
      generation: pat.generation,
    }),
  );
  return { pat, token: secret.token };
}

/** What a user item says of its PATs: the generation they must carry, and the time of the last revocation. */
export interface PatHolder {
  patGeneration?: number;
  sessionsRevokedAt?: string;
}

export const patGenerationOf = (user: Pick<PatHolder, 'patGeneration'>): number => user.patGeneration ?? 0;

/**
 * Whether a PAT was stopped by a revocation of all its user's tokens (a
 * deactivation, a login-email change), for good: a reactivation brings none
 * back. A PAT carrying a generation is honoured only at its user's current one.
 * Exact under races: the revocation advances the generation in the user's
 * versioned write, and a PAT is created on condition that the generation is the
 * one its request authenticated with. A PAT issued before generations were kept
 * belongs to generation 0, so any revocation since stops it; while its user is
 * still at 0 it is judged by its issue time against a revocation stamped before
 * generations were kept.
 */
export function patStopped(user: PatHolder, pat: { issuedAt: string | undefined; generation?: number }): boolean {
  if ((pat.generation ?? 0) !== patGenerationOf(user)) return true;
  if (pat.generation !== undefined || !user.sessionsRevokedAt) return false;
  return pat.issuedAt === undefined || Date.parse(pat.issuedAt) <= Date.parse(user.sessionsRevokedAt);
}

/**
 * {@link patStopped} for the secret record a request presented. A secret
 * written before records kept `issuedAt` is dated by its PAT's metadata: one
 * more read, only when its time decides (its user still at generation 0, and
 * revoked before generations were kept).
 */
export async function patSecretStopped(table: Table, user: PatHolder, secret: SecretRecord): Promise<boolean> {
  const pat = { issuedAt: secret.issuedAt, generation: secret.generation };
  const datedByMetadata = pat.generation === undefined && pat.issuedAt === undefined && patGenerationOf(user) === 0 && user.sessionsRevokedAt !== undefined;
  if (datedByMetadata && secret.userId !== undefined) {
    pat.issuedAt = (await table.get<{ createdAt?: string }>(keys.pat(secret.tenantId, secret.userId, secret.tokenId)))?.createdAt;
  }
  return patStopped(user, pat);
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

/** Convenience for seeding and tests: issue one PAT in its own transaction, at its user's current generation. */
export async function issuePersonalAccessToken(
  table: Table,
  input: { tenantId: string; userId: string; name: string; expiresAt?: string },
): Promise<{ id: string; token: string }> {
  const holder = await table.get<PatHolder>(keys.user(input.tenantId, input.userId));
  const tx = new Transaction(table);
  const { pat, token } = createPersonalAccessToken(tx, { ...input, generation: patGenerationOf(holder ?? {}) });
  await tx.commit();
  return { id: pat.id, token };
}
