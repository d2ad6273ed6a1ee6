/** The audit event as the admin API answers it (the stored event without its tenant id). */
import * as z from '../../../shared/validation/zod.js';

export const AuditEventView = z.object({
  id: z.string(),
  at: z.string(),
  action: z.string(),
  actor: z.object({ type: z.string(), id: z.string(), slug: z.optional(z.string()) }),
  target: z.object({ type: z.string(), id: z.string(), slug: z.optional(z.string()) }),
  requestId: z.optional(z.string()),
  changes: z.optional(z.object({ before: z.optional(z.record(z.string(), z.unknown())), after: z.optional(z.record(z.string(), z.unknown())) })),
  details: z.optional(z.record(z.string(), z.unknown())),
  /** Absent on events recorded before the source was. */
  source: z.optional(z.enum(['admin_api', 'scim', 'sign_in', 'system'])),
});
