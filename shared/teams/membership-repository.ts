/**
 * Membership edges: one item per (team, user) in the team's collection, with a
 * GSI2 reverse key so a user's teams are one Query. Changes touch only the edges
 * they change: a PATCH adding 1,000 members to a team of 100,000 reads and writes
 * those 1,000 edges and the team item, nothing else.
 *
 * DynamoDB transactions hold at most 100 items, so a large change is applied in
 * chunks, each one transaction of its edges plus the team item (member count and
 * version). Callers validate the whole change first (members exist, same tenant),
 * so a chunk can fail only on a race or on a guess, and is then retried after
 * reading its edges. A crash between chunks leaves a prefix applied; retrying the
 * same request completes it, since adding a present edge or removing an absent
 * one is a no-op.
 *
 * The guess: a chunk is first written without reading its edges, assuming every
 * add is new and every remove present (what IdPs send: Entra and Okta add and
 * remove the members that changed). The edges' own conditions check that guess
 * inside the transaction, so a wrong one cancels it whole and costs one cancelled
 * transaction before the read; after one wrong guess the rest of the change reads
 * first. A right guess saves the BatchGet of the chunk's edges.
 */
import { keys } from '../storage/keys.js';
import { INDEXES } from '../storage/table-definition.js';
import type { Item, Table } from '../storage/table.js';
import { MAX_TRANSACTION_ITEMS, Transaction } from '../storage/transaction.js';
import { ConflictError } from '../errors/app-error.js';
import { retryLostRace } from '../storage/lost-race.js';
import { TeamNotFoundError } from './team-errors.js';
import type { Membership, Team, TeamRole } from './team.js';
import { TeamVersionConflictError } from './team-repository.js';
import { parseStoredItem } from '../storage/stored-item.js';
import * as z from '../validation/zod.js';

const StoredMembershipSchema = z.looseObject({
  tenantId: z.string(),
  teamId: z.string(),
  userId: z.string(),
  role: z.enum(['member', 'manager']),
  addedAt: z.string(),
});

export interface MembershipChange {
  add?: ReadonlyArray<{ userId: string; role?: TeamRole }>;
  remove?: readonly string[];
}

export interface MembershipChangeResult {
  added: string[];
  removed: string[];
  roleChanged: string[];
  /** The team's version after the change. */
  version: number;
}

/** What one chunk changed, and the team as that chunk's commit leaves it (its audit event's state and sequence). */
export interface MembershipChunk {
  added: string[];
  removed: string[];
  roleChanged: string[];
  team: Team;
}

/** The Query of a team's edges, in its own collection. */
const membersOf = (tenantId: string, teamId: string) => ({
  KeyConditionExpression: 'PK = :pk AND begins_with(SK, :prefix)',
  ExpressionAttributeValues: { ':pk': keys.teamMembers(tenantId, teamId), ':prefix': keys.membershipPrefix },
});

/** The Query of a user's edges, on the reverse-edge index (eventually consistent). */
const teamsOf = (tenantId: string, userId: string) => ({
  IndexName: INDEXES.externalIdsAndReverseEdges.name,
  KeyConditionExpression: 'GSI2PK = :pk',
  ExpressionAttributeValues: { ':pk': keys.gsiMemberOf(tenantId, userId) },
});

/** Some of an edge collection, and whether that is all of it. */
export interface BoundedEdges {
  edges: Membership[];
  complete: boolean;
}

/** Extra items a caller writes with each chunk (audit events); must stay small. */
export type ChunkHook = (tx: Transaction, chunk: MembershipChunk) => void;

const EDGES_PER_CHUNK = MAX_TRANSACTION_ITEMS - 2; // the team item and one audit item ride along

/** A membership edge changed between reading it and writing its change; re-read and retry. */
export class EdgeRaceError extends ConflictError {
  constructor() {
    super('team.membership_race', 'A membership changed while this change was applied');
  }
}

export const membershipItem = (m: Membership) => ({
  ...keys.membership(m.tenantId, m.teamId, m.userId),
  entity: 'membership',
  ...m,
  ...keys.memberOfIndexKeys(m.tenantId, m.userId, m.teamId),
  // Sparse: only manager edges are in the managers index, so listing them never reads the members.
  ...(m.role === 'manager' ? keys.teamManagerIndexKeys(m.tenantId, m.teamId, m.userId) : {}),
});

export function membershipFromItem(item: Item): Membership {
  return parseStoredItem(StoredMembershipSchema, item, 'membership edge');
}

export class MembershipRepository {
  constructor(private readonly table: Table) {}

  async get(tenantId: string, teamId: string, userId: string): Promise<Membership | undefined> {
    const item = await this.table.get(keys.membership(tenantId, teamId, userId));
    return item ? membershipFromItem(item) : undefined;
  }

  /** The edges that exist among the given users (BatchGet, 100 keys per request). */
  async getMany(tenantId: string, teamId: string, userIds: readonly string[]): Promise<Map<string, Membership>> {
    const items = await this.table.batchGet(userIds.map((u) => keys.membership(tenantId, teamId, u)));
    return new Map(items.map((i) => [i.userId as string, membershipFromItem(i)]));
  }

