/**
 * A tenant admin chooses where webhooks go; these attacks try to make the
 * service reach what it must not. With the policy of AWS (no loopback), every
 * private, loopback, link-local, CGNAT, multicast, ULA, IPv4-mapped and
 * metadata destination is refused at registration; a destination that passed
 * registration and points somewhere forbidden at send time is refused by the
 * worker before any connection; a redirect is never followed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setTestEnvironment } from '../setup/process-env.js';
import { createDelivery, getDelivery, refOf } from '../../shared/webhooks/delivery.js';
import { attemptDelivery } from '../../shared/webhooks/attempt-delivery.js';
import { testEvent } from '../../shared/webhooks/webhook-event.js';
import { createTestTenant, type TestTenant } from '../support/tenants.js';
import { rememberSecret } from '../support/secret-ledger.js';
import { startReceiver, type TestReceiver } from '../support/webhook-receiver.js';
import { call } from './in-process-api.js';

const TIMEOUT = 120_000;
let tenant: TestTenant;
let receiver: TestReceiver;
let elsewhere: TestReceiver;

const setLoopback = (allowed: boolean) => setTestEnvironment({ WEBHOOK_ALLOW_LOOPBACK: allowed ? 'true' : 'false' });

beforeAll(async () => {
  tenant = await createTestTenant({ prefix: 'whssrf' });
  receiver = await startReceiver();
  elsewhere = await startReceiver();
  setLoopback(false);
}, TIMEOUT);
afterAll(async () => {
  setLoopback(true);
  await receiver?.close();
  await elsewhere?.close();
});

const register = (url: string) => call({ method: 'POST', url: '/api/svc/v1/webhooks', token: tenant.adminToken, body: { url, eventTypes: ['*'] } });

describe('registration, with the policy of AWS', () => {
  it.each([
    'http://127.0.0.1:8080/x',
    'https://127.0.0.1/x',
    'https://localhost/x',
    'https://[::1]/x',
    'https://169.254.169.254/latest/meta-data/iam/security-credentials/',
    'https://[fd00:ec2::254]/latest/meta-data/',
    'https://[::ffff:127.0.0.1]/x',
    'https://[::ffff:a9fe:a9fe]/x',
    'https://10.0.0.1/x',
    'https://172.16.5.4/x',
    'https://192.168.1.1/x',
    'https://100.64.0.1/x',
    'https://[fe80::1]/x',
    'https://[fc00::1]/x',
    'https://224.0.0.1/x',
    'https://0.0.0.0/x',
    'https://2130706433/x',
    'https://0x7f.0.0.1/x',
    'https://017700000001/x',
    'https://metadata.google.internal/x',
    'https://admin:hunter2@hooks.example.com/x',
    'ftp://hooks.example.com/x',
    'file:///etc/passwd',
    'gopher://hooks.example.com:70/x',
    'https://hooks.example.com:25/x',
  ])(
    'refuses %s (400, nothing stored)',
    async (url) => {
      const res = await register(url);
      expect(res.status).toBe(400);
      expect(res.json.code).toBe('webhook.invalid_url');
      const list = await call({ method: 'GET', url: '/api/svc/v1/webhooks', token: tenant.adminToken });
      expect(list.json.data).toEqual([]);
    },
    TIMEOUT,
  );
});

describe('sending', () => {
  it(
    'refuses, before connecting, a destination that became forbidden after registration',
    async () => {
      setLoopback(true);
      const res = await register(receiver.url);
      setLoopback(false);
      expect(res.status).toBe(201);
      rememberSecret(res.json.secret);
      const endpointId = res.json.data.id;
      const delivery = await attemptTestDelivery(endpointId, 'ssrf-1');
      expect(receiver.received).toEqual([]);
      const logged = await getDelivery(tenant.table, refOf(delivery));
      expect(logged).toMatchObject({ status: 'failed', attemptCount: 1 });
      expect(logged!.attempts[0]!.error).toMatch(/^refused/);
      expect(logged!.attempts[0]!.statusCode).toBeUndefined();
      await call({ method: 'DELETE', url: `/api/svc/v1/webhooks/${endpointId}`, token: tenant.adminToken });
    },
    TIMEOUT,
  );

  it(
    'does not follow a redirect: a 3xx is a failed attempt and its target gets nothing',
    async () => {
      setLoopback(true);
      try {
        receiver.script = [{ kind: 'status', status: 302, headers: { location: elsewhere.url } }];
        const res = await register(receiver.url);
        rememberSecret(res.json.secret);
        const endpointId = res.json.data.id;
        const delivery = await attemptTestDelivery(endpointId, 'ssrf-2');
        const logged = await getDelivery(tenant.table, refOf(delivery));
        expect(logged!.attempts[0]).toMatchObject({ outcome: 'failed', statusCode: 302, error: 'redirects are not followed' });
        expect(receiver.received).toHaveLength(1);
        expect(elsewhere.received).toEqual([]);
      } finally {
        setLoopback(false);
      }
    },
    TIMEOUT,
  );
});

/** A test delivery to the endpoint, attempted once by the worker's code in this process; it must fail. */
async function attemptTestDelivery(endpointId: string, eventId: string) {
  const delivery = await createDelivery(tenant.table, {
    event: testEvent({ id: eventId, tenantId: tenant.tenantId, endpointId, at: new Date().toISOString() }),
    endpointId,
    kind: 'test',
  });
  expect(await attemptDelivery(tenant.table, refOf(delivery!))).toBe('failed');
  return delivery!;
}
