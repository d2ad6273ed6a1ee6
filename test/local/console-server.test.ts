/**
 * HTTP: the local console server (infra/local/console-server.ts) serves a build
 * as CloudFront does in AWS: files, index.html for app routes, a 404 for a
 * missing asset, the generated config.json, security headers on HTML, and
 * `/api/` + `/auth/` proxied to the gateway unchanged (status, several
 * set-cookies, location, streamed bodies) with the browser's address forwarded.
 * Also: when `npm start` rebuilds the console (infra/local/console-build.ts).
 */
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isConsoleBuildFresh } from '../../infra/local/console-build.js';
import { startConsoleServer, type RunningConsoleServer } from '../../infra/local/console-server.js';

const INDEX = '<!doctype html><html lang="en"><title>Console</title><div id="root"></div></html>';
const COGNITO = 'http://127.0.0.1:9229/';

let dist: string;
let upstream: http.Server;
let upstreamUrl: string;
const seen: Array<{ method: string; url: string; headers: http.IncomingHttpHeaders; body: string }> = [];
let server: RunningConsoleServer;

beforeAll(async () => {
  dist = fs.mkdtempSync(path.join(os.tmpdir(), 'console-dist-'));
  fs.mkdirSync(path.join(dist, 'assets'));
  fs.writeFileSync(path.join(dist, 'index.html'), INDEX);
  fs.writeFileSync(path.join(dist, 'assets', 'app-1a2b.js'), 'console.log("app");');
  fs.writeFileSync(path.join(path.dirname(dist), 'outside-console-dist.txt'), 'outside');

  // A stand-in gateway: records what it is sent and answers like the sign-in routes do.
  upstream = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      seen.push({ method: req.method!, url: req.url!, headers: req.headers, body });
      if (req.url!.startsWith('/auth/')) {
        res.writeHead(
          302,
          [
            ['location', 'https://idp.example/authorize?state=abc'],
            ['set-cookie', 'a=1; Path=/auth/globex/; HttpOnly'],
            ['set-cookie', 'b=2; Path=/'],
          ].flat(),
        );
        res.end();
        return;
      }
      res.writeHead(req.method === 'POST' ? 201 : 404, { 'content-type': 'application/json', 'x-request-id': 'req-1' });
      res.end(JSON.stringify({ echoed: body }));
    });
  });
  await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
  upstreamUrl = `http://127.0.0.1:${(upstream.address() as AddressInfo).port}`;
  server = await startConsoleServer({
    port: 0,
    distDir: dist,
    gatewayUrl: upstreamUrl,
    cognitoEndpoint: COGNITO,
    config: { apiUrl: '', defaultTenantId: 'globex' },
  });
});

afterAll(async () => {
  await server?.close();
  await new Promise((resolve) => upstream?.close(resolve));
  fs.rmSync(dist, { recursive: true, force: true });
  fs.rmSync(path.join(path.dirname(dist), 'outside-console-dist.txt'), { force: true });
});

