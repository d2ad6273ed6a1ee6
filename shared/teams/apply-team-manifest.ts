/**
 * `PUT /teams`: creates or updates a team from its manifest, matched by name.
 *
 * Everything that can be refused is checked before the first write: the
 * `everyone` and SCIM-managed teams, the caller's right, every email. Then the
 * team's attributes change under a version guard, and membership changes go
 * through `MembershipRepository.apply` (chunked, each chunk one transaction with
 * its audit event), guarded by the version the diff was computed against. When
 * another request changes the team meanwhile, the whole manifest is diffed again:
 * it is a desired state, so re-applying it is always right.
 */
import { teamState } from '../events/event-state.js';
import { randomUUID } from 'node:crypto';
import { ForbiddenError, UniquenessError } from '../errors/app-error.js';
import { actorOf, type UserPrincipal } from '../caller/principal.js';
import { diffAttributes, recordAudit } from '../audit/audit-event.js';
import { readComputeCommit } from '../storage/lost-race.js';
import type { Table } from '../storage/table.js';
import { Transaction } from '../storage/transaction.js';
import { isAdmin, type User } from '../users/user.js';
import { UserRepository } from '../users/user-repository.js';
import { MembershipRepository } from './membership-repository.js';
import { TeamRepository, TeamVersionConflictError } from './team-repository.js';
import type { Team } from './team.js';
import { isEveryoneTeam } from './everyone-team.js';
import { accessToTeam, canManage } from './team-access.js';
import { EveryoneTeamImmutableError, ScimManagedTeamError, TeamManagerRequiredError, TeamTooLargeForManifestError } from './team-errors.js';
import { desiredRolesByEmail, MAX_MANIFEST_EMAILS, membershipDiff, type TeamManifest } from './team-manifest.js';
import { usersByEmail } from './member-emails.js';

export interface ApplyTeamManifestResult {
  team: Team;
  created: boolean;
  /** Emails of the people added, removed, or whose role changed (manager ↔ member). */
  changes: { added: string[]; removed: string[]; roleChanged: string[] };
}

export async function applyTeamManifest(
  table: Table,
  principal: UserPrincipal,
  manifest: TeamManifest,
  options: { dryRun?: boolean; requestId?: string } = {},
): Promise<ApplyTeamManifestResult> {
  if (isEveryoneTeam(manifest.name)) throw new EveryoneTeamImmutableError();
  return readComputeCommit(() => applyOnce(table, principal, manifest, options), {
    lostRace: (error) => error instanceof TeamVersionConflictError || (error instanceof UniquenessError && error.code === 'team.name_taken'),
    keepLastError: true,
  });
}

