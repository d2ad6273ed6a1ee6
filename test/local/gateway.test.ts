/**
 * HTTP: the local gateway emulates API Gateway HTTP API in front of the route
 * table's handler modules: route matching, the payload format 2.0 event, the
 * `$default` fallback's 404/405 envelopes, and API Gateway's own 413 and 500.
 */
import http from 'node:http';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { routes, type RouteDefinition } from '../../shared/http/route-table.js';
import { GATEWAY_MAX_BODY_BYTES } from '../../infra/local/gateway.js';
import { startTestGateway, type TestGateway } from '../support/gateway.js';

const ECHO = 'test/local/fixtures/echo-handler.ts';
const testRoutes: RouteDefinition[] = [
  ...routes,
  { name: 'test.echo', method: 'POST', path: '/test/items/{itemId}/echo', handler: ECHO, auth: 'public' },
  { name: 'test.item', method: 'GET', path: '/test/items/{itemId}', handler: ECHO, auth: 'public' },
  { name: 'test.special', method: 'GET', path: '/test/items/special', handler: ECHO, auth: 'public' },
  { name: 'test.scimEcho', method: 'GET', path: '/scim/v2/{tenantId}/Echo', handler: ECHO, auth: 'public' },
  { name: 'test.throws', method: 'GET', path: '/test/throws', handler: 'test/local/fixtures/throwing-handler.ts', auth: 'public' },
];

let gateway: TestGateway;

beforeAll(async () => {
  gateway = await startTestGateway({ routes: testRoutes });
});
afterAll(() => gateway.close());

async function echo(path: string, init?: RequestInit) {
  const response = await gateway.request(path, init);
  expect(response.status).toBe(200);
  return (await response.json()) as { event: APIGatewayProxyEventV2; context: { functionName: string; remainingMs: number } };
}

function rawRequest(method: string, path: string, headers: Array<[string, string]>, body: string) {
  return new Promise<{ event: APIGatewayProxyEventV2; context: { functionName: string; remainingMs: number } }>((resolve, reject) => {
    const host = new URL(gateway.url).host;
    const rawHeaders = [['Host', host], ...headers, ['Content-Length', String(Buffer.byteLength(body))]].flat();
    const request = http.request(`${gateway.url}${path}`, { method, headers: rawHeaders }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        if (response.statusCode === 200) resolve(JSON.parse(text));
        else reject(new Error(`${response.statusCode}: ${text}`));
      });
    });
    request.on('error', reject);
    request.end(body);
  });
}

