/**
 * Runs a handler module the way Lambda would, for the local gateway, the
 * Lambda-invoke endpoint and the stream poller: it imports the module named in
 * a table (route, trigger or consumer), hands it a Lambda-shaped context, and
 * fails the invocation with Lambda's timeout error when the function's timeout
 * passes. All handlers share this process, as they would share nothing in AWS,
 * so they must keep no per-request state at module level (see STYLE.md).
 */
import { randomUUID } from 'node:crypto';
import { pathToFileURL } from 'node:url';
import type { Context } from 'aws-lambda';
import { FUNCTION_MEMORY_MB } from '../function-settings.js';
import { LOCAL_REGION } from './local-env.js';
import { repoPath } from './paths.js';

/** Any Lambda handler in the async style: event and context in, result out. */
export type LambdaHandler<E = unknown, R = unknown> = (event: E, context: Context) => Promise<R>;

const LOCAL_ACCOUNT = '000000000000';

/** Thrown when an invocation exceeds its timeout; named as Lambda reports it. */
export class FunctionTimeoutError extends Error {
  override readonly name = 'Sandbox.Timedout';
}

/**
 * Handlers by module path, loaded once as a warm Lambda keeps its module: an
 * `import()` per invocation would pay module resolution (through the TypeScript
 * loader's hooks thread under tsx, about 0.4 ms of CPU) on every request.
 */
const loaded = new Map<string, Promise<LambdaHandler>>();

/** The `handler` export of a module named relative to the repository root. */
export async function loadHandler<E = unknown, R = unknown>(modulePath: string): Promise<LambdaHandler<E, R>> {
  let handler = loaded.get(modulePath);
  if (!handler) {
    handler = importHandler(modulePath);
    loaded.set(modulePath, handler);
    // A module that failed to load is tried again on the next invocation, as a fresh Lambda would.
    handler.catch(() => loaded.delete(modulePath));
  }
  return handler as Promise<LambdaHandler<E, R>>;
}

async function importHandler(modulePath: string): Promise<LambdaHandler> {
  const module = (await import(/* @vite-ignore */ pathToFileURL(repoPath(modulePath)).href)) as { handler?: unknown };
  if (typeof module.handler !== 'function') throw new Error(`${modulePath} does not export a handler function`);
  return module.handler as LambdaHandler;
}

/** A Lambda context for one invocation of `functionName`. */
export function lambdaContext(functionName: string, timeoutSeconds: number): Context {
  const deadline = Date.now() + timeoutSeconds * 1000;
  const requestId = randomUUID();
  const unsupported = () => {
    throw new Error('Callback-style completion is not supported; return a promise');
  };
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:${LOCAL_REGION}:${LOCAL_ACCOUNT}:function:${functionName}`,
    memoryLimitInMB: String(FUNCTION_MEMORY_MB),
    awsRequestId: requestId,
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: `local/[$LATEST]${requestId.replaceAll('-', '')}`,
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done: unsupported,
    fail: unsupported,
    succeed: unsupported,
  };
}

/**
 * Invokes `handler` with a fresh context; rejects with {@link FunctionTimeoutError}
 * after `timeoutSeconds`. The handler's own work is not cancelled (Lambda would
 * freeze it); its late result is ignored.
 */
export async function invoke<E, R>(functionName: string, handler: LambdaHandler<E, R>, event: E, timeoutSeconds: number): Promise<R> {
  const context = lambdaContext(functionName, timeoutSeconds);
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new FunctionTimeoutError(`Task timed out after ${timeoutSeconds.toFixed(2)} seconds`)), timeoutSeconds * 1000);
  });
  try {
    return await Promise.race([handler(event, context), timeout]);
  } finally {
    clearTimeout(timer);
  }
}
