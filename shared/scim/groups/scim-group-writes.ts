/**
 * Creating, changing and deleting groups (teams with `source: 'scim'`).
 *
 * Attribute changes (displayName, externalId) are one transaction guarded by the
 * team's version. Member changes go through `MembershipRepository.apply`, which
 * writes only the edges that change, in transactions of at most 98 edges: every
 * added member is validated first, so a chunk can only fail on a race or a
 * throttle, and repeating the request completes it (adding a present edge and
 * removing an absent one are no-ops). A group created with at most
 * {@link INLINE_MEMBERS} members is one transaction.
 */
import { teamState } from '../../events/event-state.js';
import { randomUUID } from 'node:crypto';
import { diffAttributes, recordAudit } from '../../audit/audit-event.js';
import { NotFoundError } from '../../errors/app-error.js';
import { removeBindingsOfSubject } from '../../collaborators/role-binding-repository.js';
import { Transaction } from '../../storage/transaction.js';
import { isEveryoneTeam } from '../../teams/everyone-team.js';
import { MembershipRepository, membershipItem, type MembershipChange, type MembershipChunk } from '../../teams/membership-repository.js';
import { TeamRepository, TeamVersionConflictError } from '../../teams/team-repository.js';
import type { Team } from '../../teams/team.js';
import { requiredVersion } from '../etag.js';
import { applyPatch } from '../patch/patch-engine.js';
import type { PatchOperation } from '../patch/patch-request.js';
import { normalizeResource } from '../resource-input.js';
import { GROUP_RESOURCE } from '../schemas/resource-types.js';
import type { ScimContext } from '../scim-context.js';
import { readComputeCommit } from '../../storage/lost-race.js';
import { assertGroupDisplayName, groupDisplayName, isNameTaken, isStrict, teamNameForGroup, teamNameToTry } from './group-name.js';
import { MemberChangeSet } from './member-change-set.js';

/** Members written in the creating transaction itself (DynamoDB's 100-item limit leaves room for markers and audit). */
export const INLINE_MEMBERS = 90;

export class ScimGroupNotFoundError extends NotFoundError {
  constructor(id: string) {
    super('team.not_found', `Group ${id} not found`);
  }
}

export async function getScimGroup(ctx: ScimContext, id: string): Promise<Team> {
  const team = isEveryoneTeam(id) ? undefined : await new TeamRepository(ctx.table).get(ctx.tenant.id, id);
  // Teams made in the admin API belong to the admins: not groups of the IdP.
  if (!team || team.source !== 'scim') throw new ScimGroupNotFoundError(id);
  return team;
}

/**
 * POST: the team takes its displayName's slug (strict: the displayName) with no
 * read first: the name marker's condition in the transaction says whether the
 * slug is free, as it is for nearly every group of a sync. Only when it is
 * taken is its holder read, by the rule a rename follows (./group-name.ts): the
 * same SCIM displayName again is the uniqueness 409, any other holder gives the
 * group its suffixed name, written in a second transaction.
 */
