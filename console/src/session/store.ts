/**
 * Where the session lives: sessionStorage, so it ends with the tab and is never
 * shared with other tabs. A password session's refresh token lives with it, and
 * only there (never localStorage, never a URL). The last organization ID is
 * remembered in localStorage (it is not a secret) to prefill the sign-in page.
 */
import { credentialKindOf, type CredentialKind } from './credential.js';
import type { RefreshCredential } from './renewal.js';

export interface StoredSession {
  token: string;
  credential: CredentialKind;
  tenantId?: string;
  /** Present for password sessions only: what renews the ID token. */
  refresh?: RefreshCredential;
}

const SESSION_KEY = 'provisioning-console.session';
const TENANT_KEY = 'provisioning-console.tenant';

export function loadSession(): StoredSession | undefined {
  try {
    const raw = sessionStorage.getItem(SESSION_KEY);
    if (!raw) return undefined;
    const parsed = JSON.parse(raw) as Partial<StoredSession>;
    if (typeof parsed.token !== 'string' || !parsed.token) return undefined;
    const refresh = refreshCredentialOf(parsed.refresh);
    return {
      token: parsed.token,
      credential: credentialKindOf(parsed.token),
      ...(parsed.tenantId ? { tenantId: parsed.tenantId } : {}),
      ...(refresh ? { refresh } : {}),
    };
  } catch {
    return undefined;
  }
}

/** A stored refresh credential, or undefined when it is missing or not whole (the session then just expires). */
function refreshCredentialOf(value: unknown): RefreshCredential | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const { refreshToken, client } = value as Partial<RefreshCredential>;
  if (typeof refreshToken !== 'string' || !refreshToken || typeof client !== 'object' || client === null) return undefined;
  const { endpoint, clientId } = client;
  if (typeof endpoint !== 'string' || !endpoint || typeof clientId !== 'string' || !clientId) return undefined;
  return { refreshToken, client: { endpoint, clientId } };
}

export function saveSession(session: StoredSession): void {
  sessionStorage.setItem(SESSION_KEY, JSON.stringify(session));
  if (session.tenantId) rememberTenant(session.tenantId);
}

export function clearSession(): void {
  sessionStorage.removeItem(SESSION_KEY);
}

export function rememberedTenant(): string | undefined {
  try {
    return localStorage.getItem(TENANT_KEY) ?? undefined;
  } catch {
    return undefined;
  }
}

export function rememberTenant(tenantId: string): void {
  try {
    localStorage.setItem(TENANT_KEY, tenantId);
  } catch {
    // Storage can be disabled; prefilling is a convenience.
  }
}
