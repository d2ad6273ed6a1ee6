/**
 * A membership chunk's user ids are both the audit event's details and its
 * domain event's data: stored once, in `data`, and read back into `details`,
 * so the audit log shows what it showed before; items written with the ids in
 * both places read the same.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { auditPartition } from '../../shared/audit/audit-event.js';
import { domainEventFromAuditItem } from '../../shared/events/domain-event.js';
import { callExpecting as ok } from '../security/in-process-api.js';
import { rememberSecret } from '../support/secret-ledger.js';
import { createTestTenant, type TestTenant } from '../support/tenants.js';

const USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
const GROUP = 'urn:ietf:params:scim:schemas:core:2.0:Group';
const PATCH = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';
let tenant: TestTenant;

const scim = (method: string, path: string, body: unknown, status: number) =>
  ok({ method, url: `/scim/v2/${tenant.tenantId}${path}`, token: tenant.scimToken, body, headers: { 'content-type': 'application/scim+json' } }, status);
const changesOf = async (action: string) =>
  (await ok({ method: 'GET', url: `/api/svc/v1/audit-logs?action=${action}`, token: tenant.adminToken })).json.data as Array<{
    id: string;
    at: string;
    details?: Record<string, unknown>;
  }>;

beforeAll(async () => {
  tenant = await createTestTenant({ prefix: 'dtl', mode: 'scim' });
  rememberSecret(tenant.adminToken, tenant.scimToken!);
}, 60_000);

describe('details the event data holds', () => {
  it('are stored once and read back whole', async () => {
    const ids: string[] = [];
    for (const n of [1, 2]) {
      const email = `m${n}@${tenant.tenantId}.example`;
      ids.push((await scim('POST', '/Users', { schemas: [USER], userName: email, emails: [{ value: email }] }, 201)).json.id);
    }
    const group = (await scim('POST', '/Groups', { schemas: [GROUP], displayName: 'Chunked' }, 201)).json.id as string;
    await scim('PATCH', `/Groups/${group}`, { schemas: [PATCH], Operations: [{ op: 'add', path: 'members', value: ids.map((value) => ({ value })) }] }, 204);

    const [event] = await changesOf('team.members_changed');
    expect(event!.details).toEqual({ added: ids, removed: [] });
    const item = (await tenant.table.get({ PK: auditPartition(tenant.tenantId, event!.at), SK: `${event!.at}#${event!.id}` }))!;
    expect(item.details).toBeUndefined();
    expect(item.detailsInData).toEqual(['added', 'removed']);
    expect(JSON.stringify(item).split(ids[0]!).length - 1).toBe(1);
    // The domain event is the data, unchanged.
    expect(domainEventFromAuditItem(item)).toMatchObject({ type: 'team.members_changed', data: { added: ids, removed: [] } });
  });

  it('keeps the rest of the details beside them', async () => {
    const [created] = await changesOf('user.created');
    expect(created!.details).toEqual({ source: 'scim', active: true });
  });

  it('reads an item written with the ids in both places as before', async () => {
    const at = new Date(Date.now() - 60_000).toISOString();
    const id = '00000000-0000-4000-8000-000000000201';
    await tenant.table.put({
      Item: {
        PK: auditPartition(tenant.tenantId, at),
        SK: `${at}#${id}`,
        entity: 'audit',
        id,
        tenantId: tenant.tenantId,
        at,
        actor: { type: 'scim', id: 'token', slug: 'SCIM client' },
        action: 'team.members_changed',
        target: { type: 'team', id: 'team-old', slug: 'old' },
        details: { added: ['u-1'], removed: ['u-2'] },
        data: { team: { id: 'team-old' }, added: ['u-1'], removed: ['u-2'] },
      },
    });
    const events = await changesOf('team.members_changed');
    expect(events.find((e) => e.id === id)!.details).toEqual({ added: ['u-1'], removed: ['u-2'] });
  });
});
