/**
 * Delivery as `npm start` runs it: SCIM changes committed, the table stream
 * read by the real webhook consumer, one worker invocation per delivery through
 * the local Lambda-invoke endpoint, retries handed out by the sweeper, and
 * receivers on 127.0.0.1 verifying every message with `standardwebhooks`.
 * Retry delays are one second here (the schedule is configuration).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pendingOutboxItems } from '../support/outbox.js';
import { auditEvents } from '../support/audit.js';
import { createTestTenant, type TestTenant } from '../support/tenants.js';
import { rememberSecret } from '../support/secret-ledger.js';
import { startReceiver, type ReceivedMessage, type TestReceiver } from '../support/webhook-receiver.js';
import { call } from '../security/in-process-api.js';
import { figures } from '../reliability/figures.js';
import { startWebhookStack, type WebhookStack } from './stack.js';

const TIMEOUT = 180_000;
const USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
const GROUP = 'urn:ietf:params:scim:schemas:core:2.0:Group';
const PATCH = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';

let stack: WebhookStack;
const receivers: TestReceiver[] = [];

beforeAll(async () => {
  // Four attempts, a second apart: enough for a receiver that fails three times.
  stack = await startWebhookStack({ prefix: 'whdel', retrySchedule: '1,1,1' });
}, TIMEOUT);
afterAll(async () => {
  figures.flush('webhook-delivery');
  await stack?.stop();
  await Promise.all(receivers.map((r) => r.close()));
});

async function tenantWithEndpoint(script: ConstructorParameters<typeof Object>[0] = undefined, eventTypes = ['*']) {
  const tenant = await createTestTenant({ prefix: 'whdel' });
  const receiver = await startReceiver(script as never);
  receivers.push(receiver);
  const res = await call({ method: 'POST', url: '/api/svc/v1/webhooks', token: tenant.adminToken, body: { url: receiver.url, eventTypes } });
  if (res.status !== 201) throw new Error(`create endpoint: ${res.status} ${res.text}`);
  rememberSecret(res.json.secret);
  receiver.secrets = [res.json.secret];
  return { tenant, receiver, endpointId: res.json.data.id as string };
}

/** A scripted sync as an IdP runs it: two users, one deactivated, a group with both, one user deleted. */
async function scimSync(tenant: TestTenant, tag: string) {
  const scim = (method: string, path: string, body?: unknown) =>
    call({ method, url: `/scim/v2/${tenant.tenantId}${path}`, token: tenant.scimToken, body }, { timeoutSeconds: 60 }).then((r) => {
      if (r.status >= 300) throw new Error(`${method} ${path}: ${r.status} ${r.text}`);
      return r;
    });
  const ana = (await scim('POST', '/Users', { schemas: [USER], userName: `ana-${tag}@x.example`, emails: [{ value: `ana-${tag}@x.example`, primary: true }] }))
    .json.id;
  const bo = (await scim('POST', '/Users', { schemas: [USER], userName: `bo-${tag}@x.example`, emails: [{ value: `bo-${tag}@x.example`, primary: true }] }))
    .json.id;
  await scim('PATCH', `/Users/${bo}`, { schemas: [PATCH], Operations: [{ op: 'replace', path: 'active', value: false }] });
  const group = (await scim('POST', '/Groups', { schemas: [GROUP], displayName: `eng-${tag}`, members: [{ value: ana }, { value: bo }] })).json.id;
  await scim('DELETE', `/Users/${ana}`);
  return { ana, bo, group };
}

/** The tenant's audit events since `since`, oldest first: what the receiver must get, one message each. */
async function auditSince(tenant: TestTenant, since: string) {
  return (await auditEvents(tenant.table, tenant.tenantId)).filter((e) => e.at >= since && !e.action.startsWith('webhook_endpoint.'));
}

const byId = (messages: ReceivedMessage[]) => new Map(messages.map((m) => [m.id, m]));

