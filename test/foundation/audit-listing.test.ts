/**
 * The audit-log listing over month partitions: a range reads exactly the months
 * it touches, once each, and answers newest first across month and year
 * boundaries with both ends inclusive.
 */
import { describe, expect, it } from 'vitest';
import { appendAudit, auditPartition } from '../../shared/audit/audit-event.js';
import { listAuditEvents } from '../../shared/audit/list-audit-events.js';
import { Table } from '../../shared/storage/table.js';
import { countRequests } from '../scim/request-counter.js';
import { randomTenantId } from '../support/tenants.js';

const table = new Table();

/** A tenant with one event at each of these instants (targets named by the instant). */
async function tenantWithEventsAt(instants: string[]): Promise<string> {
  const tenantId = randomTenantId('audit-list');
  for (const at of instants) {
    await appendAudit(table, {
      tenantId,
      at,
      action: 'sign_in.refused',
      actor: { type: 'system', id: 'test' },
      target: { type: 'identity', id: at },
      data: { reason: 'not_provisioned', trigger: 'test' },
    });
  }
  return tenantId;
}

const partitionsRead = (requests: Array<{ input: { ExpressionAttributeValues?: Record<string, unknown> } }>) =>
  requests.map((r) => r.input.ExpressionAttributeValues?.[':pk']);

describe('listAuditEvents', () => {
  it('reads an item written before the registry (renamed action, no source or event data) under its current name', async () => {
    const tenantId = randomTenantId('audit-old');
    const at = '2026-02-10T10:00:00.000Z';
    await table.put({
      Item: {
        PK: auditPartition(tenantId, at),
        SK: `${at}#old-1`,
        entity: 'audit',
        id: 'old-1',
        tenantId,
        at,
        actor: { type: 'scim', id: 'scim-token:t', slug: 'SCIM client' },
        action: 'user.reactivated',
        target: { type: 'user', id: 'u-old' },
        changes: { before: { active: false }, after: { active: true } },
      },
    });
    const range = { start: new Date('2026-02-01T00:00:00.000Z'), end: new Date('2026-02-28T00:00:00.000Z') };
    const { events } = await listAuditEvents(table, { tenantId, limit: 10, offset: 0, action: 'user.activated', ...range });
    expect(events).toEqual([
      {
        id: 'old-1',
        tenantId,
        at,
        actor: { type: 'scim', id: 'scim-token:t', slug: 'SCIM client' },
        action: 'user.activated',
        target: { type: 'user', id: 'u-old' },
        changes: { before: { active: false }, after: { active: true } },
        source: 'scim',
      },
    ]);
  });

  it('reads one Query per month of the range and answers newest first across a year boundary, both ends inclusive', async () => {
    const instants = [
      '2025-11-30T23:59:59.999Z',
      '2025-12-01T00:00:00.000Z',
      '2025-12-31T23:59:59.999Z',
      '2026-01-01T00:00:00.000Z',
      '2026-01-15T12:00:00.000Z',
    ];
    const tenantId = await tenantWithEventsAt(instants);

    const { result, requests } = await countRequests(() =>
      listAuditEvents(table, { tenantId, limit: 10, offset: 0, start: new Date('2025-12-01T00:00:00.000Z'), end: new Date('2026-01-15T12:00:00.000Z') }),
    );

    expect(result.events.map((e) => e.target.id)).toEqual([
      '2026-01-15T12:00:00.000Z',
      '2026-01-01T00:00:00.000Z',
      '2025-12-31T23:59:59.999Z',
      '2025-12-01T00:00:00.000Z',
    ]);
    expect(result.total).toBe(4);
    expect(partitionsRead(requests)).toEqual([auditPartition(tenantId, '2026-01-01T00:00:00.000Z'), auditPartition(tenantId, '2025-12-01T00:00:00.000Z')]);
  });

  it('defaults to the last 30 days: at most two partitions, the older one cut at the range start', async () => {
    const now = new Date('2026-03-10T08:00:00.000Z');
    const tenantId = await tenantWithEventsAt(['2026-02-08T07:59:59.999Z', '2026-02-08T08:00:00.000Z', '2026-03-10T08:00:00.000Z', '2026-03-10T08:00:00.001Z']);

    const { result, requests } = await countRequests(() => listAuditEvents(table, { tenantId, limit: 10, offset: 0, now }));

    expect(result.events.map((e) => e.target.id)).toEqual(['2026-03-10T08:00:00.000Z', '2026-02-08T08:00:00.000Z']);
    expect(requests).toHaveLength(2);
  });

  it('pages through the merged months with offset and limit, the total counting the whole range', async () => {
    const instants = ['2026-04-30T10:00:00.000Z', '2026-05-01T10:00:00.000Z', '2026-05-02T10:00:00.000Z', '2026-06-01T10:00:00.000Z'];
    const tenantId = await tenantWithEventsAt(instants);
    const range = { start: new Date('2026-04-01T00:00:00.000Z'), end: new Date('2026-06-30T00:00:00.000Z') };

    const second = await listAuditEvents(table, { tenantId, limit: 2, offset: 1, ...range });

    expect(second.events.map((e) => e.target.id)).toEqual(['2026-05-02T10:00:00.000Z', '2026-05-01T10:00:00.000Z']);
    expect(second.total).toBe(4);
  });

  it('reads a partition per calendar month the range touches: 14 for a 366-day range from a month’s last day', async () => {
    const tenantId = randomTenantId('audit-list');
    const start = new Date('2025-12-31T00:00:00.000Z');
    const end = new Date(start.getTime() + 366 * 86_400_000);

    const { requests } = await countRequests(() => listAuditEvents(table, { tenantId, limit: 10, offset: 0, start, end }));

    expect(end.toISOString()).toBe('2027-01-01T00:00:00.000Z');
    expect(partitionsRead(requests)).toEqual(
      [
        '2027-01',
        '2026-12',
        '2026-11',
        '2026-10',
        '2026-09',
        '2026-08',
        '2026-07',
        '2026-06',
        '2026-05',
        '2026-04',
        '2026-03',
        '2026-02',
        '2026-01',
        '2025-12',
      ].map((m) => auditPartition(tenantId, `${m}-01T00:00:00.000Z`)),
    );
  });
});
