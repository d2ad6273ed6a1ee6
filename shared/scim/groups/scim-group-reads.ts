/**
 * Reading groups as SCIM resources. `members` is read only when the answer
 * includes it, page by page from the team's edge collection; a group larger than
 * {@link MAX_MEMBERS_RETURNED} cannot be returned whole in one response (Lambda
 * responses are capped at 6 MB), so asking for its members is a 400 `tooMany`
 * that says to exclude them and use member filters instead.
 */
import type { Table } from '../../storage/table.js';
import { MembershipRepository } from '../../teams/membership-repository.js';
import type { Team } from '../../teams/team.js';
import type { ScimDocument } from '../filter/evaluator.js';
import { groupToDocument } from '../group-document.js';
import type { Projection } from '../projection.js';
import { tooMany } from '../scim-errors.js';

export const MAX_MEMBERS_RETURNED = 20_000;

export async function renderGroups(table: Table, tenantId: string, teams: readonly Team[], projection: Projection): Promise<ScimDocument[]> {
  if (!projection.wants('members')) return teams.map((t) => projection.apply(groupToDocument(t)));
  const total = teams.reduce((n, t) => n + t.memberCount, 0);
  if (total > MAX_MEMBERS_RETURNED) {
    throw tooMany(
      `The answer would hold ${total} members (more than ${MAX_MEMBERS_RETURNED}); request it with excludedAttributes=members and test membership with a filter such as id eq "<group>" and members eq "<user>"`,
    );
  }
  const memberships = new MembershipRepository(table);
  const members = await Promise.all(teams.map((t) => (t.memberCount > 0 ? memberships.listAllMembers(tenantId, t.id) : Promise.resolve([]))));
  return teams.map((t, i) =>
    projection.apply(
      groupToDocument(
        t,
        members[i]!.map((m) => ({ id: m.userId })).sort((a, b) => (a.id < b.id ? -1 : 1)),
      ),
    ),
  );
}
