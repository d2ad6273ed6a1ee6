/**
 * Unit tests of how a password session renews itself: when the ID token is
 * renewed, one renewal shared by concurrent callers, a 401 answered by renewing
 * and retrying once, a refused refresh ending the session, the Cognito calls,
 * and where the refresh token is stored. Fetch is a fake transport.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cognitoError, isRefusedRefresh, refreshIdToken, revokeRefreshToken, signInWithPassword } from '../../console/src/api/cognito.js';
import { ApiError } from '../../console/src/api/errors.js';
import { configureHttp, request } from '../../console/src/api/http.js';
import { createRenewal, expiryPlan, RENEW_LEAD_MS, type RefreshCredential, type RenewalHooks } from '../../console/src/session/renewal.js';
import { loadSession, saveSession } from '../../console/src/session/store.js';

const base64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
const jwt = (claims: Record<string, unknown>) => `${base64url({ alg: 'RS256', typ: 'JWT' })}.${base64url(claims)}.c2lnbmF0dXJl`;

const NOW = Date.parse('2026-11-29T10:00:00Z');
const CREDENTIAL: RefreshCredential = { refreshToken: 'refresh-1', client: { endpoint: 'http://127.0.0.1:9229/', clientId: 'client-1' } };

function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

const json = (status: number, body: unknown) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
const invalidToken = () => json(401, { statusCode: 401, code: 'auth.invalid_token', message: 'Invalid or expired token' });

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('expiryPlan', () => {
  const token = jwt({ sub: 'u1', exp: (NOW + 15 * 60_000) / 1000 });

  it('renews a renewable token a minute before it expires', () => {
    expect(expiryPlan(token, true, NOW)).toEqual({ action: 'renew', inMs: 15 * 60_000 - RENEW_LEAD_MS });
    expect(RENEW_LEAD_MS).toBe(60_000);
  });

  it('ends a session it cannot renew when the token expires', () => {
    expect(expiryPlan(token, false, NOW)).toEqual({ action: 'end', inMs: 15 * 60_000 });
  });

  it('acts at once on a token already inside the lead or past its expiry', () => {
    expect(expiryPlan(token, true, NOW + 14.5 * 60_000)).toEqual({ action: 'renew', inMs: 0 });
    expect(expiryPlan(token, false, NOW + 20 * 60_000)).toEqual({ action: 'end', inMs: 0 });
  });

  it('keeps a far expiry within what a timer can wait', () => {
    expect(expiryPlan(jwt({ exp: (NOW + 60 * 86_400_000) / 1000 }), true, NOW)).toEqual({ action: 'renew', inMs: 2 ** 31 - 1 });
  });

  it.each(['prv_pat_abc', 'not-a-jwt', jwt({ sub: 'u1' })])('plans nothing for %j, which has no readable exp', (value) => {
    expect(expiryPlan(value, true, NOW)).toBeUndefined();
  });
});

function hooks(overrides: Partial<RenewalHooks> = {}) {
  let credential: RefreshCredential | undefined = CREDENTIAL;
  const calls = { refresh: 0, renewed: [] as string[], refused: 0 };
  const all: RenewalHooks = {
    credential: () => credential,
    refresh: () => {
      calls.refresh += 1;
      return Promise.resolve(`id-${calls.refresh}`);
    },
    isRefused: isRefusedRefresh,
    onRenewed: (idToken) => calls.renewed.push(idToken),
    onRefused: () => {
      calls.refused += 1;
      credential = undefined;
    },
    ...overrides,
  };
  return { all, calls, signOut: () => (credential = undefined) };
}

describe('createRenewal', () => {
  it('shares one refresh among concurrent callers, and refreshes again once it settled', async () => {
    const answer = deferred<string>();
    const seen: RefreshCredential[] = [];
    const { all, calls } = hooks({
      refresh: (credential) => {
        seen.push(credential);
        return answer.promise;
      },
    });
    const renew = createRenewal(all);
    const first = renew();
    const second = renew();
    const third = renew();
    expect(seen).toEqual([CREDENTIAL]);
    answer.resolve('id-new');
    expect(await Promise.all([first, second, third])).toEqual(['id-new', 'id-new', 'id-new']);
    expect(calls.renewed).toEqual(['id-new']);

    const again = renew();
    expect(seen).toHaveLength(2);
    await again;
  });

  it('renews nothing for a session without a refresh token', async () => {
    const { all, calls } = hooks({ credential: () => undefined });
    expect(await createRenewal(all)()).toBeUndefined();
    expect(calls).toEqual({ refresh: 0, renewed: [], refused: 0 });
  });

  it('ends the session when Cognito refuses the refresh token (NotAuthorizedException)', async () => {
    const refused = cognitoError(400, { __type: 'NotAuthorizedException', message: 'Refresh Token has been revoked' });
    const { all, calls } = hooks({ refresh: () => Promise.reject(refused) });
    const renew = createRenewal(all);
    expect(await Promise.all([renew(), renew()])).toEqual([undefined, undefined]);
    expect(calls.refused).toBe(1);
    expect(calls.renewed).toEqual([]);
  });

  it('keeps the session when the pool cannot be reached, and rejects with why', async () => {
    const offline = new ApiError(0, 'network.unreachable', 'Cannot reach the service. Check your connection and try again.');
    const { all, calls } = hooks({ refresh: () => Promise.reject(offline) });
    await expect(createRenewal(all)()).rejects.toBe(offline);
    expect(calls.refused).toBe(0);
  });

  it('drops a token that arrives after the session ended', async () => {
    const answer = deferred<string>();
    const { all, calls, signOut } = hooks({ refresh: () => answer.promise });
    const pending = createRenewal(all)();
    signOut();
    answer.resolve('id-late');
    expect(await pending).toBeUndefined();
    expect(calls.renewed).toEqual([]);
  });
});

/** The API behind a fake fetch: accepts only `valid`, answering 401 auth.invalid_token to anything else. */
function fakeApi(valid: () => string, reject401 = invalidToken) {
  const sent: string[] = [];
  vi.stubGlobal(
    'fetch',
    vi.fn((_url: string, init: RequestInit) => {
      const authorization = (init.headers as Record<string, string>).authorization ?? '';
      sent.push(authorization);
      return Promise.resolve(authorization === `Bearer ${valid()}` ? json(200, { ok: true }) : reject401());
    }),
  );
  return sent;
}

