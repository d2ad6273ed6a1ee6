/**
 * What the API shows of a PAT: its metadata, never its hash (and the token itself
 * only once, in the creation response).
 */
import * as z from '../validation/zod.js';
import type { PersonalAccessToken } from '../tokens/personal-access-tokens.js';
import { isExpired } from '../tokens/secret-record.js';

export const PatViewSchema = z.object({
  id: z.string(),
  name: z.string(),
  userId: z.string(),
  /** The token's first characters, to recognise it (`prv_pat_AbCd`). */
  prefix: z.string(),
  createdAt: z.string(),
  expiresAt: z.optional(z.string()),
  lastUsedAt: z.optional(z.string()),
  expired: z.boolean(),
});
export type PatView = z.infer<typeof PatViewSchema>;

export const patView = (pat: PersonalAccessToken, now = Date.now()): PatView => ({
  id: pat.id,
  name: pat.name,
  userId: pat.userId,
  prefix: pat.displayPrefix,
  createdAt: pat.createdAt,
  expiresAt: pat.expiresAt,
  lastUsedAt: pat.lastUsedAt,
  expired: isExpired(pat, now),
});
