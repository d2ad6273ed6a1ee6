/**
 * Storage of tenant settings, the user-pool → tenant map, and the binding of a
 * direct sign-in client (./sign-in-client-binding.ts), which `create` and
 * `update` keep in the same transaction as the settings.
 */
import { keys } from '../storage/keys.js';
import type { Table } from '../storage/table.js';
import type { Transaction } from '../storage/transaction.js';
import { ConflictError, NotFoundError, PreconditionFailedError } from '../errors/app-error.js';
import { addSignInClientBindingChange } from './sign-in-client-binding.js';
import { ProvisioningMode, type Tenant } from './tenant.js';
import { parseStoredItem } from '../storage/stored-item.js';
import * as z from '../validation/zod.js';

type TenantItem = Tenant & { PK: string; SK: string; entity: 'tenant' };

export const tenantItem = (tenant: Tenant): TenantItem => ({ ...keys.tenant(tenant.id), entity: 'tenant', ...tenant });

/** What every stored tenant has; the optional settings are kept as stored. */
const StoredTenantSchema = z.looseObject({
  id: z.string(),
  displayName: z.string(),
  mode: ProvisioningMode,
  ssoEnforced: z.boolean(),
  breakGlassEmails: z.array(z.string()),
  attributeMapping: z.object({ email: z.string(), name: z.string() }),
  patMaxLifetimeDays: z.number(),
  createdAt: z.string(),
  updatedAt: z.string(),
  version: z.number(),
});

export function tenantFromItem(item: Record<string, unknown>): Tenant {
  return parseStoredItem(StoredTenantSchema, item, 'tenant');
}

export class TenantRepository {
  constructor(private readonly table: Table) {}

  async get(tenantId: string): Promise<Tenant | undefined> {
    const item = await this.table.get(keys.tenant(tenantId));
    return item ? tenantFromItem(item) : undefined;
  }

  async require(tenantId: string): Promise<Tenant> {
    const tenant = await this.get(tenantId);
    if (!tenant) throw new NotFoundError('tenant.not_found', `Tenant ${tenantId} does not exist`);
    return tenant;
  }

  async tenantIdOfUserPool(userPoolId: string): Promise<string | undefined> {
    const item = await this.table.get<{ tenantId: string }>(keys.userPool(userPoolId));
    return item?.tenantId;
  }

  /** Adds the creation of a tenant (its pool mapping, its direct sign-in client's binding) to a transaction. */
  create(tx: Transaction, tenant: Tenant): void {
    tx.create(tenantItem(tenant), () => new ConflictError('tenant.exists', `Tenant ${tenant.id} already exists`));
    if (tenant.userPoolId) {
      tx.put({ ...keys.userPool(tenant.userPoolId), entity: 'userPool', tenantId: tenant.id });
    }
    addSignInClientBindingChange(tx, undefined, tenant);
  }

  /**
   * Replaces the settings if the stored version is still `before.version`, and
   * moves the direct sign-in client's binding with them when it changes.
   */
  update(tx: Transaction, before: Tenant, after: Tenant): void {
    tx.put(tenantItem({ ...after, version: before.version + 1 }), {
      condition: '#v = :v',
      names: { '#v': 'version' },
      values: { ':v': before.version },
      onConditionFailed: () => new PreconditionFailedError('tenant.version_mismatch', 'Tenant settings changed meanwhile; read them again and retry'),
    });
    addSignInClientBindingChange(tx, before, after);
  }
}
