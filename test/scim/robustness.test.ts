/**
 * Connected fuzz (fast-check): random PATCH bodies, resource bodies and filters
 * never make the SCIM services fail with anything but a client error (a 5xx on
 * bad input is a bug), and a refused PATCH leaves the user as it was.
 */
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { isAppError } from '../../shared/errors/app-error.js';
import { Projection } from '../../shared/scim/projection.js';
import { parsePatchRequest } from '../../shared/scim/patch/patch-request.js';
import { runQuery } from '../../shared/scim/query/run-query.js';
import { userSource } from '../../shared/scim/query/user-source.js';
import { USER_RESOURCE } from '../../shared/scim/schemas/resource-types.js';
import type { ScimContext } from '../../shared/scim/scim-context.js';
import { createScimUser, patchScimUser } from '../../shared/scim/users/scim-user-writes.js';
import { createScimGroup, patchScimGroup } from '../../shared/scim/groups/scim-group-writes.js';
import { TenantRepository } from '../../shared/tenants/tenant-repository.js';
import { UserRepository } from '../../shared/users/user-repository.js';
import { createTestTenant } from '../support/tenants.js';

const PATCH = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';
const ENT = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
let ctx: ScimContext;

beforeAll(async () => {
  const t = await createTestTenant({ prefix: 'fuzz' });
  ctx = { table: t.table, tenant: (await new TenantRepository(t.table).get(t.tenantId))!, actor: { type: 'scim', id: 'scim-token:fuzz' } };
});

/**
 * Runs `body`; any failure must be a 4xx AppError. A 503 from the local database
 * being overloaded (the suite shares one DynamoDB Local) is the environment, not
 * the input, and is skipped; anything else of 500 and up fails the property.
 */
async function clientErrorOnly(body: () => Promise<unknown>): Promise<'ok' | number> {
  try {
    await body();
    return 'ok';
  } catch (error) {
    if (isAppError(error) && error.code === 'service.unavailable') return error.status;
    if (!isAppError(error) || error.status >= 500) throw error;
    return error.status;
  }
}

const paths = fc.constantFrom(
  'userName',
  'active',
  'name',
  'name.givenName',
  'emails',
  'emails[type eq "work"].value',
  'emails[type eq "work"]',
  'emails.primary',
  'phoneNumbers[type eq "mobile"].value',
  'addresses',
  'nickName',
  'title',
  `${ENT}:manager`,
  `${ENT}:department`,
  ENT,
  'id',
  'meta',
  'groups',
  'members',
  'nosuch',
  'emails[',
  'emails[value co "@"].display',
  'password',
  'urn:x:y:z',
  '',
);
const values = fc.oneof(fc.jsonValue({ maxDepth: 3 }), fc.constantFrom('False', 'true', [], {}, [{ value: 'a@b.c', primary: true }], { givenName: 'G' }));
const operation = fc.record(
  { op: fc.oneof(fc.constantFrom('add', 'Replace', 'REMOVE', 'remove', 'copy'), fc.jsonValue()), path: fc.oneof(paths, fc.jsonValue()), value: values },
  { requiredKeys: ['op'] },
);

describe('SCIM services under random input', () => {
  it('PATCH of a user: only client errors, and a refused PATCH changes nothing', async () => {
    const user = await createScimUser(ctx, { userName: 'fuzzed', emails: [{ value: 'f@x.com', type: 'work', primary: true }] });
    const users = new UserRepository(ctx.table);
    await fc.assert(
      fc.asyncProperty(fc.array(operation, { minLength: 1, maxLength: 4 }), async (operations) => {
        const before = await users.get(ctx.tenant.id, user.id);
        const outcome = await clientErrorOnly(() => patchScimUser(ctx, user.id, parsePatchRequest({ schemas: [PATCH], Operations: operations }), undefined));
        if (outcome !== 'ok' && outcome < 500) expect(await users.get(ctx.tenant.id, user.id)).toEqual(before);
      }),
      { numRuns: 100 },
    );
  }, 120_000);

  it('PATCH of a group: only client errors', async () => {
    const { team } = await createScimGroup(ctx, { displayName: 'fuzz-group' });
    await fc.assert(
      fc.asyncProperty(fc.array(operation, { minLength: 1, maxLength: 3 }), async (operations) => {
        await clientErrorOnly(() => patchScimGroup(ctx, team.id, parsePatchRequest({ schemas: [PATCH], Operations: operations }), undefined));
      }),
      { numRuns: 100 },
    );
  }, 120_000);

  it('creating users from random bodies: only client errors', async () => {
    const body = fc.dictionary(fc.oneof(paths, fc.string({ maxLength: 6 })), values, { maxKeys: 5 });
    await fc.assert(
      fc.asyncProperty(body, async (b) => {
        await clientErrorOnly(() => createScimUser(ctx, b));
      }),
      { numRuns: 100 },
    );
  }, 120_000);

  it('random filters and list parameters: only client errors', async () => {
    const source = userSource(ctx.table, ctx.tenant.id);
    const filter = fc.oneof(
      fc.string({ maxLength: 40 }),
      fc.tuple(paths, fc.constantFrom('eq', 'ne', 'co', 'sw', 'gt', 'pr', 'xx'), fc.jsonValue()).map(([p, o, v]) => `${p} ${o} ${JSON.stringify(v)}`),
    );
    await fc.assert(
      fc.asyncProperty(filter, fc.option(paths, { nil: undefined }), async (f, sortBy) => {
        await clientErrorOnly(() => runQuery(source, { filter: f, sortBy, startIndex: 1, count: 10, sortOrder: 'ascending' }, new Projection(USER_RESOURCE)));
      }),
      { numRuns: 200 },
    );
  }, 120_000);
});
