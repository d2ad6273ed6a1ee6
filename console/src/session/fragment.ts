/**
 * What the SSO callback hands over in the URL fragment: the session
 * (`#id_token=…&token_type=Bearer&tenant_id=…&console_nonce=…`, on the page to
 * return to; used only for a sign-in this tab started, ./handoff.ts) or a
 * refusal (`#error=<message>&error_code=<code>&tenant_id=…`, on the sign-in
 * page). A fragment never reaches a server or a log; the console reads it once
 * at start-up and removes it from the URL.
 *
 * Anyone can write a link with a fragment, so a refusal is only ever shown as
 * plain text, bounded, on the sign-in page; it changes no state.
 */

export interface FragmentSession {
  idToken: string;
  tenantId?: string;
  /** The nonce this tab passed to the sign-in, handed back. */
  consoleNonce?: string;
}

export interface FragmentRefusal {
  /** The API's message, for the person to read. */
  message: string;
  /** The API's error code (`signin.deactivated`), when it looks like one. */
  code?: string;
  /** The organization to prefill, when it looks like a tenant id. */
  tenantId?: string;
}

/** Longer than any refusal the callback sends (an IdP's description is cut at 500 characters). */
export const MAX_REFUSAL_LENGTH = 600;

const paramsOf = (hash: string) => new URLSearchParams(hash.startsWith('#') ? hash.slice(1) : hash);

/**
 * The session in `hash` (with or without its `#`), or undefined when the fragment
 * carries none. Only bearer tokens are accepted; any other token type is ignored.
 */
export function parseSessionFragment(hash: string): FragmentSession | undefined {
  const params = paramsOf(hash);
  const idToken = params.get('id_token')?.trim();
  if (!idToken) return undefined;
  const tokenType = params.get('token_type');
  if (tokenType !== null && tokenType.toLowerCase() !== 'bearer') return undefined;
  const tenantId = params.get('tenant_id')?.trim();
  const consoleNonce = params.get('console_nonce')?.trim();
  return { idToken, ...(tenantId ? { tenantId } : {}), ...(consoleNonce ? { consoleNonce } : {}) };
}

/**
 * The refusal in `hash`, or undefined when it carries none. Control characters
 * become spaces and the message is cut to {@link MAX_REFUSAL_LENGTH}; a code or
 * tenant id that does not look like one is left out. A fragment with a session
 * is not a refusal.
 */
export function parseRefusalFragment(hash: string): FragmentRefusal | undefined {
  const params = paramsOf(hash);
  if (params.has('id_token')) return undefined;
  const message = [...(params.get('error') ?? '')]
    .map((c) => (c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f ? ' ' : c))
    .join('')
    .replace(/\s+/g, ' ')
    .trim();
  if (!message) return undefined;
  const refusal: FragmentRefusal = { message: message.length > MAX_REFUSAL_LENGTH ? `${message.slice(0, MAX_REFUSAL_LENGTH - 1)}…` : message };
  const code = params.get('error_code')?.trim();
  if (code && /^[a-z][a-z0-9_]*(?:\.[a-z0-9_]+)+$/.test(code)) refusal.code = code;
  const tenantId = params.get('tenant_id')?.trim();
  if (tenantId && /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/.test(tenantId)) refusal.tenantId = tenantId;
  return refusal;
}

/** Whether a fragment is the callback's (and must be removed from the URL, used or not). */
export const isCallbackFragment = (hash: string): boolean => /(?:^#?|&)(?:id_token|token_type|tenant_id|console_nonce|error|error_code)=/.test(hash);
