/**
 * What the public page behind an invite or reset link may show before anything
 * is redeemed: the organisation's display name and the one address the link is
 * for, and whether accepting should ask for a name. Whoever holds the link sees
 * this, so it says nothing more, and only for a token that would be accepted
 * now. Reading it never claims or spends the token: mail scanners fetch links
 * before people click them.
 *
 * Every refusal is the one generic {@link linkNotUsable}, whatever the reason
 * (malformed, forged, used, expired, replaced, another organisation's, a
 * deactivated or deleted user), so the answer is no oracle for which accounts
 * exist or what became of a link.
 */
import { AppError, BadRequestError } from '../errors/app-error.js';
import type { Table } from '../storage/table.js';
import { TenantRepository } from '../tenants/tenant-repository.js';
import type { ActionKind } from '../tokens/action-token.js';
import { outdatedFor, readActionToken } from './action-record.js';
import { hasName, namesSetBySelf } from './person-name.js';
import { UserRepository } from './user-repository.js';

export interface ActionLinkInfo {
  kind: ActionKind;
  /** The organisation's display name. */
  organization: string;
  /** The address the link was sent to: the user's login email (their userName when they have none). */
  email: string;
  /** Accepting this invite should ask for the person's name: none is known and the tenant lets people set their own. */
  askName: boolean;
}

/** The one answer for every link that cannot be used, whatever the reason. */
export const linkNotUsable = (): BadRequestError =>
  new BadRequestError(
    'link.not_usable',
    'This link cannot be used: it may have expired, been used already or been replaced by a newer one. Ask for a new one.',
  );

/**
 * Describes a valid, unexpired, unused link of `kind`; `tenantId`, when the link
 * names one, must be the token's own. Reads only: nothing is claimed or written.
 */
export async function describeActionLink(table: Table, input: { kind: ActionKind; token: string; tenantId?: string }): Promise<ActionLinkInfo> {
  const record = await readActionToken(table, input.kind, input.token).catch((error: unknown) => {
    throw error instanceof AppError && error.status === 400 ? linkNotUsable() : error;
  });
  if (input.tenantId !== undefined && input.tenantId !== record.tenantId) throw linkNotUsable();
  const [user, tenant] = await Promise.all([new UserRepository(table).get(record.tenantId, record.userId), new TenantRepository(table).get(record.tenantId)]);
  if (!user || !tenant || !user.active || outdatedFor(record, user)) throw linkNotUsable();
  // An invite accepted some other way (a first SSO sign-in) is as spent as a used token.
  if (input.kind === 'invite' && user.inviteAccepted) throw linkNotUsable();
  return {
    kind: input.kind,
    organization: tenant.displayName,
    email: user.email ?? user.userName,
    askName: input.kind === 'invite' && !hasName(user) && namesSetBySelf(tenant),
  };
}
