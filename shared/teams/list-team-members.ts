/**
 * `GET /teams/{id}/members` and `/managers`: one page of people, constant cost
 * per page whatever the team's size (one Query with a Limit, one BatchGet of the
 * page's users), resumed with a signed page token. For the `everyone` team the
 * page is read from the tenant's users, keeping the active ones.
 */
import * as z from '../validation/zod.js';
import type { UserPrincipal } from '../auth/principal.js';
import { keys } from '../storage/keys.js';
import type { Table } from '../storage/table.js';
import { userFromItem, UserRepository } from '../users/user-repository.js';
import type { User } from '../users/user.js';
import { MembershipRepository } from './membership-repository.js';
import type { Membership, TeamRole } from './team.js';
import { requireVisibleTeam } from './team-access.js';
import { nextPageTokenOf, startKeyOf, trimPage } from './page-token.js';

export const TeamMemberViewSchema = z.object({
  userId: z.string(),
  email: z.optional(z.string()),
  displayName: z.optional(z.string()),
  active: z.optional(z.boolean()),
  role: z.enum(['member', 'manager']),
  addedAt: z.optional(z.string()),
});
export type TeamMemberView = z.infer<typeof TeamMemberViewSchema>;

export interface TeamMemberPage {
  data: TeamMemberView[];
  pagination: { limit: number; nextPageToken?: string; total?: number };
}

export async function listTeamMembers(
  table: Table,
  principal: UserPrincipal,
  teamId: string,
  list: 'members' | 'managers',
  query: { limit: number; pageToken?: string },
): Promise<TeamMemberPage> {
  const tenantId = principal.tenant.id;
  const visible = await requireVisibleTeam(table, principal, teamId);
  if (visible.kind === 'everyone') {
    // Nobody manages the implicit team; its members are the active users.
    if (list === 'managers') return { data: [], pagination: { limit: query.limit, total: 0 } };
    return listEveryonePage(table, tenantId, query);
  }
  const scope = `${tenantId}|team-${list}|${teamId}`;
  const memberships = new MembershipRepository(table);
  const startKey = startKeyOf(scope, query.pageToken);
  const read =
    list === 'managers'
      ? await memberships.listManagersPage(tenantId, teamId, query.limit + 1, startKey)
      : await memberships.listMembersPage(tenantId, teamId, query.limit + 1, startKey);
  const page = trimPage(read.members, query.limit, (m) => edgeKey(m, list));
  const members = page.items;
  const users = await new UserRepository(table).getMany(tenantId, members.map((m) => m.userId));
  const byId = new Map(users.map((u) => [u.id, u]));
  return {
    data: members.map((m) => memberView(m, byId.get(m.userId))),
    pagination: {
      limit: query.limit,
      nextPageToken: nextPageTokenOf(scope, page.lastKey),
      total: list === 'members' ? Math.max(0, visible.team.memberCount ?? 0) : undefined,
    },
  };
}

/** The table (and, for managers, index) key of an edge: where the next page starts. */
function edgeKey(m: Membership, list: 'members' | 'managers'): Record<string, string> {
  const key = keys.membership(m.tenantId, m.teamId, m.userId);
  return list === 'members' ? key : { ...key, GSI1PK: keys.gsiTeamManagers(m.tenantId, m.teamId), GSI1SK: `M#${m.userId}` };
}

function memberView(edge: Membership, user: User | undefined): TeamMemberView {
  return {
    userId: edge.userId,
    email: user?.email ?? user?.userName,
    displayName: user?.displayName,
    active: user?.active,
    role: edge.role,
    addedAt: edge.addedAt,
  };
}

async function listEveryonePage(table: Table, tenantId: string, query: { limit: number; pageToken?: string }): Promise<TeamMemberPage> {
  const scope = `${tenantId}|team-members|everyone`;
  // The Limit bounds the items read, so a page may hold fewer active users than asked; the token goes on.
  const page = await table.query({
    KeyConditionExpression: 'PK = :pk AND begins_with(SK, :prefix)',
    FilterExpression: 'active = :active',
    ExpressionAttributeValues: { ':pk': keys.tenantPartition(tenantId), ':prefix': keys.userPrefix, ':active': true },
    Limit: query.limit,
    ExclusiveStartKey: startKeyOf(scope, query.pageToken),
  });
  const { active } = await new UserRepository(table).counts(tenantId);
  const role: TeamRole = 'member';
  return {
    data: page.items.map(userFromItem).map((u) => ({ userId: u.id, email: u.email ?? u.userName, displayName: u.displayName, active: true, role })),
    pagination: { limit: query.limit, nextPageToken: nextPageTokenOf(scope, page.lastKey), total: active },
  };
}
