/**
 * Storage of teams and their uniqueness markers (name, externalId).
 * Membership edges are in `membership-repository.ts`.
 */
import { keys, type ItemKey } from '../storage/keys.js';
import { INDEXES } from '../storage/table-definition.js';
import type { Item, Table } from '../storage/table.js';
import type { Transaction } from '../storage/transaction.js';
import { PreconditionFailedError, UniquenessError } from '../errors/app-error.js';
import { TeamNotFoundError } from './team-errors.js';
import { addToCounter, readCounter } from '../storage/counters.js';
import { isScimTeam, type Team } from './team.js';
import { parseStoredItem } from '../storage/stored-item.js';
import * as z from '../validation/zod.js';

/** What every stored team has; the optional attributes are kept as stored. */
const StoredTeamSchema = z.looseObject({
  tenantId: z.string(),
  id: z.string(),
  name: z.string(),
  source: z.enum(['scim', 'api']),
  memberCount: z.number(),
  createdAt: z.string(),
  updatedAt: z.string(),
  version: z.number(),
});

export class TeamVersionConflictError extends PreconditionFailedError {
  constructor(teamId: string) {
    super('team.version_mismatch', `Team ${teamId} was modified by another request; its version no longer matches`);
  }
}

const ENTITY = 'team';

export function teamItem(team: Team): ItemKey & Record<string, unknown> {
  const item: ItemKey & Record<string, unknown> = {
    ...keys.team(team.tenantId, team.id),
    entity: ENTITY,
    ...team,
    ...keys.teamNameIndexKeys(team.tenantId, team.name),
  };
  if (team.externalId) Object.assign(item, keys.teamExternalIdIndexKeys(team.tenantId, team.externalId));
  return item;
}

export function teamFromItem(item: Item): Team {
  return parseStoredItem(StoredTeamSchema, item, 'team');
}

const nameTaken = (name: string) => () => new UniquenessError('team.name_taken', `A team named "${name}" already exists in this tenant`);
const externalIdTaken = (externalId: string) => () =>
  new UniquenessError('team.external_id_taken', `externalId "${externalId}" is already used by another team`);

export class TeamRepository {
  constructor(private readonly table: Table) {}

  async get(tenantId: string, teamId: string): Promise<Team | undefined> {
    const item = await this.table.get(keys.team(tenantId, teamId));
    return item ? teamFromItem(item) : undefined;
  }

  async require(tenantId: string, teamId: string): Promise<Team> {
    const team = await this.get(tenantId, teamId);
    if (!team) throw new TeamNotFoundError(teamId);
    return team;
  }

  async getMany(tenantId: string, teamIds: readonly string[]): Promise<Team[]> {
    return (await this.table.batchGet(teamIds.map((id) => keys.team(tenantId, id)))).map(teamFromItem);
  }

  async findByName(tenantId: string, name: string): Promise<Team | undefined> {
    return this.findOne(INDEXES.lookupsAndQueues.name, 'GSI1PK', keys.gsiTeamName(tenantId, name));
  }

  async findByExternalId(tenantId: string, externalId: string): Promise<Team | undefined> {
    return this.findOne(INDEXES.externalIdsAndReverseEdges.name, 'GSI2PK', keys.gsiTeamExternalId(tenantId, externalId));
  }

  async listPage(tenantId: string, limit: number, startKey?: Record<string, unknown>) {
    const page = await this.table.query({
      KeyConditionExpression: 'PK = :pk AND begins_with(SK, :prefix)',
      ExpressionAttributeValues: { ':pk': keys.tenantPartition(tenantId), ':prefix': keys.teamPrefix },
      Limit: limit,
      ExclusiveStartKey: startKey,
    });
    return { teams: page.items.map(teamFromItem), lastKey: page.lastKey };
  }

  /** How many teams the tenant has, and how many of them are SCIM groups: one Query of the counter's shards. */
  async count(tenantId: string): Promise<{ total: number; scim: number }> {
    const totals = await readCounter(this.table, tenantId, 'teams');
    return { total: totals.total ?? 0, scim: totals.scim ?? 0 };
  }

  create(tx: Transaction, team: Team): void {
    addToCounter(tx, team.tenantId, 'teams', { total: 1, scim: isScimTeam(team) ? 1 : 0 });
    tx.create(teamItem(team), nameTaken(team.name));
    tx.create({ ...keys.uniqueTeamName(team.tenantId, team.name), entity: 'unique', teamId: team.id }, nameTaken(team.name));
    if (team.externalId) {
      tx.create({ ...keys.uniqueTeamExternalId(team.tenantId, team.externalId), entity: 'unique', teamId: team.id }, externalIdTaken(team.externalId));
    }
  }

