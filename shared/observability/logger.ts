/**
 * Structured JSON logs, one object per line on stdout. In-house rather than
 * Powertools Logger: A/B cold-start runs showed Powertools logger + metrics
 * (+ commons, ~31 KiB minified per bundle) cost 6–11 ms of CPU in every
 * function's cold start (load and first request), and all we use is one JSON
 * line per log call.
 *
 * One logger per process; request-scoped keys (request id, tenant, route) are
 * appended per invocation and cleared after it, because a warm Lambda serves
 * many tenants. A log call never throws: a log line must not fail a request.
 */
import type { Context } from 'aws-lambda';
import { settings } from '../config/env.js';

type Level = 'DEBUG' | 'INFO' | 'WARN' | 'ERROR';
type Extra = Record<string, unknown>;

const SERVICE = 'provisioning';
/** Thresholds; TRACE and FATAL come from Lambda's advanced logging controls (AWS_LAMBDA_LOG_LEVEL). */
const THRESHOLDS: Record<string, number> = { TRACE: 0, DEBUG: 10, INFO: 20, WARN: 30, ERROR: 40, FATAL: 50, SILENT: Infinity };
const SEVERITY: Record<Level, number> = { DEBUG: 10, INFO: 20, WARN: 30, ERROR: 40 };
/** Keys every line owns; appended and extra keys cannot overwrite them. */
const RESERVED = new Set(['level', 'message', 'timestamp', 'service', 'cold_start', 'function_name', 'function_request_id', 'xray_trace_id']);
/** How many errors deep a `cause` chain is printed. */
const MAX_ERROR_DEPTH = 5;

const { LOG_LEVEL, AWS_LAMBDA_LOG_LEVEL } = settings();
const threshold = THRESHOLDS[LOG_LEVEL ?? AWS_LAMBDA_LOG_LEVEL ?? 'INFO']!;

let firstContext: Context | undefined;
let contextKeys: Extra = {};
let appended: Extra = {};

function write(level: Level, message: string, extra: Extra | undefined): void {
  if (SEVERITY[level] < threshold) return;
  const timestamp = new Date().toISOString();
  let line: string;
  try {
    const record: Extra = { level, message, timestamp, service: SERVICE, ...contextKeys, xray_trace_id: traceId() };
    for (const source of [appended, extra ?? {}]) {
      for (const [key, value] of Object.entries(source)) if (value !== undefined && !RESERVED.has(key)) record[key] = value;
    }
    line = JSON.stringify(record, safeReplacer());
  } catch (error) {
    line = JSON.stringify({ level, message: String(message), timestamp, service: SERVICE, log_error: `Could not serialize the log line: ${describe(error)}` });
  }
  try {
    process.stdout.write(line + '\n');
  } catch {
    // Nowhere left to report it; the request goes on.
  }
}

/** The `Root=` part of the X-Ray trace header Lambda sets per invocation. */
function traceId(): string | undefined {
  return /(?:^|;)Root=([^;]+)/.exec(process.env._X_AMZN_TRACE_ID ?? '')?.[1];
}

/**
 * A JSON.stringify replacer that cannot loop: a reference to an ancestor becomes
 * "[Circular]", a bigint its decimal string, an Error `{ name, message, stack, code?, cause? }`.
 */
function safeReplacer(): (this: unknown, key: string, value: unknown) => unknown {
  const ancestors: unknown[] = [];
  const errors = new Map<Error, Extra>();
  const errorViews = new Set<unknown>();
  return function (this: unknown, _key: string, value: unknown): unknown {
    if (typeof value === 'bigint') return value.toString();
    if (typeof value !== 'object' || value === null) return value;
    while (ancestors.length > 0 && ancestors[ancestors.length - 1] !== this) ancestors.pop();
    if (value instanceof Error) {
      // One view per error, so an error reached again through its own cause is caught as circular.
      let view = errors.get(value);
      if (!view)
        errors.set(
          value,
          (view = { name: value.name, message: value.message, stack: value.stack, code: (value as { code?: unknown }).code, cause: value.cause }),
        );
      if (!ancestors.includes(view) && ancestors.filter((a) => errorViews.has(a)).length >= MAX_ERROR_DEPTH) return '[Truncated]';
      errorViews.add(view);
      value = view;
    }
    if (ancestors.includes(value)) return '[Circular]';
    ancestors.push(value);
    return value;
  };
}

function describe(error: unknown): string {
  try {
    return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  } catch {
    return 'unknown error';
  }
}

export const logger = {
  /** Sets the invocation's keys; `cold_start` is true only for the first invocation this process serves. */
  addContext(context: Context): void {
    firstContext ??= context;
    const coldStart = context === firstContext || (context.awsRequestId !== undefined && context.awsRequestId === firstContext.awsRequestId);
    contextKeys = { cold_start: coldStart, function_name: context.functionName, function_request_id: context.awsRequestId };
  },
  /** Adds keys to every following line until `resetKeys`. */
  appendKeys(keys: Extra): void {
    appended = { ...appended, ...keys };
  },
  /**
   * Drops the appended keys and the invocation's context; call it when the
   * request is answered, so a line logged outside an invocation (a stream
   * consumer beside the HTTP routes in the local stack) names no request.
   */
  resetKeys(): void {
    appended = {};
    contextKeys = {};
  },
  debug: (message: string, extra?: Extra): void => write('DEBUG', message, extra),
  info: (message: string, extra?: Extra): void => write('INFO', message, extra),
  warn: (message: string, extra?: Extra): void => write('WARN', message, extra),
  error: (message: string, extra?: Extra): void => write('ERROR', message, extra),
};
