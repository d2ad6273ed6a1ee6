/**
 * `GET /teams/{id}/members` and `/managers`: one page of people as TrueFoundry's
 * `TeamSubjectRow` (`subjectId`, `subjectSlug`, `subjectType`) plus our own fields.
 *
 * Two ways to page. `offset` (what TrueFoundry's SDK sends) skips that many people
 * by reading them, so it is allowed up to {@link MAX_MEMBER_OFFSET}; `pageToken`
 * (from the previous page's `pagination.nextPageToken`) costs the same per page
 * whatever the team's size: one Query with a Limit, one BatchGet of the page's
 * users. For the `everyone` team the page is read from the tenant's users,
 * keeping the active ones.
 */
import * as z from '../validation/zod.js';
import { BadRequestError } from '../errors/app-error.js';
import type { UserPrincipal } from '../caller/principal.js';
import { keys } from '../storage/keys.js';
import type { Table } from '../storage/table.js';
import { userFromItem, UserRepository } from '../users/user-repository.js';
import type { User } from '../users/user.js';
import { MembershipRepository } from './membership-repository.js';
import type { Membership, TeamRole } from './team.js';
import { requireVisibleTeam } from './team-access.js';
import { nextPageTokenOf, startKeyOf, trimPage } from './page-token.js';

/** The deepest `offset` served; beyond it, follow `nextPageToken`. */
export const MAX_MEMBER_OFFSET = 10_000;

export const TeamMemberViewSchema = z.lazySchema(() =>
  z.object({
    subjectId: z.string(),
    /** The person's login email: how TrueFoundry names a user subject. */
    subjectSlug: z.string(),
    subjectType: z.literal('user'),
    userId: z.string(),
    email: z.optional(z.string()),
    displayName: z.optional(z.string()),
    active: z.optional(z.boolean()),
    role: z.enum(['member', 'manager']),
    addedAt: z.optional(z.string()),
  }),
);
export type TeamMemberView = z.infer<typeof TeamMemberViewSchema>;

export interface TeamMemberPage {
  data: TeamMemberView[];
  pagination: { limit: number; offset: number; total: number; nextPageToken?: string };
}

export interface TeamMemberQuery {
  limit: number;
  offset?: number;
  pageToken?: string;
}

function checkPaging(query: TeamMemberQuery): number {
  const offset = query.offset ?? 0;
  if (offset > 0 && query.pageToken !== undefined) {
    throw new BadRequestError('request.invalid', 'Send offset or pageToken, not both', {
      details: [{ field: 'offset', message: 'not allowed with pageToken' }],
      scimType: 'invalidValue',
    });
  }
  if (offset > MAX_MEMBER_OFFSET) {
    throw new BadRequestError('request.invalid', `offset is at most ${MAX_MEMBER_OFFSET}; follow pagination.nextPageToken to read further`, {
      details: [{ field: 'offset', message: `at most ${MAX_MEMBER_OFFSET}` }],
      scimType: 'invalidValue',
    });
  }
  return offset;
}

export async function listTeamMembers(
  table: Table,
  principal: UserPrincipal,
  teamId: string,
  list: 'members' | 'managers',
  query: TeamMemberQuery,
): Promise<TeamMemberPage> {
  const tenantId = principal.tenant.id;
  const offset = checkPaging(query);
  const visible = await requireVisibleTeam(table, principal, teamId);
  if (visible.kind === 'everyone') {
    // Nobody manages the implicit team; its members are the active users.
    if (list === 'managers') return { data: [], pagination: { limit: query.limit, offset, total: 0 } };
    return listEveryonePage(table, tenantId, query, offset);
  }
  const scope = `${tenantId}|team-${list}|${teamId}`;
  const memberships = new MembershipRepository(table);
  const readPage = (limit: number, startKey: Record<string, unknown> | undefined) =>
    list === 'managers' ? memberships.listManagersPage(tenantId, teamId, limit, startKey) : memberships.listMembersPage(tenantId, teamId, limit, startKey);
  let startKey: Record<string, unknown> | undefined = startKeyOf(scope, query.pageToken);
  for (let skipped = 0; skipped < offset;) {
    const skip = await readPage(Math.min(1000, offset - skipped), startKey);
    skipped += skip.members.length;
    startKey = skip.members.length ? edgeKey(skip.members[skip.members.length - 1]!, list) : undefined;
    if (!skip.lastKey) break;
  }
  const exhausted = offset > 0 && startKey === undefined;
  const read = exhausted ? { members: [] } : await readPage(query.limit + 1, startKey);
  const page = trimPage(read.members, query.limit, (m) => edgeKey(m, list));
  const members = page.items;
  const [users, total] = await Promise.all([
    new UserRepository(table).getMany(
      tenantId,
      members.map((m) => m.userId),
    ),
    list === 'members'
      ? Math.max(0, visible.team.memberCount ?? 0)
      : // The whole list fit in this first page: its length is the count, without a second read.
        offset === 0 && query.pageToken === undefined && !page.lastKey
        ? members.length
        : countManagers(memberships, tenantId, teamId),
  ]);
  const byId = new Map(users.map((u) => [u.id, u]));
  return {
    data: members.map((m) => memberView(m, byId.get(m.userId))),
    pagination: { limit: query.limit, offset, total, nextPageToken: nextPageTokenOf(scope, page.lastKey) },
  };
}

