/**
 * Team ↔ SCIM Group document. Members are edges, never a list on the team: the
 * document carries `members` only when the caller loaded them.
 */
import type { Team } from '../teams/team.js';
import type { ScimDocument } from './filter/evaluator.js';
import { GROUP_SCHEMA } from './schemas/core-schemas.js';
import { etagOf } from './etag.js';
import { groupDisplayName } from './groups/group-name.js';
import { groupLocation, userLocation } from './locations.js';

export interface MemberRef {
  id: string;
  display?: string;
}

export function groupToDocument(team: Team, members?: readonly MemberRef[]): ScimDocument {
  const doc: ScimDocument = { schemas: [GROUP_SCHEMA], id: team.id };
  if (team.externalId !== undefined) doc.externalId = team.externalId;
  doc.displayName = groupDisplayName(team);
  if (members) {
    doc.members = members.map((m) => ({
      value: m.id,
      $ref: userLocation(team.tenantId, m.id),
      type: 'User',
      ...(m.display ? { display: m.display } : {}),
    }));
  }
  doc.meta = {
    resourceType: 'Group',
    created: team.createdAt,
    lastModified: team.updatedAt,
    location: groupLocation(team.tenantId, team.id),
    version: etagOf(team.version),
  };
  return doc;
}
