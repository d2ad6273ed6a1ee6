/** Connected: concurrent SCIM writes without If-Match are re-read and re-applied, never lost. */
import { beforeAll, describe, expect, it } from 'vitest';
import { patchScimUser, createScimUser } from '../../shared/scim/users/scim-user-writes.js';
import { patchScimGroup, createScimGroup } from '../../shared/scim/groups/scim-group-writes.js';
import { parsePatchRequest } from '../../shared/scim/patch/patch-request.js';
import type { ScimContext } from '../../shared/scim/scim-context.js';
import { TenantRepository } from '../../shared/tenants/tenant-repository.js';
import { UserRepository } from '../../shared/users/user-repository.js';
import { createTestTenant } from '../support/tenants.js';

const PATCH = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';
let ctx: ScimContext;

beforeAll(async () => {
  const t = await createTestTenant({ prefix: 'race' });
  ctx = { table: t.table, tenant: (await new TenantRepository(t.table).get(t.tenantId))!, actor: { type: 'scim', id: 'scim-token:test' } };
});

const ops = (operations: unknown[]) => parsePatchRequest({ schemas: [PATCH], Operations: operations });

describe('concurrent writes', () => {
  it('keeps every one of three concurrent PATCHes of one user', async () => {
    const user = await createScimUser(ctx, { userName: 'racer' });
    await Promise.all(
      ['1', '2', '3'].map((n) => patchScimUser(ctx, user.id, ops([{ op: 'add', path: 'phoneNumbers', value: [{ value: n, type: 'work' }] }]), undefined)),
    );
    const stored = await new UserRepository(ctx.table).get(ctx.tenant.id, user.id);
    expect((stored?.scim?.phoneNumbers as Array<{ value: string }>).map((p) => p.value).sort()).toEqual(['1', '2', '3']);
    expect(stored?.version).toBe(4);
  });

  it('keeps a rename and a concurrent member change of one group', async () => {
    const member = await createScimUser(ctx, { userName: 'member' });
    const { team } = await createScimGroup(ctx, { displayName: 'race-group' });
    await Promise.all([
      patchScimGroup(ctx, team.id, ops([{ op: 'replace', path: 'displayName', value: 'race-renamed' }]), undefined),
      patchScimGroup(ctx, team.id, ops([{ op: 'add', path: 'members', value: [{ value: member.id }] }]), undefined),
    ]);
    const { TeamRepository } = await import('../../shared/teams/team-repository.js');
    expect(await new TeamRepository(ctx.table).get(ctx.tenant.id, team.id)).toMatchObject({ name: 'race-renamed', memberCount: 1 });
  });
});
