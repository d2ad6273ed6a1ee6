/**
 * The in-house JSON logger (shared/observability/logger.ts): the exact line it writes, how it
 * serializes errors and hostile values, its level threshold, and per-request keys.
 * Each test imports a fresh module, because the level and cold start are per process.
 */
import type { Context } from 'aws-lambda';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ConflictError } from '../../shared/errors/app-error.js';

type Logger = (typeof import('../../shared/observability/logger.js'))['logger'];

const NOW = '2025-03-04T05:06:07.089Z';
const context = (awsRequestId: string): Context => ({ functionName: 'users-get', awsRequestId }) as Context;

/** A fresh logger module reading `level` (undefined: LOG_LEVEL unset). */
async function freshLogger(level: string | undefined): Promise<Logger> {
  vi.resetModules();
  vi.stubEnv('LOG_LEVEL', level);
  return (await import('../../shared/observability/logger.js')).logger;
}

/** Runs `action` and returns the raw chunks written to stdout. */
function written(action: () => void): string[] {
  const chunks: string[] = [];
  const write = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    chunks.push(String(chunk));
    return true;
  });
  try {
    action();
  } finally {
    write.mockRestore();
  }
  return chunks;
}

/** The one line `action` writes, parsed; the raw text must be one line ending in a newline. */
function lineOf(action: () => void): Record<string, unknown> {
  const chunks = written(action);
  expect(chunks).toHaveLength(1);
  expect(chunks[0]!.endsWith('\n')).toBe(true);
  expect(chunks[0]!.slice(0, -1)).not.toContain('\n');
  return JSON.parse(chunks[0]!) as Record<string, unknown>;
}

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['Date'], now: new Date(NOW) });
  vi.stubEnv('_X_AMZN_TRACE_ID', undefined);
  vi.stubEnv('AWS_LAMBDA_LOG_LEVEL', undefined);
});

afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllEnvs();
});

describe('a log line', () => {
  it('holds the fixed keys, the context, the trace, the appended keys and the extra, in that order', async () => {
    const logger = await freshLogger('INFO');
    vi.stubEnv('_X_AMZN_TRACE_ID', 'Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1');
    logger.addContext(context('req-1'));
    logger.appendKeys({ requestId: 'api-1', routeKey: 'GET /users', skipped: undefined });
    logger.appendKeys({ tenantId: 'acme' });
    const chunks = written(() => logger.info('request completed', { status: 200, durationMs: undefined, level: 'DEBUG' }));
    expect(chunks).toEqual([
      '{"level":"INFO","message":"request completed","timestamp":"2025-03-04T05:06:07.089Z","service":"provisioning",' +
        '"cold_start":true,"function_name":"users-get","function_request_id":"req-1",' +
        '"xray_trace_id":"1-5759e988-bd862e3fe1be46a994272793",' +
        '"requestId":"api-1","routeKey":"GET /users","tenantId":"acme","status":200}\n',
    ]);
  });

  it('omits the context and trace keys when there are none', async () => {
    const logger = await freshLogger('INFO');
    expect(lineOf(() => logger.warn('no context'))).toEqual({
      level: 'WARN',
      message: 'no context',
      timestamp: NOW,
      service: 'provisioning',
    });
  });

  it('lets extra keys override appended ones', async () => {
    const logger = await freshLogger('INFO');
    logger.appendKeys({ tenantId: 'acme', outcome: 'pending' });
    expect(lineOf(() => logger.info('done', { outcome: 'allowed' }))).toMatchObject({ tenantId: 'acme', outcome: 'allowed' });
  });
});

describe('cold start', () => {
  it('is true for the first invocation only, also when its context is added again', async () => {
    const logger = await freshLogger('INFO');
    logger.addContext(context('req-1'));
    expect(lineOf(() => logger.info('first')).cold_start).toBe(true);
    logger.addContext(context('req-1'));
    expect(lineOf(() => logger.info('first, again')).cold_start).toBe(true);
    logger.addContext(context('req-2'));
    expect(lineOf(() => logger.info('second'))).toMatchObject({ cold_start: false, function_request_id: 'req-2' });
    logger.addContext(context('req-3'));
    expect(lineOf(() => logger.info('third')).cold_start).toBe(false);
  });
});

describe('resetKeys', () => {
  it('drops the appended keys and the invocation context; the next invocation is not a cold start', async () => {
    const logger = await freshLogger('INFO');
    logger.addContext(context('req-1'));
    logger.appendKeys({ tenantId: 'acme', requestId: 'api-1' });
    logger.resetKeys();
    expect(lineOf(() => logger.info('after reset'))).toEqual({
      level: 'INFO',
      message: 'after reset',
      timestamp: NOW,
      service: 'provisioning',
    });
    logger.addContext(context('req-2'));
    expect(lineOf(() => logger.info('next'))).toMatchObject({ cold_start: false, function_request_id: 'req-2' });
  });
});

