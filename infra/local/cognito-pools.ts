/**
 * One cognito-local user pool and app client per tenant, created once and reused
 * across restarts (their ids are kept in a small JSON file); a pool that vanished
 * from cognito-local's own state is created again.
 */
import fs from 'node:fs';
import path from 'node:path';
import {
  CognitoIdentityProviderClient,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  DescribeUserPoolClientCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { LOCAL_CREDENTIALS, LOCAL_REGION } from './local-env.js';

/** A tenant's pool as the tenant record needs it. */
export interface TenantUserPool {
  userPoolId: string;
  appClientId: string;
  /** The `iss` of the pool's tokens. */
  jwtIssuer: string;
}

/** Ensures a pool and client for each tenant id; returns them by tenant id. */
export async function ensureUserPools(cognitoUrl: string, tenantIds: readonly string[], stateFile?: string): Promise<Record<string, TenantUserPool>> {
  const client = new CognitoIdentityProviderClient({ endpoint: cognitoUrl, region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS });
  const known = readState(stateFile);
  const pools: Record<string, TenantUserPool> = {};
  try {
    for (const tenantId of tenantIds) {
      const saved = known[tenantId];
      pools[tenantId] =
        saved && (await exists(client, saved)) ? { ...saved, jwtIssuer: `${cognitoUrl}/${saved.userPoolId}` } : await createPool(client, cognitoUrl, tenantId);
    }
  } finally {
    client.destroy();
  }
  if (stateFile) {
    fs.mkdirSync(path.dirname(stateFile), { recursive: true });
    fs.writeFileSync(stateFile, JSON.stringify({ ...known, ...pools }, null, 2));
  }
  return pools;
}

async function createPool(client: CognitoIdentityProviderClient, cognitoUrl: string, tenantId: string): Promise<TenantUserPool> {
  // Shaped as the CDK pools are (infra/tenant-user-pool.ts): the username is the one the service chose
  // (email an alias, not the username, so triggers see that name), and an email change waits for its
  // verification.
  const pool = await client.send(
    new CreateUserPoolCommand({
      PoolName: `tenant-${tenantId}`,
      AliasAttributes: ['email'],
      AutoVerifiedAttributes: ['email'],
      UserAttributeUpdateSettings: { AttributesRequireVerificationBeforeUpdate: ['email'] },
    }),
  );
  const userPoolId = pool.UserPool!.Id!;
  const app = await client.send(
    new CreateUserPoolClientCommand({
      UserPoolId: userPoolId,
      ClientName: `${tenantId}-web`,
      ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_USER_SRP_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
    }),
  );
  return { userPoolId, appClientId: app.UserPoolClient!.ClientId!, jwtIssuer: `${cognitoUrl}/${userPoolId}` };
}

async function exists(client: CognitoIdentityProviderClient, pool: TenantUserPool): Promise<boolean> {
  try {
    await client.send(new DescribeUserPoolClientCommand({ UserPoolId: pool.userPoolId, ClientId: pool.appClientId }));
    return true;
  } catch (error) {
    if ((error as Error).name === 'ResourceNotFoundException') return false;
    throw error;
  }
}

function readState(file: string | undefined): Record<string, TenantUserPool> {
  if (!file) return {};
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, TenantUserPool>;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return {};
    throw error;
  }
}
