/**
 * Bulk limits. A Bulk request runs inside one API function invocation (10 s; the
 * HTTP kit answers 503 at 9.5 s while the work would go on), so it never lets that
 * happen: it starts operations only within {@link BULK_TIME_BUDGET_MS} and
 * answers every operation it did not start with its own 503, saying nothing of it
 * was applied. The budget leaves the last operation started (the longest is a
 * group PUT of some thousands of members, consecutive transactions) and the
 * answer over 3 s.
 */

/** Most operations one Bulk request may carry (advertised in ServiceProviderConfig; more is a 413). */
export const MAX_BULK_OPERATIONS = 50;

/** How long after it starts a Bulk request still starts operations. */
export const BULK_TIME_BUDGET_MS = 6000;
