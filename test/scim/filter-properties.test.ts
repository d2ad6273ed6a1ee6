/**
 * Property tests (fast-check) over the filter grammar:
 * - offline: parse → print → parse gives the same tree, for any filter the grammar allows;
 * - connected: on random users, the key-lookup path (planner + lookups + evaluator)
 *   returns exactly what evaluating the filter on every user returns.
 */
import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Filter } from '../../shared/scim/filter/ast.js';
import { compileFilter } from '../../shared/scim/filter/evaluator.js';
import { parseFilter } from '../../shared/scim/filter/parser.js';
import { printFilter } from '../support/filter-printer.js';
import { Projection } from '../../shared/scim/projection.js';
import { planLookups } from '../../shared/scim/query/lookup-plan.js';
import { runQuery } from '../../shared/scim/query/run-query.js';
import { userSource } from '../../shared/scim/query/user-source.js';
import { USER_RESOURCE } from '../../shared/scim/schemas/resource-types.js';
import { createScimUser } from '../../shared/scim/users/scim-user-writes.js';
import { userToDocument } from '../../shared/scim/user-document.js';
import { TenantRepository } from '../../shared/tenants/tenant-repository.js';
import type { User } from '../../shared/users/user.js';
import { createTestTenant, type TestTenant } from '../support/tenants.js';

const name = fc
  .stringMatching(/^[A-Za-z][A-Za-z0-9_-]{0,8}$/)
  .filter((s) => !['and', 'or', 'not', 'pr', 'eq', 'ne', 'co', 'sw', 'ew', 'gt', 'ge', 'lt', 'le', 'true', 'false', 'null'].includes(s.toLowerCase()));
const urn = fc.constantFrom(undefined, 'urn:ietf:params:scim:schemas:core:2.0:User', 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User');
const path = fc.record({ urn, attr: name, sub: fc.option(name, { nil: undefined }) }).map((p) => {
  const out: { urn?: string; attr: string; sub?: string } = { attr: p.attr };
  if (p.urn) out.urn = p.urn;
  if (p.sub !== undefined) out.sub = p.sub;
  return out;
});
const literal = fc.oneof(fc.string({ maxLength: 12 }), fc.integer({ min: -1000, max: 1000 }), fc.boolean(), fc.constant(null));
const op = fc.constantFrom('eq', 'ne', 'co', 'sw', 'ew', 'gt', 'ge', 'lt', 'le' as const);

const { filter: filterArb } = fc.letrec<{ filter: Filter; inner: Filter }>((tie) => ({
  inner: fc.oneof(
    { depthSize: 'small' },
    fc.record({ kind: fc.constant('compare' as const), path: name.map((attr) => ({ attr })), op, value: literal }),
    fc.record({ kind: fc.constant('and' as const), left: tie('inner'), right: tie('inner') }),
    fc.record({ kind: fc.constant('not' as const), filter: tie('inner') }),
  ),
  filter: fc.oneof(
    { depthSize: 'small', maxDepth: 4 },
    fc.record({ kind: fc.constant('compare' as const), path, op, value: literal }),
    fc.record({ kind: fc.constant('present' as const), path }),
    fc.record({ kind: fc.constant('and' as const), left: tie('filter'), right: tie('filter') }),
    fc.record({ kind: fc.constant('or' as const), left: tie('filter'), right: tie('filter') }),
    fc.record({ kind: fc.constant('not' as const), filter: tie('filter') }),
    fc.record({ kind: fc.constant('valuePath' as const), path: name.map((attr) => ({ attr })), filter: tie('inner') }),
    fc.record({
      kind: fc.constant('valuePath' as const),
      path: name.map((attr) => ({ attr })),
      filter: tie('inner'),
      sub: name,
      test: fc.oneof(fc.record({ op, value: literal }), fc.constant({ op: 'pr' as const })),
    }),
  ),
}));

describe('filter grammar (offline)', () => {
  it('parse(print(f)) equals f', () => {
    fc.assert(
      fc.property(filterArb, (f) => {
        expect(parseFilter(printFilter(f))).toEqual(f);
      }),
      { numRuns: 500 },
    );
  });

  it('printing is a fixed point after one parse', () => {
    fc.assert(
      fc.property(filterArb, (f) => {
        const once = printFilter(f);
        expect(printFilter(parseFilter(once))).toBe(once);
      }),
      { numRuns: 300 },
    );
  });

  it('never throws anything but a 400 on arbitrary text', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 80 }), (text) => {
        try {
          parseFilter(text);
        } catch (error) {
          expect((error as { status?: number }).status).toBe(400);
        }
      }),
      { numRuns: 1000 },
    );
  });
});