describe('request with a renewable session', () => {
  it('renews on 401 auth.invalid_token and retries the request once with the new token', async () => {
    let token = 'id-old';
    const sent = fakeApi(() => 'id-new');
    const onUnauthorized = vi.fn();
    const renew = vi.fn(() => {
      token = 'id-new';
      return Promise.resolve('id-new');
    });
    configureHttp({ baseUrl: '', token: () => token, renew, onUnauthorized });
    expect(await request('GET', '/api/svc/v1/x/session')).toEqual({ ok: true });
    expect(sent).toEqual(['Bearer id-old', 'Bearer id-new']);
    expect(renew).toHaveBeenCalledTimes(1);
    expect(onUnauthorized).not.toHaveBeenCalled();
  });

  it('gives up after one retry: a second 401 ends the session', async () => {
    const sent = fakeApi(() => 'never');
    const onUnauthorized = vi.fn();
    const renew = vi.fn(() => Promise.resolve('id-new'));
    configureHttp({ baseUrl: '', token: () => 'id-old', renew, onUnauthorized });
    await expect(request('GET', '/api/svc/v1/users')).rejects.toMatchObject({ status: 401, code: 'auth.invalid_token' });
    expect(sent).toEqual(['Bearer id-old', 'Bearer id-new']);
    expect(renew).toHaveBeenCalledTimes(1);
    expect(onUnauthorized).toHaveBeenCalledTimes(1);
  });

  it('does not renew on a 401 a new token cannot cure (a deactivated account)', async () => {
    const sent = fakeApi(
      () => 'never',
      () => json(401, { statusCode: 401, code: 'auth.user_deactivated', message: 'Your account is deactivated' }),
    );
    const onUnauthorized = vi.fn();
    const renew = vi.fn(() => Promise.resolve('id-new'));
    configureHttp({ baseUrl: '', token: () => 'id-old', renew, onUnauthorized });
    await expect(request('GET', '/api/svc/v1/users')).rejects.toMatchObject({ status: 401, code: 'auth.user_deactivated' });
    expect(sent).toEqual(['Bearer id-old']);
    expect(renew).not.toHaveBeenCalled();
    expect(onUnauthorized).toHaveBeenCalledTimes(1);
  });

  it('ends a session that cannot be renewed (SSO, PAT) on its first 401, as before', async () => {
    const sent = fakeApi(() => 'never');
    const onUnauthorized = vi.fn();
    configureHttp({ baseUrl: '', token: () => 'id-sso', renew: () => Promise.resolve(undefined), onUnauthorized });
    await expect(request('GET', '/api/svc/v1/users')).rejects.toMatchObject({ status: 401 });
    expect(sent).toEqual(['Bearer id-sso']);
    expect(onUnauthorized).toHaveBeenCalledTimes(1);
  });

  it('fails the request with the network error when the pool is unreachable, keeping the session', async () => {
    fakeApi(() => 'never');
    const onUnauthorized = vi.fn();
    const offline = new ApiError(0, 'network.unreachable', 'Cannot reach the service. Check your connection and try again.');
    configureHttp({ baseUrl: '', token: () => 'id-old', renew: () => Promise.reject(offline), onUnauthorized });
    await expect(request('GET', '/api/svc/v1/users')).rejects.toBe(offline);
    expect(onUnauthorized).not.toHaveBeenCalled();
  });

  it('renews once for concurrent requests that all met the expired token', async () => {
    let token = 'id-old';
    const sent = fakeApi(() => 'id-1');
    const { all, calls } = hooks({
      onRenewed: (idToken) => {
        token = idToken;
      },
    });
    configureHttp({ baseUrl: '', token: () => token, renew: createRenewal(all), onUnauthorized: vi.fn() });
    const results = await Promise.all([request('GET', '/a'), request('GET', '/b'), request('GET', '/c')]);
    expect(results).toEqual([{ ok: true }, { ok: true }, { ok: true }]);
    expect(calls.refresh).toBe(1);
    expect(sent.filter((s) => s === 'Bearer id-1')).toHaveLength(3);
  });

  it('signs out when the refresh is refused, without retrying the request', async () => {
    const sent = fakeApi(() => 'never');
    const refused = cognitoError(400, { __type: 'NotAuthorizedException', message: 'Refresh Token has expired' });
    const signedOut: string[] = [];
    const { all } = hooks({ refresh: () => Promise.reject(refused), onRefused: () => signedOut.push('refused') });
    configureHttp({ baseUrl: '', token: () => 'id-old', renew: createRenewal(all), onUnauthorized: () => signedOut.push('unauthorized') });
    await expect(request('GET', '/api/svc/v1/users')).rejects.toMatchObject({ status: 401, code: 'auth.invalid_token' });
    expect(sent).toEqual(['Bearer id-old']);
    expect(signedOut).toEqual(['refused', 'unauthorized']);
  });
});

