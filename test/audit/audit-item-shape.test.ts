/**
 * An audit item stores each value once (shared/events/audit-item-shape.ts) and
 * every reader gets the whole event back: the audit log, the domain event and
 * the health counts read a packed item as they read one the previous version
 * wrote, and an item written whole (before packing) still reads the same. A SCIM
 * user create's item, the one an initial sync writes per person, fits in one KB.
 */
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { auditPartition } from '../../shared/audit/audit-event.js';
import { packAuditItem, readAuditItem } from '../../shared/events/audit-item-shape.js';
import { domainEventFromAuditItem } from '../../shared/events/domain-event.js';
import { sameValue } from '../../shared/json/same-value.js';
import { dynamoDocumentClient } from '../../shared/storage/client.js';
import { callExpecting as ok } from '../security/in-process-api.js';
import { rememberSecret } from '../support/secret-ledger.js';
import { createTestTenant, type TestTenant } from '../support/tenants.js';

const USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
let tenant: TestTenant;

const auditLog = async (action: string) =>
  (await ok({ method: 'GET', url: `/api/svc/v1/audit-logs?action=${action}`, token: tenant.adminToken })).json.data as Array<Record<string, unknown>>;

beforeAll(async () => {
  tenant = await createTestTenant({ prefix: 'shape', mode: 'scim' });
  rememberSecret(tenant.adminToken, tenant.scimToken!);
}, 60_000);

