/**
 * Deleting a user. Without `force` the delete is refused while the user is in
 * any team or holds any resource role, naming them, so an admin never removes
 * access they did not see. With `force` they go with the user: in the same
 * transaction as the user, their markers, the active-admin counter and the
 * Cognito deletion when they fit (team counts, versions and audit with them), or
 * first, in their own transactions, when there are too many; the user's own records (PATs, invite,
 * resets) are purged after it. They are dead from that commit on: every
 * credential is checked against the user item on each request. Resources the
 * user created are not touched.
 */
import { teamState, userState } from '../events/event-state.js';
import { recordAudit, type Actor, type NewAuditEvent } from '../audit/audit-event.js';
import { listBindingsOfSubject, removeBindingsOfSubject } from '../collaborators/role-binding-repository.js';
import { BadRequestError, NotFoundError, type ErrorDetail } from '../errors/app-error.js';
import type { Table } from '../storage/table.js';
import { MAX_TRANSACTION_ITEMS, Transaction } from '../storage/transaction.js';
import { keys } from '../storage/keys.js';
import { readComputeCommit } from '../storage/lost-race.js';
import { EdgeRaceError, MembershipRepository } from '../teams/membership-repository.js';
import { TeamRepository } from '../teams/team-repository.js';
import { EVERYONE_TEAM_NAME, type Team } from '../teams/team.js';
import type { Tenant } from '../tenants/tenant.js';
import { countsAsActiveAdmin, LastAdminError, readActiveAdmins } from '../users/admin-guard.js';
import { addLifecycleEffects } from '../users/lifecycle.js';
import { purgeUserRecords } from '../users/user-records.js';
import { UserRepository, UserVersionConflictError } from '../users/user-repository.js';

export interface DeleteUserInput {
  tenant: Tenant;
  userId: string;
  force: boolean;
  actor: Actor;
  requestId?: string;
  /** If-Match: refuse with 412 when the user changed since it was read. */
  expectedVersion?: number;
}

export interface DeleteBlockers {
  teams: Array<{ id: string; name: string }>;
  resourceRoles: Array<{ resourceType: string; resourceId: string; role: string }>;
}

/** The blockers as error details: one entry per team and per resource role, each saying why it blocks. */
export const blockerDetails = (blockers: DeleteBlockers): ErrorDetail[] => [
  ...blockers.teams.map((t) => ({ subject: `team:${t.name}`, type: 'team', id: t.id, name: t.name, message: 'the user is a member of this team' })),
  ...blockers.resourceRoles.map((r) => ({
    subject: `${r.resourceType}:${r.resourceId}`,
    type: 'resource-role',
    ...r,
    message: `the user holds the role ${r.role} on this resource`,
  })),
];

/**
 * Deletes a user, or refuses with `user.delete_blocked` (400, details
 * {@link blockerDetails}) while they belong to a team or hold a resource role and
 * `force` is false; `user.last_admin` (409) for the last active admin.
 */
export async function deleteUser(table: Table, input: DeleteUserInput): Promise<void> {
  // A membership, binding or the user changed under us: read again (a user change is the client's 412 under If-Match).
  let userChanged = false;
  return readComputeCommit(() => deleteOnce(table, input), {
    lostRace: (error) => {
      userChanged = error instanceof UserVersionConflictError;
      return userChanged || error instanceof EdgeRaceError;
    },
    preconditioned: () => userChanged && input.expectedVersion !== undefined,
  });
}