  /** One page of a team's members, constant cost per page whatever the team's size. */
  async listMembersPage(tenantId: string, teamId: string, limit: number, startKey?: Record<string, unknown>, role?: TeamRole) {
    const members = membersOf(tenantId, teamId);
    const page = await this.table.query({
      ...members,
      ExpressionAttributeValues: { ...members.ExpressionAttributeValues, ...(role ? { ':role': role } : {}) },
      ...(role ? { FilterExpression: '#role = :role', ExpressionAttributeNames: { '#role': 'role' } } : {}),
      Limit: limit,
      ExclusiveStartKey: startKey,
    });
    return { members: page.items.map(membershipFromItem), lastKey: page.lastKey };
  }

  /**
   * One page of a team's managers from the sparse managers index (GSI1, eventually
   * consistent): constant cost per page, never reading plain members.
   */
  async listManagersPage(tenantId: string, teamId: string, limit: number, startKey?: Record<string, unknown>) {
    const page = await this.table.query({
      IndexName: INDEXES.lookupsAndQueues.name,
      KeyConditionExpression: 'GSI1PK = :pk',
      ExpressionAttributeValues: { ':pk': keys.gsiTeamManagers(tenantId, teamId) },
      Limit: limit,
      ExclusiveStartKey: startKey,
    });
    return { members: page.items.map(membershipFromItem), lastKey: page.lastKey };
  }

