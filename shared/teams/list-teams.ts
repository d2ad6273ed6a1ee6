/**
 * `GET /teams/user`: tenant admins see every team, others the teams they belong
 * to; the implicit `everyone` team comes first for everyone. `type` selects teams
 * made here (`team`, with `everyone`) or pushed by the IdP (`sso-team`).
 *
 * Offset pagination with an exact total, as TrueFoundry's API has it: the set
 * is bounded (a tenant's teams for admins, one person's teams otherwise) and
 * read whole, then sliced.
 */
import type { UserPrincipal } from '../caller/principal.js';
import type { Table } from '../storage/table.js';
import { isAdmin } from '../users/user.js';
import { UserRepository } from '../users/user-repository.js';
import { MembershipRepository } from './membership-repository.js';
import { TeamRepository } from './team-repository.js';
import type { Team, TeamRole } from './team.js';
import { everyoneTeamView, teamView, type TeamView } from './team-view.js';

export type TeamType = 'team' | 'sso-team';

export interface TeamListPage {
  data: TeamView[];
  pagination: { total: number; offset: number; limit: number };
}

export async function listTeamsForUser(
  table: Table,
  principal: UserPrincipal,
  query: { limit: number; offset: number; type?: TeamType },
): Promise<TeamListPage> {
  const tenantId = principal.tenant.id;
  const admin = isAdmin(principal.user);
  // `everyone` shows the active users' count: read beside the teams, not after them.
  const [visible, activeUsers] = await Promise.all([
    visibleTeams(table, tenantId, admin ? undefined : principal.user.id),
    query.type === 'sso-team' ? undefined : new UserRepository(table).counts(tenantId).then((c) => c.active),
  ]);
  const views = visible
    .filter(({ team }) => !query.type || (query.type === 'sso-team') === (team.source === 'scim'))
    .sort((a, b) => a.team.name.toLowerCase().localeCompare(b.team.name.toLowerCase()))
    .map(({ team, role }) => teamView(team, admin || role === 'manager'));
  if (activeUsers !== undefined) views.unshift(everyoneTeamView(principal.tenant, activeUsers));
  return {
    data: views.slice(query.offset, query.offset + query.limit),
    pagination: { total: views.length, offset: query.offset, limit: query.limit },
  };
}

/** Every team of the tenant (`memberId` undefined: an admin), or the teams of one member with their role. */
async function visibleTeams(table: Table, tenantId: string, memberId: string | undefined): Promise<Array<{ team: Team; role?: TeamRole }>> {
  if (memberId === undefined) return (await new TeamRepository(table).listAll(tenantId)).map((team) => ({ team }));
  const edges = await new MembershipRepository(table).listTeamsOfUser(tenantId, memberId);
  const roles = new Map(edges.map((e) => [e.teamId, e.role]));
  return (await new TeamRepository(table).getMany(tenantId, [...roles.keys()])).map((team) => ({ team, role: roles.get(team.id) }));
}
