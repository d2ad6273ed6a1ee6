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

/**
 * Every grant a user holds, direct and inherited, in two waves of reads: the
 * user's memberships, their direct bindings and `everyone`'s at once; then the
 * teams (for their names) and each team's bindings at once. A binding of a team
 * the BatchGet no longer finds is dropped, as before: only teams that exist give.
 */
export async function grantsOfUser(table: Table, user: Pick<User, 'tenantId' | 'id' | 'active'>): Promise<PermissionGrant[]> {
  const [edges, direct, everyone] = await Promise.all([
    new MembershipRepository(table).listTeamsOfUser(user.tenantId, user.id),
    listBindingsOfSubject(table, user.tenantId, 'user', user.id),
    user.active ? listBindingsOfSubject(table, user.tenantId, 'team', EVERYONE_TEAM_ID) : [],
  ]);
  const teamIds = edges.map((e) => e.teamId);
  const bindingsByTeam = new Map<string, RoleBinding[]>();
  const [teams] = await Promise.all([
    new TeamRepository(table).getMany(user.tenantId, teamIds),
    forEachLimited(teamIds, TEAM_QUERY_CONCURRENCY, async (id) => {
      bindingsByTeam.set(id, await listBindingsOfSubject(table, user.tenantId, 'team', id));
    }),
  ]);

  const grants: PermissionGrant[] = direct.map((b) => grantOf(b, { type: 'direct' }));
  for (const t of teams) {
    for (const b of bindingsByTeam.get(t.id) ?? []) grants.push(grantOf(b, { type: 'team', teamId: t.id, teamName: t.name }));
  }
  const everyoneOrigin: PermissionOrigin = { type: 'team', teamId: EVERYONE_TEAM_ID, teamName: EVERYONE_TEAM_NAME };
  for (const b of everyone) grants.push(grantOf(b, everyoneOrigin));
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
