/**
 * The signed-in state: the stored bearer token and who it belongs to
 * (`GET /x/session`). Every API request reads the token from here; a 401 on any
 * of them ends the session and returns to sign-in, keeping the current page as
 * the place to come back to.
 */
import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { configureHttp } from '../api/http.js';
import { getSessionInfo } from '../api/session.js';
import type { SessionInfo } from '../api/types.js';
import { navigate } from '../navigation.js';
import { signInPath } from '../router.js';
import { credentialKindOf, jwtExpiry } from './credential.js';
import { clearSession, loadSession, saveSession, type StoredSession } from './store.js';

export type SessionState =
  | { status: 'signed-out' }
  | { status: 'loading'; session: StoredSession }
  | { status: 'ready'; session: StoredSession; info: SessionInfo }
  | { status: 'failed'; session: StoredSession; error: unknown };

interface SessionApi {
  state: SessionState;
  /** Stores `token`, checks it with GET /x/session, and rejects (storing nothing) when the API refuses it. */
  signIn: (token: string, tenantId?: string) => Promise<SessionInfo>;
  signOut: (reason?: SignOutReason) => void;
  /** Reads /x/session again (after the user's own role or the tenant's mode changed). */
  refresh: () => Promise<void>;
}

/** Why a session ended without the person signing out: shown on the sign-in page. */
export type SignOutReason = 'expired' | 'refused';

const SessionContext = createContext<SessionApi | undefined>(undefined);

export function SessionProvider({ apiUrl, handedOver = false, children }: { apiUrl: string; /** The stored session just came from the SSO callback. */ handedOver?: boolean; children: ReactNode }) {
  const [state, setState] = useState<SessionState>(() => {
    const session = loadSession();
    return session ? { status: 'loading', session } : { status: 'signed-out' };
  });
  const tokenRef = useRef<string | undefined>(state.status === 'signed-out' ? undefined : state.session.token);
  // True while a session is established; a refused sign-in attempt is not a session ending.
  const establishedRef = useRef(state.status !== 'signed-out');
  // A 401 on a session the SSO callback just handed over means it was refused, not that it expired.
  const unauthorizedReason = useRef<SignOutReason>(handedOver ? 'refused' : 'expired');

  const signOut = useCallback((reason?: SignOutReason) => {
    tokenRef.current = undefined;
    establishedRef.current = false;
    clearSession();
    setState({ status: 'signed-out' });
    const here = `${location.pathname}${location.search}`;
    navigate(reason ? signInPath(here, { reason }) : signInPath(), { replace: Boolean(reason) });
  }, []);

  // Set during render, so the token source is in place before any child effect sends a request.
  configureHttp({
    baseUrl: apiUrl,
    token: () => tokenRef.current,
    onUnauthorized: () => {
      if (establishedRef.current) signOut(unauthorizedReason.current);
    },
  });

  const load = useCallback(async (session: StoredSession): Promise<SessionInfo> => {
    tokenRef.current = session.token;
    try {
      const info = await getSessionInfo();
      unauthorizedReason.current = 'expired';
      setState({ status: 'ready', session, info });
      return info;
    } catch (error) {
      if (establishedRef.current) setState({ status: 'failed', session, error });
      throw error;
    }
  }, []);

  const initial = useRef(state);
  useEffect(() => {
    // Only the session found at start-up is loaded here; signIn loads its own.
    if (initial.current.status === 'loading') load(initial.current.session).catch(() => undefined);
  }, [load]);

  // An ID token lasts minutes: end the session when it expires rather than on the next failed click.
  const token = state.status === 'signed-out' ? undefined : state.session.token;
  useEffect(() => {
    const expiry = token && credentialKindOf(token) === 'jwt' ? jwtExpiry(token) : undefined;
    if (expiry === undefined) return;
    const timer = setTimeout(() => signOut('expired'), Math.max(0, Math.min(expiry - Date.now(), 2 ** 31 - 1)));
    return () => clearTimeout(timer);
  }, [token, signOut]);

  const signIn = useCallback(
    async (rawToken: string, tenantId?: string) => {
      const session: StoredSession = { token: rawToken.trim(), credential: credentialKindOf(rawToken.trim()), ...(tenantId ? { tenantId } : {}) };
      try {
        const info = await load(session);
        establishedRef.current = true;
        saveSession({ ...session, tenantId: info.tenant.id });
        return info;
      } catch (error) {
        tokenRef.current = undefined;
        clearSession();
        setState({ status: 'signed-out' });
        throw error;
      }
    },
    [load],
  );

  const refresh = useCallback(async () => {
    if (state.status === 'signed-out') return;
    if (state.status !== 'ready') return void (await load(state.session).catch(() => undefined));
    // A background refresh that fails keeps what is shown; a 401 still ends the session.
    const info = await getSessionInfo().catch(() => undefined);
    if (info) setState((current) => (current.status === 'ready' ? { ...current, info } : current));
  }, [state, load]);

  const api = useMemo(() => ({ state, signIn, signOut, refresh }), [state, signIn, signOut, refresh]);
  return <SessionContext.Provider value={api}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionApi {
  const api = useContext(SessionContext);
  if (!api) throw new Error('useSession outside SessionProvider');
  return api;
}

/** The signed-in person and tenant; only for pages rendered behind the session gate. */
export function useSessionInfo(): SessionInfo {
  const { state } = useSession();
  if (state.status !== 'ready') throw new Error('useSessionInfo before the session is ready');
  return state.info;
}

export const isAdmin = (info: SessionInfo): boolean => info.user.role === 'tenant-admin';
