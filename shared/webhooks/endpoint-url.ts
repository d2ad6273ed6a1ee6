/**
 * The rule for a webhook URL at registration. It refuses what can be refused
 * without the network: another scheme, credentials in the URL, an IP literal or
 * a name that can only mean an internal host, ports of other services. The
 * address a name resolves to is checked again at every send
 * (`./safe-request.ts`), since DNS may change after registration.
 */
import { isIP } from 'node:net';
import { classifyAddress } from './address-policy.js';

export const MAX_URL_LENGTH = 2048;

/** Names that only ever mean this host or an internal network. */
const INTERNAL_SUFFIXES = ['localhost', 'local', 'internal', 'localdomain', 'home.arpa', 'lan', 'intranet', 'corp', 'private'];

export interface UrlPolicy {
  /** The local stack: `http://127.0.0.1:<port>` (and `localhost`, `[::1]`) for a receiver on this machine. */
  allowLoopback: boolean;
}

/** Why a URL is refused, for the 400's detail; `undefined` when it may be registered. */
export function urlProblem(raw: string, policy: UrlPolicy): string | undefined {
  if (raw.length > MAX_URL_LENGTH) return `must be at most ${MAX_URL_LENGTH} characters`;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return 'must be an absolute URL';
  }
  if (url.username || url.password) return 'must not carry a user name or password';
  if (url.hash) return 'must not have a fragment';
  const host = hostOf(url);
  const literal = isIP(host) !== 0;
  const loopbackHost = literal ? classifyAddress(host) === 'loopback' : host === 'localhost';
  if (loopbackHost) {
    if (!policy.allowLoopback) return 'must not point at this host';
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return 'must be an https URL';
    return undefined;
  }
  if (url.protocol !== 'https:') return 'must be an https URL';
  if (literal) return classifyAddress(host) === 'public' ? undefined : 'must not point at a private, loopback, link-local or reserved address';
  if (!host.includes('.')) return 'must name a fully qualified host';
  const labels = host.toLowerCase().replace(/\.$/, '');
  if (INTERNAL_SUFFIXES.some((suffix) => labels === suffix || labels.endsWith(`.${suffix}`))) return 'must not name an internal host';
  // A hostname made of digits and dots is an IPv4 address in a form `URL` did not normalise.
  if (/^[0-9.]+$/.test(labels)) return 'must not be a numeric host';
  if (url.port && !allowedPort(Number(url.port))) return 'must use port 443, 8443 or a port from 1024 up';
  return undefined;
}

/** Well-known ports below 1024 belong to other services (SMTP, SSH, databases' proxies...); 443 is the default. */
const allowedPort = (port: number) => port === 443 || port === 8443 || port >= 1024;

/** The URL's host without IPv6 brackets. */
export const hostOf = (url: URL): string => url.hostname.replace(/^\[(.*)\]$/, '$1');
