/**
 * A user with no recorded pool account who sets their first password gets the
 * account named by their email. When that name is another user's account, the
 * claim on its marker refuses before Cognito is called: the other user's
 * password is never replaced. Runs against cognito-local.
 */
import { randomUUID } from 'node:crypto';
import { CognitoIdentityProviderClient, InitiateAuthCommand } from '@aws-sdk/client-cognito-identity-provider';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureUserPools, type TenantUserPool } from '../../infra/local/cognito-pools.js';
import { LOCAL_CREDENTIALS, LOCAL_REGION } from '../../infra/local/local-env.js';
import { setDirectoryPassword } from '../../shared/identity/cognito-directory.js';
import type { MailRequest } from '../../shared/mail/outbox.js';
import { keys } from '../../shared/storage/keys.js';
import { deriveActionToken } from '../../shared/tokens/action-token.js';
import { UserRepository } from '../../shared/users/user-repository.js';
import { startTestCognito, type TestCognito } from '../support/emulators.js';
import { rememberSecret } from '../support/secret-ledger.js';
import { createTestTenant, type TestTenant } from '../support/tenants.js';
import { createUser } from '../tenants/support.js';
import { call, type ApiRequest } from './in-process-api.js';

const SLOW_OK = { timeoutSeconds: 60 };
const OWNER_PASSWORD = 'Owner-own-5-password-x';
const NEW_PASSWORD = 'Newcomer-picks-8-this';

let cognito: TestCognito;
let client: CognitoIdentityProviderClient;
let tenant: TestTenant & { pool: TenantUserPool };

beforeAll(async () => {
  cognito = await startTestCognito();
  client = new CognitoIdentityProviderClient({ endpoint: cognito.url, region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS });
  rememberSecret(OWNER_PASSWORD, NEW_PASSWORD);
  const id = `fpa-${randomUUID().slice(0, 8)}`;
  const pool = (await ensureUserPools(cognito.url, [id]))[id]!;
  tenant = { ...(await createTestTenant({ prefix: 'fpa', mode: 'invite-only', ...pool })), pool };
  rememberSecret(tenant.adminToken);
}, 60_000);

afterAll(async () => {
  client?.destroy();
  await cognito?.stop();
});

const admin = (method: string, path: string, body?: unknown): ApiRequest => ({ method, url: `/api/svc/v1${path}`, token: tenant.adminToken, body });

const signsIn = async (username: string, password: string) => {
  try {
    await client.send(
      new InitiateAuthCommand({
        ClientId: tenant.pool.appClientId,
        AuthFlow: 'USER_PASSWORD_AUTH',
        AuthParameters: { USERNAME: username, PASSWORD: password },
      }),
    );
    return true;
  } catch {
    return false;
  }
};

async function resetToken(email: string): Promise<string> {
  const requested = await call(admin('POST', '/x/users/forgot-password', { email, resetPasswordClientUrl: 'https://app.example.com/reset' }), SLOW_OK);
  expect(requested.status, requested.text).toBe(200);
  const log = await call(admin('GET', '/audit-logs?action=user.password_reset_requested&limit=1000'), SLOW_OK);
  const event = (log.json.data as Array<{ target: { slug: string }; details: { mailId: string } }>).find((e) => e.target.slug === email)!;
  const mail = (await tenant.table.get<MailRequest>(keys.outbox(event.details.mailId)))!;
  const token = deriveActionToken('reset', mail.data.recordId!, mail.data.nonce!).token;
  rememberSecret(token);
  return token;
}

describe('a first password on an account name that is another user’s', { timeout: 120_000 }, () => {
  it('is refused (409) before Cognito is called: the owner’s password keeps working, the newcomer’s does not', async () => {
    const accountName = `taken-${randomUUID().slice(0, 8)}@corp.example`;
    // The owner's pool account bears the name (their email has changed since); the newcomer's email is that name and they have no account.
    const owner = await createUser(tenant.table, tenant.tenantId, { email: `owner-${randomUUID().slice(0, 8)}@corp.example`, cognitoUsername: accountName });
    await setDirectoryPassword(tenant.pool.userPoolId, accountName, owner.email!, OWNER_PASSWORD);
    const newcomer = await createUser(tenant.table, tenant.tenantId, { email: accountName });
    expect(newcomer.cognitoUsername).toBeUndefined();

    const reset = await call(
      { method: 'POST', url: '/api/svc/v1/users/reset-password', body: { token: await resetToken(accountName), newPassword: NEW_PASSWORD } },
      SLOW_OK,
    );
    expect(reset.status, reset.text).toBe(409);
    expect(reset.json).toMatchObject({ code: 'user.cognito_account_taken' });
    expect(await signsIn(accountName, OWNER_PASSWORD)).toBe(true);
    expect(await signsIn(accountName, NEW_PASSWORD)).toBe(false);
    const users = new UserRepository(tenant.table);
    expect((await users.get(tenant.tenantId, newcomer.id))?.cognitoUsername).toBeUndefined();
    expect(await tenant.table.get(keys.cognitoAccount(tenant.tenantId, accountName))).toMatchObject({ userId: owner.id });
  });

  it('is set when the name is free, and the account is then bound to that user', async () => {
    const email = `fresh-${randomUUID().slice(0, 8)}@corp.example`;
    const user = await createUser(tenant.table, tenant.tenantId, { email });
    const reset = await call(
      { method: 'POST', url: '/api/svc/v1/users/reset-password', body: { token: await resetToken(email), newPassword: NEW_PASSWORD } },
      SLOW_OK,
    );
    expect(reset.status, reset.text).toBe(200);
    expect(await signsIn(email, NEW_PASSWORD)).toBe(true);
    expect((await new UserRepository(tenant.table).get(tenant.tenantId, user.id))?.cognitoUsername).toBe(email);
    expect(await tenant.table.get(keys.cognitoAccount(tenant.tenantId, email))).toMatchObject({ userId: user.id });
  });
});
