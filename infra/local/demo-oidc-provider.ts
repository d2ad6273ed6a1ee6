/**
 * A real OpenID Connect provider (the `oidc-provider` package) standing in for
 * the demo tenants' IdP locally, where the Cognito emulator has no hosted
 * sign-in. A person clicks "Sign in with SSO" (`/auth/{tenantId}/login`), picks
 * a demo person on this provider's page, and the browser goes through a real
 * authorization-code flow with PKCE back to `/auth/{tenantId}/callback`.
 *
 * Deliberately small: one public client per tenant (PKCE, no secret), a fresh
 * RSA signing key per start, consent skipped (first-party demo clients), and
 * the profile and email claims put in the ID token, as Cognito and the
 * enterprise IdPs do.
 */
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair } from 'jose';
// The class from its own module: the package index adds only a console warning
// on every Node release before 22, printed by each command that loads the demo
// IdP (npm start, the sign-in tests), although the provider runs on Node 20.19+,
// which those tests prove on every run. The package has no `exports` map, so the
// path is an ordinary import of it.
import { Provider, type KoaContextWithOIDC } from 'oidc-provider/lib/provider.js';
import { createMemoryAdapter } from 'oidc-provider/lib/adapters/memory_adapter.js';
import type { Table } from '../../shared/storage/table.js';
import { Transaction } from '../../shared/storage/transaction.js';
import { sameValue } from '../../shared/json/same-value.js';
import { ensureSignInClientBinding } from '../../shared/tenants/sign-in-client-binding.js';
import { TenantRepository } from '../../shared/tenants/tenant-repository.js';

export interface DemoPerson {
  sub: string;
  email: string;
  name: string;
  givenName?: string;
  familyName?: string;
  /** What the IdP asserts as `email_verified`; true unless said (a directory that does not check its emails says false). */
  emailVerified?: boolean;
  /**
   * More claims in the ID token, as an IdP puts them whose admins map a profile
   * attribute to a claim of any name (tests send ones Cognito reserves, such as
   * `identities` and `cognito:username`, which a person may be able to edit).
   */
  otherClaims?: Readonly<Record<string, unknown>>;
}

/** The people of the demo IdP; who of them a tenant knows depends on its mode and seed. */
export const DEMO_PEOPLE: readonly DemoPerson[] = [
  { sub: 'demo-ada', email: 'ada@demo.example', name: 'Ada Lovelace', givenName: 'Ada', familyName: 'Lovelace' },
  { sub: 'demo-grace', email: 'grace@demo.example', name: 'Grace Hopper', givenName: 'Grace', familyName: 'Hopper' },
  { sub: 'demo-alan', email: 'alan@demo.example', name: 'Alan Turing', givenName: 'Alan', familyName: 'Turing' },
];

export interface DemoOidcClient {
  clientId: string;
  redirectUris: string[];
}

export interface DemoOidcProviderOptions {
  /** 0 or absent: a free port. The issuer is `http://<host>:<port>`. */
  port?: number;
  host?: string;
  clients: DemoOidcClient[];
  people?: readonly DemoPerson[];
}

export interface RunningDemoOidcProvider {
  issuer: string;
  people: readonly DemoPerson[];
  close(): Promise<void>;
}

/** The package's default, given to the adapter too (stored items outlive their expiry by as much). */
const CLOCK_TOLERANCE_S = 15;

