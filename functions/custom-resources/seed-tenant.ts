/**
 * The CDK seeding custom resource of a tenant (`infra/tenant-user-pool.ts`):
 * Create and Update write the tenant's deployment settings and first admins
 * (idempotently: a tenant that exists keeps its users and runtime settings);
 * Delete removes the tenant, refused while it has users unless forced.
 * CloudFormation shows a thrown error's message as the failure reason.
 */
import type { CloudFormationCustomResourceEvent } from 'aws-lambda';
import { table } from '../../shared/storage/table.js';
import { applyDeploymentSettings, removeTenant } from '../../shared/tenant-setup/deployment-settings.js';
import type { ProvisionTenantInput } from '../../shared/tenant-setup/provision-tenant.js';

interface SeedProperties {
  /** JSON of {@link ProvisionTenantInput} plus `forceRemoval`. */
  Settings: string;
}

export async function handler(event: CloudFormationCustomResourceEvent): Promise<{ PhysicalResourceId: string; Data?: Record<string, string> }> {
  const settings = JSON.parse((event.ResourceProperties as unknown as SeedProperties).Settings) as ProvisionTenantInput & { forceRemoval?: boolean };
  if (event.RequestType === 'Delete') {
    await removeTenant(table(), event.PhysicalResourceId, { force: settings.forceRemoval === true });
    return { PhysicalResourceId: event.PhysicalResourceId };
  }
  // A changed tenant id is a new tenant: CloudFormation then deletes the old physical resource.
  const { forceRemoval: _force, ...input } = settings;
  const { created, changed } = await applyDeploymentSettings(table(), input);
  return { PhysicalResourceId: input.id, Data: { created: String(created), changed: String(changed) } };
}
