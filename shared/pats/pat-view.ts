/**
 * What the API shows of a PAT: its metadata, never its hash (and the token itself
 * only once, in the creation response). The row is TrueFoundry's `VirtualAccount`
 * (a PAT is a virtual account owned by one user): `manifest.name`, `type`,
 * `tenantName`, `accountId`, `createdBySubject`, `updatedAt`, `isExpired`, with
 * our own flat fields (`name`, `prefix`, `expiresAt`, ...) beside them.
 */
import * as z from '../validation/zod.js';
import type { PersonalAccessToken } from '../tokens/personal-access-tokens.js';
import { isExpired } from '../tokens/secret-record.js';

export const PatViewSchema = z.object({
  id: z.string(),
  /** TrueFoundry's account type of a user's token. */
  type: z.literal('personal-access-token'),
  tenantName: z.string(),
  accountId: z.string(),
  manifest: z.object({
    name: z.string(),
    type: z.literal('virtual-account'),
    /** Resource permissions of a virtual account: a PAT acts as its user and carries none of its own. */
    permissions: z.array(z.never()),
    expiration_date: z.optional(z.string()),
  }),
  createdBySubject: z.object({ subjectId: z.string(), subjectType: z.literal('user') }),
  createdAt: z.string(),
  /** A PAT never changes after creation (revoking deletes it). */
  updatedAt: z.string(),
  lastAccessedAt: z.optional(z.string()),
  isExpired: z.boolean(),
  name: z.string(),
  userId: z.string(),
  /** The token's first characters, to recognise it (`prv_pat_AbCd`). */
  prefix: z.string(),
  expiresAt: z.optional(z.string()),
  lastUsedAt: z.optional(z.string()),
  expired: z.boolean(),
});
export type PatView = z.infer<typeof PatViewSchema>;

export function patView(pat: PersonalAccessToken, now = Date.now()): PatView {
  const expired = isExpired(pat, now);
  return {
    id: pat.id,
    type: 'personal-access-token',
    tenantName: pat.tenantId,
    accountId: pat.tenantId,
    manifest: { name: pat.name, type: 'virtual-account', permissions: [], ...(pat.expiresAt ? { expiration_date: pat.expiresAt } : {}) },
    createdBySubject: { subjectId: pat.userId, subjectType: 'user' },
    createdAt: pat.createdAt,
    updatedAt: pat.createdAt,
    ...(pat.lastUsedAt ? { lastAccessedAt: pat.lastUsedAt } : {}),
    isExpired: expired,
    name: pat.name,
    userId: pat.userId,
    prefix: pat.displayPrefix,
    expiresAt: pat.expiresAt,
    lastUsedAt: pat.lastUsedAt,
    expired,
  };
}
