/**
 * When a new PAT expires. The tenant's `patMaxLifetimeDays` caps every token: a
 * request without an expiration date gets the longest allowed lifetime, never an
 * immortal token. Dates are ISO 8601; one without a zone (TrueFoundry's clients
 * send `2025-08-01T12:00`) is read as UTC, never as the server's local time.
 */
import { BadRequestError } from '../errors/app-error.js';

const DAY_MS = 86_400_000;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})?)?$/;

/** Parses an ISO 8601 date or date-time; `undefined` for anything else, including impossible dates (Feb 30). */
export function parseExpirationDate(text: string): Date | undefined {
  const m = ISO_DATE.exec(text);
  if (!m) return undefined;
  const [, year, month, day, hour, minute, second, zone] = m;
  if (Number(hour ?? 0) > 23 || Number(minute ?? 0) > 59 || Number(second ?? 0) > 59) return undefined;
  const hasTime = hour !== undefined;
  const ms = Date.parse(hasTime && !zone ? `${text}Z` : text);
  if (Number.isNaN(ms)) return undefined;
  // Date.parse rolls 2025-02-30 over to March 2; the calendar date must survive the round trip.
  const probe = new Date(Date.UTC(Number(year), Number(month) - 1, Number(day)));
  if (probe.getUTCFullYear() !== Number(year) || probe.getUTCMonth() !== Number(month) - 1 || probe.getUTCDate() !== Number(day)) {
    return undefined;
  }
  return new Date(ms);
}

/**
 * The expiry of a token created at `now`: the requested date if it is in the future
 * and within `maxLifetimeDays`, the maximum when none is requested; a 400 otherwise.
 */
export function patExpiry(expirationDate: string | undefined, maxLifetimeDays: number, now: Date = new Date()): Date {
  const latest = new Date(now.getTime() + maxLifetimeDays * DAY_MS);
  if (expirationDate === undefined) return latest;
  const requested = parseExpirationDate(expirationDate);
  if (!requested) {
    throw new BadRequestError('pat.invalid_expiration', `expirationDate "${expirationDate}" is not an ISO 8601 date such as 2025-08-01T12:00Z`, {
      details: [{ field: 'expirationDate', message: 'must be an ISO 8601 date or date-time' }],
    });
  }
  if (requested.getTime() <= now.getTime()) {
    throw new BadRequestError('pat.expiration_in_past', `expirationDate ${requested.toISOString()} is not in the future`, {
      details: [{ field: 'expirationDate', message: 'must be in the future' }],
    });
  }
  if (requested.getTime() > latest.getTime()) {
    throw new BadRequestError(
      'pat.expiration_too_far',
      `expirationDate ${requested.toISOString()} is beyond this tenant's maximum token lifetime of ${maxLifetimeDays} days (latest allowed: ${latest.toISOString()})`,
      { details: [{ field: 'expirationDate', message: `at most ${maxLifetimeDays} days from now` }] },
    );
  }
  return requested;
}
