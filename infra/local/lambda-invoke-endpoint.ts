/**
 * A local stand-in for the Lambda Invoke API (`POST /2015-03-31/functions/{name}/invocations`),
 * which cognito-local calls for its triggers. It runs the named function's handler
 * module in this process and answers as Lambda does, so cognito-local reacts as
 * Cognito would: a result is the 200 body; a thrown error is still a 200, flagged
 * with `X-Amz-Function-Error: Unhandled` and a `{errorType, errorMessage}` body,
 * which cognito-local turns into `UserLambdaValidationException: <name> failed
 * with error <message>.` and a refused sign-up or sign-in.
 *
 * Only the Cognito emulator of this run may call it: each start makes fresh
 * credentials (`credentials`, for cognito-local's config) and every call must
 * be signed with them (./invoke-credentials.ts); anything else is a 403 and
 * runs nothing.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { triggers as triggerTable } from '../../shared/triggers/trigger-table.js';
import { TRIGGER_FUNCTION_TIMEOUT_SECONDS } from '../function-settings.js';
import { invoke, loadHandler } from './lambda-runtime.js';
import { isSignedBy, newInvokeCredentials, type InvokeCredentials } from './invoke-credentials.js';

/** Lambda's limit for a synchronous request payload. */
const MAX_PAYLOAD_BYTES = 6 * 1024 * 1024;
const INVOKE_PATH = /^\/2015-03-31\/functions\/([^/]+)\/invocations$/;

/** A function the endpoint can run. */
export interface InvokableFunction {
  name: string;
  /** Handler module, relative to the repository root. */
  handler: string;
  timeoutSeconds: number;
}

export interface LambdaInvokeEndpointOptions {
  port?: number;
  host?: string;
  /** Defaults to every entry of the trigger table. */
  functions?: readonly InvokableFunction[];
  onInvoke?: (entry: { functionName: string; outcome: 'ok' | 'error'; durationMs: number; error?: unknown }) => void;
  /** The only credentials whose signed calls it answers; fresh ones by default. */
  credentials?: InvokeCredentials;
}

export interface RunningLambdaInvokeEndpoint {
  /** Base URL, to be given to an SDK client as its Lambda endpoint. */
  url: string;
  /** This run's credentials: the only ones whose signed calls it answers. */
  credentials: InvokeCredentials;
  close(): Promise<void>;
}

/** The trigger table as invokable functions. */
export const triggerFunctions = (): InvokableFunction[] =>
  triggerTable.map((t: { name: string; handler: string }) => ({ name: t.name, handler: t.handler, timeoutSeconds: TRIGGER_FUNCTION_TIMEOUT_SECONDS }));

/** Starts the endpoint (port 0: a free port); resolves once it listens. */
export async function startLambdaInvokeEndpoint(options: LambdaInvokeEndpointOptions = {}): Promise<RunningLambdaInvokeEndpoint> {
  const functions = new Map((options.functions ?? triggerFunctions()).map((f) => [f.name, f]));
  const credentials = options.credentials ?? newInvokeCredentials();
  const server = http.createServer((request, response) => {
    void handle(request, response, functions, credentials, options.onInvoke).catch((error: unknown) => {
      if (!response.headersSent) sendServiceError(response, 500, 'ServiceException', String(error));
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
  });
  const { port, address } = server.address() as AddressInfo;
  return {
    url: `http://${address}:${port}`,
    credentials,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}

async function handle(
  request: http.IncomingMessage,
  response: http.ServerResponse,
  functions: Map<string, InvokableFunction>,
  credentials: InvokeCredentials,
  onInvoke: LambdaInvokeEndpointOptions['onInvoke'],
): Promise<void> {
  const match = INVOKE_PATH.exec((request.url ?? '').split('?')[0]!);
  if (request.method !== 'POST' || !match) {
    sendServiceError(response, 404, 'UnknownOperationException', `Unknown operation ${request.method} ${request.url}`);
    return;
  }
  const name = functionNameOf(decodeURIComponent(match[1]!));
  const fn = functions.get(name);
  if (!fn) {
    sendServiceError(response, 404, 'ResourceNotFoundException', `Function not found: ${name}`);
    return;
  }
  const body = await readPayload(request);
  if (body === undefined) {
    sendServiceError(response, 413, 'RequestTooLargeException', `Request must be smaller than ${MAX_PAYLOAD_BYTES} bytes for the InvokeFunction operation`);
    return;
  }
  if (!isSignedBy(request, body, credentials)) {
    sendServiceError(response, 403, 'InvalidSignatureException', "The request is not signed with this run's credentials");
    return;
  }
  let event: unknown;
  try {
    const raw = body.toString('utf8');
    event = raw.length === 0 ? {} : JSON.parse(raw);
  } catch {
    sendServiceError(response, 400, 'InvalidRequestContentException', 'Could not parse request body into json');
    return;
  }

  const invocationType = String(request.headers['x-amz-invocation-type'] ?? 'RequestResponse');
  if (invocationType === 'DryRun') {
    response.writeHead(204).end();
    return;
  }
  const run = runFunction(fn, event, onInvoke);
  if (invocationType === 'Event') {
    response.writeHead(202).end();
    await run;
    return;
  }
  const outcome = await run;
  const headers: Record<string, string> = { 'content-type': 'application/json', 'x-amz-executed-version': '$LATEST' };
  if (outcome.error) headers['x-amz-function-error'] = 'Unhandled';
  response.writeHead(200, headers).end(JSON.stringify(outcome.error ?? outcome.result ?? null));
}

async function runFunction(
  fn: InvokableFunction,
  event: unknown,
  onInvoke: LambdaInvokeEndpointOptions['onInvoke'],
): Promise<{ result?: unknown; error?: { errorType: string; errorMessage: string; trace: string[] } }> {
  const started = performance.now();
  try {
    const handler = await loadHandler(fn.handler);
    const result = await invoke(fn.name, handler, event, fn.timeoutSeconds);
    onInvoke?.({ functionName: fn.name, outcome: 'ok', durationMs: performance.now() - started });
    return { result };
  } catch (error) {
    onInvoke?.({ functionName: fn.name, outcome: 'error', durationMs: performance.now() - started, error });
    const e = error instanceof Error ? error : new Error(String(error));
    return { error: { errorType: e.name, errorMessage: e.message, trace: (e.stack ?? '').split('\n') } };
  }
}

/** Accepts a plain name or a function ARN (optionally qualified), as the Invoke API does. */
function functionNameOf(nameOrArn: string): string {
  const arn = /^arn:[^:]+:lambda:[^:]*:[^:]*:function:([^:]+)(?::.*)?$/.exec(nameOrArn);
  return arn ? arn[1]! : nameOrArn;
}

function sendServiceError(response: http.ServerResponse, status: number, type: string, message: string): void {
  response
    .writeHead(status, { 'content-type': 'application/json', 'x-amzn-errortype': type })
    .end(JSON.stringify({ Type: status < 500 ? 'User' : 'Service', Message: message, message }));
}

function readPayload(request: http.IncomingMessage): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_PAYLOAD_BYTES) {
        request.removeAllListeners('data');
        request.resume();
        resolve(undefined);
      } else chunks.push(chunk);
    });
    request.once('end', () => resolve(Buffer.concat(chunks)));
    request.once('error', reject);
  });
}