describe('a scripted SCIM sync', () => {
  it(
    'produces exactly one verified event per audited change, typed as expected, each subject’s events in change order',
    async () => {
      const { tenant, receiver } = await tenantWithEndpoint();
      const since = new Date().toISOString();
      const ids = await scimSync(tenant, 'a');
      const audit = await auditSince(tenant, since);
      const expected = audit.map((a) => a.id as string);
      const got = await receiver.waitFor((m) => expected.every((id) => byId(m).has(id)));
      await new Promise((r) => setTimeout(r, 1500));
      const unique = byId(receiver.received);
      expect([...unique.keys()].sort()).toEqual([...expected].sort());
      expect(got.every((m) => m.verifiedBy === 0)).toBe(true);

      const types = (subject: string) => audit.filter((a) => (a.target as { id: string }).id === subject).map((a) => a.action);
      expect(types(ids.ana)).toEqual(['user.created', 'user.deleted']);
      expect(types(ids.bo)).toEqual(['user.created', 'user.deactivated']);
      expect(types(ids.group)).toEqual(expect.arrayContaining(['team.created']));
      for (const a of audit) {
        const message = unique.get(a.id as string)!;
        expect(message.payload).toMatchObject({
          type: a.action,
          timestamp: a.at,
          data: { id: a.id, type: a.action, tenantId: tenant.tenantId, subject: a.target },
        });
      }
      // Per subject, ordering the received events by their sequence gives the order of the changes, whatever order they arrived in.
      for (const subject of [ids.ana, ids.bo, ids.group]) {
        const changeOrder = audit.filter((a) => (a.target as { id: string }).id === subject).map((a) => a.id);
        const received = [...unique.values()]
          .filter((m) => m.payload?.data?.subject?.id === subject)
          .sort((x, y) => x.payload.data.sequence - y.payload.data.sequence)
          .map((m) => m.id);
        expect(received).toEqual(changeOrder);
      }
    },
    TIMEOUT,
  );

  it(
    'sends only the subscribed types',
    async () => {
      const { tenant, receiver } = await tenantWithEndpoint(undefined, ['user.deactivated']);
      const since = new Date().toISOString();
      const ids = await scimSync(tenant, 'b');
      const deactivated = (await auditSince(tenant, since)).filter((a) => a.action === 'user.deactivated');
      await receiver.waitFor((m) => m.length >= 1);
      await new Promise((r) => setTimeout(r, 1500));
      expect(receiver.received.map((m) => m.id)).toEqual(deactivated.map((a) => a.id));
      expect(receiver.received[0]!.payload.data.subject.id).toBe(ids.bo);
    },
    TIMEOUT,
  );
});

describe('a receiver that fails three times, then recovers', () => {
  it(
    'gets every event once it recovers (deduplicated by webhook-id), and the log shows the failed attempts',
    async () => {
      const { tenant, receiver, endpointId } = await tenantWithEndpoint([
        { kind: 'status', status: 500 },
        { kind: 'status', status: 503 },
        { kind: 'status', status: 500 },
        { kind: 'status', status: 204 },
      ]);
      const since = new Date().toISOString();
      await scimSync(tenant, 'c');
      const expected = (await auditSince(tenant, since)).map((a) => a.id as string);
      await receiver.waitFor((m) => expected.every((id) => m.some((x) => x.id === id && x.status === 204)));
      const delivered = new Set(receiver.received.filter((m) => m.status === 204).map((m) => m.id));
      expect([...delivered].sort()).toEqual([...expected].sort());
      expect(receiver.received.filter((m) => m.status >= 500)).toHaveLength(3);
      // The receiver answers before the worker records the answer: the log catches up a moment later.
      type LogEntry = { eventId: string; status: string; attempts: Array<{ statusCode?: number }> };
      const readLog = async () =>
        (await call({ method: 'GET', url: `/api/svc/v1/webhooks/${endpointId}/deliveries?limit=100`, token: tenant.adminToken })).json.data as LogEntry[];
      const statusOf = (log: LogEntry[]) => expected.map((id) => log.find((d) => d.eventId === id)?.status ?? 'absent');
      const entries = await waitFor(async () => {
        const log = await readLog();
        return statusOf(log).every((s) => s === 'delivered') ? log : undefined;
      }).catch(async (error: Error) => {
        throw new Error(`${error.message}: log statuses ${JSON.stringify(statusOf(await readLog()))}`);
      });
      expect(statusOf(entries)).toEqual(expected.map(() => 'delivered'));
      expect(entries.flatMap((d) => d.attempts).filter((a) => (a.statusCode ?? 0) >= 500)).toHaveLength(3);
    },
    TIMEOUT,
  );
});

