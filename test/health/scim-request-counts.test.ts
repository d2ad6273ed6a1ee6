/**
 * Connected: the SCIM request counts a function instance holds for the
 * Provisioning page (shared/health/scim-request-counts.ts). Requests within a
 * flush interval are one write of their count; an error is written at once,
 * with its detail and the count held for its hour; a due count is written by
 * the request that finds it due, and a burst's last counts by the timer; a
 * write that fails is logged and resolves.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hourOf } from '../../shared/health/health-window.js';
import { flushScimRequestCounts, ScimRequestCounts, scimRequestCounts } from '../../shared/health/scim-request-counts.js';
import { keys } from '../../shared/storage/keys.js';
import type { Table } from '../../shared/storage/table.js';
import { call } from '../security/in-process-api.js';
import { countRequests, isHealthCount, type RecordedRequest } from '../scim/request-counter.js';
import { createTestTenant, type TestTenant } from '../support/tenants.js';

const TIMEOUT = 60_000;
const flushSeconds = process.env.SCIM_HEALTH_FLUSH_SECONDS;

// Longer than any of these tests takes: nothing is due unless a test says so.
beforeAll(() => {
  process.env.SCIM_HEALTH_FLUSH_SECONDS = '60';
});
afterAll(async () => {
  await flushScimRequestCounts();
  process.env.SCIM_HEALTH_FLUSH_SECONDS = flushSeconds;
});

const scim = (tenant: TestTenant, method: string, path: string) => call({ method, url: `/scim/v2/${tenant.tenantId}${path}`, token: tenant.scimToken });
const hourItem = (tenant: TestTenant, at = new Date()) =>
  tenant.table.get<{ requests?: number; errors?: number }>(keys.scimHealthHour(tenant.tenantId, hourOf(at)), { consistent: true });

/**
 * Counts are kept per hour, so requests on both sides of an hour's end are two counts: a test that
 * sends requests and reads one hour's item starts clear of the end of the hour.
 */
async function clearOfHourEnd(marginMs = 20_000): Promise<void> {
  const untilNextHour = 3_600_000 - (Date.now() % 3_600_000);
  if (untilNextHour < marginMs) await new Promise((r) => setTimeout(r, untilNextHour + 100));
}
const healthWrites = (requests: RecordedRequest[]) => requests.filter(isHealthCount);
const added = (r: RecordedRequest) => r.input.ExpressionAttributeValues?.[':r'];

