/**
 * The local stack one HTTP test file of the users suite needs: gateway, SES
 * emulator, cognito-local with one pool, the stream poller running the outbox
 * consumers for this suite's tenants, and a tenant with that pool.
 */
import { AdminGetUserCommand, CognitoIdentityProviderClient, type AdminGetUserCommandOutput } from '@aws-sdk/client-cognito-identity-provider';
import { ensureUserPools, type TenantUserPool } from '../../infra/local/cognito-pools.js';
import { LOCAL_CREDENTIALS, LOCAL_REGION } from '../../infra/local/local-env.js';
import { startStreamPoller, type RunningStreamPoller } from '../../infra/local/stream-poller.js';
import { startSesEmulator } from '../../infra/local/ses-emulator.js';
import { issuePersonalAccessToken } from '../../shared/tokens/personal-access-tokens.js';
import { testDynamoDb } from '../support/dynamodb.js';
import { startTestCognito, startTestSes, type TestCognito, type TestSes } from '../support/emulators.js';
import { startTestGateway, type TestGateway } from '../support/gateway.js';
import { createTestTenant, type TestTenant } from '../support/tenants.js';
import { setTestEnvironment } from '../setup/process-env.js';
import { PREFIX_VARIABLE } from './tenant-stream-consumers.js';

export interface UsersStack {
  gateway: TestGateway;
  ses: TestSes;
  cognito: TestCognito;
  pool: TenantUserPool;
  tenant: TestTenant;
  poller: RunningStreamPoller;
  cognitoUser(username: string): Promise<AdminGetUserCommandOutput | undefined>;
  /** Stops the SES emulator; `restartSes` brings it back on the same port. */
  stopSes(): Promise<void>;
  restartSes(): Promise<void>;
  stop(): Promise<void>;
}

/** `prefix`: this file's own tenant-id prefix (letters and digits), so parallel files never share outbox items. */
export async function startUsersStack(prefix: string): Promise<UsersStack> {
  setTestEnvironment({ [PREFIX_VARIABLE]: `${prefix}-` });
  let ses = await startTestSes();
  const cognito = await startTestCognito({ triggers: [] });
  const pools = await ensureUserPools(cognito.url, [prefix]);
  const pool = pools[prefix]!;
  const tenant = await createTestTenant({
    prefix,
    mode: 'invite-only',
    userPoolId: pool.userPoolId,
    appClientId: pool.appClientId,
    jwtIssuer: pool.jwtIssuer,
  });
  const gateway = await startTestGateway();
  const poller = startStreamPoller({
    endpoint: testDynamoDb().endpoint,
    streamArn: testDynamoDb().streamArn,
    consumers: [
      { name: 'stream.mailer', handler: 'test/users/mailer-consumer.ts' },
      { name: 'stream.identitySync', handler: 'test/users/identity-sync-consumer.ts' },
    ],
    pollIntervalMs: 100,
    retryDelay: { initialMs: 100, maxMs: 500 },
  });
  const client = new CognitoIdentityProviderClient({ endpoint: cognito.url, region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS });
  const sesPort = Number(new URL(ses.url).port);
  let sesStopped = false;
  return {
    gateway,
    get ses() {
      return ses;
    },
    cognito,
    pool,
    tenant,
    poller,
    async cognitoUser(username) {
      try {
        return await client.send(new AdminGetUserCommand({ UserPoolId: pool.userPoolId, Username: username }));
      } catch (error) {
        if ((error as Error).name === 'UserNotFoundException') return undefined;
        throw error;
      }
    },
    async stopSes() {
      await ses.stop();
      sesStopped = true;
    },
    async restartSes() {
      const restarted = await startSesEmulator({ port: sesPort });
      sesStopped = false;
      ses = {
        url: restarted.url,
        mails: async () => ((await (await fetch(`${restarted.url}/store`)).json()) as { emails: Awaited<ReturnType<TestSes['mails']>> }).emails,
        clear: async () => void (await fetch(`${restarted.url}/clear-store`, { method: 'POST' })),
        stop: restarted.close,
      };
    },
    async stop() {
      await poller.stop();
      await gateway.close();
      client.destroy();
      if (!sesStopped) await ses.stop();
      await cognito.stop();
    },
  };
}

/** Polls `probe` until it returns a value other than undefined/false, or fails after `timeoutMs`. */
export async function eventually<T>(probe: () => Promise<T | undefined | false>, timeoutMs = 60_000, what = 'condition'): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** A member of the stack's tenant, invited over HTTP, with a PAT. */
export async function createMember(stack: UsersStack, email: string): Promise<{ id: string; token: string; link: string }> {
  const response = await stack.gateway.request('/api/svc/v1/users/invite', {
    method: 'POST',
    token: stack.tenant.adminToken,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, acceptInviteClientUrl: 'https://app.example.com/accept' }),
  });
  if (response.status !== 201) throw new Error(`invite failed: ${response.status} ${await response.text()}`);
  const body = (await response.json()) as { link: string; data: { id: string } };
  const { token } = await issuePersonalAccessToken(stack.tenant.table, { tenantId: stack.tenant.tenantId, userId: body.data.id, name: 'member' });
  return { id: body.data.id, token, link: body.link };
}