describe('static files', () => {
  it.each(['/', '/users', '/settings/provisioning', '/accept-invite'])('answers index.html for the app route %s, with the security headers', async (route) => {
    const res = await fetch(`${server.url}${route}?token=x`);
    expect(res.status).toBe(200);
    expect(await res.text()).toBe(INDEX);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(res.headers.get('cache-control')).toBe('no-cache');
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
    expect(res.headers.get('x-frame-options')).toBe('DENY');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    const csp = res.headers.get('content-security-policy')!;
    expect(csp).toContain("connect-src 'self' http://127.0.0.1:9229;");
    expect(csp).toContain("script-src 'self';");
    expect(csp).toContain("frame-ancestors 'none'");
  });

  it('serves hashed assets with a long immutable cache and no CSP', async () => {
    const res = await fetch(`${server.url}/assets/app-1a2b.js`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(res.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(await res.text()).toBe('console.log("app");');
  });

  it('answers 404, not the app, for a missing file with an extension', async () => {
    const res = await fetch(`${server.url}/assets/gone-9z.js`);
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toBe('text/plain; charset=utf-8');
  });

  it('never serves a file outside the build', async () => {
    const escaped = await fetch(`${server.url}/..%2foutside-console-dist.txt`);
    expect(escaped.status).toBe(404);
    expect(await escaped.text()).not.toContain('outside');
  });

  it('generates /config.json, never cached', async () => {
    const res = await fetch(`${server.url}/config.json`);
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(await res.json()).toEqual({ apiUrl: '', defaultTenantId: 'globex' });
  });

  it('refuses methods other than GET and HEAD outside the API paths', async () => {
    const res = await fetch(`${server.url}/users`, { method: 'POST', body: '{}' });
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toBe('GET, HEAD');
  });
});

describe('the API proxy', () => {
  it('passes a redirect through as it is: status, location and every set-cookie', async () => {
    const res = await fetch(`${server.url}/auth/globex/login?returnTo=%2Fusers`, { redirect: 'manual' });
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe('https://idp.example/authorize?state=abc');
    expect(res.headers.getSetCookie()).toEqual(['a=1; Path=/auth/globex/; HttpOnly', 'b=2; Path=/']);
    expect(seen.at(-1)).toMatchObject({ method: 'GET', url: '/auth/globex/login?returnTo=%2Fusers' });
  });

  it('streams the body, keeps method, path, credentials and status, and forwards the browser’s address', async () => {
    const res = await fetch(`${server.url}/api/svc/v1/users/invite`, {
      method: 'POST',
      headers: { authorization: 'Bearer tok', 'content-type': 'application/json', cookie: 'c=3' },
      body: JSON.stringify({ email: 'x@example.com' }),
    });
    expect(res.status).toBe(201);
    expect(res.headers.get('x-request-id')).toBe('req-1');
    expect(await res.json()).toEqual({ echoed: '{"email":"x@example.com"}' });
    const request = seen.at(-1)!;
    expect(request).toMatchObject({ method: 'POST', url: '/api/svc/v1/users/invite', body: '{"email":"x@example.com"}' });
    expect(request.headers).toMatchObject({
      authorization: 'Bearer tok',
      cookie: 'c=3',
      'x-forwarded-for': '127.0.0.1',
      'x-forwarded-host': new URL(server.url).host,
      host: new URL(upstreamUrl).host,
    });
  });

  it('keeps the API’s error status', async () => {
    const res = await fetch(`${server.url}/api/svc/v1/nothing`);
    expect(res.status).toBe(404);
  });

  it('answers 502 in the admin envelope when the gateway is down', async () => {
    const orphan = await startConsoleServer({ port: 0, distDir: dist, gatewayUrl: 'http://127.0.0.1:1', cognitoEndpoint: COGNITO, config: { apiUrl: '' } });
    try {
      const res = await fetch(`${orphan.url}/api/svc/v1/users`);
      expect(res.status).toBe(502);
      expect(await res.json()).toEqual({ statusCode: 502, message: 'The local API gateway did not answer' });
    } finally {
      await orphan.close();
    }
  });
});

describe('the console build check', () => {
  it('is fresh only while dist/index.html is newer than every source file', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'console-src-'));
    try {
      fs.mkdirSync(path.join(dir, 'src'));
      fs.writeFileSync(path.join(dir, 'src', 'main.tsx'), 'x');
      expect(isConsoleBuildFresh(dir)).toBe(false);
      fs.mkdirSync(path.join(dir, 'dist'));
      fs.writeFileSync(path.join(dir, 'dist', 'index.html'), INDEX);
      const past = new Date(Date.now() - 60_000);
      fs.utimesSync(path.join(dir, 'src', 'main.tsx'), past, past);
      expect(isConsoleBuildFresh(dir)).toBe(true);
      const future = new Date(Date.now() + 60_000);
      fs.utimesSync(path.join(dir, 'src', 'main.tsx'), future, future);
      expect(isConsoleBuildFresh(dir)).toBe(false);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
