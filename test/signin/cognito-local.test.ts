/**
 * End to end through the Cognito emulator: InitiateAuth (USER_PASSWORD_AUTH) on
 * cognito-local calls our triggers through the local Lambda-invoke endpoint,
 * and the API sees the result on its next request.
 *
 * cognito-local has no federation, so the JIT case signs in a pool user shaped
 * like Cognito's federated users (the `identities` attribute, as a JSON string)
 * with a password; the trigger reads that identity exactly as it would after a
 * real SAML/OIDC sign-in. It also ignores errors of PostAuthentication and never
 * calls PreAuthentication, so refusals surface from pre token generation here
 * (docs/sign-in.md; the fixture tests cover the other triggers).
 */
import { randomUUID } from 'node:crypto';
import {
  AdminCreateUserCommand,
  AdminSetUserPasswordCommand,
  CognitoIdentityProviderClient,
  InitiateAuthCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { decodeJwt } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureUserPools } from '../../infra/local/cognito-pools.js';
import { LOCAL_CREDENTIALS, LOCAL_REGION } from '../../infra/local/local-env.js';
import type { ProvisioningMode } from '../../shared/tenants/tenant.js';
import { startTestCognito, type TestCognito } from '../support/emulators.js';
import { startTestGateway, type TestGateway } from '../support/gateway.js';
import { createTestTenant } from '../support/tenants.js';
import { triggers } from '../../shared/triggers/trigger-table.js';
import { createUser } from '../tenants/support.js';

let cognito: TestCognito;
let gateway: TestGateway;
let client: CognitoIdentityProviderClient;

beforeAll(async () => {
  cognito = await startTestCognito();
  gateway = await startTestGateway();
  client = new CognitoIdentityProviderClient({ endpoint: cognito.url, region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS });
  // Cold starts are not what these tests measure: run each trigger once (an unknown pool fails fast) so
  // its first real invocation does not pay for SDK and connection set-up inside its 5 s budget.
  await Promise.all(
    triggers.map((t) =>
      fetch(`${cognito.lambdaUrl}/2015-03-31/functions/${t.name}/invocations`, {
        method: 'POST',
        body: JSON.stringify({
          version: '1',
          triggerSource: 'TokenGeneration_Authentication',
          userPoolId: 'local_WarmUp',
          userName: 'warm-up',
          region: 'local',
          callerContext: {},
          request: { userAttributes: {} },
          response: {},
        }),
      }).then((r) => r.arrayBuffer()),
    ),
  );
}, 60_000);

afterAll(async () => {
  client?.destroy();
  await gateway?.close();
  await cognito?.stop();
});

const PASSWORD = 'Correct-Horse-9-battery';
const IDP = { type: 'oidc' as const, providerName: 'DemoIdP', issuer: 'https://idp.example', clientId: 'demo', scopes: ['openid'] };

async function tenantWithPool(mode: ProvisioningMode, options: { ssoEnforced?: boolean } = {}) {
  const id = `cgl-${randomUUID().slice(0, 8)}`;
  const pool = (await ensureUserPools(cognito.url, [id]))[id]!;
  const tenant = await createTestTenant({ prefix: 'cgl', mode, ...pool, sso: IDP, ssoEnforced: mode === 'jit' || options.ssoEnforced });
  return { ...tenant, pool, displayName: `Test tenant ${tenant.tenantId}` };
}

async function poolUser(userPoolId: string, email: string, attributes: Record<string, string> = {}) {
  await client.send(
    new AdminCreateUserCommand({
      UserPoolId: userPoolId,
      Username: email,
      MessageAction: 'SUPPRESS',
      UserAttributes: Object.entries({ email, email_verified: 'true', ...attributes }).map(([Name, Value]) => ({ Name, Value })),
    }),
  );
  await client.send(new AdminSetUserPasswordCommand({ UserPoolId: userPoolId, Username: email, Password: PASSWORD, Permanent: true }));
}

const signIn = (appClientId: string, email: string) =>
  client.send(new InitiateAuthCommand({ ClientId: appClientId, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: email, PASSWORD } }));

// Three emulators and a JVM share two cores with the rest of the suite: give each test room.
describe('sign-in through cognito-local', { timeout: 60_000 }, () => {
  it('JIT: a first sign-in creates the user, who then appears in GET /users with the claims our API reads', async () => {
    const t = await tenantWithPool('jit');
    const email = `ada@${t.tenantId}.example`;
    const subject = `sub-${randomUUID()}`;
    await poolUser(t.pool.userPoolId, email, {
      name: 'Ada Lovelace',
      identities: JSON.stringify([
        { userId: subject, providerName: 'DemoIdP', providerType: 'OIDC', issuer: null, primary: 'true', dateCreated: String(Date.now()) },
      ]),
    });

    const out = await signIn(t.pool.appClientId, email);
    const claims = decodeJwt(out.AuthenticationResult!.IdToken!);
    expect(claims).toMatchObject({ tenant_id: t.tenantId, tenant_role: 'tenant-member', email });
    expect(claims.user_id).toEqual(expect.any(String));
    // The emulator's ID token is a credential of our API (JWKS over http, issuer → pool → tenant).
    const self = await gateway.request(`/api/svc/v1/users/${String(claims.user_id)}`, { token: out.AuthenticationResult!.IdToken! });
    expect(self.status).toBe(200);

    const list = await gateway.request(`/api/svc/v1/users?limit=100`, { token: t.adminToken });
    expect(list.status).toBe(200);
    const users = ((await list.json()) as { data: Array<{ id: string; email: string; metadata: Record<string, unknown> }> }).data;
    const ada = users.find((u) => u.email === email);
    expect(ada).toMatchObject({ id: claims.user_id, metadata: { source: 'jit', ssoName: 'DemoIdP', displayName: 'Ada Lovelace' } });

    // A second sign-in finds the same person.
    const again = decodeJwt((await signIn(t.pool.appClientId, email)).AuthenticationResult!.IdToken!);
    expect(again.user_id).toBe(claims.user_id);
  });

  it('refuses a deactivated user with the message, on the next sign-in after deactivation', async () => {
    const t = await tenantWithPool('invite-only');
    const email = `grace@${t.tenantId}.example`;
    const user = await createUser(t.table, t.tenantId, { email, cognitoUsername: email });
    await poolUser(t.pool.userPoolId, email);
    const first = decodeJwt((await signIn(t.pool.appClientId, email)).AuthenticationResult!.IdToken!);
    expect(first.user_id).toBe(user.id);

    const off = await gateway.request('/api/svc/v1/users/deactivate', {
      method: 'PATCH',
      token: t.adminToken,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email }),
    });
    expect(off.status).toBe(200);
    await expect(signIn(t.pool.appClientId, email)).rejects.toThrow(
      `Your account is deactivated. Ask your administrator of ${t.displayName} to reactivate it.`,
    );
  });

  it('refuses an unknown password user, and password sign-in while SSO is enforced', async () => {
    const t = await tenantWithPool('invite-only', { ssoEnforced: true });
    const stranger = `mallory@${t.tenantId}.example`;
    await poolUser(t.pool.userPoolId, stranger);
    await expect(signIn(t.pool.appClientId, stranger)).rejects.toThrow(`Your account has not been provisioned for ${t.displayName}. Ask your administrator.`);

    const member = `grace@${t.tenantId}.example`;
    await createUser(t.table, t.tenantId, { email: member, cognitoUsername: member });
    await poolUser(t.pool.userPoolId, member);
    await expect(signIn(t.pool.appClientId, member)).rejects.toThrow(`Password sign-in is turned off for ${t.displayName}.`);
  });
});
