/** The audit log (`/api/svc/v1/audit-logs`): admins see the tenant's events, members their own. */
import { request } from './http.js';
import { queryString } from './query.js';
import type { AuditEvent, Page } from './types.js';

export interface AuditQuery {
  limit: number;
  offset: number;
  action?: string;
  /** The actor's slug (a user's email), case-insensitive. */
  subjectSlug?: string;
  /** ISO 8601 date-times, inclusive. */
  start?: string;
  end?: string;
}

export const listAuditEvents = (q: AuditQuery, signal?: AbortSignal) =>
  request<Page<AuditEvent>>('GET', `/api/svc/v1/audit-logs${queryString({ ...q })}`, { signal });
