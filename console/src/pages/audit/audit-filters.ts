/**
 * The audit log's filters as the form holds them (dates as the date inputs give
 * them, `YYYY-MM-DD`, in the reader's time zone) and as the API takes them.
 */
import { EVENT_TYPE_NAMES } from '../../../../shared/events/event-types.js';
import type { AuditQuery } from '../../api/audit.js';

export interface AuditFilters {
  action: string;
  actor: string;
  /** `YYYY-MM-DD` or empty. */
  from: string;
  to: string;
}

export const NO_FILTERS: AuditFilters = { action: '', actor: '', from: '', to: '' };

/** The events the service records, offered as suggestions for the Action filter: the server's own registry. */
export const KNOWN_ACTIONS: readonly string[] = EVENT_TYPE_NAMES;

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Local midnight of a `YYYY-MM-DD` day (or of the next day, for an inclusive end). */
function localDay(value: string, endOfDay: boolean): Date | undefined {
  const match = DAY.exec(value);
  if (!match) return undefined;
  const [, y, m, d] = match.map(Number) as [number, number, number, number];
  const date = new Date(y, m - 1, d + (endOfDay ? 1 : 0));
  if (endOfDay) date.setMilliseconds(-1);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

/** The API query for `filters` (without paging), or the problem with them. */
export function auditQueryOf(filters: AuditFilters): { query: Omit<AuditQuery, 'limit' | 'offset'> } | { problem: string } {
  const start = filters.from ? localDay(filters.from, false) : undefined;
  const end = filters.to ? localDay(filters.to, true) : undefined;
  if (filters.from && !start) return { problem: 'From must be a date.' };
  if (filters.to && !end) return { problem: 'To must be a date.' };
  if (start && end && start > end) return { problem: 'From must be on or before To.' };
  const action = filters.action.trim();
  const actor = filters.actor.trim();
  return {
    query: {
      ...(action ? { action } : {}),
      ...(actor ? { subjectSlug: actor } : {}),
      ...(start ? { start: start.toISOString() } : {}),
      ...(end ? { end: end.toISOString() } : {}),
    },
  };
}
