/** GET /audit-logs: lifecycle events of the tenant; admins see all, members their own. */
import * as z from '../../../shared/validation/zod.js';
import { listAuditEvents } from '../../../shared/audit/list-audit-events.js';
import { defineRoute } from '../../../shared/http/define-route.js';
import { callerOf } from '../../../shared/caller/caller.js';
import { isAdmin } from '../../../shared/users/user.js';
import { ErrorResponse, Limit, Offset, Pagination } from '../users/schemas.js';
import { AuditEventView } from './schemas.js';

const Time = z.iso.datetime({ offset: true, error: 'must be an ISO 8601 date-time, e.g. 2026-01-31T00:00:00Z' });

export const handler = defineRoute(
  {
    routes: ['auditLogs.list'],
    summary: 'List audit events, newest first (default: the last 30 days; a range spans at most 366 days)',
    query: z.object({
      limit: Limit,
      offset: Offset,
      action: z.optional(z.string().check(z.maxLength(100))).check(z.describe('Only events with exactly this action, e.g. user.deactivated')),
      subjectSlug: z
        .optional(z.string().check(z.maxLength(254)))
        .check(z.describe('Only events whose actor has this slug (a user’s email), case-insensitively')),
      start: z.optional(Time).check(z.describe('Range start (inclusive); default: 30 days before end')),
      end: z.optional(Time).check(z.describe('Range end (inclusive); default: now')),
    }),
    responses: { 200: z.object({ data: z.array(AuditEventView), pagination: Pagination }), 400: ErrorResponse, 401: ErrorResponse },
  },
  async (req) => {
    const caller = callerOf(req.principal);
    const { limit, offset, action, subjectSlug, start, end } = req.query;
    const { events, total } = await listAuditEvents(req.table, {
      tenantId: caller.tenant.id,
      limit,
      offset,
      action,
      subjectSlug,
      start: start ? new Date(start) : undefined,
      end: end ? new Date(end) : undefined,
      onlyAbout: isAdmin(caller.user) ? undefined : caller.user.id,
    });
    // The event's data and sequence are the event stream's; the log shows the change itself.
    const data = events.map(({ tenantId: _t, data: _d, sequence: _s, ...event }) => event);
    return { status: 200, body: { data, pagination: { total, offset, limit } } };
  },
);