  /**
   * Replaces the team's attributes (not its memberCount, which only membership
   * changes move) if the version read is still current.
   */
  update(tx: Transaction, before: Team, after: Team): void {
    const next = { ...after, memberCount: before.memberCount, version: before.version + 1 };
    if (isScimTeam(before) !== isScimTeam(next)) addToCounter(tx, before.tenantId, 'teams', { scim: isScimTeam(next) ? 1 : -1 });
    tx.put(teamItem(next), {
      condition: 'attribute_exists(PK) AND #v = :v',
      names: { '#v': 'version' },
      values: { ':v': before.version },
      onConditionFailed: () => new TeamVersionConflictError(before.id),
    });
    if (before.name.toLowerCase() !== next.name.toLowerCase()) {
      tx.delete(keys.uniqueTeamName(before.tenantId, before.name));
      tx.create({ ...keys.uniqueTeamName(next.tenantId, next.name), entity: 'unique', teamId: next.id }, nameTaken(next.name));
    }
    if (before.externalId !== next.externalId) {
      if (before.externalId) tx.delete(keys.uniqueTeamExternalId(before.tenantId, before.externalId));
      if (next.externalId) {
        tx.create({ ...keys.uniqueTeamExternalId(next.tenantId, next.externalId), entity: 'unique', teamId: next.id }, externalIdTaken(next.externalId));
      }
    }
  }

  /** Removes the team item and markers; its membership edges must be removed first (MembershipRepository.removeAll). */
  delete(tx: Transaction, team: Team): void {
    tx.delete(keys.team(team.tenantId, team.id), {
      condition: 'attribute_exists(PK)',
      onConditionFailed: () => new TeamNotFoundError(team.id),
    });
    this.removeMarkersAndCount(tx, team);
  }

  /**
   * The team holding this name, read through its uniqueness marker: two strongly
   * consistent GetItems, so a team created a moment ago is found (GSI1 may lag).
   */
  async getByName(tenantId: string, name: string): Promise<Team | undefined> {
    const marker = await this.table.get<{ teamId?: string }>(keys.uniqueTeamName(tenantId, name));
    return marker?.teamId ? this.get(tenantId, marker.teamId) : undefined;
  }

  /** Every team of the tenant. Bounded by the number of teams a tenant has (hundreds, a few thousand). */
  async listAll(tenantId: string): Promise<Team[]> {
    const items = await this.table.queryAll({
      KeyConditionExpression: 'PK = :pk AND begins_with(SK, :prefix)',
      ExpressionAttributeValues: { ':pk': keys.tenantPartition(tenantId), ':prefix': keys.teamPrefix },
    });
    return items.map(teamFromItem);
  }

  /**
   * Removes the team item and markers only if its version is still `team.version`
   * (a membership change meanwhile bumps it), so no edge can be added to a team
   * between the removal of its edges and its own removal.
   */
  deleteIfVersion(tx: Transaction, team: Team): void {
    tx.delete(keys.team(team.tenantId, team.id), {
      condition: 'attribute_exists(PK) AND #v = :v',
      names: { '#v': 'version' },
      values: { ':v': team.version },
      onConditionFailed: (blocking) => (blocking ? new TeamVersionConflictError(team.id) : new TeamNotFoundError(team.id)),
    });
    this.removeMarkersAndCount(tx, team);
  }

  /** What goes with the team item when it is removed: its markers, and its place in the counter. */
  private removeMarkersAndCount(tx: Transaction, team: Team): void {
    addToCounter(tx, team.tenantId, 'teams', { total: -1, scim: isScimTeam(team) ? -1 : 0 });
    tx.delete(keys.uniqueTeamName(team.tenantId, team.name));
    if (team.externalId) tx.delete(keys.uniqueTeamExternalId(team.tenantId, team.externalId));
  }

  /** The team holding an externalId, through its marker (strongly consistent, like getByName). (Added for SCIM.) */
  async getByExternalId(tenantId: string, externalId: string): Promise<Team | undefined> {
    const marker = await this.table.get<{ teamId?: string }>(keys.uniqueTeamExternalId(tenantId, externalId));
    return marker?.teamId ? this.get(tenantId, marker.teamId) : undefined;
  }

  private async findOne(indexName: string, attribute: string, value: string): Promise<Team | undefined> {
    const page = await this.table.query({
      IndexName: indexName,
      KeyConditionExpression: `${attribute} = :v`,
      ExpressionAttributeValues: { ':v': value },
    });
    const item = page.items.find((i) => i.entity === ENTITY);
    return item ? teamFromItem(item) : undefined;
  }
}
