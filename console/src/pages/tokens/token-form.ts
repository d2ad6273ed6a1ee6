/** The personal access token form's rules, mirrored from the API so mistakes show before a request. */

export const PAT_NAME_PATTERN = /^[a-z][a-z0-9-]{1,34}[a-z0-9]$/;
export const PAT_NAME_HINT = '3 to 36 lowercase letters, digits and "-", starting with a letter and ending with a letter or digit.';

/**
 * The token's expiration date for "Expires in (days)", as the ISO 8601 instant
 * that many days from `now`; undefined for an empty field (the tenant's maximum
 * lifetime applies), or a problem for anything but a whole number of days of at least 1.
 */
export function expirationFor(days: string, now: Date): { expirationDate?: string } | { problem: string } {
  const text = days.trim();
  if (!text) return {};
  if (!/^\d+$/.test(text) || Number(text) < 1) return { problem: 'Expires in (days) must be a whole number of days, at least 1.' };
  return { expirationDate: new Date(now.getTime() + Number(text) * 86_400_000).toISOString() };
}