async function deleteOnce(table: Table, input: DeleteUserInput): Promise<void> {
  const { tenant, userId } = input;
  const users = new UserRepository(table);
  const user = await users.get(tenant.id, userId);
  if (!user) throw new NotFoundError('user.not_found', `User ${userId} not found`);
  if (input.expectedVersion !== undefined && input.expectedVersion !== user.version) throw new UserVersionConflictError(userId);
  // Early and friendly; the counter's condition in the final transaction is what decides.
  if (countsAsActiveAdmin(user) && (await readActiveAdmins(table, tenant.id)) <= 1) throw new LastAdminError();

  const blockers = await blockersOf(table, tenant.id, userId);
  if (!input.force && (blockers.teams.length || blockers.resourceRoles.length)) {
    throw new BadRequestError('user.delete_blocked', blockedMessage(user.email ?? user.userName, blockers), { details: blockerDetails(blockers) });
  }
  const tx = new Transaction(table);
  users.delete(tx, user);
  addLifecycleEffects(tx, tenant, user, undefined);
  recordAudit(tx, {
    tenantId: tenant.id,
    actor: input.actor,
    action: 'user.deleted',
    target: { type: 'user', id: user.id, slug: user.email ?? user.userName },
    requestId: input.requestId,
    details: { force: input.force, removedTeams: blockers.teams, removedResourceRoles: blockers.resourceRoles },
    // A deletion is the subject's last change: one past its last version.
    data: { user: userState(user) },
    sequence: user.version + 1,
  });
  const teams = blockers.teams.length
    ? await new TeamRepository(table).getMany(
        tenant.id,
        blockers.teams.map((t) => t.id),
      )
    : [];
  const memberships = new MembershipRepository(table);
  // Per team: the edge, the team item and its audit event; per binding: the binding.
  if (tx.size + 3 * teams.length + blockers.resourceRoles.length <= MAX_TRANSACTION_ITEMS) {
    // The common case: memberships and roles go in the same commit as the user, so a
    // failure anywhere leaves the user exactly as they were.
    for (const team of teams) {
      memberships.removeInTransaction(tx, team, userId);
      recordAudit(tx, teamMembersRemoved(input, team, userId));
    }
    for (const role of blockers.resourceRoles) tx.delete(keys.roleBinding(tenant.id, role.resourceType, role.resourceId, 'user', userId));
    await tx.commit();
  } else {
    // Too many to commit at once: memberships and roles go first, in their own
    // transactions; a failure before the final commit leaves the user in place
    // with fewer of them, and repeating the delete completes it.
    for (const team of teams) {
      await memberships.apply(
        team,
        { remove: [userId] },
        { onChunk: (chunkTx, chunk) => recordAudit(chunkTx, teamMembersRemoved(input, chunk.team, userId, true)) },
      );
    }
    if (blockers.resourceRoles.length) {
      await removeBindingsOfSubject(table, tenant.id, 'user', userId, { actor: input.actor, requestId: input.requestId });
    }
    await tx.commit();
  }
  await purgeUserRecords(table, tenant.id, userId);
}

/**
 * The audit event of removing the user from `team`: as read before the removal
 * (which bumps its version and count by one), or as a membership chunk left it.
 */
function teamMembersRemoved(input: DeleteUserInput, read: Team, userId: string, applied = false): NewAuditEvent {
  const team = applied ? read : { ...read, memberCount: read.memberCount - 1, version: read.version + 1 };
  return {
    tenantId: input.tenant.id,
    actor: input.actor,
    action: 'team.members_removed',
    target: { type: 'team', id: team.id, slug: team.name },
    requestId: input.requestId,
    details: { removed: [userId], reason: 'user deleted' },
    data: { team: teamState(team), added: [], removed: [userId] },
    sequence: team.version,
  };
}

async function blockersOf(table: Table, tenantId: string, userId: string): Promise<DeleteBlockers> {
  const [memberships, bindings] = await Promise.all([
    new MembershipRepository(table).listTeamsOfUser(tenantId, userId),
    listBindingsOfSubject(table, tenantId, 'user', userId),
  ]);
  const teams = memberships.length
    ? await new TeamRepository(table).getMany(
        tenantId,
        memberships.map((m) => m.teamId),
      )
    : [];
  return {
    teams: teams
      .filter((t) => t.name.toLowerCase() !== EVERYONE_TEAM_NAME)
      .map((t) => ({ id: t.id, name: t.name }))
      .sort((a, b) => a.name.localeCompare(b.name)),
    resourceRoles: bindings
      .map((b) => ({ resourceType: b.resourceType, resourceId: b.resourceId, role: b.role }))
      .sort((a, b) => `${a.resourceType}/${a.resourceId}`.localeCompare(`${b.resourceType}/${b.resourceId}`)),
  };
}

function blockedMessage(who: string, blockers: DeleteBlockers): string {
  const parts: string[] = [];
  if (blockers.teams.length) parts.push(`member of team(s) ${blockers.teams.map((t) => t.name).join(', ')}`);
  if (blockers.resourceRoles.length) {
    parts.push(`holds role(s) ${blockers.resourceRoles.map((r) => `${r.role} on ${r.resourceType} ${r.resourceId}`).join(', ')}`);
  }
  return `User ${who} cannot be deleted: ${parts.join('; ')}. Remove these first or pass forceDelete=true`;
}
