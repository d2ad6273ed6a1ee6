/**
 * A user's permissions: what they hold directly, plus what each team they are in
 * holds (and `everyone`, while they are active), each with its origin. Computed
 * at read time from the bindings and the membership edges, so removing someone
 * from a team removes what they inherited through it on the very next read.
 */
import { keys } from '../storage/keys.js';
import type { Table } from '../storage/table.js';
import { MembershipRepository } from '../teams/membership-repository.js';
import { TeamRepository } from '../teams/team-repository.js';
import { EVERYONE_TEAM_ID } from '../teams/everyone-team.js';
import { EVERYONE_TEAM_NAME } from '../teams/team.js';
import { forEachLimited } from '../teams/member-emails.js';
import type { User } from '../users/user.js';
import { listBindingsOfSubject, roleBindingFromItem } from './role-binding-repository.js';
import { resourceKeyOf, strongerRole, type ResourceRef, type ResourceRole, type RoleBinding } from './role-binding.js';

export type PermissionOrigin = { type: 'direct' } | { type: 'team'; teamId: string; teamName: string };

export interface PermissionGrant extends ResourceRef {
  role: ResourceRole;
  origin: PermissionOrigin;
}

export interface EffectivePermission extends ResourceRef {
  /** The strongest role among the grants. */
  role: ResourceRole;
  origins: Array<PermissionOrigin & { role: ResourceRole }>;
}

const TEAM_QUERY_CONCURRENCY = 8;

/** Every grant a user holds, direct and inherited (1 + one Query per team the user is in). */
export async function grantsOfUser(table: Table, user: Pick<User, 'tenantId' | 'id' | 'active'>): Promise<PermissionGrant[]> {
  const edges = await new MembershipRepository(table).listTeamsOfUser(user.tenantId, user.id);
  const teams = await new TeamRepository(table).getMany(
    user.tenantId,
    edges.map((e) => e.teamId),
  );
  const subjects: Array<{ id: string; origin: PermissionOrigin }> = teams.map((t) => ({
    id: t.id,
    origin: { type: 'team', teamId: t.id, teamName: t.name },
  }));
  if (user.active) subjects.push({ id: EVERYONE_TEAM_ID, origin: { type: 'team', teamId: EVERYONE_TEAM_ID, teamName: EVERYONE_TEAM_NAME } });

  const grants: PermissionGrant[] = (await listBindingsOfSubject(table, user.tenantId, 'user', user.id)).map((b) => grantOf(b, { type: 'direct' }));
  await forEachLimited(subjects, TEAM_QUERY_CONCURRENCY, async ({ id, origin }) => {
    for (const b of await listBindingsOfSubject(table, user.tenantId, 'team', id)) grants.push(grantOf(b, origin));
  });
  return grants.sort(compareGrants);
}

/** Groups grants by resource, keeping the strongest role and every origin. */
export function effectivePermissions(grants: readonly PermissionGrant[]): EffectivePermission[] {
  const byResource = new Map<string, EffectivePermission>();
  for (const g of grants) {
    const key = resourceKeyOf(g);
    const entry = byResource.get(key);
    const origin = { ...g.origin, role: g.role };
    if (!entry) byResource.set(key, { resourceType: g.resourceType, resourceId: g.resourceId, role: g.role, origins: [origin] });
    else {
      entry.role = strongerRole(entry.role, g.role);
      entry.origins.push(origin);
    }
  }
  return [...byResource.values()].sort(compareGrants);
}

/**
 * The user's effective role on one resource, or undefined: one Query for the
 * user's teams and one BatchGet of the candidate bindings.
 */
export async function roleOnResource(table: Table, user: Pick<User, 'tenantId' | 'id' | 'active'>, ref: ResourceRef): Promise<ResourceRole | undefined> {
  const edges = await new MembershipRepository(table).listTeamsOfUser(user.tenantId, user.id);
  const candidates = [
    keys.roleBinding(user.tenantId, ref.resourceType, ref.resourceId, 'user', user.id),
    ...edges.map((e) => keys.roleBinding(user.tenantId, ref.resourceType, ref.resourceId, 'team', e.teamId)),
  ];
  if (user.active) candidates.push(keys.roleBinding(user.tenantId, ref.resourceType, ref.resourceId, 'team', EVERYONE_TEAM_ID));
  const bindings = (await table.batchGet(candidates)).map(roleBindingFromItem);
  return bindings.reduce<ResourceRole | undefined>((best, b) => (best ? strongerRole(best, b.role) : b.role), undefined);
}

const grantOf = (b: RoleBinding, origin: PermissionOrigin): PermissionGrant => ({
  resourceType: b.resourceType,
  resourceId: b.resourceId,
  role: b.role,
  origin,
});

function compareGrants(a: ResourceRef, b: ResourceRef): number {
  return a.resourceType.localeCompare(b.resourceType) || a.resourceId.localeCompare(b.resourceId);
}