describe('serialization', () => {
  it('prints an error with its name, message, stack, code and cause chain', async () => {
    const logger = await freshLogger('INFO');
    const root = Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });
    const error = new ConflictError('user.email_taken', 'The email is taken', { cause: root });
    const line = lineOf(() => logger.error('Request failed', { error }));
    expect(line.error).toEqual({
      name: 'ConflictError',
      message: 'The email is taken',
      stack: error.stack,
      code: 'user.email_taken',
      cause: { name: 'Error', message: 'socket hang up', stack: root.stack, code: 'ECONNRESET' },
    });
    expect(Object.keys(line.error as object)).toEqual(['name', 'message', 'stack', 'code', 'cause']);
  });

  it('keeps a non-error cause and cuts a long cause chain', async () => {
    const logger = await freshLogger('INFO');
    const plain = new Error('plain', { cause: { reason: 'throttled' } });
    expect(lineOf(() => logger.warn('w', { plain })).plain).toEqual({ name: 'Error', message: 'plain', stack: plain.stack, cause: { reason: 'throttled' } });
    let chain = new Error('e0');
    for (let i = 1; i <= 8; i++) chain = new Error(`e${i}`, { cause: chain });
    let cause = lineOf(() => logger.warn('w', { chain })).chain as { message: string; cause?: unknown };
    const messages: string[] = [];
    while (typeof cause === 'object') {
      messages.push(cause.message);
      cause = cause.cause as typeof cause;
    }
    expect(messages).toEqual(['e8', 'e7', 'e6', 'e5', 'e4']);
    expect(cause).toBe('[Truncated]');
  });

  it('prints circular references as "[Circular]", and a repeated non-circular one twice', async () => {
    const logger = await freshLogger('INFO');
    const node: Record<string, unknown> = { name: 'node' };
    node.self = node;
    const shared = { id: 1 };
    const looping = new Error('loop');
    looping.cause = looping;
    const line = lineOf(() => logger.info('cycles', { node, pair: [shared, shared], looping }));
    expect(line.node).toEqual({ name: 'node', self: '[Circular]' });
    expect(line.pair).toEqual([{ id: 1 }, { id: 1 }]);
    expect(line.looping).toEqual({ name: 'Error', message: 'loop', stack: looping.stack, cause: '[Circular]' });
  });

  it('prints a bigint as its decimal string', async () => {
    const logger = await freshLogger('INFO');
    expect(lineOf(() => logger.info('big', { count: 12345678901234567890n, nested: { n: -1n } }))).toMatchObject({
      count: '12345678901234567890',
      nested: { n: '-1' },
    });
  });

  it('still prints a line, and does not throw, when a value cannot be serialized', async () => {
    const logger = await freshLogger('INFO');
    const hostile = {
      toJSON() {
        throw new Error('boom');
      },
    };
    logger.appendKeys({ tenantId: 'acme' });
    expect(lineOf(() => logger.error('bad value', { hostile }))).toEqual({
      level: 'ERROR',
      message: 'bad value',
      timestamp: NOW,
      service: 'provisioning',
      log_error: 'Could not serialize the log line: Error: boom',
    });
  });

  it('does not throw when stdout does', async () => {
    const logger = await freshLogger('INFO');
    const write = vi.spyOn(process.stdout, 'write').mockImplementation(() => {
      throw new Error('EPIPE');
    });
    expect(() => logger.info('lost')).not.toThrow();
    expect(write).toHaveBeenCalledTimes(1);
  });
});

describe('level threshold', () => {
  const levelsPrinted = (logger: Logger): string[] =>
    written(() => {
      logger.debug('d');
      logger.info('i');
      logger.warn('w');
      logger.error('e');
    }).map((chunk) => (JSON.parse(chunk) as { level: string }).level);

  it.each([
    ['DEBUG', ['DEBUG', 'INFO', 'WARN', 'ERROR']],
    ['INFO', ['INFO', 'WARN', 'ERROR']],
    ['WARN', ['WARN', 'ERROR']],
    ['ERROR', ['ERROR']],
    ['SILENT', []],
    ['warn', ['WARN', 'ERROR']],
    [undefined, ['INFO', 'WARN', 'ERROR']],
  ])('LOG_LEVEL=%s prints %j', async (level, expected) => {
    expect(levelsPrinted(await freshLogger(level))).toEqual(expected);
  });

  it('follows AWS_LAMBDA_LOG_LEVEL when LOG_LEVEL is absent, and LOG_LEVEL when both are set', async () => {
    vi.stubEnv('AWS_LAMBDA_LOG_LEVEL', 'TRACE');
    expect(levelsPrinted(await freshLogger(undefined))).toEqual(['DEBUG', 'INFO', 'WARN', 'ERROR']);
    vi.stubEnv('AWS_LAMBDA_LOG_LEVEL', 'FATAL');
    expect(levelsPrinted(await freshLogger(undefined))).toEqual([]);
    vi.stubEnv('AWS_LAMBDA_LOG_LEVEL', 'ERROR');
    expect(levelsPrinted(await freshLogger('DEBUG'))).toEqual(['DEBUG', 'INFO', 'WARN', 'ERROR']);
  });

  it('refuses a level it does not know when the module loads, naming the variable', async () => {
    await expect(freshLogger('LOUD')).rejects.toThrow('Invalid environment: LOG_LEVEL');
  });

  it('reads the level once, when the module loads', async () => {
    const logger = await freshLogger('ERROR');
    vi.stubEnv('LOG_LEVEL', 'DEBUG');
    expect(levelsPrinted(logger)).toEqual(['ERROR']);
  });
});
