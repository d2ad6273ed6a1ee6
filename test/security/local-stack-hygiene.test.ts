/**
 * The local stack leaks nothing and runs nothing for strangers.
 *
 * - The Lambda-invoke endpoint runs the real sign-in triggers (which provision
 *   users and grant token claims) only for calls signed with this run's
 *   credentials, which only cognito-local holds: an unsigned call, one signed
 *   with another secret, a stale one and a tampered one are 403s that run nothing.
 * - The gateway's access log never records an OAuth callback's `code` or `state`.
 * - Every response that carries a live token says `Cache-Control: no-store`.
 */
import { randomUUID } from 'node:crypto';
import { CognitoIdentityProviderClient, CreateUserPoolClientCommand, CreateUserPoolCommand, SignUpCommand } from '@aws-sdk/client-cognito-identity-provider';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGateway, type RunningGateway } from '../../infra/local/gateway.js';
import { startLambdaInvokeEndpoint, type RunningLambdaInvokeEndpoint } from '../../infra/local/lambda-invoke-endpoint.js';
import { LOCAL_CREDENTIALS, LOCAL_REGION } from '../../infra/local/local-env.js';
import type { TriggerDefinition } from '../../shared/triggers/trigger-table.js';
import { startTestCognito } from '../support/emulators.js';
import { rememberSecret } from '../support/secret-ledger.js';
import { invokePath, signedRequest } from '../support/signed-invoke.js';
import { createTestTenant, type TestTenant } from '../support/tenants.js';

const PRE_SIGN_UP = 'test/local/fixtures/pre-sign-up-trigger.ts';
const PRE_TOKEN = 'functions/triggers/pre-token-generation.ts';

describe('the Lambda-invoke endpoint', () => {
  let endpoint: RunningLambdaInvokeEndpoint;
  const ran: string[] = [];
  beforeAll(async () => {
    endpoint = await startLambdaInvokeEndpoint({
      port: 0,
      functions: [
        { name: 'pre-sign-up', handler: PRE_SIGN_UP, timeoutSeconds: 5 },
        { name: 'pre-token-generation', handler: PRE_TOKEN, timeoutSeconds: 5 },
      ],
      onInvoke: (e) => ran.push(e.functionName),
    });
  });
  afterAll(() => endpoint.close());

  const event = JSON.stringify({
    triggerSource: 'PreSignUp_SignUp',
    userPoolId: 'local_pool',
    userName: 'mallory@ok.example',
    request: { userAttributes: { email: 'mallory@ok.example' } },
    response: { autoConfirmUser: false, autoVerifyEmail: false, autoVerifyPhone: false },
  });

  it.each([
    ['unsigned', undefined, (h: Record<string, string>) => h],
    ['signed with another secret', { accessKeyId: 'KEY', secretAccessKey: 'guess' }, (h: Record<string, string>) => h],
  ])('refuses a call %s and runs nothing', async (_what, credentials, tamper) => {
    ran.length = 0;
    const creds = credentials ? { ...credentials, accessKeyId: endpoint.credentials.accessKeyId } : undefined;
    for (const name of ['pre-sign-up', 'pre-token-generation']) {
      const answer = await signedRequest(endpoint.url, invokePath(name), event, creds, tamper);
      expect(answer.status, answer.text).toBe(403);
      expect(answer.headers['x-amzn-errortype']).toBe('InvalidSignatureException');
    }
    expect(ran).toEqual([]);
  });

  it('refuses a signed call that was replayed late or altered after signing', async () => {
    ran.length = 0;
    const stale = await signedRequest(endpoint.url, invokePath('pre-sign-up'), event, endpoint.credentials, (h) => ({
      ...h,
      'X-Amz-Date': '20200101T000000Z',
    }));
    expect(stale.status).toBe(403);
    const altered = await signedRequest(
      endpoint.url,
      invokePath('pre-sign-up'),
      event,
      endpoint.credentials,
      (h) => h,
      event.replace('mallory@ok', 'admin@ok'),
    );
    expect(altered.status).toBe(403);
    const redirected = await signedRequest(endpoint.url, invokePath('pre-sign-up'), event, endpoint.credentials, (h) => ({ ...h, Host: 'elsewhere.example' }));
    expect(redirected.status).toBe(403);
    const otherKey = await signedRequest(endpoint.url, invokePath('pre-sign-up'), event, { ...endpoint.credentials, accessKeyId: 'LOCALOTHER' });
    expect(otherKey.status).toBe(403);
    expect(ran).toEqual([]);
  });

  it("runs a call signed with this run's credentials, and each run has its own", async () => {
    const answer = await signedRequest(endpoint.url, invokePath('pre-sign-up'), event, endpoint.credentials);
    expect(answer.status, answer.text).toBe(200);
    expect(JSON.parse(answer.text)).toMatchObject({ response: { autoConfirmUser: true } });
    const other = await startLambdaInvokeEndpoint({ port: 0, functions: [] });
    try {
      expect(other.credentials.accessKeyId).not.toBe(endpoint.credentials.accessKeyId);
      expect(other.credentials.secretAccessKey).not.toBe(endpoint.credentials.secretAccessKey);
      expect(endpoint.credentials.secretAccessKey.length).toBeGreaterThanOrEqual(40);
    } finally {
      await other.close();
    }
  });

  it('still answers cognito-local, which signs with the credentials of its run', async () => {
    const triggers: TriggerDefinition[] = [{ name: 'hygiene-pre-sign-up', cognitoTrigger: 'PreSignUp', handler: PRE_SIGN_UP }];
    const cognito = await startTestCognito({ triggers });
    const client = new CognitoIdentityProviderClient({ endpoint: cognito.url, region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS });
    try {
      const pool = await client.send(new CreateUserPoolCommand({ PoolName: `hygiene-${randomUUID().slice(0, 8)}` }));
      const app = await client.send(new CreateUserPoolClientCommand({ UserPoolId: pool.UserPool!.Id!, ClientName: 'web' }));
      const email = `ann-${randomUUID().slice(0, 6)}@ok.example`;
      const out = await client.send(
        new SignUpCommand({
          ClientId: app.UserPoolClient!.ClientId!,
          Username: email,
          Password: 'Correct-Horse-1',
          UserAttributes: [{ Name: 'email', Value: email }],
        }),
      );
      // Auto-confirmed: the trigger ran, reached through the signed endpoint.
      expect(out.UserConfirmed).toBe(true);
    } finally {
      client.destroy();
      await cognito.stop();
    }
  }, 60_000);
});

