/**
 * A team's people by login email, for the manifest a team view carries: read
 * whole (one Query per 1,000 edges, one BatchGet per 100 people) only for teams
 * of at most {@link MAX_INLINE_MEMBERS}, so the cost and the response stay bounded.
 */
import type { Table } from '../storage/table.js';
import { UserRepository } from '../users/user-repository.js';
import { MembershipRepository } from './membership-repository.js';
import type { Team } from './team.js';
import { MAX_INLINE_MEMBERS, type InlineMembers } from './team-view.js';

/** The team's members and managers (sorted emails), or undefined when it is too large to inline. */
export async function inlineMembersOf(table: Table, team: Pick<Team, 'tenantId' | 'id' | 'memberCount'>): Promise<InlineMembers | undefined> {
  if ((team.memberCount ?? 0) > MAX_INLINE_MEMBERS) return undefined;
  const memberships = new MembershipRepository(table);
  const edges = [];
  let startKey: Record<string, unknown> | undefined;
  do {
    // The count is a counter beside the edges: stop at the cap whatever it says.
    const page = await memberships.listMembersPage(team.tenantId, team.id, MAX_INLINE_MEMBERS + 1 - edges.length, startKey);
    edges.push(...page.members);
    startKey = page.lastKey;
  } while (startKey && edges.length <= MAX_INLINE_MEMBERS);
  if (edges.length > MAX_INLINE_MEMBERS) return undefined;
  const users = await new UserRepository(table).getMany(
    team.tenantId,
    edges.map((e) => e.userId),
  );
  const emailOf = new Map(users.map((u) => [u.id, u.email ?? u.userName]));
  // An edge whose user is gone mid-delete has no email to name it by; it is not part of the manifest.
  const named = edges.filter((e) => emailOf.has(e.userId));
  return {
    members: named.map((e) => emailOf.get(e.userId)!).sort(),
    managers: named
      .filter((e) => e.role === 'manager')
      .map((e) => emailOf.get(e.userId)!)
      .sort(),
  };
}
