/**
 * `GET /collaborators?resourceType&resourceId`: one page of who holds which role
 * on a resource (one Query, one BatchGet of the page's subjects). Tenant admins
 * see any resource's collaborators; other users those of resources they hold a
 * role on, directly or through a team.
 */
import type { UserPrincipal } from '../caller/principal.js';
import { ForbiddenError } from '../errors/app-error.js';
import { keys } from '../storage/keys.js';
import type { Table } from '../storage/table.js';
import { EVERYONE_TEAM_ID } from '../teams/everyone-team.js';
import { nextPageTokenOf, startKeyOf, trimPage } from '../teams/page-token.js';
import { teamFromItem } from '../teams/team-repository.js';
import { EVERYONE_TEAM_NAME, type Team } from '../teams/team.js';
import { isAdmin, type User } from '../users/user.js';
import { userFromItem } from '../users/user-repository.js';
import type { CollaboratorView } from './collaborator-request.js';
import { roleOnResource } from './effective-permissions.js';
import { roleBindingKey, RoleBindingRepository } from './role-binding-repository.js';
import type { ResourceRef, RoleBinding } from './role-binding.js';

export interface CollaboratorPage {
  data: CollaboratorView[];
  pagination: { limit: number; nextPageToken?: string };
}

export async function listCollaborators(
  table: Table,
  principal: UserPrincipal,
  query: ResourceRef & { limit: number; pageToken?: string },
): Promise<CollaboratorPage> {
  const tenantId = principal.tenant.id;
  if (!isAdmin(principal.user) && !(await roleOnResource(table, principal.user, query))) {
    throw new ForbiddenError(
      'collaborator.no_access',
      `You hold no role on ${query.resourceType} ${query.resourceId}; only its collaborators and tenant admins may list them`,
    );
  }
  const scope = `${tenantId}|collaborators|${query.resourceType}|${query.resourceId}`;
  const read = await new RoleBindingRepository(table).listOfResourcePage(
    tenantId,
    query.resourceType,
    query.resourceId,
    query.limit + 1,
    startKeyOf(scope, query.pageToken),
  );
  const page = trimPage(read.bindings, query.limit, (b) => roleBindingKey(b));
  const bindings = page.items;
  const subjectKeys = bindings.flatMap((b) => {
    if (b.subjectType === 'user') return [keys.user(tenantId, b.subjectId)];
    return b.subjectId === EVERYONE_TEAM_ID ? [] : [keys.team(tenantId, b.subjectId)];
  });
  const items = await table.batchGet(subjectKeys);
  const users = new Map(
    items
      .filter((i) => i.entity === 'user')
      .map(userFromItem)
      .map((u) => [u.id, u]),
  );
  const teams = new Map(
    items
      .filter((i) => i.entity === 'team')
      .map(teamFromItem)
      .map((t) => [t.id, t]),
  );
  const data = bindings.flatMap((b): CollaboratorView[] => {
    const label = subjectLabel(b, users, teams);
    // A binding whose subject is gone (a deletion racing a grant) grants nothing and is not shown.
    if (!label) return [];
    return [
      {
        subject: `${b.subjectType}:${label.slug}`,
        subjectType: b.subjectType,
        subjectId: b.subjectId,
        subjectSlug: label.slug,
        subjectDisplayName: label.displayName,
        role: b.role,
        createdAt: b.createdAt,
      },
    ];
  });
  return { data, pagination: { limit: query.limit, nextPageToken: nextPageTokenOf(scope, page.lastKey) } };
}

/** How a subject is named in `user:<email>` / `team:<name>` form, or undefined if it no longer exists. */
function subjectLabel(b: RoleBinding, users: Map<string, User>, teams: Map<string, Team>): { slug: string; displayName?: string } | undefined {
  if (b.subjectType === 'user') {
    const user = users.get(b.subjectId);
    return user && { slug: (user.email ?? user.userName).toLowerCase(), displayName: user.displayName };
  }
  if (b.subjectId === EVERYONE_TEAM_ID) return { slug: EVERYONE_TEAM_NAME };
  const team = teams.get(b.subjectId);
  return team && { slug: team.name, displayName: team.displayName };
}