describe('Cognito calls', () => {
  function fakeCognito(status: number, body: unknown) {
    const calls: Array<{ target: string; payload: unknown }> = [];
    vi.stubGlobal(
      'fetch',
      vi.fn((_url: string, init: RequestInit) => {
        calls.push({ target: (init.headers as Record<string, string>)['x-amz-target']!, payload: JSON.parse(init.body as string) });
        return Promise.resolve(json(status, body));
      }),
    );
    return calls;
  }

  it('keeps the refresh token a password sign-in returns', async () => {
    fakeCognito(200, { AuthenticationResult: { IdToken: 'id-1', AccessToken: 'a', RefreshToken: 'refresh-1' } });
    expect(await signInWithPassword(CREDENTIAL.client, 'ada@example.com', 'pw')).toEqual({ kind: 'signed-in', idToken: 'id-1', refreshToken: 'refresh-1' });
  });

  it('renews with REFRESH_TOKEN_AUTH at the same client', async () => {
    const calls = fakeCognito(200, { AuthenticationResult: { IdToken: 'id-2', AccessToken: 'a' } });
    expect(await refreshIdToken(CREDENTIAL.client, 'refresh-1')).toBe('id-2');
    expect(calls).toEqual([
      {
        target: 'AWSCognitoIdentityProviderService.InitiateAuth',
        payload: { AuthFlow: 'REFRESH_TOKEN_AUTH', ClientId: 'client-1', AuthParameters: { REFRESH_TOKEN: 'refresh-1' } },
      },
    ]);
  });

  it('reports a refused refresh as NotAuthorizedException, and nothing else as refused', async () => {
    fakeCognito(400, { __type: 'NotAuthorizedException', message: 'Refresh Token has been revoked' });
    const error = await refreshIdToken(CREDENTIAL.client, 'refresh-1').catch((e: unknown) => e);
    expect(isRefusedRefresh(error)).toBe(true);
    expect(isRefusedRefresh(cognitoError(500, { __type: 'InternalErrorException', message: 'boom' }))).toBe(false);
    expect(isRefusedRefresh(new ApiError(0, 'network.unreachable', 'offline'))).toBe(false);
  });

  it('revokes the refresh token at sign-out', async () => {
    const calls = fakeCognito(200, {});
    await revokeRefreshToken(CREDENTIAL.client, 'refresh-1');
    expect(calls).toEqual([{ target: 'AWSCognitoIdentityProviderService.RevokeToken', payload: { ClientId: 'client-1', Token: 'refresh-1' } }]);
  });
});

describe('stored session', () => {
  function fakeStorage() {
    const items = new Map<string, string>();
    return {
      items,
      getItem: (key: string) => items.get(key) ?? null,
      setItem: (key: string, value: string) => void items.set(key, value),
      removeItem: (key: string) => void items.delete(key),
    };
  }

  it('keeps the refresh token in sessionStorage with the ID token, never in localStorage', () => {
    const session = fakeStorage();
    const local = fakeStorage();
    vi.stubGlobal('sessionStorage', session);
    vi.stubGlobal('localStorage', local);
    const token = jwt({ sub: 'u1', exp: NOW / 1000 });
    saveSession({ token, credential: 'jwt', tenantId: 'globex', refresh: CREDENTIAL });
    expect(loadSession()).toEqual({ token, credential: 'jwt', tenantId: 'globex', refresh: CREDENTIAL });
    expect([...local.items.values()].join()).not.toContain('refresh-1');
    expect([...local.items.values()]).toEqual(['globex']);
  });

  it('loads a session whose refresh credential is not whole as one that just expires', () => {
    const session = fakeStorage();
    vi.stubGlobal('sessionStorage', session);
    session.setItem('provisioning-console.session', JSON.stringify({ token: 'id-1', refresh: { refreshToken: 'refresh-1', client: { endpoint: '' } } }));
    expect(loadSession()).toEqual({ token: 'id-1', credential: 'jwt' });
  });
});
