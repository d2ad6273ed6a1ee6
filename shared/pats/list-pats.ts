/**
 * `GET /personal-access-tokens`: a user's tokens, newest first, filtered by a
 * case-insensitive name substring, with offset pagination and an exact total
 * (one Query: a user holds at most a few dozen tokens).
 */
import type { UserPrincipal } from '../caller/principal.js';
import type { Table } from '../storage/table.js';
import { listPersonalAccessTokens, patStopped } from '../tokens/personal-access-tokens.js';
import { patOwner } from './pat-owner.js';
import { patView, type PatView } from './pat-view.js';

export interface PatListQuery {
  limit: number;
  offset: number;
  nameSearchQuery?: string;
  userId?: string;
  email?: string;
}

export async function listPats(
  table: Table,
  principal: UserPrincipal,
  query: PatListQuery,
): Promise<{ data: PatView[]; pagination: { total: number; offset: number; limit: number } }> {
  const owner = await patOwner(table, principal, { userId: query.userId, email: query.email });
  const needle = query.nameSearchQuery?.toLowerCase();
  const now = Date.now();
  const matching = (await listPersonalAccessTokens(table, principal.tenant.id, owner.id))
    // Tokens a revocation of all the owner's tokens stopped are revoked, whether or not their items are gone yet.
    .filter((pat) => !patStopped(owner, { issuedAt: pat.createdAt, generation: pat.generation }) && (!needle || pat.name.includes(needle)))
    .sort((a, b) => b.createdAt.localeCompare(a.createdAt) || a.name.localeCompare(b.name))
    .map((pat) => patView(pat, now));
  return {
    data: matching.slice(query.offset, query.offset + query.limit),
    pagination: { total: matching.length, offset: query.offset, limit: query.limit },
  };
}
