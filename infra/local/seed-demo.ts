/**
 * Seeds the demo tenants, idempotently, and keeps their plaintext tokens.
 * Only token hashes are stored in the table, so the plaintexts issued at first
 * start are kept in `.local/demo-secrets.json` (local only, gitignored) and
 * reprinted on later starts; a token that no longer works there (revoked,
 * expired, or a fresh database) is issued again.
 *
 * Each demo admin also gets a console password in the tenant's cognito-local
 * pool: generated once, kept in the same file, and set again on every start
 * (AdminSetUserPassword, permanent), so the printed password always works even
 * after cognito-local's state was reset.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { keys } from '../../shared/storage/keys.js';
import type { Table } from '../../shared/storage/table.js';
import { provisionTenant } from '../../shared/tenant-setup/provision-tenant.js';
import { issuePersonalAccessToken } from '../../shared/tokens/personal-access-tokens.js';
import { issueScimToken } from '../../shared/tokens/scim-tokens.js';
import { isExpired, type SecretRecord } from '../../shared/tokens/secret-record.js';
import { hashSecret } from '../../shared/tokens/secret-token.js';
import { setDirectoryPassword } from '../../shared/identity/cognito-directory.js';
import type { TenantConfig } from '../tenant-config.js';
import type { TenantUserPool } from './cognito-pools.js';

/** A seeded tenant with what a developer needs to call it. */
export interface SeededTenant {
  id: string;
  mode: TenantConfig['mode'];
  adminEmail: string;
  adminUserId: string;
  adminToken: string;
  /** Null for tenants that are not provisioned over SCIM. */
  scimToken: string | null;
  /** The admin's password in the tenant's pool, for the console; null for a tenant without a pool. */
  adminPassword: string | null;
}

type SavedSecrets = Record<string, Pick<SeededTenant, 'adminUserId' | 'adminToken' | 'scimToken'> & { adminPassword?: string | null }>;

export const DEMO_PAT_NAME = 'demo-admin';

/**
 * Provisions each tenant (a no-op when it exists) and returns working plaintext
 * tokens for its first admin, reusing saved ones that still verify.
 */
export async function seedDemoTenants(
  table: Table,
  tenants: readonly TenantConfig[],
  pools: Record<string, TenantUserPool>,
  secretsFile?: string,
): Promise<SeededTenant[]> {
  const saved = readSecrets(secretsFile);
  const seeded: SeededTenant[] = [];
  for (const tenant of tenants) {
    const adminEmail = tenant.adminEmails[0]!;
    const result = await provisionTenant(table, {
      id: tenant.id,
      displayName: tenant.displayName,
      mode: tenant.mode,
      mailFrom: tenant.mailFrom,
      ...pools[tenant.id],
      // Each admin's pool account is named by their lower-cased email (set below), and that name binds it to them.
      admins: tenant.adminEmails.map((email) => ({ email, ...(pools[tenant.id] ? { cognitoUsername: email.toLowerCase() } : {}) })),
    });
    const adminUserId = result.adminUserIds[0];
    if (!adminUserId) throw new Error(`Tenant ${tenant.id} exists but its admin ${adminEmail} does not; delete .local/ to reset`);

    const previous = saved[tenant.id];
    const reusable = previous?.adminUserId === adminUserId ? previous : undefined;
    const adminToken =
      reusable && (await stillValid(table, tenant.id, reusable.adminToken))
        ? reusable.adminToken
        : (await issuePersonalAccessToken(table, { tenantId: tenant.id, userId: adminUserId, name: DEMO_PAT_NAME })).token;
    let scimToken: string | null = null;
    if (tenant.mode === 'scim') {
      scimToken =
        reusable?.scimToken && (await stillValid(table, tenant.id, reusable.scimToken))
          ? reusable.scimToken
          : (await issueScimToken(table, { tenantId: tenant.id, actorId: adminUserId })).token;
    }
    const pool = pools[tenant.id];
    let adminPassword: string | null = null;
    if (pool) {
      adminPassword = previous?.adminPassword ?? demoPassword();
      // Lower-cased, as the admin API names password users (shared/users/password-sign-in.ts).
      await setDirectoryPassword(pool.userPoolId, adminEmail.toLowerCase(), adminEmail, adminPassword);
    }
    seeded.push({ id: tenant.id, mode: tenant.mode, adminEmail, adminUserId, adminToken, scimToken, adminPassword });
  }
  if (secretsFile) writeSecrets(secretsFile, seeded);
  return seeded;
}

/** Random, and meeting any Cognito password policy: upper and lower case, digits and a symbol. */
const demoPassword = (): string => `Demo-${randomBytes(12).toString('base64url')}-7x`;

async function stillValid(table: Table, tenantId: string, token: string): Promise<boolean> {
  const record = await table.get<SecretRecord>(keys.secret(hashSecret(token)));
  return record !== undefined && record.tenantId === tenantId && !isExpired(record);
}

function readSecrets(file: string | undefined): SavedSecrets {
  if (!file) return {};
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as SavedSecrets;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return {};
    throw error;
  }
}

function writeSecrets(file: string, seeded: SeededTenant[]): void {
  const secrets: SavedSecrets = Object.fromEntries(
    seeded.map((t) => [t.id, { adminUserId: t.adminUserId, adminToken: t.adminToken, scimToken: t.scimToken, adminPassword: t.adminPassword }]),
  );
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, `${JSON.stringify(secrets, null, 2)}\n`, { mode: 0o600 });
}
