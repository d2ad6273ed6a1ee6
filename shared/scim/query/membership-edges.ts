/**
 * Which membership edges a filter's named ids have among its candidates, at a
 * cost that does not grow with the tenant. Probing every (candidate, named id)
 * pair grows with candidates × ids: a scan of 2,000 groups against 100
 * `members ne` terms would be 200,000 keys. So pairs are probed by key only while
 * they fit one BatchGet ({@link MAX_PROBED_PAIRS}, what a keyed IdP lookup such as
 * `id eq X and members eq Y` needs); past that the named ids' own edges are read
 * instead (a named user's teams from the reverse-edge index, a named group's
 * members from its collection), one Query per named id and at most
 * {@link MAX_NAMED_EDGES_READ} edges in all. Named ids with more edges than that
 * make the filter a 400 `tooMany`: it is refused, never answered in part.
 *
 * The reverse-edge index lags writes by a fraction of a second, as the planner's
 * `members eq` lookup does; the pair probe and a group's collection are read
 * strongly consistent.
 */
import type { Table } from '../../storage/table.js';
import { MembershipRepository, type BoundedEdges } from '../../teams/membership-repository.js';
import type { Team } from '../../teams/team.js';
import { keys } from '../../storage/keys.js';
import { fitsKey } from '../scim-context.js';
import { tooMany } from '../scim-errors.js';

/** Pairs probed by key: one BatchGet. */
export const MAX_PROBED_PAIRS = 100;
/** Edges of the named ids read for one filter; each Query then fits in one page. */
export const MAX_NAMED_EDGES_READ = 1_000;

/** How an edge is named in the sets below. */
export const edgeName = (teamId: string, userId: string): string => `${teamId}/${userId}`;

/** The edges between candidate groups and the users a `members` filter names. */
export async function edgesToNamedMembers(table: Table, tenantId: string, teamIds: readonly string[], userIds: readonly string[]): Promise<Set<string>> {
  const named = [...new Set(userIds)].filter(fitsKey);
  if (teamIds.length === 0 || named.length === 0) return new Set();
  if (teamIds.length * named.length <= MAX_PROBED_PAIRS) {
    return probe(
      table,
      tenantId,
      teamIds.flatMap((teamId) => named.map((userId) => ({ teamId, userId }))),
    );
  }
  const memberships = new MembershipRepository(table);
  const edges = await readWithinBudget(
    named,
    (userId, limit) => memberships.teamsOfUserUpTo(tenantId, userId, limit),
    () =>
      tooMany(
        `The members this filter names belong to more than ${MAX_NAMED_EDGES_READ} groups in all; name fewer members, or add a term that selects the groups by key, such as id eq "<group>"`,
      ),
  );
  const candidates = new Set(teamIds);
  return new Set(edges.filter((e) => candidates.has(e.teamId)).map((e) => edgeName(e.teamId, e.userId)));
}

/** The edges between candidate users and the groups a `groups` filter names (teams already read, with their member counts). */
export async function edgesToNamedGroups(table: Table, tenantId: string, userIds: readonly string[], groups: readonly Team[]): Promise<Set<string>> {
  if (userIds.length === 0 || groups.length === 0) return new Set();
  if (userIds.length * groups.length <= MAX_PROBED_PAIRS) {
    return probe(
      table,
      tenantId,
      userIds.flatMap((userId) => groups.map((g) => ({ teamId: g.id, userId }))),
    );
  }
  const refusal = () =>
    tooMany(
      `The groups this filter names have more than ${MAX_NAMED_EDGES_READ} members in all; name fewer or smaller groups, or add a term that selects the users by key, such as userName eq "<user>"`,
    );
  // A group's member count changes in the transactions that change its edges, so it refuses a filter before any edge is read.
  if (groups.reduce((n, g) => n + g.memberCount, 0) > MAX_NAMED_EDGES_READ) throw refusal();
  const memberships = new MembershipRepository(table);
  const edges = await readWithinBudget(
    groups.filter((g) => g.memberCount > 0).map((g) => g.id),
    (teamId, limit) => memberships.membersUpTo(tenantId, teamId, limit),
    refusal,
  );
  const candidates = new Set(userIds);
  return new Set(edges.filter((e) => candidates.has(e.userId)).map((e) => edgeName(e.teamId, e.userId)));
}

/** Which of the (team, user) edges exist: BatchGet of exactly those keys. */
async function probe(table: Table, tenantId: string, pairs: Array<{ teamId: string; userId: string }>): Promise<Set<string>> {
  const storable = pairs.filter((p) => fitsKey(p.teamId) && fitsKey(p.userId));
  if (storable.length === 0) return new Set();
  const items = await table.batchGet(storable.map((p) => keys.membership(tenantId, p.teamId, p.userId)));
  return new Set(items.map((i) => edgeName(String(i.teamId), String(i.userId))));
}

/**
 * Every edge of the given ids, read one id after another so that each Query is
 * limited to what the ones before it left of {@link MAX_NAMED_EDGES_READ}.
 */
async function readWithinBudget(
  ids: readonly string[],
  read: (id: string, limit: number) => Promise<BoundedEdges>,
  refusal: () => Error,
): Promise<BoundedEdges['edges']> {
  const all: BoundedEdges['edges'] = [];
  for (const id of ids) {
    const { edges, complete } = await read(id, MAX_NAMED_EDGES_READ - all.length);
    if (!complete) throw refusal();
    all.push(...edges);
  }
  return all;
}
