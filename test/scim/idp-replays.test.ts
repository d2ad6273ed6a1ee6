/**
 * HTTP: the documented request sequences of Entra ID (including its validator's
 * checks and the aadOptscim062020 dialect), Okta (SPEC and CRUD suites),
 * OneLogin and authentik, replayed against the gateway, each in a tenant of its
 * own, asserting status codes and bodies step by step, then the stored state.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestGateway, type TestGateway } from '../support/gateway.js';
import { UserRepository } from '../../shared/users/user-repository.js';
import { TeamRepository } from '../../shared/teams/team-repository.js';
import { MembershipRepository } from '../../shared/teams/membership-repository.js';
import { loadFixture, replay } from './fixture-runner.js';
import { startScimClient } from './scim-client.js';

let gateway: TestGateway;
beforeAll(async () => {
  gateway = await startTestGateway();
});
afterAll(() => gateway?.close());

async function run(name: string) {
  const client = await startScimClient(name.split('-')[0], gateway);
  const result = await replay(client, loadFixture(name));
  return { client, ...result, users: new UserRepository(client.tenant.table), teams: new TeamRepository(client.tenant.table) };
}

describe('IdP request sequences', () => {
  it('Entra ID: user lifecycle', async () => {
    const { client, saved, users } = await run('entra-user-lifecycle');
    expect(await users.get(client.tenant.tenantId, saved.get('user')!)).toBeUndefined();
  });

  it('Entra ID: group lifecycle', async () => {
    const { client, saved, teams } = await run('entra-group-lifecycle');
    expect(await teams.get(client.tenant.tenantId, saved.get('group')!)).toBeUndefined();
    expect(await new MembershipRepository(client.tenant.table).listTeamsOfUser(client.tenant.tenantId, saved.get('member')!)).toEqual([]);
  });

  it('Entra ID: aadOptscim062020 dialect', async () => {
    const { client, saved, users, teams } = await run('entra-aadoptscim062020');
    const user = await users.get(client.tenant.tenantId, saved.get('user')!);
    expect(user).toMatchObject({
      active: false,
      source: 'scim',
      role: 'tenant-member',
      externalId: 'Eqpj',
      email: 'TestBcwqnm@test.microsoft.com',
      hasPassword: false,
      inviteAccepted: true,
    });
    expect(await teams.get(client.tenant.tenantId, saved.get('group')!)).toMatchObject({ name: 'Flag-Group-2', memberCount: 1, source: 'scim' });
  });

  it('Entra ID: validator checks', async () => {
    const { client, saved, users } = await run('entra-validator');
    const user = await users.get(client.tenant.tenantId, saved.get('user')!);
    // PUT replaced everything it did not carry, but kept the user active.
    expect(user).toMatchObject({ displayName: 'Val Renamed', active: true, version: 2 });
    expect(user?.scim).toBeUndefined();
  });

  it('Okta: SPEC test', async () => {
    const { client, saved, users } = await run('okta-spec');
    const user = await users.get(client.tenant.tenantId, saved.get('user')!);
    expect(user).toMatchObject({ source: 'scim', hasPassword: false });
    expect(JSON.stringify(user)).not.toContain('1mz050nq');
  });

  it('Okta: user and group CRUD', async () => {
    const { client, saved, users, teams } = await run('okta-crud');
    expect(await users.get(client.tenant.tenantId, saved.get('user')!)).toBeUndefined();
    expect(await teams.get(client.tenant.tenantId, saved.get('group')!)).toBeUndefined();
  });

  it('OneLogin: provisioning', async () => {
    const { client, saved, users } = await run('onelogin-provisioning');
    expect(await users.get(client.tenant.tenantId, saved.get('user')!)).toBeUndefined();
  });

  it('authentik: sync', async () => {
    const { client, saved, teams } = await run('authentik-sync');
    expect(await teams.get(client.tenant.tenantId, saved.get('group')!)).toBeUndefined();
  });
});
