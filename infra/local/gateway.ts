/**
 * The local HTTP gateway: serves every entry of the route table with the same
 * handler modules the stack deploys, one "function" per route, behind an
 * emulation of API Gateway HTTP API (route matching, payload format 2.0,
 * the `$default` fallback for unmatched requests, its 413 and 500 answers).
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { APIGatewayProxyEventV2, APIGatewayProxyResultV2 } from 'aws-lambda';
import { routes as routeTable, type RouteDefinition } from '../../shared/http/route-table.js';
import { API_FUNCTION_TIMEOUT_SECONDS } from '../function-settings.js';
import { matchRoute, routeKeyOf } from '../routing/match-route.js';
import { unmatchedRouteResponse } from '../routing/route-fallback.js';
import { apiGatewayEvent, writeGatewayError, writeResult } from './api-gateway-event.js';
import { invoke, loadHandler } from './lambda-runtime.js';
import { loggablePath } from './access-log.js';

/**
 * Larger bodies are refused before any handler runs, the way API Gateway refuses
 * payloads over its limit; the HTTP kit's own 1 MiB limit (a 413 in the route's
 * envelope) applies below this.
 */
export const GATEWAY_MAX_BODY_BYTES = 2 * 1024 * 1024;

export interface GatewayOptions {
  /** 0 or absent: a free port. */
  port?: number;
  host?: string;
  /** The routes to serve; the real route table unless a test passes its own. */
  routes?: readonly RouteDefinition[];
  /** Called once per answered request (the local stack prints an access log); `path` has its secrets redacted (./access-log.ts). */
  onResponse?: (entry: { method: string; path: string; status: number; durationMs: number; routeKey: string }) => void;
  /** Called with a handler's uncaught error (API Gateway answers 500 and CloudWatch gets the error). */
  onHandlerError?: (routeName: string, error: unknown) => void;
  /**
   * The function timeout; the deployed one by default. Tests of correctness under
   * contention raise it: DynamoDB Local on a loaded machine is far slower than
   * DynamoDB, and latency is not what they measure.
   */
  functionTimeoutSeconds?: number;
}

export interface RunningGateway {
  /** Base URL without a trailing slash, e.g. `http://127.0.0.1:3000`. */
  url: string;
  close(): Promise<void>;
}

/** Starts the gateway; resolves once it listens. */
export async function startGateway(options: GatewayOptions = {}): Promise<RunningGateway> {
  const routes = options.routes ?? routeTable;
  const onHandlerError = options.onHandlerError ?? ((name, error) => console.error(`[gateway] ${name} failed:`, error));

  const server = http.createServer((request, response) => {
    const started = performance.now();
    let routeKey = '$default';
    response.once('finish', () =>
      options.onResponse?.({
        method: request.method ?? '',
        path: loggablePath(request.url ?? ''),
        status: response.statusCode,
        durationMs: performance.now() - started,
        routeKey,
      }),
    );
    void serve(request, response, routes, onHandlerError, options.functionTimeoutSeconds ?? API_FUNCTION_TIMEOUT_SECONDS, (key) => (routeKey = key)).catch(
      (error: unknown) => {
        onHandlerError('gateway', error);
        if (!response.headersSent) writeGatewayError(response, 500, 'Internal Server Error');
        else response.destroy();
      },
    );
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    url: `http://${host}:${address.port}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}

async function serve(
  request: http.IncomingMessage,
  response: http.ServerResponse,
  routes: readonly RouteDefinition[],
  onHandlerError: NonNullable<GatewayOptions['onHandlerError']>,
  timeoutSeconds: number,
  setRouteKey: (key: string) => void,
): Promise<void> {
  const body = await readBody(request);
  if (body === undefined) {
    response.setHeader('connection', 'close');
    writeGatewayError(response, 413, 'Request Entity Too Large');
    return;
  }
  const method = (request.method ?? 'GET').toUpperCase();
  const rawPath = (request.url ?? '/').split('?')[0]!;
  const match = matchRoute(routes, method, rawPath);

  if (match.outcome !== 'matched') {
    const event = apiGatewayEvent(request, body, { routeKey: '$default' });
    writeResult(response, unmatchedRouteResponse(routes, method, rawPath, event.requestContext.requestId, event.headers.origin)!);
    return;
  }

  const routeKey = routeKeyOf(match.route);
  setRouteKey(routeKey);
  const event = apiGatewayEvent(request, body, { routeKey, pathParameters: match.pathParameters });
  let result: APIGatewayProxyResultV2;
  try {
    const handler = await loadHandler<APIGatewayProxyEventV2, APIGatewayProxyResultV2>(match.route.handler);
    result = await invoke(match.route.name, handler, event, timeoutSeconds);
  } catch (error) {
    onHandlerError(match.route.name, error);
    writeGatewayError(response, 500, 'Internal Server Error');
    return;
  }
  writeResult(response, result);
}

/**
 * The body as UTF-8 text, or `undefined` as soon as it exceeds the limit: the
 * caller answers 413 and closes the connection; the rest of the upload is
 * discarded as it arrives, never kept.
 */
function readBody(request: http.IncomingMessage): Promise<string | undefined> {
  return new Promise((resolve, reject) => {
    const discard = () => {
      request.removeAllListeners('data');
      request.resume();
      resolve(undefined);
    };
    if (Number(request.headers['content-length'] ?? 0) > GATEWAY_MAX_BODY_BYTES) return discard();
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > GATEWAY_MAX_BODY_BYTES) discard();
      else chunks.push(chunk);
    });
    request.once('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.once('error', reject);
  });
}