/** A team's managers are few (the sparse index holds only them): counted by reading their index. */
async function countManagers(memberships: MembershipRepository, tenantId: string, teamId: string): Promise<number> {
  let count = 0;
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await memberships.listManagersPage(tenantId, teamId, 1000, startKey);
    count += page.members.length;
    startKey = page.lastKey;
  } while (startKey);
  return count;
}

/** The table (and, for managers, index) key of an edge: where the next page starts. */
function edgeKey(m: Membership, list: 'members' | 'managers'): Record<string, string> {
  const key = keys.membership(m.tenantId, m.teamId, m.userId);
  return list === 'members' ? key : { ...key, ...keys.teamManagerIndexKeys(m.tenantId, m.teamId, m.userId) };
}

function memberView(edge: Membership, user: User | undefined): TeamMemberView {
  return {
    subjectId: edge.userId,
    subjectSlug: user?.email ?? user?.userName ?? edge.userId,
    subjectType: 'user',
    userId: edge.userId,
    email: user?.email ?? user?.userName,
    displayName: user?.displayName,
    active: user?.active,
    role: edge.role,
    addedAt: edge.addedAt,
  };
}

async function listEveryonePage(table: Table, tenantId: string, query: TeamMemberQuery, offset: number): Promise<TeamMemberPage> {
  const scope = `${tenantId}|team-members|everyone`;
  const usersPage = (limit: number, startKey: Record<string, unknown> | undefined) =>
    table.query({
      KeyConditionExpression: 'PK = :pk AND begins_with(SK, :prefix)',
      FilterExpression: 'active = :active',
      ExpressionAttributeValues: { ':pk': keys.tenantPartition(tenantId), ':prefix': keys.userPrefix, ':active': true },
      Limit: limit,
      ExclusiveStartKey: startKey,
    });
  let startKey: Record<string, unknown> | undefined = startKeyOf(scope, query.pageToken);
  for (let skipped = 0; skipped < offset;) {
    const skip = await usersPage(Math.min(1000, offset - skipped), startKey);
    // The filter drops inactive users after the Limit: skip exactly `offset` active ones.
    const kept = skip.items.slice(0, offset - skipped);
    skipped += kept.length;
    startKey = kept.length < skip.items.length ? keys.user(tenantId, userFromItem(kept[kept.length - 1]!).id) : skip.lastKey;
    if (!startKey) break;
  }
  // The Limit bounds the items read, so a page may hold fewer active users than asked; the token goes on.
  const page = offset > 0 && !startKey ? { items: [], lastKey: undefined } : await usersPage(query.limit, startKey);
  const { active } = await new UserRepository(table).counts(tenantId);
  const role: TeamRole = 'member';
  return {
    data: page.items.map(userFromItem).map((u) => {
      const email = u.email ?? u.userName;
      return { subjectId: u.id, subjectSlug: email, subjectType: 'user' as const, userId: u.id, email, displayName: u.displayName, active: true, role };
    }),
    pagination: { limit: query.limit, offset, total: active, nextPageToken: nextPageTokenOf(scope, page.lastKey) },
  };
}
