/**
 * Bulk never outlives its invocation, and never invites a blind retry: it starts
 * operations only within its time budget and answers each one it did not start
 * `503` (not run, nothing applied). Connected (the budget spent after a given
 * number of operations, so the cut is exact) and over HTTP at the advertised
 * `maxOperations`, where re-sending exactly the 503 operations completes the set.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_BULK_OPERATIONS } from '../../shared/scim/bulk/bulk-limits.js';
import { processBulk } from '../../shared/scim/bulk/bulk-processor.js';
import { parseBulkRequest } from '../../shared/scim/bulk/bulk-request.js';
import type { ScimContext } from '../../shared/scim/scim-context.js';
import { TenantRepository } from '../../shared/tenants/tenant-repository.js';
import { UserRepository } from '../../shared/users/user-repository.js';
import { PATCH_OP, startScimClient, USER_SCHEMA, type Json, type ScimTestClient } from './scim-client.js';

const BULK_REQUEST = 'urn:ietf:params:scim:api:messages:2.0:BulkRequest';
const TEST_TIMEOUT_MS = 180_000;
let c: ScimTestClient;

beforeAll(async () => {
  c = await startScimClient('bulkbud');
}, 60_000);
afterAll(() => c?.close());

const userPost = (name: string) => ({ method: 'POST', path: '/Users', bulkId: name, data: { schemas: [USER_SCHEMA], userName: name } });

describe('the time budget (connected)', () => {
  it(
    'answers every operation it did not start 503, applies none of them, and re-sending those completes the request',
    async () => {
      const { table, tenantId } = c.tenant;
      const ctx: ScimContext = { table, tenant: (await new TenantRepository(table).get(tenantId))!, actor: { type: 'scim', id: 'bulk-test' } };
      const operations = [
        userPost('cut-0'),
        userPost('cut-1'),
        userPost('cut-2'),
        // Waits for cut-4, which comes after the cut: not run either.
        { method: 'PATCH', path: '/Users/bulkId:cut-4', data: { schemas: [PATCH_OP], Operations: [{ op: 'replace', path: 'title', value: 't' }] } },
        userPost('cut-4'),
        userPost('cut-5'),
      ];
      let started = 0;
      const outOfTime = () => ++started > 3;
      const first = await processBulk(ctx, parseBulkRequest({ schemas: [BULK_REQUEST], Operations: operations }), { outOfTime });
      expect(first.Operations.map((o) => o.status)).toEqual(['201', '201', '201', '503', '503', '503']);
      const notRun = first.Operations.filter((o) => o.status === '503');
      expect(notRun.map((o) => (o.response as Json).detail)).toEqual(Array(3).fill(expect.stringMatching(/^Not run: .* nothing of it was applied/)));
      const users = new UserRepository(table);
      for (const name of ['cut-4', 'cut-5']) expect(await users.findByUserName(tenantId, name)).toBeUndefined();

      // The client re-sends exactly the operations answered 503, as they were.
      const again = await processBulk(ctx, parseBulkRequest({ schemas: [BULK_REQUEST], Operations: operations.slice(3) }));
      expect(again.Operations.map((o) => `${o.method} ${o.status}`)).toEqual(['PATCH 200', 'POST 201', 'POST 201']);
      expect((await users.findByUserName(tenantId, 'cut-4'))?.scim).toMatchObject({ title: 't' });
    },
    TEST_TIMEOUT_MS,
  );
});

describe('the advertised maxOperations over HTTP', () => {
  it(
    `a Bulk of ${MAX_BULK_OPERATIONS} creates answers 200 with an exact outcome per operation; re-sending the 503 ones creates the rest`,
    async () => {
      expect((await c.call('GET', '/ServiceProviderConfig')).body.bulk.maxOperations).toBe(MAX_BULK_OPERATIONS);
      let pending = Array.from({ length: MAX_BULK_OPERATIONS }, (_, i) => userPost(`adv-${i}`));
      const rounds: Array<{ ms: number; created: number; notRun: number }> = [];
      while (pending.length) {
        const startedAt = performance.now();
        const res = await c.call('POST', '/Bulk', { schemas: [BULK_REQUEST], Operations: pending });
        expect(res.status).toBe(200);
        const statuses: string[] = res.body.Operations.map((o: Json) => o.status);
        expect(statuses.every((s) => s === '201' || s === '503')).toBe(true);
        // Never half done: every 201 is followed only by 503s, the operations not started.
        expect(statuses.join(',')).toMatch(/^(201,)*(201|503)?(,503)*$/);
        rounds.push({
          ms: Math.round(performance.now() - startedAt),
          created: statuses.filter((s) => s === '201').length,
          notRun: statuses.filter((s) => s === '503').length,
        });
        expect(rounds.at(-1)!.created).toBeGreaterThan(0);
        pending = pending.filter((_, i) => statuses[i] === '503');
      }
      console.log(`Bulk of ${MAX_BULK_OPERATIONS} user creates on the local stack:`, JSON.stringify(rounds));
      const made = await c.call('GET', `/Users?filter=${encodeURIComponent('userName sw "adv-"')}&count=1000`);
      expect(made.body.totalResults).toBe(MAX_BULK_OPERATIONS);
    },
    TEST_TIMEOUT_MS,
  );
});
