/**
 * The synthetic directory an IdP pushes: users with the attributes Entra sends
 * (enterprise extension included), groups, and memberships spread evenly so
 * every group has about the same number of members and every user is in a few
 * groups. Deterministic for a given size, so two runs push the same bytes.
 */
import { randomUUID } from 'node:crypto';
import { SCIM_USER } from '../harness/api-client.js';

export const ENTERPRISE_USER = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';

export interface DirectorySize {
  users: number;
  groups: number;
  memberships: number;
}

export interface DirectoryUser {
  index: number;
  userName: string;
  externalId: string;
  email: string;
  givenName: string;
  familyName: string;
}

export interface DirectoryGroup {
  index: number;
  displayName: string;
  externalId: string;
  /** Indexes into the users. */
  members: number[];
}

export interface Directory {
  tenantId: string;
  users: DirectoryUser[];
  groups: DirectoryGroup[];
}

export function buildDirectory(tenantId: string, size: DirectorySize): Directory {
  const users = Array.from({ length: size.users }, (_, index): DirectoryUser => {
    const n = String(index).padStart(6, '0');
    return {
      index,
      userName: `user${n}@${tenantId}.example`,
      externalId: randomUUID(),
      email: `user${n}@${tenantId}.example`,
      givenName: `Given${n}`,
      familyName: `Family${n}`,
    };
  });
  // Members of group g are a run of consecutive users starting at g*perGroup, wrapping:
  // distinct within a group as long as a group is smaller than the directory.
  const perGroup = Math.floor(size.memberships / Math.max(1, size.groups));
  const extra = size.memberships - perGroup * size.groups;
  let cursor = 0;
  const groups = Array.from({ length: size.groups }, (_, index): DirectoryGroup => {
    const count = Math.min(size.users, perGroup + (index < extra ? 1 : 0));
    const members = Array.from({ length: count }, (_, k) => (cursor + k) % size.users);
    cursor = (cursor + count) % Math.max(1, size.users);
    return { index, displayName: `grp-${String(index).padStart(5, '0')}`, externalId: randomUUID(), members };
  });
  return { tenantId, users, groups };
}

/** The POST /Users body Entra sends for a user. */
export function scimUserBody(user: DirectoryUser, active = true): Record<string, unknown> {
  return {
    schemas: [SCIM_USER, ENTERPRISE_USER],
    externalId: user.externalId,
    userName: user.userName,
    active,
    displayName: `${user.givenName} ${user.familyName}`,
    emails: [{ primary: true, type: 'work', value: user.email }],
    name: { formatted: `${user.givenName} ${user.familyName}`, familyName: user.familyName, givenName: user.givenName },
    title: 'Engineer',
    [ENTERPRISE_USER]: { department: `Dept ${user.index % 20}`, employeeNumber: String(100000 + user.index) },
  };
}
