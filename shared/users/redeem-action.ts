/**
 * The common half of accepting an invite and resetting a password. The token is
 * read, then claimed (./action-record.ts) before anything acts on it: only the
 * claiming request goes on to check its user and set a password in Cognito, so
 * of parallel redemptions of one token exactly one acts, and its password is
 * the one that works. The claimer then spends the token and writes the user's
 * change with its audit event in one transaction; on any failure before that
 * commit it releases the claim, so the token can be tried again.
 */
import type { Table } from '../storage/table.js';
import { TenantRepository } from '../tenants/tenant-repository.js';
import type { Tenant } from '../tenants/tenant.js';
import { addClaimedRedemption, claimAction, outdatedFor, readActionToken, releaseAction, type ActionRecord, type ClaimedAction } from './action-record.js';
import { unusableToken, type ActionKind } from '../tokens/action-token.js';
import { recordPasswordSet } from './record-password-set.js';
import { UserRepository } from './user-repository.js';
import type { User } from './user.js';

/** What a redemption does once it holds the claim: its side effect done, the user change still to write. */
export interface Redemption {
  /** The user after the redemption, from the user as last read (re-applied if the user changed meanwhile). */
  apply(user: User): User;
  audit: { action: 'user.invite_accepted' | 'user.password_reset'; details?: Record<string, unknown> };
}

export interface RedemptionSubject {
  record: ActionRecord;
  user: User;
  tenant: Tenant;
}

/**
 * Redeems `token` of `kind`: `act` runs only for the request holding the claim,
 * checks the subject and does the side effect (Cognito); then the token is spent
 * with the change `act` returned. Returns the user as written.
 */
export async function redeemActionToken(
  table: Table,
  input: { kind: ActionKind; token: string; requestId?: string },
  act: (subject: RedemptionSubject) => Promise<Redemption>,
): Promise<User> {
  const record = await readActionToken(table, input.kind, input.token);
  const claim = await claimAction(table, record);
  try {
    const subject = await subjectOf(table, record);
    const redemption = await act(subject);
    return await commitRedemption(table, claim, subject.user, redemption, input.requestId);
  } catch (error) {
    await releaseAction(table, claim);
    throw error;
  }
}

/** The user and tenant of a token; a token whose user or tenant is gone is an invalid one (400). */
async function subjectOf(table: Table, record: ActionRecord): Promise<RedemptionSubject> {
  const [user, tenant] = await Promise.all([new UserRepository(table).get(record.tenantId, record.userId), new TenantRepository(table).get(record.tenantId)]);
  if (!user || !tenant || outdatedFor(record, user)) throw unusableToken(record.kind, 'invalid');
  return { record, user, tenant };
}

/** Spends the token with the user's change and its audit event. */
function commitRedemption(table: Table, claim: ClaimedAction, read: User, redemption: Redemption, requestId?: string): Promise<User> {
  return recordPasswordSet(table, read, {
    ...redemption,
    alsoIn: (tx) => addClaimedRedemption(tx, claim),
    gone: () => unusableToken(claim.record.kind, 'invalid'),
    requestId,
  });
}
