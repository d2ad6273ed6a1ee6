/**
 * A fresh tenant per test file (or test): a random id, so files running in
 * parallel against the shared DynamoDB Local never see each other's data.
 */
import { randomUUID } from 'node:crypto';
import { Table } from '../../shared/storage/table.js';
import { provisionTenant, type ProvisionTenantInput } from '../../shared/tenant-setup/provision-tenant.js';
import type { ProvisioningMode } from '../../shared/tenants/tenant.js';
import { issuePersonalAccessToken } from '../../shared/tokens/personal-access-tokens.js';
import { issueScimToken } from '../../shared/tokens/scim-tokens.js';

export interface TestTenant {
  tenantId: string;
  adminUserId: string;
  adminEmail: string;
  /** A PAT of the admin. */
  adminToken: string;
  /** A SCIM token, for `scim` tenants only. */
  scimToken?: string;
  table: Table;
}

/** A random valid tenant id with a readable prefix (`<prefix>-<8 hex>`). */
export const randomTenantId = (prefix = 't'): string => `${prefix}-${randomUUID().slice(0, 8)}`;

/**
 * Provisions a tenant with a random id (mode `scim` unless given) and its admin;
 * returns the admin's PAT and, for SCIM tenants, a SCIM token.
 */
export async function createTestTenant(
  options: { prefix?: string; mode?: ProvisioningMode } & Partial<Omit<ProvisionTenantInput, 'id' | 'mode'>> = {},
): Promise<TestTenant> {
  const { prefix, mode = 'scim', ...overrides } = options;
  const tenantId = randomTenantId(prefix);
  const adminEmail = `admin@${tenantId}.example`;
  const table = new Table();
  const { adminUserIds } = await provisionTenant(table, {
    displayName: `Test tenant ${tenantId}`,
    admins: [{ email: adminEmail }],
    // The client URL tests put in invite and reset links.
    linkOrigins: ['https://app.example.com'],
    ...overrides,
    id: tenantId,
    mode,
  });
  const adminUserId = adminUserIds[0]!;
  const { token: adminToken } = await issuePersonalAccessToken(table, { tenantId, userId: adminUserId, name: 'test-admin' });
  const scimToken = mode === 'scim' ? (await issueScimToken(table, { tenantId, actorId: adminUserId })).token : undefined;
  return { tenantId, adminUserId, adminEmail: overrides.admins?.[0]?.email ?? adminEmail, adminToken, scimToken, table };
}