describe('the local gateway', () => {
  let gateway: RunningGateway;
  let tenant: TestTenant;
  const logged: string[] = [];
  beforeAll(async () => {
    gateway = await startGateway({ port: 0, onResponse: (e) => logged.push(`${e.method} ${e.path} → ${e.status}`), onHandlerError: () => {} });
    tenant = await createTestTenant({ prefix: 'hyg', mode: 'scim' });
    rememberSecret(tenant.adminToken, tenant.scimToken!);
  }, 60_000);
  afterAll(() => gateway.close());

  it('never writes an OAuth code or state (or any token in a query) to its access log', async () => {
    const code = `code-${randomUUID()}`;
    const state = `state-${randomUUID()}`;
    await fetch(`${gateway.url}/auth/${tenant.tenantId}/callback?code=${code}&state=${state}&iss=https%3A%2F%2Fidp.example`);
    await fetch(`${gateway.url}/auth/${tenant.tenantId}/callback?error=access_denied&State=${state}&id_token=${code}`);
    await fetch(`${gateway.url}/api/svc/v1/users?access_token=${code}&limit=5`);
    const lines = logged.join('\n');
    expect(lines).not.toContain(code);
    expect(lines).not.toContain(state);
    expect(lines).toContain(`/auth/${tenant.tenantId}/callback?code=REDACTED&state=REDACTED&iss=https%3A%2F%2Fidp.example`);
    expect(lines).toContain('/api/svc/v1/users?access_token=REDACTED&limit=5');
  });

  it.each([
    ['POST /users/invite', '/api/svc/v1/users/invite', { email: 'cached@hyg.example', acceptInviteClientUrl: 'https://app.example.com/accept' }, 'link'],
    ['POST /personal-access-tokens', '/api/svc/v1/personal-access-tokens', { name: 'no-store' }, 'token'],
    ['POST /provisioning/scim-token', '/api/svc/v1/provisioning/scim-token', { graceSeconds: 60 }, 'token'],
  ])('%s, which answers with a live token, says Cache-Control: no-store', async (_what, path, body, field) => {
    const res = await fetch(`${gateway.url}${path}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${tenant.adminToken}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    const json = (await res.json()) as Record<string, string>;
    expect(res.status, JSON.stringify(json)).toBe(201);
    rememberSecret(field === 'link' ? new URL(json.link!).searchParams.get('token')! : json[field]!);
    expect(res.headers.get('cache-control')).toBe('no-store');
  });
});