describe('SCIM request counts held by the instance', () => {
  it(
    'writes N requests within the flush interval as one UpdateItem adding N',
    async () => {
      const tenant = await createTestTenant({ prefix: 'hcnt' });
      await clearOfHourEnd();
      const served = await countRequests(async () => {
        for (let i = 0; i < 5; i++) expect((await scim(tenant, 'GET', '/Users?count=0')).status).toBe(200);
      });
      expect(healthWrites(served.requests)).toEqual([]);
      expect(await hourItem(tenant)).toBeUndefined();

      const flushed = await countRequests(() => flushScimRequestCounts());
      const writes = healthWrites(flushed.requests).filter((r) => String(r.input.Key && (r.input.Key as { PK: string }).PK).includes(tenant.tenantId));
      expect(writes.map((r) => [r.command, added(r)])).toEqual([['UpdateCommand', 5]]);
      expect(await hourItem(tenant)).toMatchObject({ requests: 5, errors: 0 });
    },
    TIMEOUT,
  );

  it(
    'writes an error at once, with its detail and the count held for its hour',
    async () => {
      const tenant = await createTestTenant({ prefix: 'hcnt' });
      await clearOfHourEnd();
      for (let i = 0; i < 3; i++) expect((await scim(tenant, 'GET', '/Users?count=0')).status).toBe(200);
      expect(await hourItem(tenant)).toBeUndefined();

      const missed = await countRequests(() => scim(tenant, 'GET', `/Users/${randomUUID()}`));
      expect(missed.result.status).toBe(404);
      expect(healthWrites(missed.requests).map((r) => r.command)).toEqual(['UpdateCommand', 'PutCommand']);
      expect(await hourItem(tenant)).toMatchObject({ requests: 4, errors: 1 });
      const errors = await tenant.table.query({
        KeyConditionExpression: 'PK = :pk AND begins_with(SK, :sk)',
        ExpressionAttributeValues: { ':pk': keys.scimHealthHour(tenant.tenantId, hourOf(new Date())).PK, ':sk': 'SCIM#ERROR#' },
      });
      expect(errors.items).toMatchObject([{ status: 404, method: 'GET' }]);

      // Nothing of this tenant is left held: a flush writes nothing more for it.
      await flushScimRequestCounts();
      expect(await hourItem(tenant)).toMatchObject({ requests: 4, errors: 1 });
    },
    TIMEOUT,
  );

  it(
    'writes a due count beside the request that finds it due, and a burst’s last counts by the timer',
    async () => {
      const tenant = await createTestTenant({ prefix: 'hcnt' });
      let now = 0;
      const counts = new ScimRequestCounts({ now: () => now, intervalMs: () => 1000 });
      const at = new Date();
      const first = await countRequests(async () => {
        await counts.add(tenant.table, tenant.tenantId, at, 1);
        now = 500;
        await counts.add(tenant.table, tenant.tenantId, at, 1);
      });
      expect(healthWrites(first.requests)).toEqual([]);
      now = 1000;
      const due = await countRequests(() => counts.add(tenant.table, tenant.tenantId, at, 1));
      expect(healthWrites(due.requests).map(added)).toEqual([3]);
      expect(counts.size).toBe(0);

      // No request comes after this one: the (unref'd) timer writes it, an interval after it was counted.
      const timed = new ScimRequestCounts({ intervalMs: () => 50 });
      await timed.add(tenant.table, tenant.tenantId, at, 2);
      await expect.poll(async () => (await hourItem(tenant, at))?.requests, { timeout: 10_000, interval: 50 }).toBe(5);
      expect(timed.size).toBe(0);
    },
    TIMEOUT,
  );

  it('waits, when flushed, for a write the timer already started', async () => {
    // A table whose writes land only when the test says so: the timer's write is then surely still under way.
    let land!: () => void;
    const landed = new Promise<void>((resolve) => (land = resolve));
    const writes: string[] = [];
    const gated = {
      name: 'gated',
      update: async () => {
        await landed;
        writes.push('written');
      },
    } as unknown as Table;
    const counts = new ScimRequestCounts({ intervalMs: () => 20 });
    await counts.add(gated, 't-gated', new Date(), 1);
    await expect.poll(() => counts.size, { timeout: 5_000, interval: 5 }).toBe(0);
    let flushed = false;
    const flushing = counts.flush().then(() => (flushed = true));
    await new Promise((r) => setTimeout(r, 50));
    expect(flushed).toBe(false);
    land();
    await flushing;
    expect(writes).toEqual(['written']);
  });

  it('logs a write that fails and resolves: a SCIM answer never fails for its health count', async () => {
    const failing = {
      name: 'nowhere',
      update: () => Promise.reject(new Error('throttled')),
      put: () => Promise.reject(new Error('throttled')),
    } as unknown as Table;
    const counts = new ScimRequestCounts({ intervalMs: () => 60_000 });
    await counts.add(failing, 't-fail', new Date(), 1);
    await expect(counts.flush()).resolves.toBeUndefined();
    expect(counts.size).toBe(0);
    await expect(new ScimRequestCounts({ intervalMs: () => 0 }).add(failing, 't-fail', new Date(), 1)).resolves.toBeUndefined();
    // The module's own instance, like any other, holds nothing of a tenant it never saw.
    expect(scimRequestCounts.take(failing, 't-fail', new Date())).toBe(0);
  });
});