  /** Every edge of a team, page by page. Only for teams whose size the caller has bounded. */
  async listAllMembers(tenantId: string, teamId: string): Promise<Membership[]> {
    const all: Membership[] = [];
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await this.listMembersPage(tenantId, teamId, 1000, startKey);
      all.push(...page.members);
      startKey = page.lastKey;
    } while (startKey);
    return all;
  }

  /** The teams a user belongs to (GSI2). Bounded by how many teams one person is in. */
  async listTeamsOfUser(tenantId: string, userId: string): Promise<Membership[]> {
    const items = await this.table.queryAll(teamsOf(tenantId, userId));
    return items.map(membershipFromItem);
  }

  /**
   * Up to `limit` of a user's edges (GSI2, eventually consistent) in one Query;
   * `complete` is false when the user has more. An edge is a few hundred bytes,
   * so a thousand fit in the one page a Query returns.
   */
  async teamsOfUserUpTo(tenantId: string, userId: string, limit: number): Promise<BoundedEdges> {
    return this.edgesUpTo(limit, teamsOf(tenantId, userId));
  }

  /** Up to `limit` of a team's edges (strongly consistent) in one Query; `complete` is false when the team has more. */
  async membersUpTo(tenantId: string, teamId: string, limit: number): Promise<BoundedEdges> {
    return this.edgesUpTo(limit, { ...membersOf(tenantId, teamId), ConsistentRead: true });
  }

  private async edgesUpTo(limit: number, query: Parameters<Table['query']>[0]): Promise<BoundedEdges> {
    // One past the limit tells "exactly `limit`" from "more".
    const page = await this.table.query({ ...query, Limit: limit + 1 });
    return { edges: page.items.slice(0, limit).map(membershipFromItem), complete: page.items.length <= limit && !page.lastKey };
  }

  /**
   * Applies a membership change to a team. `expectedVersion` (If-Match) is checked
   * on the first chunk. Adds of present edges and removes of absent ones are no-ops.
   * Every chunk is conditioned on the team's version as this change last saw it,
   * so each chunk knows the exact team it leaves (its audit event carries that
   * version as the event's sequence); a chunk that lost to another writer re-reads
   * the team and its edges and is tried again.
   */
  async apply(team: Team, change: MembershipChange, options: { expectedVersion?: number; onChunk?: ChunkHook } = {}): Promise<MembershipChangeResult> {
    const adds = new Map<string, TeamRole>();
    for (const a of change.add ?? []) adds.set(a.userId, a.role ?? 'member');
    const removes = new Set((change.remove ?? []).filter((u) => !adds.has(u)));
    const ids = [...adds.keys(), ...removes];
    const result: MembershipChangeResult = { added: [], removed: [], roleChanged: [], version: team.version };
    let current = team;
    let ifMatch = options.expectedVersion;
    let guess = true;

    for (let i = 0; i < ids.length || (i === 0 && ifMatch !== undefined); i += EDGES_PER_CHUNK) {
      const chunkIds = ids.slice(i, i + EDGES_PER_CHUNK);
      for (let races = 0; ;) {
        try {
          const existing = guess ? undefined : await this.getMany(team.tenantId, team.id, chunkIds);
          const applied = await this.applyChunk(current, chunkIds, adds, removes, existing, ifMatch, options.onChunk);
          result.added.push(...applied.added);
          result.removed.push(...applied.removed);
          result.roleChanged.push(...applied.roleChanged);
          current = applied.team;
          result.version = current.version;
          break;
        } catch (error) {
          const lostToWriter = error instanceof TeamVersionConflictError && ifMatch === undefined;
          if (!(error instanceof EdgeRaceError) && !lostToWriter) throw error;
          // The first loss may only be the guess that no edge existed; later ones are parallel writers, spread out by backoff.
          if (guess) guess = false;
          else await retryLostRace(error, { lostRace: true, ifMatch: false, attempt: races++ });
          if (lostToWriter) current = await this.currentTeam(team);
        }
      }
      ifMatch = undefined;
      if (ids.length === 0) break;
    }
    return result;
  }

  private async currentTeam(team: Team): Promise<Team> {
    const item = await this.table.get<Team & Item>(keys.team(team.tenantId, team.id), { consistent: true });
    if (!item) throw new TeamNotFoundError(team.id);
    return { ...team, version: item.version, memberCount: item.memberCount, updatedAt: item.updatedAt };
  }

  /**
   * One transaction for a chunk. `existing` holds the chunk's edges as read; without
   * it every add is taken as new and every remove as present, and the edges'
   * conditions ({@link EdgeRaceError} when one fails) check that inside the commit.
   */
  private async applyChunk(
    team: Team,
    chunkIds: string[],
    adds: Map<string, TeamRole>,
    removes: Set<string>,
    existing: Map<string, Membership> | undefined,
    ifMatch: number | undefined,
    onChunk: ChunkHook | undefined,
  ) {
    const expectedVersion = ifMatch ?? team.version;
    const tx = new Transaction(this.table);
    const now = new Date().toISOString();
    const applied = { added: [] as string[], removed: [] as string[], roleChanged: [] as string[], team };
    let delta = 0;
    for (const userId of chunkIds) {
      const edge = existing?.get(userId);
      const role = adds.get(userId);
      if (role !== undefined && !edge) {
        tx.put(membershipItem({ tenantId: team.tenantId, teamId: team.id, userId, role, addedAt: now }), {
          condition: 'attribute_not_exists(PK)',
          onConditionFailed: () => new EdgeRaceError(),
        });
        applied.added.push(userId);
        delta++;
      } else if (role !== undefined && edge && edge.role !== role) {
        tx.put(membershipItem({ ...edge, role }), { condition: 'attribute_exists(PK)', onConditionFailed: () => new EdgeRaceError() });
        applied.roleChanged.push(userId);
      } else if (removes.has(userId) && (edge || !existing)) {
        tx.delete(keys.membership(team.tenantId, team.id, userId), {
          condition: 'attribute_exists(PK)',
          onConditionFailed: () => new EdgeRaceError(),
        });
        applied.removed.push(userId);
        delta--;
      }
    }
    const versionCheck = {
      condition: 'attribute_exists(PK) AND #v = :expected',
      names: { '#v': 'version' },
      onConditionFailed: (blocking: Item | undefined) => (blocking ? new TeamVersionConflictError(team.id) : new TeamNotFoundError(team.id)),
    };
    if (tx.size === 0) {
      // Nothing changes: only the If-Match version is asserted, and the version stays.
      if (ifMatch !== undefined) {
        tx.check(keys.team(team.tenantId, team.id), { ...versionCheck, values: { ':expected': expectedVersion } });
        await tx.commit();
      }
      return applied;
    }
    tx.update(keys.team(team.tenantId, team.id), 'SET #v = #v + :one, updatedAt = :now ADD memberCount :delta', {
      ...versionCheck,
      values: { ':one': 1, ':now': now, ':delta': delta, ':expected': expectedVersion },
    });
    applied.team = { ...team, version: expectedVersion + 1, memberCount: team.memberCount + delta, updatedAt: now };
    onChunk?.(tx, { added: applied.added, removed: applied.removed, roleChanged: applied.roleChanged, team: applied.team });
    await tx.commit();
    return applied;
  }

  /**
   * Adds one member's removal (edge, team count and version) to a caller's
   * transaction, so a user's deletion takes their memberships in the same commit.
   * A concurrent change of that edge or team fails it with {@link EdgeRaceError}.
   */
  removeInTransaction(tx: Transaction, team: Team, userId: string, now = new Date().toISOString()): void {
    tx.delete(keys.membership(team.tenantId, team.id, userId), {
      condition: 'attribute_exists(PK)',
      onConditionFailed: () => new EdgeRaceError(),
    });
    // On the version read, so the removal's audit event knows the version it leaves.
    tx.update(keys.team(team.tenantId, team.id), 'SET #v = #v + :one, updatedAt = :now ADD memberCount :delta', {
      condition: 'attribute_exists(PK) AND #v = :v',
      names: { '#v': 'version' },
      values: { ':one': 1, ':now': now, ':delta': -1, ':v': team.version },
      onConditionFailed: () => new EdgeRaceError(),
    });
  }

  /** Removes every edge of a team (before deleting it), page by page with idempotent batch deletes. */
  async removeAllOfTeam(tenantId: string, teamId: string): Promise<number> {
    let removed = 0;
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await this.listMembersPage(tenantId, teamId, 500, startKey);
      await this.table.batchWrite(page.members.map((m) => ({ delete: keys.membership(tenantId, teamId, m.userId) })));
      removed += page.members.length;
      startKey = page.lastKey;
    } while (startKey);
    return removed;
  }
}
