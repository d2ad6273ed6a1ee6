/**
 * What a deployment owns of a tenant, applied by the CDK seeding custom resource
 * on every deploy: display name, SSO provider, attribute mapping, sender, user
 * pool and sign-in client. What tenant admins run at runtime (mode, SSO
 * enforcement, break-glass accounts) is seeded once and then left alone, so a
 * redeploy never undoes an admin's decision.
 *
 * Removing a tenant is refused while it has users, unless the deployment said
 * `forceRemoval` (docs/tenants.md).
 */
import { tenantState } from '../events/event-state.js';
import { recordAudit, diffAttributes } from '../audit/audit-event.js';
import { ConflictError, PreconditionFailedError } from '../errors/app-error.js';
import { keys } from '../storage/keys.js';
import type { Table } from '../storage/table.js';
import { Transaction } from '../storage/transaction.js';
import { changedKeys } from '../json/same-value.js';
import { UserRepository } from '../users/user-repository.js';
import { provisionTenant, type ProvisionTenantInput } from './provision-tenant.js';
import { addSignInClientBindingChange, ensureSignInClientBinding } from '../tenants/sign-in-client-binding.js';
import { TenantRepository } from '../tenants/tenant-repository.js';
import type { Tenant } from '../tenants/tenant.js';

const SYSTEM = { type: 'system' as const, id: 'deployment', slug: 'CDK deployment' };
const DEPLOYMENT_FIELDS = [
  'displayName',
  'sso',
  'attributeMapping',
  'mailFrom',
  'userPoolId',
  'appClientId',
  'jwtIssuer',
  'signInClient',
  'consoleUrl',
] as const;

/** Creates the tenant if absent, then brings its deployment-owned fields to `input`; returns whether anything changed. */
export async function applyDeploymentSettings(table: Table, input: ProvisionTenantInput): Promise<{ created: boolean; changed: boolean }> {
  const { created } = await provisionTenant(table, input);
  const tenants = new TenantRepository(table);
  const before = await tenants.require(input.id);
  // A tenant from before sign-in client bindings existed gets its binding now; `update` moves it from there.
  await ensureSignInClientBinding(table, before);
  const after: Tenant = { ...before };
  for (const field of DEPLOYMENT_FIELDS) (after as unknown as Record<string, unknown>)[field] = input[field as keyof ProvisionTenantInput];
  if (input.attributeMapping === undefined) after.attributeMapping = before.attributeMapping;
  const pick = (t: Tenant) => Object.fromEntries(DEPLOYMENT_FIELDS.map((f) => [f, t[f]]));
  const changed = changedKeys(pick(before), pick(after));
  if (changed.length === 0) return { created, changed: false };
  const only = (record: Record<string, unknown>) => Object.fromEntries(changed.map((k) => [k, record[k]]));
  const changes = diffAttributes(only(pick(before)), only(pick(after)));
  if (!after.sso && (before.mode === 'jit' || before.ssoEnforced)) {
    throw new ConflictError(
      'tenant.sso_in_use',
      `Tenant ${before.id} is in ${before.mode} mode${before.ssoEnforced ? ' with SSO enforced' : ''}; switch that off in its provisioning settings before removing its SSO provider`,
    );
  }
  const tx = new Transaction(table);
  tenants.update(tx, before, { ...after, updatedAt: new Date().toISOString() });
  if (after.userPoolId && after.userPoolId !== before.userPoolId) {
    tx.put({ ...keys.userPool(after.userPoolId), entity: 'userPool', tenantId: before.id });
  }
  if (before.userPoolId && before.userPoolId !== after.userPoolId) tx.delete(keys.userPool(before.userPoolId));
  // The SSO view of changes never carries a secret: the config holds only a Secrets Manager reference.
  recordAudit(tx, {
    tenantId: before.id,
    actor: SYSTEM,
    action: 'tenant.deployment_updated',
    target: { type: 'tenant', id: before.id, slug: after.displayName },
    changes,
    data: { tenant: tenantState(after) },
    sequence: before.version + 1,
  });
  await tx.commit();
  return { created, changed: true };
}

/**
 * Removes a tenant's settings, pool mapping and sign-in client binding, so
 * nothing signs in or calls its SCIM endpoint any more. Refused (409) while it
 * has users unless `force`.
 */
export async function removeTenant(table: Table, tenantId: string, options: { force: boolean }): Promise<void> {
  const tenants = new TenantRepository(table);
  const tenant = await tenants.get(tenantId);
  if (!tenant) return;
  const { total } = await new UserRepository(table).counts(tenantId);
  if (total > 0 && !options.force) {
    throw new ConflictError(
      'tenant.has_users',
      `Tenant ${tenantId} still has ${total} user(s); set pool.forceRemoval: true on its entry and deploy before removing it`,
    );
  }
  const tx = new Transaction(table);
  tx.delete(keys.tenant(tenantId), {
    condition: '#v = :v',
    names: { '#v': 'version' },
    values: { ':v': tenant.version },
    onConditionFailed: () => new PreconditionFailedError('tenant.version_mismatch', `Tenant ${tenantId} changed during its removal; retry`),
  });
  if (tenant.userPoolId) tx.delete(keys.userPool(tenant.userPoolId));
  addSignInClientBindingChange(tx, tenant, undefined);
  recordAudit(tx, {
    tenantId,
    actor: SYSTEM,
    action: 'tenant.removed',
    target: { type: 'tenant', id: tenantId, slug: tenant.displayName },
    details: { users: total, forced: options.force },
    data: { tenant: { id: tenantId, displayName: tenant.displayName }, users: total, forced: options.force },
    sequence: tenant.version + 1,
  });
  await tx.commit();
}
