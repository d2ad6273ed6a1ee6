/**
 * Deleting a team removes what hangs off it first (its role bindings and its
 * membership edges, swept side by side: neither depends on the other), then the
 * team itself under a version guard. The version is the one read before the
 * sweeps began (the first time, the read that found the team visible to the
 * caller): a membership change that slipped in meanwhile bumps it, and the
 * removal starts over, so no edge or binding outlives its team. A crash
 * part-way leaves the team in place with fewer edges or bindings; deleting
 * again finishes the job.
 */
import { teamState } from '../events/event-state.js';
import { ForbiddenError } from '../errors/app-error.js';
import { actorOf, type UserPrincipal } from '../caller/principal.js';
import { recordAudit } from '../audit/audit-event.js';
import { readComputeCommit } from '../storage/lost-race.js';
import type { Table } from '../storage/table.js';
import { Transaction } from '../storage/transaction.js';
import { isAdmin } from '../users/user.js';
import { removeBindingsOfSubject } from '../collaborators/role-binding-repository.js';
import { MembershipRepository } from '../teams/membership-repository.js';
import { TeamRepository, TeamVersionConflictError } from '../teams/team-repository.js';
import { isEveryoneTeam } from '../teams/everyone-team.js';
import { requireVisibleTeam } from '../teams/team-access.js';
import { EveryoneTeamImmutableError, ScimManagedTeamError, TeamNotFoundError } from '../teams/team-errors.js';
import type { Team } from '../teams/team.js';

export interface DeletedTeam {
  id: string;
  name: string;
  removedMembers: number;
  removedBindings: number;
}

export async function deleteTeam(table: Table, principal: UserPrincipal, teamId: string, requestId?: string): Promise<DeletedTeam> {
  if (isEveryoneTeam(teamId)) throw new EveryoneTeamImmutableError();
  const visible = await requireVisibleTeam(table, principal, teamId);
  if (visible.kind !== 'team') throw new EveryoneTeamImmutableError();
  if (visible.team.source === 'scim') throw new ScimManagedTeamError(visible.team);
  if (!isAdmin(principal.user)) throw new ForbiddenError('team.delete_forbidden', 'Only tenant admins may delete teams');

  const tenantId = principal.tenant.id;
  const teams = new TeamRepository(table);
  const memberships = new MembershipRepository(table);
  const actor = actorOf(principal);
  let removedMembers = 0;
  let removedBindings = 0;
  let known: Team | undefined = visible.team;
  return readComputeCommit(
    async () => {
      const team = known ?? (await teams.get(tenantId, teamId));
      known = undefined;
      if (!team) throw new TeamNotFoundError(teamId);
      const [bindings, members] = await settledBoth(
        removeBindingsOfSubject(table, tenantId, 'team', teamId, { actor, requestId }),
        memberships.removeAllOfTeam(tenantId, teamId),
      );
      removedBindings += bindings.length;
      removedMembers += members;
      const tx = new Transaction(table);
      teams.deleteIfVersion(tx, team);
      recordAudit(tx, {
        tenantId,
        actor,
        action: 'team.deleted',
        target: { type: 'team', id: team.id, slug: team.name },
        requestId,
        details: { removedMembers, removedBindings },
        data: { team: teamState(team) },
        sequence: team.version + 1,
      });
      await tx.commit();
      // A grant racing the deletion may have landed after the first sweep (GSI1 lags a little).
      removedBindings += (await removeBindingsOfSubject(table, tenantId, 'team', teamId, { actor, requestId })).length;
      return { id: team.id, name: team.name, removedMembers, removedBindings };
    },
    { lostRace: (error) => error instanceof TeamVersionConflictError },
  );
}

/** Both results once both have settled, so neither sweep is still running when the request answers; else the first error. */
async function settledBoth<A, B>(a: Promise<A>, b: Promise<B>): Promise<[A, B]> {
  const [ra, rb] = await Promise.allSettled([a, b]);
  if (ra.status === 'rejected') throw ra.reason;
  if (rb.status === 'rejected') throw rb.reason;
  return [ra.value, rb.value];
}