describe('one tenant’s endpoint that hangs on every request', () => {
  it(
    'does not hold up another tenant’s deliveries: they all arrive while the hung request is still open',
    async () => {
      const quick = await tenantWithEndpoint();
      // The usual lag first, with nothing hanging.
      const baseline = await lagOf(quick.tenant, quick.receiver, 'base');
      const hung = await tenantWithEndpoint([{ kind: 'hang' }]);
      await scimSync(hung.tenant, 'hang');
      await hung.receiver.waitFor((m) => m.length >= 1);
      expect(hung.receiver.open).toBeGreaterThan(0);
      const during = await lagOf(quick.tenant, quick.receiver, 'during');
      // Every one of the other tenant's events arrived while a request to the hung endpoint was open.
      const whileHung = (at: number) => hung.receiver.hangs.some((h) => h.from <= at && (h.to === undefined || at <= h.to));
      const duringMessages = quick.receiver.received.filter((m) => m.payload?.data?.subject && m.receivedAt >= during.startedAt);
      expect(duringMessages.length).toBe(during.events);
      expect(duringMessages.filter((m) => !whileHung(m.receivedAt)).map((m) => m.payload.type)).toEqual([]);
      // The hung endpoint's requests ended by the client's 10-second deadline, not by the receiver.
      const ended = hung.receiver.hangs.filter((h) => h.to !== undefined);
      for (const h of ended) expect(h.to! - h.from).toBeGreaterThanOrEqual(9_000);
      figures.record('webhook-delivery', 'end-to-end lag of another tenant, ms (p50, max)', { alone: baseline, besideAHungEndpoint: during });
    },
    TIMEOUT,
  );
});

describe('an endpoint that fails for the whole schedule', () => {
  it(
    'is turned off, audited, and its tenant’s admins are mailed',
    async () => {
      const { tenant, receiver, endpointId } = await tenantWithEndpoint([{ kind: 'status', status: 500 }]);
      const created = await call({
        method: 'POST',
        url: `/scim/v2/${tenant.tenantId}/Users`,
        token: tenant.scimToken,
        body: { schemas: [USER], userName: `dead@x.example` },
      });
      expect(created.status).toBe(201);
      await receiver.waitFor((m) => m.length >= 4);
      const endpoint = await waitFor(async () => {
        const got = await call({ method: 'GET', url: `/api/svc/v1/webhooks/${endpointId}`, token: tenant.adminToken });
        return got.json.data.enabled === false ? got.json.data : undefined;
      });
      expect(endpoint).toMatchObject({ enabled: false, disabledReason: 'failing' });
      const mails = (await pendingOutboxItems(tenant.table, tenant.tenantId, 'mail')).filter((m) => m.template === 'webhook-disabled');
      expect(mails.map((m) => m.to)).toEqual([tenant.adminEmail]);
      expect(mails[0]!.data).toMatchObject({ url: receiver.url, attempts: '4' });
      // Four attempts of the one event, then nothing more: it is off.
      await new Promise((r) => setTimeout(r, 2500));
      expect(receiver.received.filter((m) => m.payload?.type === 'user.created')).toHaveLength(4);
    },
    TIMEOUT,
  );
});

/** Lag (SCIM change answered → message received) of a small sync's events, in ms: p50 and max. */
async function lagOf(tenant: TestTenant, receiver: TestReceiver, tag: string): Promise<{ p50: number; max: number; events: number; startedAt: number }> {
  const since = new Date().toISOString();
  const startedAt = Date.now();
  await scimSync(tenant, tag);
  const expected = (await auditSince(tenant, since)).filter((a) => a.action !== 'webhook_endpoint.created');
  await receiver.waitFor((m) => expected.every((a) => m.some((x) => x.id === a.id)));
  const lags = expected.map((a) => receiver.received.find((m) => m.id === a.id)!.receivedAt - Date.parse(String(a.at))).sort((x, y) => x - y);
  return { p50: lags[Math.floor(lags.length / 2)]!, max: lags[lags.length - 1]!, events: lags.length, startedAt };
}

async function waitFor<T>(probe: () => Promise<T | undefined>, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 200));
  }
}
