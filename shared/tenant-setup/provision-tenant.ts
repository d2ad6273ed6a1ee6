/**
 * Creates a tenant with its settings and initial admins, idempotently: the CDK
 * seeding custom resource and the local stack call it on every deploy or start,
 * and a tenant that exists is left as it is.
 */
import { tenantState, userState } from '../events/event-state.js';
import { randomUUID } from 'node:crypto';
import type { Table } from '../storage/table.js';
import { Transaction } from '../storage/transaction.js';
import { ConflictError } from '../errors/app-error.js';
import { recordAudit } from '../audit/audit-event.js';
import { UserRepository } from '../users/user-repository.js';
import { normalizeEmail } from '../users/identity-string.js';
import type { User } from '../users/user.js';
import { activeAdminsItem } from '../users/admin-guard.js';
import { TenantRepository } from '../tenants/tenant-repository.js';
import {
  DEFAULT_PAT_MAX_LIFETIME_DAYS,
  type AttributeMapping,
  type ProvisioningMode,
  type SignInClient,
  type SsoConfig,
  type Tenant,
} from '../tenants/tenant.js';
import type * as z from '../validation/zod.js';

export interface ProvisionTenantInput {
  id: string;
  displayName: string;
  mode: ProvisioningMode;
  userPoolId?: string;
  appClientId?: string;
  jwtIssuer?: string;
  sso?: SsoConfig;
  ssoEnforced?: boolean;
  mailFrom?: string;
  /** Admin emails that may still sign in with a password while SSO is enforced. */
  breakGlassEmails?: string[];
  /** Seeded once, then the tenant admins' (provisioning settings), as `ssoEnforced`. */
  trustIdpEmails?: boolean;
  attributeMapping?: z.infer<typeof AttributeMapping>;
  signInClient?: SignInClient;
  consoleUrl?: string;
  /** Origins besides the console's that mail links may point to; seeded once, then the admins' (./link-origins.ts). */
  linkOrigins?: string[];
  admins: Array<{ email: string; displayName?: string; cognitoUsername?: string }>;
}

const SYSTEM = { type: 'system' as const, id: 'provisioning', slug: 'tenant provisioning' };

/**
 * A tenant and its first admins are created in one transaction: each admin adds
 * a user, its markers, its audit event and a users-counter shard (ten shards,
 * one operation per item in a transaction). More are promoted in the tenant.
 */
export const MAX_FIRST_ADMINS = 10;

export async function provisionTenant(table: Table, input: ProvisionTenantInput): Promise<{ tenantId: string; adminUserIds: string[]; created: boolean }> {
  if (input.admins.length > MAX_FIRST_ADMINS)
    throw new Error(`A tenant is provisioned with at most ${MAX_FIRST_ADMINS} first admins, not ${input.admins.length}`);
  const tenants = new TenantRepository(table);
  const users = new UserRepository(table);
  const existing = await tenants.get(input.id);
  if (existing) {
    const admins = await Promise.all(input.admins.map((a) => users.findByLoginEmail(input.id, a.email)));
    return { tenantId: input.id, adminUserIds: admins.flatMap((u) => (u ? [u.id] : [])), created: false };
  }
  const now = new Date().toISOString();
  const tenant: Tenant = {
    id: input.id,
    displayName: input.displayName,
    mode: input.mode,
    sso: input.sso,
    ssoEnforced: input.ssoEnforced ?? false,
    breakGlassEmails: input.breakGlassEmails ?? [],
    trustIdpEmails: input.trustIdpEmails ?? false,
    attributeMapping: input.attributeMapping ?? { email: 'email', name: 'name' },
    signInClient: input.signInClient,
    consoleUrl: input.consoleUrl,
    ...(input.linkOrigins?.length ? { linkOrigins: input.linkOrigins } : {}),
    mailFrom: input.mailFrom,
    userPoolId: input.userPoolId,
    appClientId: input.appClientId,
    jwtIssuer: input.jwtIssuer,
    patMaxLifetimeDays: DEFAULT_PAT_MAX_LIFETIME_DAYS,
    createdAt: now,
    updatedAt: now,
    version: 1,
  };
  const tx = new Transaction(table);
  tenants.create(tx, tenant);
  recordAudit(tx, {
    tenantId: tenant.id,
    actor: SYSTEM,
    action: 'tenant.created',
    target: { type: 'tenant', id: tenant.id },
    data: { tenant: tenantState(tenant) },
    sequence: tenant.version,
  });
  const adminUsers: User[] = input.admins.map((admin) => {
    const email = normalizeEmail(admin.email, 'admins.email');
    return {
      tenantId: tenant.id,
      id: randomUUID(),
      userName: email,
      email,
      emails: [{ value: email, type: 'work', primary: true }],
      displayName: admin.displayName,
      active: true,
      role: 'tenant-admin',
      source: 'seed',
      inviteAccepted: true,
      hasPassword: true,
      cognitoUsername: admin.cognitoUsername,
      createdAt: now,
      updatedAt: now,
      version: 1,
    };
  });
  // The last-admin guard's counter starts at the seeded admins (all active).
  tx.put(activeAdminsItem(tenant.id, adminUsers.length));
  for (const user of adminUsers) {
    users.create(tx, user);
    recordAudit(tx, {
      tenantId: tenant.id,
      actor: SYSTEM,
      action: 'user.created',
      target: { type: 'user', id: user.id, slug: user.email },
      details: { role: user.role, source: user.source },
      data: { user: userState(user) },
      sequence: user.version,
    });
  }
  try {
    await tx.commit();
  } catch (error) {
    // Two deploys racing to create the same tenant: the loser finds it made.
    if (error instanceof ConflictError && error.code === 'tenant.exists') return provisionTenant(table, input);
    throw error;
  }
  return { tenantId: tenant.id, adminUserIds: adminUsers.map((u) => u.id), created: true };
}