describe('event', () => {
  it('is a faithful payload format 2.0 event', async () => {
    // fetch would merge the repeated header itself; node:http sends it twice, as some clients do.
    const { event, context } = await rawRequest(
      'POST',
      '/test/items/a%20b%2Fc/echo?x=1&y=hello+world&x=2&empty=&flag',
      [
        ['Content-Type', 'application/json'],
        ['X-Custom', 'one'],
        ['x-custom', 'two'],
        ['Cookie', 'a=1; b=2'],
      ],
      '{"hello":"world"}',
    );
    expect(event).toMatchObject({
      version: '2.0',
      routeKey: 'POST /test/items/{itemId}/echo',
      rawPath: '/test/items/a%20b%2Fc/echo',
      rawQueryString: 'x=1&y=hello+world&x=2&empty=&flag',
      pathParameters: { itemId: 'a b/c' },
      queryStringParameters: { x: '1,2', y: 'hello world', empty: '', flag: '' },
      cookies: ['a=1', 'b=2'],
      body: '{"hello":"world"}',
      isBase64Encoded: false,
      requestContext: {
        routeKey: 'POST /test/items/{itemId}/echo',
        stage: '$default',
        http: { method: 'POST', path: '/test/items/a%20b%2Fc/echo', protocol: 'HTTP/1.1', sourceIp: '127.0.0.1' },
      },
    });
    expect(event.headers['x-custom']).toBe('one,two');
    expect(event.headers['content-type']).toBe('application/json');
    expect(event.headers.cookie).toBeUndefined();
    expect(event.requestContext.requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(event.requestContext.timeEpoch).toBeGreaterThan(Date.now() - 60_000);
    expect(event.requestContext.time).toMatch(/^\d{2}\/[A-Z][a-z]{2}\/\d{4}:\d{2}:\d{2}:\d{2} \+0000$/);
    expect(context.functionName).toBe('test.echo');
    expect(context.remainingMs).toBeGreaterThan(0);
  });

  it('leaves out what the request does not have', async () => {
    const { event } = await echo('/test/items/42');
    expect(event).not.toHaveProperty('body');
    expect(event).not.toHaveProperty('queryStringParameters');
    expect(event).not.toHaveProperty('cookies');
    expect(event.rawQueryString).toBe('');
  });

  it('writes status, headers and cookies back', async () => {
    const response = await gateway.request('/test/items/42');
    expect(response.headers.get('x-echo')).toBe('yes');
    expect(response.headers.getSetCookie()).toEqual(['session=abc; Path=/; HttpOnly', 'theme=dark']);
  });
});

describe('route matching', () => {
  it('prefers a static segment over a path parameter', async () => {
    expect((await echo('/test/items/special')).event.routeKey).toBe('GET /test/items/special');
    expect((await echo('/test/items/other')).event.routeKey).toBe('GET /test/items/{itemId}');
  });

  it('answers an unknown path with a JSON 404 in the admin envelope', async () => {
    const response = await gateway.request('/api/svc/v1/nothing-here');
    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    expect(await response.json()).toMatchObject({ statusCode: 404, code: 'route.not_found' });
  });

  it('answers an unknown path under /scim/ in the SCIM envelope', async () => {
    const response = await gateway.request('/scim/v2/acme/Nothing');
    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).toMatch(/^application\/scim\+json/);
    expect(await response.json()).toEqual({
      schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'],
      status: '404',
      detail: 'No route for GET /scim/v2/acme/Nothing',
    });
  });

  it('answers a known path with the wrong method with 405 and Allow', async () => {
    const response = await gateway.request('/test/items/42', { method: 'DELETE' });
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('GET');
    expect(await response.json()).toMatchObject({ statusCode: 405, code: 'route.method_not_allowed' });

    const scim = await gateway.request('/scim/v2/acme/Echo', { method: 'PATCH' });
    expect(scim.status).toBe(405);
    expect(await scim.json()).toMatchObject({ status: '405' });
  });
});

describe('API Gateway behaviour', () => {
  it('answers 500 with API Gateway body when a handler throws', async () => {
    const response = await gateway.request('/test/throws');
    expect(response.status).toBe(500);
    expect(await response.json()).toEqual({ message: 'Internal Server Error' });
  });

  it('refuses a body over its limit with 413 before any handler runs', async () => {
    const response = await gateway.request('/test/items/1/echo', { method: 'POST', body: 'x'.repeat(GATEWAY_MAX_BODY_BYTES + 1) });
    expect(response.status).toBe(413);
    expect(await response.json()).toEqual({ message: 'Request Entity Too Large' });
  });

  it('passes a body just under its limit through', async () => {
    const body = 'x'.repeat(GATEWAY_MAX_BODY_BYTES);
    const { event } = await echo('/test/items/1/echo', { method: 'POST', body });
    expect(event.body).toHaveLength(GATEWAY_MAX_BODY_BYTES);
  });
});

describe('real routes', () => {
  it('serves /health from its handler module', async () => {
    const response = await gateway.request('/health');
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ok' });
  });

  it('answers malformed JSON on a real route with 400 from the HTTP kit', async () => {
    const route = routes.find((r) => r.method === 'PUT' || r.method === 'POST' || r.method === 'PATCH')!;
    const path = route.path.replaceAll(/\{[^}]+\}/g, 'acme');
    const response = await gateway.request(path, { method: route.method, headers: { 'content-type': 'application/json' }, body: '{"broken": ' });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ code: 'request.malformed_json' });
  });
});