export async function startDemoOidcProvider(options: DemoOidcProviderOptions): Promise<RunningDemoOidcProvider> {
  const host = options.host ?? '127.0.0.1';
  const people = options.people ?? DEMO_PEOPLE;
  const server = http.createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const issuer = `http://${host}:${(server.address() as AddressInfo).port}`;
  const { privateKey } = await generateKeyPair('RS256', { extractable: true });
  const jwk = { ...(await exportJWK(privateKey)), kid: `demo-${randomBytes(4).toString('hex')}`, use: 'sig', alg: 'RS256' };

  const provider = new Provider(issuer, {
    clients: options.clients.map((c) => ({
      client_id: c.clientId,
      redirect_uris: c.redirectUris,
      token_endpoint_auth_method: 'none',
      grant_types: ['authorization_code'],
      response_types: ['code'],
      // `auth_time` in every ID token, as Cognito, Entra ID and Okta put it there.
      require_auth_time: true,
    })),
    // In memory on purpose (like the signing key, nothing survives a restart), and a store of this
    // provider's own: the package's default is one store per process, and warns on every start.
    adapter: createMemoryAdapter(CLOCK_TOLERANCE_S),
    clockTolerance: CLOCK_TOLERANCE_S,
    jwks: { keys: [jwk] },
    cookies: { keys: [randomBytes(32).toString('hex')] },
    claims: {
      openid: ['sub'],
      email: ['email', 'email_verified'],
      profile: ['name', 'given_name', 'family_name', ...new Set(people.flatMap((person) => Object.keys(person.otherClaims ?? {})))],
    },
    // Put the scopes' claims in the ID token, as the callback reads them from there.
    conformIdTokenClaims: false,
    features: { devInteractions: { enabled: false } },
    ttl: { AuthorizationCode: 60, Interaction: 600, Session: 8 * 3600, Grant: 8 * 3600, AccessToken: 600, IdToken: 600 },
    interactions: { url: (_ctx: KoaContextWithOIDC, interaction: { uid: string }) => `/interaction/${interaction.uid}` },
    async findAccount(_ctx: KoaContextWithOIDC, id: string) {
      const person = people.find((p) => p.sub === id);
      if (!person) return undefined;
      return {
        accountId: id,
        claims: async () => ({
          ...person.otherClaims,
          sub: person.sub,
          email: person.email,
          email_verified: person.emailVerified ?? true,
          name: person.name,
          given_name: person.givenName,
          family_name: person.familyName,
        }),
      };
    },
    // First-party demo clients: grant the requested scopes instead of asking for consent.
    async loadExistingGrant(ctx: KoaContextWithOIDC) {
      const grantId = ctx.oidc.result?.consent?.grantId ?? ctx.oidc.session!.grantIdFor(ctx.oidc.client!.clientId);
      if (grantId) return ctx.oidc.provider.Grant.find(grantId);
      const grant = new ctx.oidc.provider.Grant({ clientId: ctx.oidc.client!.clientId, accountId: ctx.oidc.session!.accountId! });
      grant.addOIDCScope('openid email profile');
      await grant.save();
      return grant;
    },
  } as ConstructorParameters<typeof Provider>[1]);
  const callback = provider.callback();

  server.on('request', (req, res) => {
    const url = new URL(req.url ?? '/', issuer);
    const match = /^\/interaction\/([\w-]+)(\/login)?$/.exec(url.pathname);
    if (!match) {
      callback(req, res);
      return;
    }
    void interaction(provider, people, req, res, match[2] !== undefined).catch((error: unknown) => {
      if (!res.headersSent) res.writeHead(400, { 'content-type': 'text/plain; charset=utf-8' }).end(`Sign-in failed: ${(error as Error).message}`);
    });
  });

  return {
    issuer,
    people,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}

/** The login page (GET) and its submission (POST `.../login` with `person=<sub>`). */
async function interaction(
  provider: Provider,
  people: readonly DemoPerson[],
  req: http.IncomingMessage,
  res: http.ServerResponse,
  submitted: boolean,
): Promise<void> {
  const details = await provider.interactionDetails(req, res);
  if (!submitted) {
    const buttons = people
      .map((p) => `<button name="person" value="${escapeHtml(p.sub)}">${escapeHtml(p.name)} &lt;${escapeHtml(p.email)}&gt;</button>`)
      .join('<br>');
    res
      .writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' })
      .end(
        `<!doctype html><title>Demo IdP</title><h1>Demo identity provider</h1><p>Sign in as:</p>` +
          `<form method="post" action="/interaction/${details.uid}/login">${buttons}</form>`,
      );
    return;
  }
  const form = new URLSearchParams(await readBody(req));
  const person = people.find((p) => p.sub === form.get('person'));
  if (!person) throw new Error('unknown demo person');
  await provider.interactionFinished(req, res, { login: { accountId: person.sub } }, { mergeWithLastSubmission: false });
}

async function readBody(req: http.IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > 16_384) throw new Error('form too large');
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

export const DEMO_PROVIDER_NAME = 'DemoIdP';

/** One public client per demo tenant, redirecting to the tenant's callback on the local API. */
export const demoOidcClients = (tenantIds: readonly string[], apiUrl: string): DemoOidcClient[] =>
  tenantIds.map((id) => ({ clientId: `demo-${id}`, redirectUris: [`${apiUrl}/auth/${id}/callback`] }));

/**
 * Points the demo tenants' SSO and browser sign-in at the demo provider, and
 * their completed sign-ins at the local console, on every start (ports may
 * change). Version-guarded like any settings change; the tenant repository
 * moves each tenant's sign-in client binding in the same transaction, so the
 * demo IdP's ID tokens are API credentials of their tenant. A tenant already
 * pointing there is left untouched.
 */
export async function connectDemoTenants(table: Table, tenantIds: readonly string[], issuer: string, consoleUrl?: string): Promise<void> {
  const tenants = new TenantRepository(table);
  for (const id of tenantIds) {
    const before = await tenants.require(id);
    const sso = { type: 'oidc' as const, providerName: DEMO_PROVIDER_NAME, issuer, clientId: `demo-${id}`, scopes: ['openid', 'email', 'profile'] };
    const signInClient = { issuer, clientId: `demo-${id}`, scopes: ['openid', 'email', 'profile'] };
    let current = before;
    // Compared regardless of key order: DynamoDB returns maps in its own.
    if (!sameValue(before.sso, sso) || !sameValue(before.signInClient, signInClient) || before.consoleUrl !== consoleUrl) {
      const tx = new Transaction(table);
      current = { ...before, sso, signInClient, consoleUrl, updatedAt: new Date().toISOString() };
      tenants.update(tx, before, current);
      await tx.commit();
      current = { ...current, version: before.version + 1 };
    }
    // Data persisted before sign-in client bindings existed has none, and an unchanged client is not bound again by an update.
    await ensureSignInClientBinding(table, current);
  }
}
