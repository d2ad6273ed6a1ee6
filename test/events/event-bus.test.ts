/**
 * Connected: domain events reach the bus as `npm start` runs it. SCIM changes
 * commit, the stream poller feeds the real events consumer (with its declared
 * filter), and the consumer puts them on the local PutEvents endpoint through
 * `AWS_ENDPOINT_URL_EVENTBRIDGE`, which records what it accepts and refuses
 * what the test tells it to.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalEventBus, type LocalEventBus } from '../../infra/local/event-bus.js';
import { startStreamPoller, type RunningStreamPoller } from '../../infra/local/stream-poller.js';
import { resetEnvForTests } from '../../shared/config/env.js';
import type { DomainEvent } from '../../shared/events/domain-event.js';
import { EVENT_SOURCE } from '../../shared/streams/event-bus-publisher.js';
import { streamConsumers } from '../../shared/streams/stream-consumers.js';
import { call } from '../security/in-process-api.js';
import { testDynamoDb } from '../support/dynamodb.js';
import { createTestTenant, type TestTenant } from '../support/tenants.js';
import { PREFIX_VARIABLE } from './fixtures/events-consumer.js';

const TIMEOUT = 120_000;
const USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
const GROUP = 'urn:ietf:params:scim:schemas:core:2.0:Group';
const PATCH = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';
const BUS = 'test-bus';

let bus: LocalEventBus;
let poller: RunningStreamPoller;

beforeAll(async () => {
  bus = await startLocalEventBus();
  process.env.AWS_ENDPOINT_URL_EVENTBRIDGE = bus.url;
  process.env.EVENT_BUS_NAME = BUS;
  process.env[PREFIX_VARIABLE] = 'evbus-';
  resetEnvForTests();
  const { filter } = streamConsumers.find((c) => c.name === 'stream.events')!;
  poller = startStreamPoller({
    endpoint: testDynamoDb().endpoint,
    streamArn: testDynamoDb().streamArn,
    consumers: [{ name: 'stream.events', handler: 'test/events/fixtures/events-consumer.ts', filter }],
    pollIntervalMs: 100,
    retryDelay: { initialMs: 100, maxMs: 500 },
  });
}, TIMEOUT);
afterAll(async () => {
  await poller?.stop();
  await bus?.close();
});

/** A scripted sync: a user created, renamed, deactivated; a team created with a member, then a second member added. */
async function scimSync(tenant: TestTenant) {
  const scim = (method: string, path: string, body?: unknown) =>
    call({ method, url: `/scim/v2/${tenant.tenantId}${path}`, token: tenant.scimToken, body }, { timeoutSeconds: 60 }).then((r) => {
      if (r.status >= 300) throw new Error(`${method} ${path}: ${r.status} ${r.text}`);
      return r;
    });
  const ana = (
    await scim('POST', '/Users', {
      schemas: [USER],
      userName: `ana@${tenant.tenantId}.example`,
      emails: [{ value: `ana@${tenant.tenantId}.example`, primary: true }],
    })
  ).json.id as string;
  await scim('PATCH', `/Users/${ana}`, { schemas: [PATCH], Operations: [{ op: 'replace', path: 'displayName', value: 'Ana Lima' }] });
  await scim('PATCH', `/Users/${ana}`, { schemas: [PATCH], Operations: [{ op: 'replace', path: 'active', value: false }] });
  const bo = (
    await scim('POST', '/Users', {
      schemas: [USER],
      userName: `bo@${tenant.tenantId}.example`,
      emails: [{ value: `bo@${tenant.tenantId}.example`, primary: true }],
    })
  ).json.id as string;
  const team = (await scim('POST', '/Groups', { schemas: [GROUP], displayName: 'eng', members: [{ value: ana }] })).json.id as string;
  await scim('PATCH', `/Groups/${team}`, { schemas: [PATCH], Operations: [{ op: 'add', path: 'members', value: [{ value: bo }] }] });
  return { ana, bo, team };
}

const eventsOf = (tenantId: string) =>
  bus.events.map((e) => ({ ...e, event: JSON.parse(e.detail) as DomainEvent })).filter((e) => e.event.tenantId === tenantId);

