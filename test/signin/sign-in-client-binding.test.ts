/**
 * Connected: the (issuer, clientId) → tenant binding of a direct sign-in
 * client lives and dies in the same transaction as the tenant's
 * `signInClient`, whichever way that changes (creation, settings update,
 * deployment, the local demo wiring, removal); a Cognito sign-in client needs
 * none; and no two tenants hold the same client.
 */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { connectDemoTenants } from '../../infra/local/demo-oidc-provider.js';
import { isAppError } from '../../shared/errors/app-error.js';
import { Table } from '../../shared/storage/table.js';
import { Transaction } from '../../shared/storage/transaction.js';
import { applyDeploymentSettings, removeTenant } from '../../shared/tenant-setup/deployment-settings.js';
import { provisionTenant, type ProvisionTenantInput } from '../../shared/tenant-setup/provision-tenant.js';
import { signInClientKey } from '../../shared/tenants/sign-in-client-binding.js';
import { TenantRepository } from '../../shared/tenants/tenant-repository.js';
import type { SignInClient, Tenant } from '../../shared/tenants/tenant.js';
import { createTestTenant, randomTenantId } from '../support/tenants.js';

const table = new Table();
const tenants = new TenantRepository(table);
const ISSUER = 'https://idp.example/oauth2/default';

const newClient = (issuer = ISSUER): SignInClient => ({ issuer, clientId: `client-${randomUUID().slice(0, 8)}`, scopes: ['openid'] });
const bindingOf = (client: SignInClient) => table.get(signInClientKey(client));

async function update(tenantId: string, change: (t: Tenant) => Tenant, before?: Tenant): Promise<void> {
  const current = before ?? (await tenants.require(tenantId));
  const tx = new Transaction(table);
  tenants.update(tx, current, change(current));
  await tx.commit();
}

async function failure(promise: Promise<unknown>): Promise<{ status: number; code: string; message: string }> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!isAppError(error)) throw new Error(`expected an API error, got ${String(error)}`);
  return { status: (error as unknown as { status: number }).status, code: error.code, message: error.message };
}

