/**
 * Reading users as SCIM resources. Their derived `groups` are returned on request
 * only (`attributes=groups`; the schema says `returned: "request"`), so a User
 * answer costs no read beyond the user item unless asked. When asked: one GSI2
 * Query per user for the edges, all in parallel, and one BatchGet for the names.
 * Only groups SCIM serves are listed: a team made in the admin API (or the
 * implicit `everyone`) is no Group, and its id would be a `$ref` that answers 404.
 */
import { MembershipRepository } from '../../teams/membership-repository.js';
import { TeamRepository } from '../../teams/team-repository.js';
import { isScimTeam } from '../../teams/team.js';
import type { Table } from '../../storage/table.js';
import type { User } from '../../users/user.js';
import type { ScimDocument } from '../filter/evaluator.js';
import type { Projection } from '../projection.js';
import { userToDocument, type GroupRef } from '../user-document.js';

export async function groupsOfUsers(table: Table, tenantId: string, users: readonly User[]): Promise<Map<string, GroupRef[]>> {
  const memberships = new MembershipRepository(table);
  const edges = await Promise.all(users.map((u) => memberships.listTeamsOfUser(tenantId, u.id)));
  const teamIds = [...new Set(edges.flat().map((e) => e.teamId))];
  const teams = teamIds.length ? await new TeamRepository(table).getMany(tenantId, teamIds) : [];
  const names = new Map(teams.filter(isScimTeam).map((t) => [t.id, t.name]));
  const out = new Map<string, GroupRef[]>();
  users.forEach((u, i) => {
    out.set(
      u.id,
      edges[i]!.filter((e) => names.has(e.teamId)).map((e) => ({ id: e.teamId, displayName: names.get(e.teamId) })),
    );
  });
  return out;
}

/** SCIM documents of users, projected; groups read only if the projection keeps them. */
export async function renderUsers(table: Table, tenantId: string, users: readonly User[], projection: Projection): Promise<ScimDocument[]> {
  const groups = projection.wants('groups') ? await groupsOfUsers(table, tenantId, users) : undefined;
  return users.map((u) => projection.apply(userToDocument(u, groups ? (groups.get(u.id) ?? []) : undefined)));
}
