/**
 * What the local access log may print of a request target. An OAuth callback's
 * `code` and `state` (and any token a client put in a query string) are live
 * credentials until spent, and a log file outlives them: their values are
 * replaced before the line is written. Only the value goes; the name stays, so
 * the log still shows which kind of request it was.
 */

/** Query parameters whose values are never logged. */
export const REDACTED_PARAMETERS: ReadonlySet<string> = new Set([
  'code',
  'state',
  'token',
  'link',
  'id_token',
  'access_token',
  'refresh_token',
  'session_state',
  'client_secret',
  'code_verifier',
]);

/** `target` (path and raw query) with the values of {@link REDACTED_PARAMETERS} replaced by `REDACTED`. */
export function loggablePath(target: string): string {
  const at = target.indexOf('?');
  if (at < 0) return target;
  const query = target
    .slice(at + 1)
    .split('&')
    .map((pair) => {
      const eq = pair.indexOf('=');
      const rawName = eq < 0 ? pair : pair.slice(0, eq);
      let name: string;
      try {
        name = decodeURIComponent(rawName.replace(/\+/g, ' ')).toLowerCase();
      } catch {
        // Undecodable: it cannot be told apart from a secret's name, so its value goes too.
        return eq < 0 ? pair : `${rawName}=REDACTED`;
      }
      return eq >= 0 && REDACTED_PARAMETERS.has(name) ? `${rawName}=REDACTED` : pair;
    })
    .join('&');
  return `${target.slice(0, at)}?${query}`;
}
