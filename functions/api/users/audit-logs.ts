/** GET /x/users/{id}/audit-logs: the events about a user, newest first, by page (admins, or the user themself). */
import * as z from '../../../shared/validation/zod.js';
import { listAuditEventsAbout } from '../../../shared/audit/list-audit-about.js';
import { assertSelfOrAdmin } from '../../../shared/auth/user-auth.js';
import { defineRoute } from '../../../shared/http/define-route.js';
import { callerOf } from '../../../shared/caller/caller.js';
import { requireTargetUser } from '../../../shared/caller/target-user.js';
import { AuditEventView } from '../audit/schemas.js';
import { ErrorResponse } from './schemas.js';

const PageSize = z._default(
  z.coerce.number({ error: 'must be an integer' }).check(z.int('must be an integer'), z.gte(1, 'must be at least 1'), z.lte(100, 'must be at most 100')),
  25,
);

export const handler = defineRoute(
  {
    routes: ['users.auditLogs'],
    summary:
      'The audit events about a user (they are the target), newest first; pages continue from nextBefore. Events recorded before the target index existed are only in /audit-logs',
    params: z.object({ id: z.string().check(z.minLength(1), z.maxLength(128)) }),
    query: z.object({
      limit: PageSize,
      before: z.optional(z.string().check(z.maxLength(100))).check(z.describe('nextBefore of the previous page: continue with older events')),
    }),
    responses: {
      200: z.object({ data: z.array(AuditEventView), nextBefore: z.optional(z.string()) }),
      400: ErrorResponse,
      404: ErrorResponse,
    },
  },
  async (req) => {
    const caller = callerOf(req.principal);
    assertSelfOrAdmin(caller, req.params.id);
    const user = await requireTargetUser(req.table, caller, req.params.id);
    const page = await listAuditEventsAbout(req.table, {
      tenantId: caller.tenant.id,
      targetType: 'user',
      targetId: user.id,
      limit: req.query.limit,
      before: req.query.before,
    });
    const data = page.events.map(({ tenantId: _t, ...event }) => event);
    return { status: 200, body: { data, ...(page.nextBefore ? { nextBefore: page.nextBefore } : {}) } };
  },
);
