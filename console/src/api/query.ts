/** Query strings for API calls: empty and undefined values are left out, so defaults stay the API's. */

export type QueryValue = string | number | boolean | undefined | null;

/** `?a=1&b=x` for the set values of `params`, or `''` when none is set. */
export function queryString(params: Readonly<Record<string, QueryValue>>): string {
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) {
    if (value === undefined || value === null || value === '') continue;
    search.set(name, String(value));
  }
  const text = search.toString();
  return text ? `?${text}` : '';
}

/** A path segment with everything but unreserved characters escaped. */
export const segment = (value: string): string => encodeURIComponent(value);