async function applyOnce(
  table: Table,
  principal: UserPrincipal,
  manifest: TeamManifest,
  options: { dryRun?: boolean; requestId?: string },
): Promise<ApplyTeamManifestResult> {
  const tenantId = principal.tenant.id;
  const teams = new TeamRepository(table);
  const memberships = new MembershipRepository(table);
  const existing = await teams.getByName(tenantId, manifest.name);
  if (existing) {
    if (existing.source === 'scim') throw new ScimManagedTeamError(existing);
    if (!canManage(await accessToTeam(table, principal, existing))) throw new TeamManagerRequiredError(existing);
    if (existing.memberCount > MAX_MANIFEST_EMAILS) throw new TeamTooLargeForManifestError(existing);
  } else if (!isAdmin(principal.user)) {
    throw new ForbiddenError('team.create_forbidden', 'Only tenant admins may create teams');
  }

  const desiredByEmail = desiredRolesByEmail(manifest);
  const users = await usersByEmail(table, tenantId, [...desiredByEmail.keys()]);
  const desired = new Map([...desiredByEmail].map(([email, role]) => [users.get(email)!.id, role]));
  const current = existing ? await memberships.listAllMembers(tenantId, existing.id) : [];
  const diff = membershipDiff(current, desired, Boolean(existing) && manifest.managers === undefined);

  const now = new Date().toISOString();
  // Names match case-insensitively and identify the team: an existing team keeps the spelling it has.
  const attributes = { name: existing?.name ?? manifest.name, displayName: manifest.displayName, description: manifest.description };
  let team: Team = existing
    ? { ...existing, ...attributes, updatedAt: now }
    : {
        tenantId,
        id: randomUUID(),
        ...attributes,
        source: 'api',
        memberCount: 0,
        createdAt: now,
        updatedAt: now,
        version: 1,
        createdBy: { subjectType: 'user', subjectId: principal.user.id, subjectSlug: principal.user.email ?? principal.user.userName },
      };
  const changes = await describeChanges(table, tenantId, diff, current, users);
  if (options.dryRun) {
    const memberCount = (existing?.memberCount ?? 0) + changes.added.length - changes.removed.length;
    return { team: { ...team, memberCount }, created: !existing, changes };
  }

  const actor = actorOf(principal);
  if (!existing) {
    const tx = new Transaction(table);
    teams.create(tx, team);
    recordAudit(tx, {
      tenantId,
      actor,
      action: 'team.created',
      target: { type: 'team', id: team.id, slug: team.name },
      requestId: options.requestId,
      details: { displayName: team.displayName, description: team.description },
      data: { team: teamState(team) },
      sequence: team.version,
    });
    await tx.commit();
  } else {
    const before = pickAttributes(existing);
    const after = pickAttributes(team);
    const attributeChanges = diffAttributes(before, after);
    if (Object.keys(attributeChanges.after).length || Object.keys(attributeChanges.before).length) {
      const tx = new Transaction(table);
      teams.update(tx, existing, team);
      recordAudit(tx, {
        tenantId,
        actor,
        action: 'team.updated',
        target: { type: 'team', id: team.id, slug: team.name },
        requestId: options.requestId,
        changes: attributeChanges,
        data: { team: teamState({ ...team, memberCount: existing.memberCount }) },
        sequence: existing.version + 1,
      });
      await tx.commit();
      team = { ...team, version: existing.version + 1 };
    } else {
      team = existing;
    }
  }

  if (diff.add.length || diff.remove.length) {
    const result = await memberships.apply(team, diff, {
      expectedVersion: team.version,
      onChunk: (tx, chunk) =>
        recordAudit(tx, {
          tenantId,
          actor,
          action: 'team.members_changed',
          target: { type: 'team', id: team.id, slug: team.name },
          requestId: options.requestId,
          details: { added: chunk.added, removed: chunk.removed, roleChanged: chunk.roleChanged },
          data: { team: teamState(chunk.team), added: chunk.added, removed: chunk.removed },
          sequence: chunk.team.version,
        }),
    });
    team = { ...team, version: result.version };
  }
  const stored = await teams.get(tenantId, team.id);
  return { team: stored ?? team, created: !existing, changes };
}

const pickAttributes = (team: Team) => ({ displayName: team.displayName, description: team.description });

/** The diff in people's emails, for the response (removed people are looked up by id). */
async function describeChanges(
  table: Table,
  tenantId: string,
  diff: ReturnType<typeof membershipDiff>,
  current: ReadonlyArray<{ userId: string }>,
  byEmail: Map<string, User>,
): Promise<ApplyTeamManifestResult['changes']> {
  const emailOf = new Map([...byEmail.values()].map((u) => [u.id, u.email ?? u.userName]));
  const present = new Set(current.map((e) => e.userId));
  const missingIds = [...diff.remove, ...diff.add.map((a) => a.userId)].filter((id) => !emailOf.has(id));
  if (missingIds.length) {
    for (const user of await new UserRepository(table).getMany(tenantId, missingIds)) emailOf.set(user.id, user.email ?? user.userName);
  }
  const label = (id: string) => emailOf.get(id) ?? id;
  return {
    added: diff.add
      .filter((a) => !present.has(a.userId))
      .map((a) => label(a.userId))
      .sort(),
    removed: diff.remove.map(label).sort(),
    roleChanged: diff.add
      .filter((a) => present.has(a.userId))
      .map((a) => label(a.userId))
      .sort(),
  };
}
