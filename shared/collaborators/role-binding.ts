/**
 * Resource role bindings: a user or a team holds one role on one resource,
 * identified by its type and id (a cluster, a workspace, a secret group ...).
 * The resource itself lives in the product that uses this service; here it is
 * only a name, so the rules below keep names safe to embed in keys and URLs.
 *
 * A subject holds at most one role per resource (granting again replaces it);
 * a user's effective role on a resource is the strongest of what they hold
 * directly and what their teams hold, computed at read time so leaving a team
 * drops what it gave at once.
 */
import * as z from '../validation/zod.js';

export type SubjectType = 'user' | 'team';

/** Roles from weakest to strongest: each includes what the previous ones allow. */
export const RESOURCE_ROLES = ['viewer', 'editor', 'admin'] as const;
export type ResourceRole = (typeof RESOURCE_ROLES)[number];

/** `cluster`, `workspace`, `secret-group`, `ml-repo`: lowercase words joined by "-". */
export const RESOURCE_TYPE_PATTERN = /^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/;
export const RESOURCE_TYPE_RULE = 'resourceType must be lowercase letters and digits in words joined by "-" (e.g. "secret-group"), at most 64 characters';

/**
 * Resource ids are opaque to this service (UUIDs, FQNs like `cluster:ws-1`), but `#`
 * separates key parts and whitespace or control characters in an id are always a mistake.
 */
export const RESOURCE_ID_PATTERN = /^[A-Za-z0-9._:/@=+-]+$/;
export const RESOURCE_ID_RULE = 'resourceId may contain only letters, digits and . _ : / @ = + -, at most 256 characters';

export const ResourceType = z.string().check(z.maxLength(64, RESOURCE_TYPE_RULE), z.regex(RESOURCE_TYPE_PATTERN, RESOURCE_TYPE_RULE));
export const ResourceId = z
  .string()
  .check(z.minLength(1, RESOURCE_ID_RULE), z.maxLength(256, RESOURCE_ID_RULE), z.regex(RESOURCE_ID_PATTERN, RESOURCE_ID_RULE));
export const ResourceRoleSchema = z.enum(RESOURCE_ROLES, { error: `role must be one of ${RESOURCE_ROLES.join(', ')}` });

export interface ResourceRef {
  resourceType: string;
  resourceId: string;
}

export interface RoleBinding extends ResourceRef {
  tenantId: string;
  subjectType: SubjectType;
  /** A user id, or a team id (the virtual `everyone` team has the id `everyone`). */
  subjectId: string;
  role: ResourceRole;
  createdAt: string;
}

const RANK: Record<ResourceRole, number> = { viewer: 0, editor: 1, admin: 2 };

/** The stronger of two roles. */
export const strongerRole = (a: ResourceRole, b: ResourceRole): ResourceRole => (RANK[a] >= RANK[b] ? a : b);

export const resourceKeyOf = (ref: ResourceRef): string => `${ref.resourceType}/${ref.resourceId}`;
