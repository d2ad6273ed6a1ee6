/**
 * The CDK seeding custom resource against DynamoDB Local: create seeds the tenant
 * and its admins, update changes only deployment-owned fields, delete is refused
 * while the tenant has users unless forced.
 */
import type { CloudFormationCustomResourceEvent } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { handler as seed } from '../../functions/custom-resources/seed-tenant.js';
import { keys } from '../../shared/storage/keys.js';
import { Table } from '../../shared/storage/table.js';
import { TenantRepository } from '../../shared/tenants/tenant-repository.js';
import type { ProvisionTenantInput } from '../../shared/tenant-setup/provision-tenant.js';
import { UserRepository } from '../../shared/users/user-repository.js';
import { randomTenantId } from '../support/tenants.js';
import { auditEvents } from './support.js';

const table = new Table();
const tenants = new TenantRepository(table);

function event(type: 'Create' | 'Update' | 'Delete', settings: ProvisionTenantInput & { forceRemoval?: boolean }): CloudFormationCustomResourceEvent {
  const base = {
    ServiceToken: 'arn:aws:lambda:eu-west-1:1:function:seed',
    ResponseURL: 'https://cloudformation.example/response',
    StackId: 'arn:aws:cloudformation:eu-west-1:1:stack/Provisioning/1',
    RequestId: 'req',
    LogicalResourceId: 'TenantSeed',
    ResourceType: 'Custom::TenantSeed',
    ResourceProperties: { ServiceToken: 'x', Settings: JSON.stringify(settings) },
  };
  if (type === 'Create') return { ...base, RequestType: 'Create' };
  return { ...base, RequestType: type, PhysicalResourceId: settings.id, OldResourceProperties: {} } as CloudFormationCustomResourceEvent;
}

const settingsFor = (id: string): ProvisionTenantInput => ({
  id,
  displayName: 'Initech',
  mode: 'invite-only',
  userPoolId: `eu-west-1_${id.replace(/-/g, '')}`,
  appClientId: 'client-1',
  jwtIssuer: 'https://cognito-idp.eu-west-1.amazonaws.com/pool',
  sso: { type: 'oidc', providerName: 'Okta', issuer: 'https://initech.okta.example', clientId: 'c', clientSecretRef: 'arn:secret', scopes: ['openid'] },
  ssoEnforced: false,
  admins: [{ email: `ops@${id}.example`, cognitoUsername: `ops@${id}.example` }],
});

describe('tenant seeding custom resource', () => {
  it('creates the tenant, its admin and its pool mapping; a repeated create changes nothing', async () => {
    const id = randomTenantId('seed');
    const out = await seed(event('Create', settingsFor(id)));
    expect(out).toEqual({ PhysicalResourceId: id, Data: { created: 'true', changed: 'false' } });
    expect(await tenants.tenantIdOfUserPool(`eu-west-1_${id.replace(/-/g, '')}`)).toBe(id);
    expect((await new UserRepository(table).findByLoginEmail(id, `ops@${id}.example`))?.role).toBe('tenant-admin');
    expect(await seed(event('Create', settingsFor(id)))).toEqual({ PhysicalResourceId: id, Data: { created: 'false', changed: 'false' } });
  });

  it('updates deployment-owned fields and moves the pool mapping, but never the mode an admin chose', async () => {
    const id = randomTenantId('seed');
    await seed(event('Create', settingsFor(id)));
    const before = await tenants.require(id);
    // An admin switched the mode at runtime.
    const { Transaction } = await import('../../shared/storage/transaction.js');
    const tx = new Transaction(table);
    tenants.update(tx, before, { ...before, mode: 'scim' });
    await tx.commit();

    const next = { ...settingsFor(id), displayName: 'Initech Global', userPoolId: 'eu-west-1_NewPool', mode: 'invite-only' as const };
    expect(await seed(event('Update', next))).toMatchObject({ Data: { changed: 'true' } });
    const after = await tenants.require(id);
    expect(after).toMatchObject({ displayName: 'Initech Global', userPoolId: 'eu-west-1_NewPool', mode: 'scim' });
    expect(await tenants.tenantIdOfUserPool('eu-west-1_NewPool')).toBe(id);
    expect(await table.get(keys.userPool(`eu-west-1_${id.replace(/-/g, '')}`))).toBeUndefined();
    expect((await auditEvents(table, id)).some((e) => e.action === 'tenant.deployment_updated')).toBe(true);
  });

  it('refuses to drop SSO from a tenant that enforces it', async () => {
    const id = randomTenantId('seed');
    await seed(event('Create', { ...settingsFor(id), ssoEnforced: true }));
    await expect(seed(event('Update', { ...settingsFor(id), sso: undefined }))).rejects.toThrow(/switch that off in its provisioning settings/);
    expect((await tenants.require(id)).sso?.providerName).toBe('Okta');
  });

  it('refuses removal while the tenant has users, unless forced', async () => {
    const id = randomTenantId('seed');
    await seed(event('Create', settingsFor(id)));
    await expect(seed(event('Delete', settingsFor(id)))).rejects.toThrow(`Tenant ${id} still has 1 user(s); set pool.forceRemoval: true`);
    expect(await tenants.get(id)).toBeDefined();
    expect(await seed(event('Delete', { ...settingsFor(id), forceRemoval: true }))).toEqual({ PhysicalResourceId: id });
    expect(await tenants.get(id)).toBeUndefined();
    expect(await tenants.tenantIdOfUserPool(`eu-west-1_${id.replace(/-/g, '')}`)).toBeUndefined();
    // Deleting what is gone succeeds: CloudFormation retries deletes.
    expect(await seed(event('Delete', settingsFor(id)))).toEqual({ PhysicalResourceId: id });
  });
});
