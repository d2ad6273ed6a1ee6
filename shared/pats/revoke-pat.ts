/**
 * Revoking PATs. Revocation deletes the secret record, so the very next request
 * with the token fails its one lookup; the metadata and name marker go in the
 * same transaction, with the audit event.
 */
import { patState } from '../events/event-state.js';
import { actorOf, type UserPrincipal } from '../caller/principal.js';
import { recordAudit } from '../audit/audit-event.js';
import { NotFoundError } from '../errors/app-error.js';
import { keys } from '../storage/keys.js';
import { INDEXES } from '../storage/table-definition.js';
import type { Table } from '../storage/table.js';
import { Transaction } from '../storage/transaction.js';
import { readComputeCommit } from '../storage/lost-race.js';
import {
  listPersonalAccessTokens,
  patFromItem,
  patGenerationOf,
  revokePersonalAccessToken,
  type PersonalAccessToken,
} from '../tokens/personal-access-tokens.js';
import { requireUserByEmail } from '../users/user-lookup.js';
import { UserRepository, UserVersionConflictError } from '../users/user-repository.js';
import { isAdmin, type User } from '../users/user.js';
import { patView, type PatView } from './pat-view.js';

/** Three items per token (metadata, name marker, secret) and one audit item per transaction. */
const TOKENS_PER_TRANSACTION = 33;

const notFound = (tokenId: string) => new NotFoundError('pat.not_found', `Personal access token ${tokenId} not found`);

/**
 * The token `tokenId` if the caller may manage it: their own (one GetItem), or,
 * for tenant admins, anyone's in the tenant (one GSI1 Query by id). 404 otherwise.
 */
export async function findManageablePat(table: Table, principal: UserPrincipal, tokenId: string): Promise<PersonalAccessToken> {
  const own = await table.get(keys.pat(principal.tenant.id, principal.user.id, tokenId));
  if (own) return patFromItem(own);
  if (!isAdmin(principal.user)) throw notFound(tokenId);
  const page = await table.query({
    IndexName: INDEXES.lookupsAndQueues.name,
    KeyConditionExpression: 'GSI1PK = :pk',
    ExpressionAttributeValues: { ':pk': keys.gsiPatId(principal.tenant.id, tokenId) },
  });
  const item = page.items.find((i) => i.entity === 'pat');
  if (!item) throw notFound(tokenId);
  return patFromItem(item);
}

export async function revokePat(table: Table, principal: UserPrincipal, tokenId: string, requestId?: string): Promise<PatView> {
  const pat = await findManageablePat(table, principal, tokenId);
  const tx = new Transaction(table);
  revokePersonalAccessToken(tx, pat);
  recordAudit(tx, {
    tenantId: pat.tenantId,
    actor: actorOf(principal),
    action: 'pat.revoked',
    target: { type: 'pat', id: pat.id, slug: pat.name },
    requestId,
    details: { userId: pat.userId },
    data: { pat: patState(pat, true) },
  });
  await tx.commit();
  return patView(pat);
}

/**
 * Revokes every token of the user whose login email is `email`; returns how
 * many were listed. The revocation is one write: the user's PAT generation
 * advances with the audit event, so every token issued until that commit stops
 * at once, a token minted while this runs included (its creation checks the
 * generation it was authenticated under). The listed tokens' items then go;
 * one left behind by a failure is refused all the same and purged later.
 */
export async function revokeAllPats(table: Table, principal: UserPrincipal, email: string, requestId?: string): Promise<{ userId: string; revoked: number }> {
  const tenantId = principal.tenant.id;
  const users = new UserRepository(table);
  const { user, tokens } = await readComputeCommit(
    async () => {
      const before = await requireUserByEmail(table, tenantId, email);
      const listed = await listPersonalAccessTokens(table, tenantId, before.id);
      const named = listed.map((p) => ({ id: p.id, name: p.name }));
      const tx = new Transaction(table);
      users.update(tx, before, { ...before, patGeneration: patGenerationOf(before) + 1, updatedAt: new Date().toISOString() });
      recordAudit(tx, {
        tenantId,
        actor: actorOf(principal),
        action: 'pat.revoked_all',
        target: { type: 'user', id: before.id, slug: before.email },
        requestId,
        details: { tokens: named },
        data: { user: { id: before.id, email: before.email }, tokens: named },
        // Only the PAT generation moved, which no event shows: the user's state is the one the last event carried.
        sequence: before.version,
      });
      await tx.commit();
      return { user: before, tokens: listed };
    },
    { lostRace: (error) => error instanceof UserVersionConflictError },
  );
  for (let i = 0; i < tokens.length; i += TOKENS_PER_TRANSACTION) {
    const tx = new Transaction(table);
    for (const pat of tokens.slice(i, i + TOKENS_PER_TRANSACTION)) revokePersonalAccessToken(tx, pat);
    await tx.commit();
  }
  return { userId: user.id, revoked: tokens.length };
}

/**
 * Deletes the items of tokens that `user`'s deactivation already stopped (they
 * are refused since that deactivation's commit), audited as the system's doing.
 */
export async function purgeStoppedPats(table: Table, user: User, tokens: PersonalAccessToken[], requestId?: string): Promise<void> {
  for (let i = 0; i < tokens.length; i += TOKENS_PER_TRANSACTION) {
    const chunk = tokens.slice(i, i + TOKENS_PER_TRANSACTION);
    const tx = new Transaction(table);
    for (const pat of chunk) revokePersonalAccessToken(tx, pat);
    recordAudit(tx, {
      tenantId: user.tenantId,
      actor: { type: 'system', id: 'deactivation', slug: 'revoked by deactivation' },
      action: 'pat.revoked_all',
      target: { type: 'user', id: user.id, slug: user.email ?? user.userName },
      requestId,
      details: { reason: 'user.deactivated', revokedAt: user.sessionsRevokedAt, tokens: chunk.map((p) => ({ id: p.id, name: p.name })) },
      data: { user: { id: user.id, email: user.email }, tokens: chunk.map((p) => ({ id: p.id, name: p.name })), reason: 'user.deactivated' },
      sequence: user.version,
    });
    await tx.commit();
  }
}
