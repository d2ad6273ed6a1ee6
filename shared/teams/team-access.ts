/**
 * Who may see and change a team. Tenant admins act as managers of every team;
 * a manager edge lets a user change its team's membership; members see the
 * teams they belong to, and everyone sees the implicit `everyone` team. A team
 * the caller may not see is reported as not found, like any other.
 */
import type { UserPrincipal } from '../caller/principal.js';
import type { Table } from '../storage/table.js';
import { isAdmin } from '../users/user.js';
import { MembershipRepository } from './membership-repository.js';
import { TeamRepository } from './team-repository.js';
import type { Team } from './team.js';
import { isEveryoneTeam } from './everyone-team.js';
import { TeamNotFoundError } from './team-errors.js';

export type TeamAccess = 'admin' | 'manager' | 'member' | 'none';

export const canManage = (access: TeamAccess): boolean => access === 'admin' || access === 'manager';

/** The caller's relation to a stored team (one consistent GetItem for non-admins). */
export async function accessToTeam(table: Table, principal: UserPrincipal, team: Pick<Team, 'id'>): Promise<TeamAccess> {
  if (isAdmin(principal.user)) return 'admin';
  const edge = await new MembershipRepository(table).get(principal.tenant.id, team.id, principal.user.id);
  if (!edge) return 'none';
  return edge.role === 'manager' ? 'manager' : 'member';
}

export type VisibleTeam = { kind: 'everyone' } | { kind: 'team'; team: Team; access: TeamAccess };

/** The team `teamId` if the caller may see it; 404 otherwise (whether it exists or not). */
export async function requireVisibleTeam(table: Table, principal: UserPrincipal, teamId: string): Promise<VisibleTeam> {
  if (isEveryoneTeam(teamId)) return { kind: 'everyone' };
  const team = await new TeamRepository(table).get(principal.tenant.id, teamId);
  if (!team) throw new TeamNotFoundError(teamId);
  const access = await accessToTeam(table, principal, team);
  if (access === 'none') throw new TeamNotFoundError(teamId);
  return { kind: 'team', team, access };
}