/** Types per subject, each subject's events in sequence order. */
function typesBySubject(tenantId: string): Record<string, string[]> {
  const bySubject: Record<string, DomainEvent[]> = {};
  for (const { event } of eventsOf(tenantId)) (bySubject[`${event.subject.type}:${event.subject.id}`] ??= []).push(event);
  return Object.fromEntries(Object.entries(bySubject).map(([k, list]) => [k, list.sort((a, b) => a.sequence - b.sequence).map((e) => e.type)]));
}

describe('domain events on the bus', () => {
  it(
    'puts exactly the expected events of a scripted sync, per subject in sequence order, with no secrets and only the tenant’s id',
    async () => {
      const tenant = await createTestTenant({ prefix: 'evbus' });
      const other = await createTestTenant({ prefix: 'evbus' });
      const { ana, bo, team } = await scimSync(tenant);
      await scimSync(other);
      await expect.poll(() => typesBySubject(tenant.tenantId)[`team:${team}`]?.length ?? 0, { timeout: 60_000, interval: 200 }).toBe(2);
      await expect.poll(() => typesBySubject(tenant.tenantId)[`user:${bo}`]?.length ?? 0, { timeout: 60_000, interval: 200 }).toBeGreaterThan(0);
      const types = typesBySubject(tenant.tenantId);
      expect(types[`user:${ana}`]).toEqual(['user.created', 'user.updated', 'user.deactivated']);
      expect(types[`user:${bo}`]).toEqual(['user.created']);
      expect(types[`team:${team}`]).toEqual(['team.created', 'team.members_changed']);

      for (const e of bus.events) {
        expect(e.source).toBe(EVENT_SOURCE);
        expect(e.eventBusName).toBe(BUS);
        const event = JSON.parse(e.detail) as DomainEvent;
        expect(e.detailType).toBe(event.type);
        for (const secret of [tenant.scimToken, tenant.adminToken, other.scimToken, other.adminToken]) expect(e.detail).not.toContain(secret);
        expect(e.detail).not.toMatch(/"password(Hash)?"|whsec_/i);
      }
      for (const { detail, event } of eventsOf(tenant.tenantId)) {
        expect(detail).not.toContain(other.tenantId);
        expect(event.tenantId).toBe(tenant.tenantId);
      }
      // Each event once: ids are unique.
      const ids = eventsOf(tenant.tenantId).map((e) => e.event.id);
      expect(new Set(ids).size).toBe(ids.length);
    },
    TIMEOUT,
  );

  it(
    'retries exactly the entries the bus refused',
    async () => {
      const tenant = await createTestTenant({ prefix: 'evbus' });
      let refusals = 0;
      // The tenant's own setup created its admin (another user.created): the SCIM user is told apart by name.
      const isCy = (entry: { Detail?: string; DetailType?: string }) =>
        entry.DetailType === 'user.created' && (entry.Detail ?? '').includes(`cy@${tenant.tenantId}.example`);
      bus.refuseWhen((entry) => {
        if (!isCy(entry) || refusals >= 1) return false;
        refusals++;
        return true;
      });
      const requestsBefore = bus.requests.length;
      const created = await call(
        {
          method: 'POST',
          url: `/scim/v2/${tenant.tenantId}/Users`,
          token: tenant.scimToken,
          body: { schemas: [USER], userName: `cy@${tenant.tenantId}.example` },
        },
        { timeoutSeconds: 60 },
      );
      expect(created.status).toBe(201);
      await expect
        .poll(() => bus.events.filter((e) => isCy({ Detail: e.detail, DetailType: e.detailType })).length, { timeout: 60_000, interval: 200 })
        .toBe(1);
      bus.refuseWhen(undefined);
      const carrying = bus.requests.slice(requestsBefore).filter((r) => r.some(isCy));
      // Put twice: refused in its first request, then retried in a request that carries it alone.
      expect(carrying).toHaveLength(2);
      expect(carrying[1]).toHaveLength(1);
      expect(refusals).toBe(1);
    },
    TIMEOUT,
  );
});
