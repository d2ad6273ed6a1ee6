/**
 * The signed-in state: the stored bearer token and who it belongs to
 * (`GET /x/session`). Every API request reads the token from here. A password
 * session renews its ID token before it expires and when the API calls it
 * invalid (renewal.ts); a 401 that renewal cannot cure, or a refused renewal,
 * ends the session and returns to sign-in, keeping the current page as the
 * place to come back to.
 */
import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { isRefusedRefresh, refreshIdToken, revokeRefreshToken } from '../api/cognito.js';
import { configureHttp } from '../api/http.js';
import { getSessionInfo } from '../api/session.js';
import type { SessionInfo } from '../api/types.js';
import { navigate } from '../navigation.js';
import { signInPath } from '../router.js';
import { credentialKindOf } from './credential.js';
import { createRenewal, expiryPlan, type RefreshCredential } from './renewal.js';
import { clearSession, loadSession, saveSession, type StoredSession } from './store.js';

export type SessionState =
  | { status: 'signed-out' }
  | { status: 'loading'; session: StoredSession }
  | { status: 'ready'; session: StoredSession; info: SessionInfo }
  | { status: 'failed'; session: StoredSession; error: unknown };

interface SessionApi {
  state: SessionState;
  /**
   * Stores `token` (and the password sign-in's `refresh` credential, which renews it), checks it with
   * GET /x/session, and rejects (storing nothing) when the API refuses it.
   */
  signIn: (token: string, tenantId?: string, refresh?: RefreshCredential) => Promise<SessionInfo>;
  signOut: (reason?: SignOutReason) => void;
  /** Reads /x/session again (after the user's own role or the tenant's mode changed). */
  refresh: () => Promise<void>;
}

/** Why a session ended without the person signing out: shown on the sign-in page. */
export type SignOutReason = 'expired' | 'refused';

const SessionContext = createContext<SessionApi | undefined>(undefined);

export function SessionProvider({
  apiUrl,
  handedOver = false,
  children,
}: {
  apiUrl: string;
  /** The stored session just came from the SSO callback. */ handedOver?: boolean;
  children: ReactNode;
}) {
  const [state, setState] = useState<SessionState>(() => {
    const session = loadSession();
    return session ? { status: 'loading', session } : { status: 'signed-out' };
  });
  const tokenRef = useRef<string | undefined>(state.status === 'signed-out' ? undefined : state.session.token);
  const refreshRef = useRef<RefreshCredential | undefined>(state.status === 'signed-out' ? undefined : state.session.refresh);
  // True while a session is established; a refused sign-in attempt is not a session ending.
  const establishedRef = useRef(state.status !== 'signed-out');
  // A 401 on a session the SSO callback just handed over means it was refused, not that it expired.
  const unauthorizedReason = useRef<SignOutReason>(handedOver ? 'refused' : 'expired');

  const signOut = useCallback((reason?: SignOutReason) => {
    const refresh = refreshRef.current;
    // Best effort: a copy of the refresh token must not outlive the sign-out, but an unreachable pool must not keep anyone signed in.
    if (refresh) revokeRefreshToken(refresh.client, refresh.refreshToken).catch(() => undefined);
    tokenRef.current = undefined;
    refreshRef.current = undefined;
    establishedRef.current = false;
    clearSession();
    setState({ status: 'signed-out' });
    const here = `${location.pathname}${location.search}`;
    navigate(reason ? signInPath(here, { reason }) : signInPath(), { replace: Boolean(reason) });
  }, []);

  // One renewal for the provider's lifetime, so concurrent requests share its in-flight call.
  const [renew] = useState(() =>
    createRenewal({
      credential: () => refreshRef.current,
      refresh: (credential) => refreshIdToken(credential.client, credential.refreshToken),
      isRefused: isRefusedRefresh,
      onRenewed: (idToken) => {
        tokenRef.current = idToken;
        const stored = establishedRef.current ? loadSession() : undefined;
        if (stored) saveSession({ ...stored, token: idToken });
        setState((current) => (current.status === 'signed-out' ? current : { ...current, session: { ...current.session, token: idToken } }));
      },
      onRefused: () => {
        if (establishedRef.current) signOut('expired');
      },
    }),
  );

  // Set during render, so the token source is in place before any child effect sends a request.
  configureHttp({
    baseUrl: apiUrl,
    token: () => tokenRef.current,
    renew,
    onUnauthorized: () => {
      if (establishedRef.current) signOut(unauthorizedReason.current);
    },
  });

  const load = useCallback(async (session: StoredSession): Promise<SessionInfo> => {
    tokenRef.current = session.token;
    refreshRef.current = session.refresh;
    try {
      const info = await getSessionInfo();
      unauthorizedReason.current = 'expired';
      // The token may have been renewed while the request was out.
      setState({ status: 'ready', session: { ...session, token: tokenRef.current ?? session.token }, info });
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

  // An ID token lasts minutes: renew it just before it expires, or (with nothing to renew it) end the
  // session when it expires rather than on the next failed click.
  const token = state.status === 'signed-out' ? undefined : state.session.token;
  const renewable = state.status !== 'signed-out' && state.session.refresh !== undefined;
  useEffect(() => {
    const plan = token && credentialKindOf(token) === 'jwt' ? expiryPlan(token, renewable, Date.now()) : undefined;
    if (!plan) return;
    // A renewal that fails for now (offline) leaves the session; the next request's 401 tries again.
    const timer = setTimeout(() => (plan.action === 'renew' ? void renew().catch(() => undefined) : signOut('expired')), plan.inMs);
    return () => clearTimeout(timer);
  }, [token, renewable, renew, signOut]);

  const signIn = useCallback(
    async (rawToken: string, tenantId?: string, refresh?: RefreshCredential) => {
      const session: StoredSession = {
        token: rawToken.trim(),
        credential: credentialKindOf(rawToken.trim()),
        ...(tenantId ? { tenantId } : {}),
        ...(refresh ? { refresh } : {}),
      };
      try {
        const info = await load(session);
        establishedRef.current = true;
        saveSession({ ...session, token: tokenRef.current ?? session.token, tenantId: info.tenant.id });
        return info;
      } catch (error) {
        tokenRef.current = undefined;
        refreshRef.current = undefined;
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
