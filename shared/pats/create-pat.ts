/**
 * Creating a PAT for the caller: the name rule and per-user uniqueness (a marker
 * written in the same transaction), an expiry within the tenant's maximum
 * lifetime, and the audit event, all in one transaction. The token is returned
 * once; only its hash is stored.
 */
import { patState } from '../events/event-state.js';
import { actorOf, type UserPrincipal } from '../caller/principal.js';
import { recordAudit } from '../audit/audit-event.js';
import { ConflictError, UnauthorizedError } from '../errors/app-error.js';
import { keys } from '../storage/keys.js';
import type { Table } from '../storage/table.js';
import { Transaction } from '../storage/transaction.js';
import { DEFAULT_PAT_MAX_LIFETIME_DAYS } from '../tenants/tenant.js';
import { createPersonalAccessToken, listPersonalAccessTokens, patGenerationOf, patStopped } from '../tokens/personal-access-tokens.js';
import { patExpiry } from './pat-lifetime.js';
import { patView, type PatView } from './pat-view.js';
import { purgeStoppedPats } from './revoke-pat.js';

/**
 * Tokens one user may hold. A soft cap (counted before the write): concurrent
 * creations by one user may pass it by a few, which bounds nothing that matters.
 */
export const MAX_PATS_PER_USER = 50;

export async function createPat(
  table: Table,
  principal: UserPrincipal,
  input: { name: string; expirationDate?: string },
  requestId?: string,
): Promise<{ token: string; pat: PatView }> {
  const { tenant, user } = principal;
  const maxDays = tenant.patMaxLifetimeDays > 0 ? tenant.patMaxLifetimeDays : DEFAULT_PAT_MAX_LIFETIME_DAYS;
  const expiresAt = patExpiry(input.expirationDate, maxDays).toISOString();
  const tokens = await listPersonalAccessTokens(table, tenant.id, user.id);
  const stopped = tokens.filter((pat) => patStopped(user, { issuedAt: pat.createdAt, generation: pat.generation }));
  // Their names and places under the cap are free again: their items go before the new one is written.
  if (stopped.length > 0) await purgeStoppedPats(table, user, stopped, requestId);
  const existing = tokens.filter((pat) => !stopped.includes(pat));
  if (existing.length >= MAX_PATS_PER_USER) {
    throw new ConflictError(
      'pat.limit_reached',
      `You already have ${existing.length} personal access tokens, the most allowed; delete unused or expired ones first`,
    );
  }
  const tx = new Transaction(table);
  const generation = patGenerationOf(user);
  const { pat, token } = createPersonalAccessToken(tx, { tenantId: tenant.id, userId: user.id, name: input.name, expiresAt, generation });
  // The user as authenticated: a deactivation or a revocation committed since then refuses the token rather than
  // let it be born into a generation that is already over.
  tx.check(keys.user(tenant.id, user.id), {
    condition: generation === 0 ? '#active = :true AND (attribute_not_exists(#g) OR #g = :g)' : '#active = :true AND #g = :g',
    names: { '#active': 'active', '#g': 'patGeneration' },
    values: { ':true': true, ':g': generation },
    onConditionFailed: () => new UnauthorizedError('auth.session_revoked', 'Your tokens were revoked while this request ran; no token was created'),
  });
  recordAudit(tx, {
    tenantId: tenant.id,
    actor: actorOf(principal),
    action: 'pat.created',
    target: { type: 'pat', id: pat.id, slug: pat.name },
    requestId,
    details: { userId: user.id, expiresAt, prefix: pat.displayPrefix },
    data: { pat: patState(pat, false) },
  });
  await tx.commit();
  return { token, pat: patView(pat) };
}