describe('audit items store each value once', () => {
  it('packs an Entra create into one KB and reads it back whole', async () => {
    const userName = `given.family@${tenant.tenantId}.example`;
    const body = {
      schemas: [USER, ENTERPRISE],
      externalId: '5e1b0a4c-7d0f-4f6e-9b8a-0c1d2e3f4a5b',
      userName,
      active: true,
      displayName: 'Given Family',
      emails: [{ primary: true, type: 'work', value: userName }],
      name: { formatted: 'Given Family', familyName: 'Family', givenName: 'Given' },
      title: 'Engineer',
      [ENTERPRISE]: { department: 'Dept 7', employeeNumber: '100007' },
    };
    const created = await ok({ method: 'POST', url: `/scim/v2/${tenant.tenantId}/Users`, token: tenant.scimToken, body }, 201);
    const [entry] = (await auditLog('user.created')).filter((e) => (e.target as { id: string }).id === created.json.id);
    expect(entry).toMatchObject({
      action: 'user.created',
      actor: { type: 'scim' },
      target: { type: 'user', id: created.json.id, slug: userName },
      details: { source: 'scim', active: true },
      changes: {
        after: {
          userName,
          displayName: 'Given Family',
          externalId: body.externalId,
          active: true,
          emails: [{ primary: true, type: 'work', value: userName }],
          name: body.name,
          title: 'Engineer',
          [ENTERPRISE]: body[ENTERPRISE],
        },
      },
    });

    const stored = (await tenant.table.get({ PK: auditPartition(tenant.tenantId, entry!.at as string), SK: `${String(entry!.at)}#${String(entry!.id)}` }))!;
    for (const once of ['id', 'at', 'tenantId', 'target', 'details', 'source']) expect(stored).not.toHaveProperty(once);
    expect(JSON.stringify(stored).split(userName).length - 1).toBe(2); // the state's userName and email
    const event = domainEventFromAuditItem(stored)!;
    expect(event).toMatchObject({
      id: entry!.id,
      type: 'user.created',
      tenantId: tenant.tenantId,
      occurredAt: entry!.at,
      source: 'scim',
      subject: { type: 'user', id: created.json.id, slug: userName },
      sequence: 1,
      data: { user: { id: created.json.id, userName, email: userName, createdAt: entry!.at, updatedAt: entry!.at } },
    });
    // Rewriting the item as stored costs what storing it did: under one KB, one write unit.
    const rewrite = await dynamoDocumentClient().send(new PutCommand({ TableName: tenant.table.name, Item: stored, ReturnConsumedCapacity: 'TOTAL' }));
    expect(rewrite.ConsumedCapacity?.CapacityUnits).toBe(1);
  });

  it('reads an item written whole by the previous version as before', async () => {
    const at = new Date(Date.now() - 60_000).toISOString();
    const id = '00000000-0000-4000-8000-000000000301';
    const userName = `old@${tenant.tenantId}.example`;
    const user = { id: 'u-old', userName, email: userName, active: true, role: 'tenant-member', source: 'scim', createdAt: at, updatedAt: at };
    const whole = {
      PK: auditPartition(tenant.tenantId, at),
      SK: `${at}#${id}`,
      entity: 'audit',
      id,
      tenantId: tenant.tenantId,
      at,
      actor: { type: 'scim', id: 'token', slug: 'SCIM client' },
      action: 'user.created',
      target: { type: 'user', id: 'u-old', slug: userName },
      requestId: 'req-old',
      changes: { after: { userName, active: true, emails: [{ primary: true, value: userName }] } },
      details: { source: 'scim', active: true },
      source: 'scim',
      data: { user },
      sequence: 1,
    };
    await tenant.table.put({ Item: whole });
    expect(readAuditItem(whole)).toEqual(whole);
    const [entry] = (await auditLog('user.created')).filter((e) => e.id === id);
    expect(entry).toMatchObject({
      id,
      at,
      target: whole.target,
      changes: whole.changes,
      details: whole.details,
      source: 'scim',
      requestId: 'req-old',
    });
    expect(domainEventFromAuditItem(whole)).toEqual(domainEventFromAuditItem(packAuditItem(whole)));
    expect(domainEventFromAuditItem(whole)).toMatchObject({
      id,
      occurredAt: at,
      tenantId: tenant.tenantId,
      subject: { type: 'user', id: 'u-old', slug: userName },
    });
  });

  it('gives back exactly what it packed, whatever the values (a rule that would not is not applied)', () => {
    const word = fc.constantFrom('a', 'b', 'x@t.example', 'scim', 'admin_api', true, false, 1, undefined);
    const at = fc.constantFrom('2026-12-07T10:00:00.000Z', '2026-12-07T10:00:00.001Z');
    const state = fc.record(
      {
        id: fc.constantFrom('u1', 'u2'),
        userName: word,
        name: word,
        email: word,
        displayName: word,
        externalId: word,
        active: word,
        source: word,
        createdAt: at,
        updatedAt: at,
      },
      { requiredKeys: [] },
    );
    const document = fc.record(
      {
        userName: word,
        name: word,
        displayName: word,
        active: word,
        emails: fc.array(fc.record({ value: word, primary: fc.constantFrom(true, false, undefined) }, { requiredKeys: [] }), { maxLength: 2 }),
      },
      { requiredKeys: [] },
    );
    const item = fc
      .record({
        at,
        id: fc.constantFrom('e1', 'e2'),
        tenantId: fc.constantFrom('t1', 't2'),
        action: fc.constantFrom('user.created', 'user.updated', 'team.created', 'team.members_changed', 'sign_in.refused', 'an.unknown_action'),
        actor: fc.record({ type: fc.constantFrom('user', 'scim', 'sign-in', 'system'), id: fc.constant('a1') }),
        target: fc.record({ type: fc.constantFrom('user', 'team'), id: fc.constantFrom('u1', 'u2'), slug: word }, { requiredKeys: ['type', 'id'] }),
        source: fc.constantFrom('scim', 'admin_api', undefined),
        sequence: fc.constantFrom(1, Date.parse('2026-12-07T10:00:00.000Z'), undefined),
        details: fc.option(fc.record({ source: word, active: word, added: fc.constant(['u1']) }, { requiredKeys: [] }), { nil: undefined }),
        changes: fc.option(fc.record({ before: document, after: document }, { requiredKeys: [] }), { nil: undefined }),
        data: fc.option(fc.record({ user: state, team: state }, { requiredKeys: [] }), { nil: undefined }),
        tenantOfKey: fc.constantFrom('t1', 't2'),
      })
      .map(({ tenantOfKey, ...event }) => ({ PK: `T#${tenantOfKey}#AUDIT#2026-12`, SK: `${event.at}#e1`, entity: 'audit', ...event }));
    fc.assert(
      fc.property(item, (whole) => {
        const packed = packAuditItem(whole);
        expect(sameValue(readAuditItem(packed), whole)).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });
});
