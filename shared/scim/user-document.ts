/**
 * User ↔ SCIM User document. The domain keeps the attributes it acts on as
 * fields (userName, emails, active, name, displayName, externalId) and the rest
 * of the SCIM resource, enterprise extension included, in `scim` as sent.
 */
import type { User } from '../users/user.js';
import { loginEmailOf, type UserEmail, type UserName } from '../users/user.js';
import { nameFromDisplayName } from '../users/person-name.js';
import type { ScimDocument } from './filter/evaluator.js';
import { ENTERPRISE_USER_SCHEMA, USER_SCHEMA } from './schemas/core-schemas.js';
import { etagOf } from './etag.js';
import { groupLocation, userLocation } from './locations.js';

/** A group the user belongs to, as `groups` shows it. */
export interface GroupRef {
  id: string;
  displayName?: string;
}

const DOMAIN_FIELDS = new Set(['userName', 'name', 'displayName', 'active', 'emails', 'externalId']);

/** The full SCIM document of a user (projection is applied afterwards). */
export function userToDocument(user: User, groups?: readonly GroupRef[]): ScimDocument {
  const extras = { ...(user.scim ?? {}) };
  const doc: ScimDocument = {
    schemas: extras[ENTERPRISE_USER_SCHEMA] ? [USER_SCHEMA, ENTERPRISE_USER_SCHEMA] : [USER_SCHEMA],
    id: user.id,
  };
  if (user.externalId !== undefined) doc.externalId = user.externalId;
  doc.userName = user.userName;
  const name = user.name && Object.keys(user.name).length ? user.name : guessedName(user);
  if (name) doc.name = name;
  if (user.displayName !== undefined) doc.displayName = user.displayName;
  doc.active = user.active;
  if (user.emails.length) doc.emails = user.emails;
  for (const [key, value] of Object.entries(extras)) doc[key] = value;
  if (groups?.length) {
    doc.groups = groups.map((g) => ({
      value: g.id,
      $ref: groupLocation(user.tenantId, g.id),
      ...(g.displayName ? { display: g.displayName } : {}),
      type: 'direct',
    }));
  }
  const manager = (doc[ENTERPRISE_USER_SCHEMA] as ScimDocument | undefined)?.manager as ScimDocument | undefined;
  if (manager?.value) manager.$ref = userLocation(user.tenantId, String(manager.value));
  doc.meta = {
    resourceType: 'User',
    created: user.createdAt,
    lastModified: user.updatedAt,
    location: userLocation(user.tenantId, user.id),
    version: etagOf(user.version),
  };
  return doc;
}

/** The writable part of a user's document: what PATCH starts from and PUT replaces. */
export function writableUserDocument(user: User): ScimDocument {
  const { schemas: _s, id: _i, meta: _m, groups: _g, ...rest } = userToDocument(user);
  const ext = rest[ENTERPRISE_USER_SCHEMA] as ScimDocument | undefined;
  if (ext?.manager) {
    const { $ref: _r, ...manager } = ext.manager as ScimDocument;
    rest[ENTERPRISE_USER_SCHEMA] = { ...ext, manager };
  }
  return structuredClone(rest);
}

/**
 * What an unassigned `active` means: the user is active, as one created without
 * `active` is. A PATCH `remove` of `active` (RFC 7644 §3.5.2.2: the attribute is
 * then unassigned) therefore reactivates; only `active: false` deactivates.
 */
export const ACTIVE_WHEN_UNASSIGNED = true;

/**
 * Applies a normalized document to a user: domain fields from their attributes,
 * everything else into `scim`. `active` absent keeps the current value (a PUT
 * without `active` does not deactivate).
 */
export function applyDocumentToUser(base: User, doc: ScimDocument): User {
  const emails = (doc.emails as UserEmail[] | undefined) ?? [];
  const scim: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(doc)) if (!DOMAIN_FIELDS.has(key)) scim[key] = value;
  const ext = scim[ENTERPRISE_USER_SCHEMA] as ScimDocument | undefined;
  if (ext?.manager) {
    const { $ref: _r, displayName: _d, ...manager } = ext.manager as ScimDocument;
    scim[ENTERPRISE_USER_SCHEMA] = { ...ext, manager };
  }
  return {
    ...base,
    userName: doc.userName as string,
    externalId: doc.externalId as string | undefined,
    name: doc.name as UserName | undefined,
    displayName: doc.displayName as string | undefined,
    active: typeof doc.active === 'boolean' ? doc.active : base.active,
    emails,
    email: loginEmailOf(emails),
    scim: Object.keys(scim).length ? scim : undefined,
  };
}

/**
 * An invited or seeded user stored with a display name and no name parts (seeded admins, and
 * users stored before invites took a name) still shows SCIM clients a name: guessed from the
 * display name, never stored. People the IdP pushed or created keep exactly what it sent.
 */
function guessedName(user: User): UserName | undefined {
  if (user.source === 'scim' || user.source === 'jit' || !user.displayName) return undefined;
  return nameFromDisplayName(user.displayName);
}
