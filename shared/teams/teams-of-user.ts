/**
 * The teams one user is in, with their role in each: one GSI2 Query for the
 * edges and one BatchGet for the teams. `everyone` is listed while the user is
 * active, since that is when it includes them.
 */
import * as z from '../validation/zod.js';
import type { Table } from '../storage/table.js';
import type { User } from '../users/user.js';
import { MembershipRepository } from './membership-repository.js';
import { TeamRepository } from './team-repository.js';
import { EVERYONE_TEAM_NAME } from './team.js';
import { EVERYONE_TEAM_ID } from './everyone-team.js';

export const UserTeamSchema = z.object({
  id: z.string(),
  teamName: z.string(),
  displayName: z.optional(z.string()),
  role: z.enum(['member', 'manager']),
  createdByScim: z.boolean(),
  implicit: z.boolean(),
});
export type UserTeam = z.infer<typeof UserTeamSchema>;

export async function teamsOfUser(table: Table, user: Pick<User, 'tenantId' | 'id' | 'active'>): Promise<UserTeam[]> {
  const edges = await new MembershipRepository(table).listTeamsOfUser(user.tenantId, user.id);
  const roles = new Map(edges.map((e) => [e.teamId, e.role]));
  const teams = await new TeamRepository(table).getMany(user.tenantId, [...roles.keys()]);
  const listed: UserTeam[] = teams
    .map((t) => ({
      id: t.id,
      teamName: t.name,
      displayName: t.displayName,
      role: roles.get(t.id) ?? 'member',
      createdByScim: t.source === 'scim',
      implicit: false,
    }))
    .sort((a, b) => a.teamName.toLowerCase().localeCompare(b.teamName.toLowerCase()));
  if (user.active) {
    listed.unshift({ id: EVERYONE_TEAM_ID, teamName: EVERYONE_TEAM_NAME, role: 'member', createdByScim: false, implicit: true });
  }
  return listed;
}
