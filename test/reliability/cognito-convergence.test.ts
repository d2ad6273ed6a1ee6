/**
 * Cognito failing while users are deactivated and deleted: the admin API
 * answers at once from the domain state (the user's PAT is refused on the next
 * request), the identity-sync items stay pending while Cognito fails, and when
 * it is back the pool converges on the domain: the deactivated user disabled,
 * the deleted one gone, and redelivery changes nothing more.
 */
import { AdminGetUserCommand, CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import type { DynamoDBStreamEvent } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { handler as identitySync } from '../../functions/stream/identity-sync.js';
import { ensureUserPools, type TenantUserPool } from '../../infra/local/cognito-pools.js';
import { LOCAL_CREDENTIALS, LOCAL_REGION } from '../../infra/local/local-env.js';
import type { IdentitySyncRequest } from '../../shared/identity/identity-sync.js';
import { keys } from '../../shared/storage/keys.js';
import { pendingOutboxItems } from '../support/outbox.js';
import { issuePersonalAccessToken } from '../../shared/tokens/personal-access-tokens.js';
import { breakCognito } from '../support/faults.js';
import { startTestCognito, type TestCognito } from '../support/emulators.js';
import { rememberSecret } from '../support/secret-ledger.js';
import { createTestTenant, type TestTenant } from '../support/tenants.js';
import { call, type ApiRequest } from '../security/in-process-api.js';
import { figures } from './figures.js';

/** Generous: DynamoDB Local on a shared CI machine, not the service, sets the pace. */
const TEST_TIMEOUT_MS = 60_000;

const PREFIX = 'relg';
let tenant: TestTenant;
let cognito: TestCognito;
let pool: TenantUserPool;
let probe: CognitoIdentityProviderClient;

beforeAll(async () => {
  cognito = await startTestCognito({ triggers: [] });
  pool = (await ensureUserPools(cognito.url, [PREFIX]))[PREFIX]!;
  tenant = await createTestTenant({
    prefix: PREFIX,
    mode: 'invite-only',
    userPoolId: pool.userPoolId,
    appClientId: pool.appClientId,
    jwtIssuer: pool.jwtIssuer,
  });
  rememberSecret(tenant.adminToken);
  probe = new CognitoIdentityProviderClient({ endpoint: cognito.url, region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS });
});
afterAll(async () => {
  probe?.destroy();
  await cognito?.stop();
  figures.flush('cognito-convergence');
});

const admin = (method: string, path: string, body?: unknown): ApiRequest => ({ method, url: `/api/svc/v1${path}`, token: tenant.adminToken, body });
const SLOW_OK = { timeoutSeconds: 60 };

async function cognitoUser(username: string) {
  try {
    return await probe.send(new AdminGetUserCommand({ UserPoolId: pool.userPoolId, Username: username }));
  } catch (error) {
    if ((error as Error).name === 'UserNotFoundException') return undefined;
    throw error;
  }
}

/** This tenant's identity-sync items that are still pending (the sparse GSI1 partition of pending items). */
function pendingSyncs(): Promise<IdentitySyncRequest[]> {
  return pendingOutboxItems<IdentitySyncRequest>(tenant.table, tenant.tenantId, 'identitySync');
}

/** Hands the items to the real stream consumer as INSERT records, as the event source would. */
async function deliver(ids: string[]): Promise<number> {
  const event: DynamoDBStreamEvent = {
    Records: ids.map((id, i) => ({
      eventName: 'INSERT',
      dynamodb: { Keys: { PK: { S: keys.identitySync(id).PK }, SK: { S: keys.identitySync(id).SK } }, SequenceNumber: String(i) },
    })),
  };
  return (await identitySync(event)).batchItemFailures.length;
}

async function register(email: string): Promise<{ id: string; token: string }> {
  const res = await call(admin('POST', '/users/register', { email }), SLOW_OK);
  expect(res.status, res.text).toBe(201);
  const { token } = await issuePersonalAccessToken(tenant.table, { tenantId: tenant.tenantId, userId: res.json.data.id, name: 'cv' });
  rememberSecret(token);
  return { id: res.json.data.id, token };
}

describe('Cognito failing during deactivate and delete', () => {
  it(
    'answers from the domain at once, keeps the sync pending, and converges when Cognito is back',
    async () => {
      const leaver = await register('leaver@converge.example');
      const deleted = await register('deleted@converge.example');
      expect(await deliver((await pendingSyncs()).map((s) => s.id))).toBe(0);
      expect((await cognitoUser('leaver@converge.example'))?.Enabled).toBe(true);
      expect((await cognitoUser('deleted@converge.example'))?.Enabled).toBe(true);

      const restore = breakCognito('server-error');
      let redeliveriesWhileDown = 0;
      try {
        const off = await call(admin('PATCH', '/users/deactivate', { email: 'leaver@converge.example' }), SLOW_OK);
        expect(off.status, off.text).toBe(200);
        expect((await call({ method: 'GET', url: '/api/svc/v1/users', token: leaver.token })).status).toBe(401);
        const gone = await call(admin('DELETE', `/users/${deleted.id}`), SLOW_OK);
        expect(gone.status, gone.text).toBe(200);
        expect((await call({ method: 'GET', url: '/api/svc/v1/users', token: deleted.token })).status).toBe(401);

        const pending = await pendingSyncs();
        expect(pending.map((p) => p.actions.join('+')).sort()).toEqual(['delete', 'disable+signOut']);
        for (let i = 0; i < 3; i++) {
          expect(await deliver(pending.map((p) => p.id))).toBe(1);
          redeliveriesWhileDown++;
        }
        expect((await pendingSyncs()).length).toBe(2);
      } finally {
        restore();
      }
      // Cognito never heard of it yet: still enabled, still there.
      expect((await cognitoUser('leaver@converge.example'))?.Enabled).toBe(true);
      expect(await cognitoUser('deleted@converge.example')).toBeDefined();

      const pending = await pendingSyncs();
      expect(await deliver(pending.map((p) => p.id))).toBe(0);
      expect(await pendingSyncs()).toEqual([]);
      expect((await cognitoUser('leaver@converge.example'))?.Enabled).toBe(false);
      expect(await cognitoUser('deleted@converge.example')).toBeUndefined();
      // A late redelivery of the same items changes nothing.
      expect(await deliver(pending.map((p) => p.id))).toBe(0);
      expect((await cognitoUser('leaver@converge.example'))?.Enabled).toBe(false);
      const attempts = await Promise.all(pending.map(async (p) => (await tenant.table.get<{ attempts: number; status: string }>(keys.identitySync(p.id)))!));
      expect(attempts.every((a) => a.status === 'done')).toBe(true);
      figures.record('cognito-convergence', 'outage', {
        syncItems: pending.length,
        failedDeliveriesWhileDown: redeliveriesWhileDown,
        attemptsPerItem: attempts.map((a) => a.attempts),
        converged: true,
      });
    },
    TEST_TIMEOUT_MS,
  );
});