export async function createScimGroup(ctx: ScimContext, body: unknown): Promise<{ team: Team; memberIds: string[] }> {
  const { doc } = normalizeResource(GROUP_RESOURCE, body, { passThrough: ['members'] });
  const displayName = assertGroupDisplayName(doc.displayName);
  const firstName = teamNameToTry(ctx.tenant, displayName);
  const members = new MemberChangeSet();
  if (doc.members !== undefined) members.replaceAll(asList(doc.members));
  const change = await members.resolveForNewTeam(ctx.table, ctx.tenant.id);
  const inline = change.length <= INLINE_MEMBERS;
  const now = new Date().toISOString();
  const id = randomUUID();
  const write = async (name: string): Promise<Team> => {
    const team: Team = {
      tenantId: ctx.tenant.id,
      id,
      name,
      displayName,
      source: 'scim',
      externalId: doc.externalId as string | undefined,
      memberCount: 0,
      createdAt: now,
      updatedAt: now,
      version: 1,
      createdBy: { subjectType: 'scim-client', subjectId: 'scim' },
    };
    const tx = new Transaction(ctx.table);
    new TeamRepository(ctx.table).create(tx, inline ? { ...team, memberCount: change.length } : team);
    if (inline) {
      for (const userId of change) {
        tx.put(membershipItem({ tenantId: team.tenantId, teamId: team.id, userId, role: 'member', addedAt: now }));
      }
    }
    recordAudit(tx, {
      tenantId: ctx.tenant.id,
      actor: ctx.actor,
      action: 'team.created',
      target: { type: 'team', id: team.id, slug: team.name },
      requestId: ctx.requestId,
      changes: { after: { displayName, name: team.name, externalId: team.externalId } },
      details: { source: 'scim', members: inline ? change : [] },
      data: { team: teamState(inline ? { ...team, memberCount: change.length } : team) },
      sequence: team.version,
      at: now,
    });
    await tx.commit();
    return team;
  };
  let team: Team;
  try {
    team = await write(firstName);
  } catch (error) {
    if (isStrict(ctx.tenant) || !isNameTaken(error)) throw error;
    team = await write(await teamNameForGroup(new TeamRepository(ctx.table), ctx.tenant, displayName));
  }
  if (inline) return { team: { ...team, memberCount: change.length }, memberIds: change };
  const result = await new MembershipRepository(ctx.table).apply(team, { add: change.map((userId) => ({ userId })) }, { onChunk: auditChunk(ctx) });
  return { team: { ...team, memberCount: result.added.length, version: result.version }, memberIds: change };
}

/** PUT: displayName, externalId and the full member list (absent members: none). */
export async function replaceScimGroup(ctx: ScimContext, id: string, body: unknown, ifMatch: string | undefined): Promise<Team> {
  const { doc } = normalizeResource(GROUP_RESOURCE, body, { passThrough: ['members'] });
  return changeGroup(ctx, id, ifMatch, (_current, members) => {
    members.replaceAll(doc.members === undefined ? [] : asList(doc.members));
    return { displayName: doc.displayName, externalId: doc.externalId };
  });
}

export async function patchScimGroup(ctx: ScimContext, id: string, operations: PatchOperation[], ifMatch: string | undefined): Promise<Team> {
  return changeGroup(ctx, id, ifMatch, (current, members) => {
    const base: Record<string, unknown> = { displayName: groupDisplayName(current) };
    if (current.externalId !== undefined) base.externalId = current.externalId;
    const patched = applyPatch(base, operations, { resource: GROUP_RESOURCE, id: current.id, members });
    const { doc } = normalizeResource(GROUP_RESOURCE, patched);
    return { displayName: doc.displayName, externalId: doc.externalId };
  });
}

type Compute = (current: Team, members: MemberChangeSet) => { displayName: unknown; externalId: unknown };

/**
 * The group's attributes after a PUT or PATCH. A new displayName is kept as sent
 * and the team name follows it (group-name.ts). An unchanged displayName leaves
 * the stored item as it was, so groups stored before displayNames were kept are
 * not rewritten by member changes, nor re-checked against a rule switched on since.
 */
async function nextAttributes(ctx: ScimContext, current: Team, attrs: ReturnType<Compute>): Promise<Team> {
  const displayName = assertGroupDisplayName(attrs.displayName);
  const renamed = displayName !== groupDisplayName(current);
  return {
    ...current,
    name: renamed ? await teamNameForGroup(new TeamRepository(ctx.table), ctx.tenant, displayName, current) : current.name,
    displayName: renamed ? displayName : current.displayName,
    externalId: attrs.externalId as string | undefined,
  };
}

