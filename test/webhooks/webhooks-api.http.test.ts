/**
 * The webhook admin API end to end: endpoints are created with their secret
 * shown once, validated, changed, rotated with an overlap in which both
 * signatures are sent, tested, and their delivery log read and redelivered; a
 * receiver on 127.0.0.1 checks every signature with the `standardwebhooks`
 * package. Deliveries run through the local worker endpoint as under `npm start`.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keys } from '../../shared/storage/keys.js';
import { issuePersonalAccessToken } from '../../shared/tokens/personal-access-tokens.js';
import { createTestTenant, type TestTenant } from '../support/tenants.js';
import { rememberSecret } from '../support/secret-ledger.js';
import { startReceiver, type TestReceiver } from '../support/webhook-receiver.js';
import { call, type ApiRequest } from '../security/in-process-api.js';
import { startWebhookStack, type WebhookStack } from './stack.js';

const TIMEOUT = 120_000;
const API = '/api/svc/v1/webhooks';

let tenant: TestTenant;
let stack: WebhookStack;
let receiver: TestReceiver;

const admin = (method: string, path: string, body?: unknown): ApiRequest => ({ method, url: `${API}${path}`, token: tenant.adminToken, body });

async function create(body: unknown) {
  const res = await call(admin('POST', '', body));
  if (res.status === 201) rememberSecret(res.json.secret);
  return res;
}

beforeAll(async () => {
  tenant = await createTestTenant({ prefix: 'whapi' });
  stack = await startWebhookStack({ prefix: 'whapi' });
  receiver = await startReceiver();
}, TIMEOUT);
afterAll(async () => {
  await stack?.stop();
  await receiver?.close();
});

describe('creating an endpoint', () => {
  it(
    'answers a Standard Webhooks secret once, never again, and stores it sealed',
    async () => {
      const res = await create({ url: receiver.url, eventTypes: ['user.created', 'user.deactivated'], description: 'HR sync' });
      expect(res.status).toBe(201);
      expect(res.headers['cache-control']).toBe('no-store');
      expect(res.json.secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
      expect(Buffer.from(res.json.secret.slice(6), 'base64')).toHaveLength(32);
      expect(res.json.data).toMatchObject({ url: receiver.url, eventTypes: ['user.created', 'user.deactivated'], description: 'HR sync', enabled: true });
      const id = res.json.data.id;

      const got = await call(admin('GET', `/${id}`));
      const listed = await call(admin('GET', ''));
      expect(got.status).toBe(200);
      expect(listed.json.data.map((e: { id: string }) => e.id)).toContain(id);
      for (const text of [got.text, listed.text]) expect(text).not.toContain(res.json.secret.slice(6, 30));
      const stored = JSON.stringify(await tenant.table.get(keys.webhookEndpoint(tenant.tenantId, id)));
      expect(stored).not.toContain(res.json.secret.slice(6));
      expect(stored).toContain('"keeper":"local"');

      const audit = await tenant.table.queryAll({
        KeyConditionExpression: 'PK = :pk',
        ExpressionAttributeValues: { ':pk': keys.auditMonth(tenant.tenantId, new Date().toISOString().slice(0, 7)) },
      });
      const createdEvent = audit.find((a) => a.action === 'webhook_endpoint.created' && (a.target as { id: string }).id === id);
      expect(createdEvent).toBeDefined();
      expect(JSON.stringify(createdEvent)).not.toContain(res.json.secret.slice(6));
    },
    TIMEOUT,
  );

  it.each([
    ['http to a public host', { url: 'http://hooks.example.com/x', eventTypes: ['*'] }, 'webhook.invalid_url'],
    ['credentials in the URL', { url: 'https://user:pw@hooks.example.com/x', eventTypes: ['*'] }, 'webhook.invalid_url'],
    ['a private address', { url: 'https://10.0.0.5/x', eventTypes: ['*'] }, 'webhook.invalid_url'],
    ['the metadata address', { url: 'https://169.254.169.254/latest/meta-data', eventTypes: ['*'] }, 'webhook.invalid_url'],
    ['an internal name', { url: 'https://db.internal/x', eventTypes: ['*'] }, 'webhook.invalid_url'],
    ['the SSH port', { url: 'https://hooks.example.com:22/x', eventTypes: ['*'] }, 'webhook.invalid_url'],
    ['an unknown event type', { url: 'https://hooks.example.com/x', eventTypes: ['user.exploded'] }, 'webhook.unknown_event_type'],
    ['"*" with other types', { url: 'https://hooks.example.com/x', eventTypes: ['*', 'user.created'] }, 'webhook.invalid_event_types'],
    ['no event type', { url: 'https://hooks.example.com/x', eventTypes: [] }, 'webhook.invalid_event_types'],
  ])(
    'refuses %s with a 400 naming the field, creating nothing',
    async (_label, body, code) => {
      const before = (await call(admin('GET', ''))).json.data.length;
      const res = await call(admin('POST', '', body));
      expect(res.status).toBe(400);
      expect(res.json.code).toBe(code);
      expect((await call(admin('GET', ''))).json.data.length).toBe(before);
    },
    TIMEOUT,
  );
});

describe('an endpoint in use', () => {
  let id: string;
  let secret: string;

  beforeAll(async () => {
    const res = await create({ url: receiver.url, eventTypes: ['*'] });
    id = res.json.data.id;
    secret = res.json.secret;
  }, TIMEOUT);

  it(
    'gets a signed test event that the reference verifier accepts, logged with status, latency and a bounded excerpt',
    async () => {
      receiver.secrets = [secret];
      receiver.script = [{ kind: 'status', status: 200, body: 'x'.repeat(3000) }];
      const res = await call(admin('POST', `/${id}/test`));
      expect(res.status).toBe(202);
      const eventId = res.json.data.eventId;
      const [message] = (await receiver.waitFor((m) => m.some((x) => x.id === eventId))).filter((m) => m.id === eventId);
      expect(message!.verifiedBy).toBe(0);
      expect(message!.payload).toMatchObject({ type: 'webhook.test', data: { id: eventId, tenantId: tenant.tenantId, endpointId: id } });

      const log = await waitForDelivery(id, res.json.data.id, (d) => d.status !== 'pending');
      expect(log.status).toBe('delivered');
      expect(log.attempts).toHaveLength(1);
      expect(log.attempts[0]).toMatchObject({ outcome: 'delivered', statusCode: 200 });
      expect(log.attempts[0].responseExcerpt).toBe('x'.repeat(1024));
      expect(log.attempts[0].latencyMs).toBeGreaterThanOrEqual(0);
    },
    TIMEOUT,
  );

  it(
    'redelivers a settled delivery with the same webhook-id, and refuses one still pending',
    async () => {
      receiver.script = [{ kind: 'status', status: 500 }];
      const test = await call(admin('POST', `/${id}/test`));
      const deliveryId = test.json.data.id;
      const failed = await waitForDelivery(id, deliveryId, (d) => d.status !== 'pending');
      expect(failed).toMatchObject({ status: 'failed', attemptCount: 1 });
      expect(failed.attempts[0]).toMatchObject({ outcome: 'failed', statusCode: 500 });

      receiver.script = [{ kind: 'status', status: 204 }];
      const again = await call(admin('POST', `/${id}/deliveries/${deliveryId}/redeliver`));
      expect(again.status).toBe(202);
      const done = await waitForDelivery(id, deliveryId, (d) => d.status === 'delivered');
      expect(done.attemptCount).toBe(2);
      const copies = receiver.received.filter((m) => m.id === test.json.data.eventId);
      expect(copies).toHaveLength(2);
      expect(copies.every((m) => m.verifiedBy === 0)).toBe(true);

      // Hang the receiver so the next test delivery stays pending while it is asked again.
      receiver.script = [{ kind: 'hang' }];
      const slow = await call(admin('POST', `/${id}/test`));
      await receiver.waitFor((m) => m.some((x) => x.id === slow.json.data.eventId));
      const refused = await call(admin('POST', `/${id}/deliveries/${slow.json.data.id}/redeliver`));
      expect(refused.status).toBe(409);
      expect(refused.json.code).toBe('webhook.delivery_pending');
      receiver.script = [{ kind: 'status', status: 204 }];
      expect((await call(admin('POST', `/${id}/deliveries/nope_x/redeliver`))).status).toBe(404);
    },
    TIMEOUT,
  );

  it(
    'rotates the secret: during the overlap every message carries both signatures, each valid alone; afterwards only the new one',
    async () => {
      const rotated = await call(admin('POST', `/${id}/rotate-secret`, { overlapSeconds: 3600 }));
      expect(rotated.status).toBe(200);
      rememberSecret(rotated.json.secret);
      expect(rotated.json.secret).not.toBe(secret);
      expect(rotated.json.data.previousSecretExpiresAt).toBeDefined();
      receiver.secrets = [rotated.json.secret, secret];
      const during = await call(admin('POST', `/${id}/test`));
      const [both] = (await receiver.waitFor((m) => m.some((x) => x.id === during.json.data.eventId))).filter((m) => m.id === during.json.data.eventId);
      expect(both!.signature.split(' ')).toHaveLength(2);
      expect(both!.verifiedBy).toBe(0);
      receiver.secrets = [secret];
      expect(verifies(both!, secret)).toBe(true);
      expect(verifies(both!, rotated.json.secret)).toBe(true);

      const ended = await call(admin('POST', `/${id}/rotate-secret`, { overlapSeconds: 0 }));
      rememberSecret(ended.json.secret);
      expect(ended.json.data.previousSecretExpiresAt).toBeUndefined();
      const after = await call(admin('POST', `/${id}/test`));
      const [single] = (await receiver.waitFor((m) => m.some((x) => x.id === after.json.data.eventId))).filter((m) => m.id === after.json.data.eventId);
      expect(single!.signature.split(' ')).toHaveLength(1);
      expect(verifies(single!, ended.json.secret)).toBe(true);
      expect(verifies(single!, rotated.json.secret)).toBe(false);

      for (const overlapSeconds of [-1, 7 * 86400 + 1, 1.5]) {
        const bad = await call(admin('POST', `/${id}/rotate-secret`, { overlapSeconds }));
        expect(bad.status).toBe(400);
      }
    },
    TIMEOUT,
  );

  it(
    'updates and deletes, auditing each change; a deleted endpoint is a 404',
    async () => {
      const off = await call(admin('PATCH', `/${id}`, { enabled: false, description: 'paused' }));
      expect(off.json.data).toMatchObject({ enabled: false, disabledReason: 'admin', description: 'paused' });
      const on = await call(admin('PATCH', `/${id}`, { enabled: true }));
      expect(on.json.data.enabled).toBe(true);
      expect(on.json.data.disabledReason).toBeUndefined();
      expect((await call(admin('PATCH', `/${id}`, { url: 'https://10.1.2.3/x' }))).status).toBe(400);
      expect((await call(admin('DELETE', `/${id}`))).status).toBe(200);
      expect((await call(admin('GET', `/${id}`))).status).toBe(404);
      expect((await call(admin('DELETE', `/${id}`))).status).toBe(404);
    },
    TIMEOUT,
  );
});

describe('who may use the webhook routes', () => {
  it(
    'a member gets 403 and another tenant’s admin 404 on every route of an endpoint, and sees none of it',
    async () => {
      const victimEndpoint = await create({ url: receiver.url, eventTypes: ['*'], description: 'victim-only' });
      const id = victimEndpoint.json.data.id;
      const test = await call(admin('POST', `/${id}/test`));
      const member = await issuePersonalAccessToken(tenant.table, { tenantId: tenant.tenantId, userId: await memberId(), name: 'member' });
      rememberSecret(member.token);
      const other = await createTestTenant({ prefix: 'whapx' });
      const routes: Array<[string, string, unknown?]> = [
        ['GET', ''],
        ['POST', '', { url: 'https://hooks.example.com/x', eventTypes: ['*'] }],
        ['GET', `/${id}`],
        ['PATCH', `/${id}`, { enabled: false }],
        ['DELETE', `/${id}`],
        ['POST', `/${id}/rotate-secret`, {}],
        ['POST', `/${id}/test`],
        ['GET', `/${id}/deliveries`],
        ['POST', `/${id}/deliveries/${test.json.data.id}/redeliver`],
      ];
      for (const [method, path, body] of routes) {
        const asMember = await call({ method, url: `${API}${path}`, token: member.token, body });
        expect(asMember.status, `${method} ${path} as member`).toBe(403);
        const asOther = await call({ method, url: `${API}${path}`, token: other.adminToken, body });
        // A list or a create acts on the caller's own tenant, which is its right.
        if (path === '') {
          if (asOther.status === 201) rememberSecret(asOther.json.secret);
          continue;
        }
        expect(asOther.status, `${method} ${path} as another tenant`).toBe(404);
        expect(asOther.text).not.toContain('victim-only');
      }
      const otherList = await call({ method: 'GET', url: API, token: other.adminToken });
      expect(otherList.json.data.map((e: { id: string }) => e.id)).not.toContain(id);
      expect(otherList.text).not.toContain('victim-only');
      const mine = await call(admin('GET', `/${id}`));
      expect(mine.json.data).toMatchObject({ enabled: true, description: 'victim-only' });
    },
    TIMEOUT,
  );
});

async function memberId(): Promise<string> {
  const res = await call({
    method: 'POST',
    url: '/api/svc/v1/users/register',
    token: tenant.adminToken,
    body: { email: `member-${tenant.tenantId}@whapi.example` },
  });
  if (res.status !== 200 && res.status !== 201) throw new Error(`register: ${res.status} ${res.text}`);
  return res.json.data.id ?? res.json.data.user?.id;
}

function verifies(message: { id: string; timestamp: string; signature: string; body: string }, secret: string): boolean {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { Webhook } = require('standardwebhooks') as typeof import('standardwebhooks');
  try {
    new Webhook(secret).verify(message.body, { 'webhook-id': message.id, 'webhook-timestamp': message.timestamp, 'webhook-signature': message.signature });
    return true;
  } catch {
    return false;
  }
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the log entry is checked by assertions
async function waitForDelivery(endpointId: string, deliveryId: string, until: (d: any) => boolean, timeoutMs = 60_000): Promise<any> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const res = await call(admin('GET', `/${endpointId}/deliveries?limit=100`));
    const found = res.json.data.find((d: { id: string }) => d.id === deliveryId);
    if (found && until(found)) return found;
    if (Date.now() > deadline) throw new Error(`delivery ${deliveryId}: ${JSON.stringify(found)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
