/**
 * Groups as a queryable source: key lookups are one GetItem (id) or one Query on
 * the GSI that indexes the key (displayName on GSI1, externalId and a user's
 * teams on GSI2), scans of the tenant's teams. Only teams the IdP owns
 * (`source: 'scim'`) are groups: teams made in the admin API stay the admins',
 * invisible here. The GSIs lag a little behind writes; uniqueness rests on the
 * marker items, never on a lookup (see user-source.ts).
 */
import { keys } from '../../storage/keys.js';
import type { Table } from '../../storage/table.js';
import { isEveryoneTeam } from '../../teams/everyone-team.js';
import { MembershipRepository } from '../../teams/membership-repository.js';
import { TeamRepository } from '../../teams/team-repository.js';
import { isScimTeam, type Team } from '../../teams/team.js';
import type { Filter } from '../filter/ast.js';
import { groupToDocument } from '../group-document.js';
import { renderGroups } from '../groups/scim-group-reads.js';
import { GROUP_RESOURCE } from '../schemas/resource-types.js';
import { edgeName, edgesToNamedMembers } from './membership-edges.js';
import { membershipTerms } from './membership-terms.js';
import type { ResourceSource } from './run-query.js';
import { fitsKey } from '../scim-context.js';
import { slugCandidates } from '../../teams/team-slug.js';

export function groupSource(table: Table, tenantId: string): ResourceSource<Team> {
  const teams = new TeamRepository(table);
  return {
    resource: GROUP_RESOURCE,
    tenantId,
    idOf: (t) => t.id,
    async lookup(lookup) {
      if (!fitsKey(lookup.value)) return [];
      switch (lookup.kind) {
        case 'id':
          return isEveryoneTeam(lookup.value) ? [] : scimOnly(optional(await teams.get(tenantId, lookup.value)));
        case 'displayName': {
          // The team name is the displayName itself (strict, or stored before slugs) or one of its two slugs.
          const names = [...new Set([lookup.value, ...slugCandidates(lookup.value)])].filter(fitsKey);
          const found = await Promise.all(names.map((name) => teams.findByName(tenantId, name)));
          return scimOnly(dedupe(found.filter((t): t is Team => t !== undefined)));
        }
        case 'externalId':
          return scimOnly(optional(await teams.findByExternalId(tenantId, lookup.value)));
        case 'member': {
          const edges = await new MembershipRepository(table).listTeamsOfUser(tenantId, lookup.value);
          return edges.length
            ? scimOnly(
                await teams.getMany(
                  tenantId,
                  edges.map((e) => e.teamId),
                ),
              )
            : [];
        }
        default:
          return [];
      }
    },
    all: async () => scimOnly(await teams.listAll(tenantId)),
    listing: {
      table,
      tenantId,
      // Admin-made teams share the key range and are skipped: positions count groups only.
      shape: 'scim:Group',
      async page(limit, startKey) {
        const page = await teams.listPage(tenantId, limit, startKey);
        return { items: scimOnly(page.teams), lastKey: page.lastKey };
      },
      keyOf: (t) => keys.team(tenantId, t.id),
    },
    total: async () => (await teams.count(tenantId)).scim,
    async filterDocuments(items: Team[], filter: Filter) {
      const userIds = [...new Set(membershipTerms(filter, GROUP_RESOURCE, 'members'))];
      const edges = await edgesToNamedMembers(
        table,
        tenantId,
        items.map((t) => t.id),
        userIds,
      );
      return items.map((t) =>
        groupToDocument(
          t,
          userIds.filter((u) => edges.has(edgeName(t.id, u))).map((id) => ({ id })),
        ),
      );
    },
    documents: (items) => items.map((t) => groupToDocument(t)),
    render: (items, projection) => renderGroups(table, tenantId, items, projection),
  };
}

/** Teams the IdP owns. */
export const scimOnly = (list: Team[]): Team[] => list.filter(isScimTeam);

const optional = <T>(v: T | undefined): T[] => (v === undefined ? [] : [v]);
const dedupe = (list: Team[]): Team[] => [...new Map(list.map((t) => [t.id, t])).values()];