async function changeGroup(ctx: ScimContext, id: string, ifMatch: string | undefined, compute: Compute): Promise<Team> {
  const teams = new TeamRepository(ctx.table);
  // Whether the write that lost asserted the client's If-Match (once the attribute change committed, it no longer does).
  let expected: number | undefined;
  return readComputeCommit(
    async () => {
      const current = await getScimGroup(ctx, id);
      expected = requiredVersion(ifMatch, current.version, `Group ${id}`);
      const members = new MemberChangeSet();
      const attrs = compute(current, members);
      const next = await nextAttributes(ctx, current, attrs);
      const change: MembershipChange = members.isEmpty ? { add: [], remove: [] } : await members.resolve(ctx.table, ctx.tenant.id, id);
      let team = current;
      if (next.name !== current.name || next.displayName !== current.displayName || next.externalId !== current.externalId) {
        const after: Team = { ...next, updatedAt: new Date().toISOString() };
        const tx = new Transaction(ctx.table);
        teams.update(tx, current, after);
        recordAudit(tx, {
          tenantId: ctx.tenant.id,
          actor: ctx.actor,
          action: 'team.updated',
          target: { type: 'team', id, slug: after.name },
          requestId: ctx.requestId,
          changes: diffAttributes(
            { displayName: groupDisplayName(current), name: current.name, externalId: current.externalId },
            { displayName: groupDisplayName(after), name: after.name, externalId: after.externalId },
          ),
          data: { team: teamState(after) },
          sequence: current.version + 1,
        });
        await tx.commit();
        team = { ...after, version: current.version + 1 };
        expected = undefined; // the version guard was this transaction's
      }
      if (!change.add?.length && !change.remove?.length) {
        if (expected !== undefined) await new MembershipRepository(ctx.table).apply(team, {}, { expectedVersion: expected });
        return team;
      }
      const result = await new MembershipRepository(ctx.table).apply(team, change, { expectedVersion: expected, onChunk: auditChunk(ctx) });
      const delta = result.added.length - result.removed.length;
      return { ...team, memberCount: team.memberCount + delta, version: result.version, updatedAt: new Date().toISOString() };
    },
    { lostRace: (error) => error instanceof TeamVersionConflictError, preconditioned: () => expected !== undefined },
  );
}

/** DELETE: the team's role bindings and edges go first, then the team under a version guard (no edge outlives it). */
export async function deleteScimGroup(ctx: ScimContext, id: string, ifMatch: string | undefined): Promise<void> {
  const teams = new TeamRepository(ctx.table);
  const memberships = new MembershipRepository(ctx.table);
  const first = await getScimGroup(ctx, id);
  requiredVersion(ifMatch, first.version, `Group ${id}`);
  let removedMembers = 0;
  await readComputeCommit(
    async () => {
      await removeBindingsOfSubject(ctx.table, ctx.tenant.id, 'team', id, { actor: ctx.actor, requestId: ctx.requestId });
      removedMembers += await memberships.removeAllOfTeam(ctx.tenant.id, id);
      const team = await getScimGroup(ctx, id);
      const tx = new Transaction(ctx.table);
      teams.deleteIfVersion(tx, team);
      recordAudit(tx, {
        tenantId: ctx.tenant.id,
        actor: ctx.actor,
        action: 'team.deleted',
        target: { type: 'team', id, slug: team.name },
        requestId: ctx.requestId,
        details: { removedMembers, source: 'scim' },
        data: { team: teamState(team) },
        sequence: team.version + 1,
      });
      await tx.commit();
    },
    { lostRace: (error) => error instanceof TeamVersionConflictError },
  );
}

const auditChunk = (ctx: ScimContext) => (tx: Transaction, chunk: MembershipChunk) =>
  recordAudit(tx, {
    tenantId: ctx.tenant.id,
    actor: ctx.actor,
    action: 'team.members_changed',
    target: { type: 'team', id: chunk.team.id, slug: chunk.team.name },
    requestId: ctx.requestId,
    details: { added: chunk.added, removed: chunk.removed },
    data: { team: teamState(chunk.team), added: chunk.added, removed: chunk.removed },
    sequence: chunk.team.version,
  });

const asList = (v: unknown): unknown[] => (Array.isArray(v) ? v : [v]);
