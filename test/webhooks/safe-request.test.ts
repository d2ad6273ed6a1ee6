/**
 * The SSRF-safe sender and its rules, without the service around them: which
 * addresses are allowed, that a host is resolved once and the connection goes
 * to the vetted address (a rebinding resolver gets no second question), the
 * deadline, the response cap. The resolver is a stub here only.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Webhook } from 'standardwebhooks';
import { classifyAddress } from '../../shared/webhooks/address-policy.js';
import { urlProblem } from '../../shared/webhooks/endpoint-url.js';
import { sendWebhook, type Resolver } from '../../shared/webhooks/safe-request.js';
import { newWebhookSecret, webhookHeaders } from '../../shared/webhooks/signature.js';
import { retryDelayMs, DEFAULT_RETRY_DELAYS_SECONDS } from '../../shared/webhooks/retry-schedule.js';
import { startReceiver, type TestReceiver } from '../support/webhook-receiver.js';

describe('address policy', () => {
  it.each([
    ['8.8.8.8', 'public'],
    ['93.184.216.34', 'public'],
    ['2606:4700::1111', 'public'],
    ['127.0.0.1', 'loopback'],
    ['127.9.9.9', 'loopback'],
    ['::1', 'loopback'],
    ['10.1.2.3', 'blocked'],
    ['172.31.255.255', 'blocked'],
    ['192.168.0.1', 'blocked'],
    ['100.64.0.1', 'blocked'],
    ['100.127.255.255', 'blocked'],
    ['169.254.169.254', 'blocked'],
    ['0.0.0.0', 'blocked'],
    ['224.0.0.251', 'blocked'],
    ['255.255.255.255', 'blocked'],
    ['fd00:ec2::254', 'blocked'],
    ['fc00::1', 'blocked'],
    ['fe80::1', 'blocked'],
    ['ff02::1', 'blocked'],
    ['::ffff:127.0.0.1', 'blocked'],
    ['::ffff:8.8.8.8', 'blocked'],
    ['64:ff9b::a00:1', 'blocked'],
    ['2002:a00:1::', 'blocked'],
    ['::', 'blocked'],
    ['not-an-ip', 'blocked'],
  ])('%s is %s', (address, verdict) => expect(classifyAddress(address)).toBe(verdict));
});

describe('URL rule at registration', () => {
  it('accepts public https URLs, and loopback http only where allowed', () => {
    expect(urlProblem('https://hooks.example.com/in?x=1', { allowLoopback: false })).toBeUndefined();
    expect(urlProblem('https://hooks.example.com:8443/in', { allowLoopback: false })).toBeUndefined();
    expect(urlProblem('https://93.184.216.34/in', { allowLoopback: false })).toBeUndefined();
    expect(urlProblem('http://127.0.0.1:4000/in', { allowLoopback: true })).toBeUndefined();
    expect(urlProblem('http://127.0.0.1:4000/in', { allowLoopback: false })).toBeDefined();
    expect(urlProblem('http://10.0.0.1/in', { allowLoopback: true })).toBeDefined();
    expect(urlProblem('https://hooks.example.com/in#frag', { allowLoopback: false })).toBeDefined();
    expect(urlProblem(`https://hooks.example.com/${'a'.repeat(2048)}`, { allowLoopback: false })).toBeDefined();
  });
});

describe('sending', () => {
  let receiver: TestReceiver;
  beforeAll(async () => {
    receiver = await startReceiver();
  });
  afterAll(() => receiver.close());

  const port = () => new URL(receiver.url).port;

  it('resolves once and connects to the vetted address, presenting the host name: a rebinding resolver gets no second question', async () => {
    let questions = 0;
    const rebinding: Resolver = async () => (questions++ === 0 ? [{ address: '127.0.0.1', family: 4 }] : [{ address: '169.254.169.254', family: 4 }]);
    receiver.script = [{ kind: 'status', status: 204 }];
    // http is allowed to loopback names only (the local stack): `localhost`, answered by the stub.
    const result = await sendWebhook(`http://localhost:${port()}/in`, {}, '{}', { allowLoopback: true, resolver: rebinding });
    expect(result).toMatchObject({ outcome: 'delivered', statusCode: 204 });
    expect(questions).toBe(1);
    expect(receiver.received.at(-1)!.body).toBe('{}');
  });

  it('refuses a name with any forbidden address among its answers, without connecting', async () => {
    const before = receiver.received.length;
    const mixed: Resolver = async () => [
      { address: '93.184.216.34', family: 4 },
      { address: '10.0.0.7', family: 4 },
    ];
    const result = await sendWebhook(`https://hooks.test.example/in`, {}, '{}', { allowLoopback: false, resolver: mixed });
    expect(result.outcome).toBe('failed');
    expect(result.error).toBe('refused: hooks.test.example resolves to a private, loopback, link-local or reserved address');
    expect(result.error).not.toContain('10.0.0.7');
    const metadata: Resolver = async () => [{ address: 'fd00:ec2::254', family: 6 }];
    expect((await sendWebhook('https://hooks.test.example/in', {}, '{}', { allowLoopback: false, resolver: metadata })).error).toMatch(/^refused/);
    const loopback: Resolver = async () => [{ address: '127.0.0.1', family: 4 }];
    expect((await sendWebhook(`https://hooks.test.example:${port()}/in`, {}, '{}', { allowLoopback: false, resolver: loopback })).error).toMatch(/^refused/);
    expect(receiver.received.length).toBe(before);
  });

  it('gives up at the deadline, and keeps 1 KiB of at most 64 KiB read', async () => {
    receiver.script = [{ kind: 'hang' }];
    const hung = await sendWebhook(receiver.url, {}, '{}', { allowLoopback: true, timeoutMs: 300 });
    expect(hung).toMatchObject({ outcome: 'failed', error: 'no response within 0.3 s' });
    expect(hung.latencyMs).toBeGreaterThanOrEqual(290);
    receiver.script = [{ kind: 'status', status: 200, body: 'é'.repeat(200_000) }];
    const big = await sendWebhook(receiver.url, {}, '{}', { allowLoopback: true });
    expect(big.outcome).toBe('delivered');
    expect(Buffer.byteLength(big.responseExcerpt!, 'utf8')).toBeLessThanOrEqual(1024);
  });
});

describe('signatures and retries', () => {
  it('signs as the reference verifier expects, with every live secret', () => {
    const [a, b] = [newWebhookSecret(), newWebhookSecret()];
    const now = Math.floor(Date.now() / 1000);
    const headers = webhookHeaders([a, b], 'msg_1', now, '{"type":"user.created"}');
    expect(headers['webhook-signature']!.split(' ')).toHaveLength(2);
    for (const secret of [a, b]) expect(new Webhook(secret).verify('{"type":"user.created"}', headers)).toEqual({ type: 'user.created' });
    expect(() => new Webhook(newWebhookSecret()).verify('{"type":"user.created"}', headers)).toThrow();
    expect(() => new Webhook(a).verify('{"type":"user.deleted"}', headers)).toThrow();
  });

  it('backs off on the reference schedule with ±20% jitter, about a day in all, then stops', () => {
    const mid = DEFAULT_RETRY_DELAYS_SECONDS.map((_, i) => retryDelayMs(i + 1, DEFAULT_RETRY_DELAYS_SECONDS, () => 0.5)!);
    expect(mid).toEqual([5_000, 300_000, 1_800_000, 7_200_000, 18_000_000, 36_000_000, 36_000_000]);
    expect(mid.reduce((x, y) => x + y, 0) / 3_600_000).toBeCloseTo(27.6, 1);
    expect(retryDelayMs(1, DEFAULT_RETRY_DELAYS_SECONDS, () => 0)).toBe(4_000);
    expect(retryDelayMs(1, DEFAULT_RETRY_DELAYS_SECONDS, () => 1)).toBe(6_000);
    expect(retryDelayMs(8, DEFAULT_RETRY_DELAYS_SECONDS)).toBeUndefined();
  });
});
