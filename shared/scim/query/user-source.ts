/**
 * Users as a queryable source: key lookups are one GetItem (id) or one Query on
 * the GSI that indexes the key (userName, externalId, email; every GSI projects
 * the whole user, so nothing is read after it), scans of the tenant's user items.
 *
 * The GSIs are eventually consistent: a user created a moment ago may be missed
 * by a lookup. Uniqueness never depends on a lookup (the marker items refuse a
 * duplicate create with 409 uniqueness), so an IdP that looks up, misses and
 * creates again gets a 409 and looks up again, as Entra and Okta do.
 */
import type { Table } from '../../storage/table.js';
import { keys } from '../../storage/keys.js';
import { UserRepository, userFromItem } from '../../users/user-repository.js';
import type { User } from '../../users/user.js';
import type { Filter } from '../filter/ast.js';
import type { ScimDocument } from '../filter/evaluator.js';
import { USER_RESOURCE } from '../schemas/resource-types.js';
import { userToDocument } from '../user-document.js';
import { renderUsers } from '../users/scim-user-reads.js';
import { edgeName, edgesToNamedGroups } from './membership-edges.js';
import { membershipTerms } from './membership-terms.js';
import type { ResourceSource } from './run-query.js';
import { fitsKey } from '../scim-context.js';
import { TeamRepository } from '../../teams/team-repository.js';
import type { Team } from '../../teams/team.js';
import { isEveryoneTeam } from '../../teams/everyone-team.js';
import { scimOnly } from './group-source.js';

export function userSource(table: Table, tenantId: string): ResourceSource<User> {
  const users = new UserRepository(table);
  return {
    resource: USER_RESOURCE,
    tenantId,
    idOf: (u) => u.id,
    async lookup(lookup) {
      if (!fitsKey(lookup.value)) return [];
      switch (lookup.kind) {
        case 'id':
          return optional(await users.get(tenantId, lookup.value));
        case 'userName':
          return optional(await users.findByUserName(tenantId, lookup.value));
        case 'externalId':
          return optional(await users.findByExternalId(tenantId, lookup.value));
        case 'email':
          return users.findByAnyEmail(tenantId, lookup.value);
        default:
          return [];
      }
    },
    async all() {
      const items = await table.queryAll({
        KeyConditionExpression: 'PK = :pk AND begins_with(SK, :prefix)',
        ExpressionAttributeValues: { ':pk': keys.tenantPartition(tenantId), ':prefix': keys.userPrefix },
      });
      return items.map(userFromItem);
    },
    listing: {
      table,
      tenantId,
      shape: 'scim:User',
      async page(limit, startKey) {
        const page = await users.listPage(tenantId, limit, startKey);
        return { items: page.users, lastKey: page.lastKey };
      },
      keyOf: (u) => keys.user(tenantId, u.id),
    },
    async total() {
      return (await users.counts(tenantId)).total;
    },
    async filterDocuments(items: User[], filter: Filter): Promise<ScimDocument[]> {
      const groups = await scimGroupsNamed(table, tenantId, membershipTerms(filter, USER_RESOURCE, 'groups'));
      const edges = await edgesToNamedGroups(
        table,
        tenantId,
        items.map((u) => u.id),
        groups,
      );
      return items.map((u) =>
        userToDocument(
          u,
          groups.filter((g) => edges.has(edgeName(g.id, u.id))).map((g) => ({ id: g.id })),
        ),
      );
    },
    documents: (items) => items.map((u) => userToDocument(u)),
    render: (items, projection) => renderUsers(table, tenantId, items, projection),
  };
}

const optional = <T>(v: T | undefined): T[] => (v === undefined ? [] : [v]);

/**
 * The groups SCIM serves among `ids` (one BatchGet of those teams): a membership
 * of an admin-made team is no group membership, so `groups eq` on its id matches
 * no one, as `groups` never lists it.
 */
async function scimGroupsNamed(table: Table, tenantId: string, ids: readonly string[]): Promise<Team[]> {
  const named = [...new Set(ids)].filter((id) => fitsKey(id) && !isEveryoneTeam(id));
  if (named.length === 0) return [];
  return scimOnly(await new TeamRepository(table).getMany(tenantId, named));
}