describe('key lookups agree with evaluation (connected)', () => {
  let tenant: TestTenant;
  let users: User[];
  const pool = { userNames: [] as string[], externalIds: [] as string[], emails: [] as string[] };

  beforeAll(async () => {
    tenant = await createTestTenant({ prefix: 'prop' });
    const t = (await new TenantRepository(tenant.table).get(tenant.tenantId))!;
    const ctx = { table: tenant.table, tenant: t, actor: { type: 'scim' as const, id: 'test' } };
    const seed = fc.sample(fc.record({ work: fc.boolean(), home: fc.boolean(), ext: fc.boolean(), active: fc.boolean() }), { numRuns: 24, seed: 7 });
    users = [];
    for (const [i, s] of seed.entries()) {
      const id = randomUUID().slice(0, 6);
      const emails = [
        ...(s.work ? [{ value: `Work.${i}.${id}@Example.com`, type: 'work', primary: true }] : []),
        ...(s.home ? [{ value: `home.${i}.${id}@example.org`, type: 'home' }] : []),
      ];
      const user = await createScimUser(ctx, { userName: `User.${i}.${id}`, externalId: s.ext ? `Ext-${i}-${id}` : undefined, active: s.active, emails });
      users.push(user);
      pool.userNames.push(user.userName);
      if (user.externalId) pool.externalIds.push(user.externalId);
      pool.emails.push(...emails.map((e) => e.value));
    }
  }, 120_000);

  const vary = (arb: fc.Arbitrary<string>) =>
    fc
      .tuple(arb, fc.constantFrom('same', 'upper', 'lower', 'other'))
      .map(([v, how]) => (how === 'upper' ? v.toUpperCase() : how === 'lower' ? v.toLowerCase() : how === 'other' ? `${v}x` : v));

  const keyed = (): fc.Arbitrary<string> => {
    const userName = vary(fc.constantFrom(...pool.userNames)).map((v) => `userName eq ${JSON.stringify(v)}`);
    const externalId = vary(fc.constantFrom(...pool.externalIds)).map((v) => `externalId eq ${JSON.stringify(v)}`);
    const email = fc
      .tuple(vary(fc.constantFrom(...pool.emails)), fc.constantFrom('emails.value', 'emails', 'emails[type eq "work"].value', 'emails[type eq "home"].value'))
      .map(([v, p]) => `${p} eq ${JSON.stringify(v)}`);
    const emailInside = vary(fc.constantFrom(...pool.emails)).map((v) => `emails[value eq ${JSON.stringify(v)} and primary eq true]`);
    const id = fc.constantFrom(...users.map((u) => u.id)).map((v) => `id eq "${v}"`);
    const other = fc.constantFrom('active eq true', 'active eq "False"', 'emails[type eq "home"]', 'not (externalId pr)', 'userName sw "user.1"');
    const base = fc.oneof(userName, externalId, email, emailInside, id);
    return fc.oneof(
      base,
      fc.tuple(base, other).map(([a, b]) => `${a} and ${b}`),
      fc.tuple(other, base).map(([a, b]) => `(${a}) and ${b}`),
      fc.tuple(base, base).map(([a, b]) => `${a} or ${b}`),
    );
  };

  it("planned lookups return exactly the evaluator's matches", async () => {
    const source = userSource(tenant.table, tenant.tenantId);
    const all = await source.all();
    const projection = new Projection(USER_RESOURCE);
    await fc.assert(
      fc.asyncProperty(keyed(), async (text) => {
        const filter = parseFilter(text);
        expect(planLookups(filter, USER_RESOURCE), text).toBeDefined();
        const predicate = compileFilter(filter, USER_RESOURCE);
        const expected = all
          .filter((u) => predicate(userToDocument(u)))
          .map((u) => u.id)
          .sort();
        const result = await runQuery(source, { filter: text, startIndex: 1, count: 1000, sortOrder: 'ascending' }, projection);
        expect(result.Resources.map((r) => String(r.id)).sort(), text).toEqual(expected);
        expect(result.totalResults).toBe(expected.length);
      }),
      { numRuns: 120 },
    );
  }, 120_000);
});
