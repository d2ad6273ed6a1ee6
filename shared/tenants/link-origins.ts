/**
 * Where the links in a tenant's mail may point. An invite or reset mail carries
 * a live token to the client URL the API caller named; without a limit, whoever
 * holds an admin credential could send any user a genuine mail, from our sender,
 * whose link hands the token to a host of their choosing. So a client URL must
 * be on an origin the tenant configured: its console's, or one of `linkOrigins`
 * in its provisioning settings (admins edit them; a deployment seeds them).
 *
 * Origins are compared exactly as the WHATWG URL parser serialises them
 * (scheme, host after IDNA/punycode and lower-casing, port without the
 * default), never as strings: `https://app.example.com.evil.example` and
 * `https://app.example.com@evil.example` are other origins, and a URL with
 * userinfo is refused outright.
 */
import * as z from '../validation/zod.js';
import { BadRequestError } from '../errors/app-error.js';
import type { Tenant } from './tenant.js';

/** At most this many configured origins: a tenant's own apps, not a directory of the web. */
export const MAX_LINK_ORIGINS = 10;

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

/** Why `text` is not an origin a tenant may configure, or undefined with its normal form. */
export function parseLinkOrigin(text: string): { origin: string } | { problem: string } {
  let url: URL;
  try {
    url = new URL(text.trim());
  } catch {
    return { problem: 'must be an absolute URL such as https://app.example.com' };
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return { problem: 'must be an http(s) origin' };
  if (url.protocol === 'http:' && !LOOPBACK.has(url.hostname)) return { problem: 'must use https (http only for localhost)' };
  if (url.username || url.password) return { problem: 'must not carry a user name or password' };
  if (url.pathname !== '/' || url.search || url.hash) return { problem: 'must be an origin only (scheme, host and port), with no path, query or fragment' };
  return { origin: url.origin };
}

/** One configured origin, normalised (`https://App.Example.com:443/` → `https://app.example.com`). */
export const LinkOrigin = z.pipe(
  z.string().check(
    z.maxLength(300),
    z.superRefine((text, ctx) => {
      const parsed = parseLinkOrigin(text);
      if ('problem' in parsed) ctx.addIssue({ code: 'custom', message: `link origin ${parsed.problem}`, input: text });
    }),
  ),
  z.transform((text: string) => (parseLinkOrigin(text) as { origin: string }).origin),
);

export const LinkOrigins = z.array(LinkOrigin).check(z.maxLength(MAX_LINK_ORIGINS, `at most ${MAX_LINK_ORIGINS} link origins`));

/** Distinct origins, in the order given. */
export const distinctOrigins = (origins: readonly string[]): string[] => [...new Set(origins)];

/** The origins a tenant's mail links may point to: its console's, then its configured ones. */
export function allowedLinkOrigins(tenant: Pick<Tenant, 'consoleUrl' | 'linkOrigins'>): string[] {
  const consoleOrigin = tenant.consoleUrl ? safeOrigin(tenant.consoleUrl) : undefined;
  return distinctOrigins([...(consoleOrigin ? [consoleOrigin] : []), ...(tenant.linkOrigins ?? [])]);
}

function safeOrigin(text: string): string | undefined {
  try {
    return new URL(text).origin;
  } catch {
    return undefined;
  }
}

/**
 * The client URL `clientUrl` (the request's `field`) if a mail of this tenant
 * may link to it, as the parser serialises it; otherwise a 400 that names the
 * allowed origins, and nothing is written or sent.
 */
export function requireLinkTarget(tenant: Pick<Tenant, 'consoleUrl' | 'linkOrigins'>, clientUrl: string, field: string): string {
  const allowed = allowedLinkOrigins(tenant);
  const named = allowed.length
    ? `allowed origins: ${allowed.join(', ')}`
    : 'this tenant allows no link origins: an admin adds them as linkOrigins in the provisioning settings';
  const refuse = (why: string) =>
    new BadRequestError('link.origin_not_allowed', `${field} ${why}; ${named}`, { details: [{ field, message: why, allowedOrigins: allowed }] });
  let url: URL;
  try {
    url = new URL(clientUrl);
  } catch {
    throw refuse('must be an absolute http(s) URL');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw refuse('must be an absolute http(s) URL');
  if (url.username || url.password) throw refuse('must not carry a user name or password');
  if (!allowed.includes(url.origin)) throw refuse(`points to ${url.origin}, which this tenant does not allow`);
  return url.toString();
}