describe('the binding of a direct sign-in client', () => {
  it('is written with the tenant that has the client, with the issuer hashed into its key; a Cognito sign-in client gets none', async () => {
    const client = newClient();
    const direct = await createTestTenant({ prefix: 'bind', mode: 'invite-only', signInClient: client });
    const item = await bindingOf(client);
    expect(item).toMatchObject({ entity: 'signInClient', tenantId: direct.tenantId, issuer: ISSUER, clientId: client.clientId });
    expect(item!.PK).toMatch(/^SIGNINCLIENT#[\w-]{43}$/);

    const poolIssuer = `https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_${randomUUID().slice(0, 8)}`;
    const pooled = newClient(`${poolIssuer}/`);
    await createTestTenant({ prefix: 'bind', mode: 'invite-only', jwtIssuer: poolIssuer, signInClient: pooled });
    expect(await bindingOf(pooled)).toBeUndefined();
  });

  it('moves with the client and goes with it, in the same transaction; a stale update moves nothing', async () => {
    const first = newClient();
    const t = await createTestTenant({ prefix: 'bind', mode: 'invite-only', signInClient: first });
    const stale = await tenants.require(t.tenantId);

    const second = newClient();
    await update(t.tenantId, (x) => ({ ...x, signInClient: second }));
    expect(await bindingOf(first)).toBeUndefined();
    expect(await bindingOf(second)).toMatchObject({ tenantId: t.tenantId });

    const third = newClient();
    expect(await failure(update(t.tenantId, (x) => ({ ...x, signInClient: third }), stale))).toMatchObject({ status: 412, code: 'tenant.version_mismatch' });
    expect(await bindingOf(third)).toBeUndefined();
    expect(await bindingOf(second)).toMatchObject({ tenantId: t.tenantId });

    // Becoming a Cognito client (its issuer is the tenant's pool) needs no binding either.
    await update(t.tenantId, (x) => ({ ...x, jwtIssuer: second.issuer }));
    expect(await bindingOf(second)).toBeUndefined();
    await update(t.tenantId, (x) => ({ ...x, jwtIssuer: undefined }));
    expect(await bindingOf(second)).toMatchObject({ tenantId: t.tenantId });

    await update(t.tenantId, (x) => ({ ...x, signInClient: undefined }));
    expect(await bindingOf(second)).toBeUndefined();
  });

  it('belongs to one tenant: another claiming the client is a 409 naming the holder, and nothing changes', async () => {
    const client = newClient();
    const holder = await createTestTenant({ prefix: 'bind', mode: 'invite-only', signInClient: client });
    const other = await createTestTenant({ prefix: 'bind', mode: 'invite-only' });
    const before = await tenants.require(other.tenantId);
    const refused = await failure(update(other.tenantId, (x) => ({ ...x, signInClient: client })));
    expect(refused).toEqual({
      status: 409,
      code: 'tenant.sign_in_client_taken',
      message: `Sign-in client ${client.clientId} of ${ISSUER} belongs to tenant ${holder.tenantId}; a sign-in client identifies one tenant, so ${other.tenantId} needs a client of its own`,
    });
    expect(await tenants.require(other.tenantId)).toEqual(before);
    expect(await bindingOf(client)).toMatchObject({ tenantId: holder.tenantId });

    const created = randomTenantId('bind');
    const creation = provisionTenant(table, {
      id: created,
      displayName: 'Copycat',
      mode: 'invite-only',
      signInClient: client,
      admins: [{ email: `ops@${created}.example` }],
    });
    expect(await failure(creation)).toMatchObject({ status: 409, code: 'tenant.sign_in_client_taken' });
    expect(await tenants.get(created)).toBeUndefined();
  });

  it('follows deployments: set, moved, written for a tenant that predates bindings, and removed with the tenant', async () => {
    const id = randomTenantId('bind');
    const client = newClient();
    const settings: ProvisionTenantInput = { id, displayName: 'Bound', mode: 'invite-only', signInClient: client, admins: [{ email: `ops@${id}.example` }] };
    await applyDeploymentSettings(table, settings);
    expect(await bindingOf(client)).toMatchObject({ tenantId: id });

    const moved = newClient();
    expect(await applyDeploymentSettings(table, { ...settings, signInClient: moved })).toEqual({ created: false, changed: true });
    expect(await bindingOf(client)).toBeUndefined();
    expect(await bindingOf(moved)).toMatchObject({ tenantId: id });

    await table.delete({ Key: signInClientKey(moved) });
    expect(await applyDeploymentSettings(table, { ...settings, signInClient: moved })).toEqual({ created: false, changed: false });
    expect(await bindingOf(moved)).toMatchObject({ tenantId: id });

    await removeTenant(table, id, { force: true });
    expect(await bindingOf(moved)).toBeUndefined();
  });

  it('is written by the local demo wiring, and again on a start that finds the tenant wired but the binding missing', async () => {
    const t = await createTestTenant({ prefix: 'bind', mode: 'invite-only' });
    const issuer = `http://127.0.0.1:1/${randomUUID().slice(0, 8)}`;
    const demo: SignInClient = { issuer, clientId: `demo-${t.tenantId}`, scopes: ['openid', 'email', 'profile'] };
    await connectDemoTenants(table, [t.tenantId], issuer, 'http://127.0.0.1:2');
    expect(await bindingOf(demo)).toMatchObject({ tenantId: t.tenantId });

    await table.delete({ Key: signInClientKey(demo) });
    const version = (await tenants.require(t.tenantId)).version;
    await connectDemoTenants(table, [t.tenantId], issuer, 'http://127.0.0.1:2');
    expect(await bindingOf(demo)).toMatchObject({ tenantId: t.tenantId });
    expect((await tenants.require(t.tenantId)).version).toBe(version);
  });
});
