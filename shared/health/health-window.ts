/**
 * The window the Provisioning page shows: the last seven days in UTC hours. Hour
 * items live a day longer than the window (TTL), so the oldest hour shown is
 * never one DynamoDB has started to delete; TTL deletion may lag by days, so the
 * reader also bounds its Query by the window instead of trusting expiry.
 */
export const WINDOW_HOURS = 7 * 24;
const HOUR_MS = 3_600_000;
/** Seven days and one more: items outlive the window by a day. */
export const HEALTH_ITEM_LIFETIME_SECONDS = (WINDOW_HOURS + 24) * 3600;

/** The UTC hour of an instant, as hour items are keyed: `yyyy-mm-ddThh`. */
export const hourOf = (at: Date | string): string => new Date(at).toISOString().slice(0, 13);

/** When an item about `at` expires (epoch seconds). */
export const expiryOf = (at: Date | string): number => Math.floor(Date.parse(hourOf(at) + ':00:00.000Z') / 1000) + HEALTH_ITEM_LIFETIME_SECONDS;

/** The hours of the window ending with the hour of `now`, oldest first. */
export function windowHours(now: Date): string[] {
  const last = Date.parse(hourOf(now) + ':00:00.000Z');
  return Array.from({ length: WINDOW_HOURS }, (_, i) => hourOf(new Date(last - (WINDOW_HOURS - 1 - i) * HOUR_MS)));
}
