/**
 * The console locally, as CloudFront serves it in AWS (infra/constructs/console-hosting.ts):
 * the built single-page app from `console/dist`, `index.html` for any path that
 * names no file (history routing), `/config.json` generated here, and `/api/`
 * and `/auth/` proxied to the gateway, so the app calls its own origin and needs
 * no CORS. Proxying streams both ways and passes status and headers through
 * unchanged (several `set-cookie`s, `location` of the sign-in redirects); the
 * browser's address goes along in `x-forwarded-for`.
 */
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { consoleHtmlHeaders } from '../console-headers.js';

/** The runtime configuration the app fetches at start (`/config.json`). */
export interface ConsoleConfig {
  /** Base URL of the API; empty: the console's own origin. */
  apiUrl: string;
  defaultTenantId?: string;
}

export interface ConsoleServerOptions {
  /** 0 or absent: a free port. */
  port?: number;
  host?: string;
  /** The built app (`console/dist`). */
  distDir: string;
  /** Where `/api/` and `/auth/` go. */
  gatewayUrl: string;
  /** The Cognito endpoint browsers call, allowed by the CSP. */
  cognitoEndpoint: string;
  config: ConsoleConfig;
}

export interface RunningConsoleServer {
  url: string;
  close(): Promise<void>;
}

const PROXIED = ['/api/', '/auth/'];
const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
  '.map': 'application/json',
};
/** Hop-by-hop headers (RFC 9110 §7.6.1) are the proxy's own business, never forwarded. */
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'proxy-connection', 'transfer-encoding', 'upgrade', 'te', 'trailer']);

export async function startConsoleServer(options: ConsoleServerOptions): Promise<RunningConsoleServer> {
  const gateway = new URL(options.gatewayUrl);
  const htmlHeaders = consoleHtmlHeaders(options.cognitoEndpoint);
  const distDir = path.resolve(options.distDir);
  const server = http.createServer((request, response) => {
    const pathname = (request.url ?? '/').split('?')[0]!;
    if (PROXIED.some((prefix) => pathname.startsWith(prefix))) return proxy(request, response, gateway);
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      response.writeHead(405, { allow: 'GET, HEAD', 'content-type': 'text/plain; charset=utf-8' }).end('Method Not Allowed');
      return;
    }
    if (pathname === '/config.json') {
      const body = JSON.stringify(options.config);
      response.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' });
      response.end(request.method === 'HEAD' ? undefined : body);
      return;
    }
    serveStatic(request, response, distDir, pathname, htmlHeaders);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${options.host ?? '127.0.0.1'}:${port}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}

/**
 * A file of the build, or `index.html` for a path without a file extension
 * (a route of the app); a missing file with an extension is a 404, so a broken
 * asset reference fails loudly instead of loading HTML as script. This is the
 * rule of the CloudFront function in AWS.
 */
function serveStatic(
  request: http.IncomingMessage,
  response: http.ServerResponse,
  distDir: string,
  pathname: string,
  htmlHeaders: Record<string, string>,
): void {
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    response.writeHead(400, { 'content-type': 'text/plain; charset=utf-8' }).end('Bad Request');
    return;
  }
  const wanted = path.resolve(distDir, `.${path.posix.normalize(decoded)}`);
  const inside = wanted === distDir || wanted.startsWith(distDir + path.sep);
  let file = inside && isFile(wanted) ? wanted : undefined;
  if (!file && inside && path.extname(wanted) === '') file = path.join(distDir, 'index.html');
  if (!file || !isFile(file)) {
    const missingBuild = !isFile(path.join(distDir, 'index.html'));
    response.writeHead(404, { 'content-type': 'text/plain; charset=utf-8', 'x-content-type-options': 'nosniff' });
    response.end(missingBuild ? 'The console is not built: run npm run console:build (npm start builds it when console/ exists)\n' : 'Not Found\n');
    return;
  }
  const type = TYPES[path.extname(file)] ?? 'application/octet-stream';
  const html = type.startsWith('text/html');
  // Vite's assets carry a content hash in their name; everything else may change on the next build.
  const immutable = file.startsWith(path.join(distDir, 'assets') + path.sep);
  const headers: Record<string, string> = {
    'content-type': type,
    'content-length': String(fs.statSync(file).size),
    'cache-control': immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
    'x-content-type-options': 'nosniff',
    ...(html ? htmlHeaders : {}),
  };
  response.writeHead(200, headers);
  if (request.method === 'HEAD') response.end();
  else fs.createReadStream(file).pipe(response);
}

function isFile(file: string): boolean {
  try {
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

/** Streams the request to the gateway and its answer back, headers and status as they are. */
function proxy(request: http.IncomingMessage, response: http.ServerResponse, gateway: URL): void {
  const headers: http.OutgoingHttpHeaders = {};
  for (const [name, value] of Object.entries(request.headers)) {
    if (value !== undefined && !HOP_BY_HOP.has(name) && name !== 'host') headers[name] = value;
  }
  const client = request.socket.remoteAddress?.replace(/^::ffff:/, '') ?? '127.0.0.1';
  const forwardedFor = request.headers['x-forwarded-for'];
  headers['x-forwarded-for'] = forwardedFor ? `${String(forwardedFor)}, ${client}` : client;
  headers['x-forwarded-host'] = request.headers.host ?? '';
  headers['x-forwarded-proto'] = 'http';
  const upstream = http.request(
    { protocol: gateway.protocol, hostname: gateway.hostname, port: gateway.port, method: request.method, path: request.url, headers },
    (answer) => {
      const raw: string[] = [];
      for (let i = 0; i + 1 < answer.rawHeaders.length; i += 2) {
        if (!HOP_BY_HOP.has(answer.rawHeaders[i]!.toLowerCase())) raw.push(answer.rawHeaders[i]!, answer.rawHeaders[i + 1]!);
      }
      response.writeHead(answer.statusCode ?? 502, answer.statusMessage, raw);
      answer.pipe(response);
    },
  );
  upstream.on('error', () => {
    if (response.headersSent) {
      response.destroy();
      return;
    }
    response.writeHead(502, { 'content-type': 'application/json' }).end(JSON.stringify({ statusCode: 502, message: 'The local API gateway did not answer' }));
  });
  request.pipe(upstream);
}
