/**
 * Runs a Bulk request (RFC 7644 §3.7): operations in order, each through the
 * same operation code as its endpoint, each answered with its own status.
 * `bulkId:<id>` references (in paths and anywhere in data, e.g. a group's
 * members) are replaced by the ids the referenced POSTs created; an operation
 * that references a bulkId not yet created waits until it is (forward
 * references), and one whose reference never resolves fails with 409.
 * `failOnErrors` stops the run after that many failures.
 *
 * The run starts operations only within the time budget (./bulk-limits.ts). Each
 * operation is atomic or repeatable as is, so the answer is always exact: every
 * operation it did not start is answered `503` ("not run, send it again"), and a
 * client repeats exactly those, never work that was applied.
 */
import { isAppError, type ScimType } from '../../errors/app-error.js';
import { errorBody, scimErrorBody } from '../../http/envelopes.js';
import { BULK_RESPONSE_SCHEMA } from '../schemas/core-schemas.js';
import { MAX_ID_LENGTH, type ScimContext } from '../scim-context.js';
import { etagOf } from '../etag.js';
import { createGroup, patchGroup, removeGroup, replaceGroup } from '../operations/group-operations.js';
import { createUser, patchUser, removeUser, replaceUser } from '../operations/user-operations.js';
import type { ScimInput, ScimResult } from '../operations/scim-result.js';
import type { BulkOperation, BulkRequest } from './bulk-request.js';
import { BULK_TIME_BUDGET_MS } from './bulk-limits.js';

interface BulkOperationResult {
  method: string;
  bulkId?: string;
  version?: string;
  location?: string;
  status: string;
  response?: unknown;
}

type Operation = (ctx: ScimContext, input: ScimInput) => Promise<ScimResult>;

const ROUTES: Record<string, Record<string, Operation | undefined>> = {
  Users: { POST: createUser, PUT: replaceUser, PATCH: patchUser, DELETE: removeUser },
  Groups: { POST: createGroup, PUT: replaceGroup, PATCH: patchGroup, DELETE: removeGroup },
};

const BULK_REF = /^bulkId:(.+)$/;

export interface BulkOptions {
  /** Whether the time budget is spent; checked before each operation starts. */
  outOfTime?: () => boolean;
}

export async function processBulk(ctx: ScimContext, request: BulkRequest, options: BulkOptions = {}) {
  const started = Date.now();
  const outOfTime = options.outOfTime ?? (() => Date.now() - started >= BULK_TIME_BUDGET_MS);
  const created = new Map<string, string>();
  const results: Array<BulkOperationResult | undefined> = new Array(request.operations.length);
  let pending = request.operations.map((operation, index) => ({ operation, index }));
  let errors = 0;
  let stopped = false;

  while (pending.length && !stopped) {
    const waiting: typeof pending = [];
    for (const item of pending) {
      if (request.failOnErrors !== undefined && errors >= request.failOnErrors) {
        stopped = true;
        break;
      }
      const unresolved = referencesOf(item.operation).filter((ref) => !created.has(ref));
      if (unresolved.length) {
        waiting.push(item);
        continue;
      }
      if (outOfTime()) {
        for (const rest of [...waiting, ...pending.slice(pending.indexOf(item))]) results[rest.index] = notRun(rest.operation);
        return bulkResponse(results);
      }
      const result = await runOne(ctx, item.operation, created);
      if (Number(result.status) >= 400) errors++;
      results[item.index] = result;
    }
    if (waiting.length === pending.length) {
      for (const item of waiting) {
        const ref = referencesOf(item.operation).find((r) => !created.has(r));
        results[item.index] = failure(item.operation, 409, 'invalidValue', `bulkId:${ref} does not name an operation of this request that succeeded`);
      }
      break;
    }
    pending = waiting;
  }
  return bulkResponse(results);
}

const bulkResponse = (results: Array<BulkOperationResult | undefined>) => ({
  schemas: [BULK_RESPONSE_SCHEMA],
  Operations: results.filter((r): r is BulkOperationResult => r !== undefined),
});

/** An operation the run did not start for lack of time: nothing of it was applied. */
function notRun(operation: BulkOperation): BulkOperationResult {
  const detail = `Not run: this Bulk request used its ${BULK_TIME_BUDGET_MS / 1000} s before reaching this operation, and nothing of it was applied. Send it again, with the other operations answered 503`;
  return failure(operation, 503, undefined, detail);
}

async function runOne(ctx: ScimContext, operation: BulkOperation, created: Map<string, string>): Promise<BulkOperationResult> {
  const path = resolve(operation.path, created) as string;
  const match = /^\/(Users|Groups)(?:\/([^/?]+))?$/.exec(path);
  const run = match ? ROUTES[match[1]!]?.[operation.method] : undefined;
  if (!match || !run || (operation.method === 'POST') !== (match[2] === undefined)) {
    return failure(operation, 400, 'invalidPath', `${operation.method} ${operation.path} is not an operation Bulk supports`);
  }
  if (match[2] !== undefined && match[2].length > MAX_ID_LENGTH) {
    return failure(operation, 404, undefined, `${match[1] === 'Users' ? 'User' : 'Group'} ${match[2].slice(0, 40)}… not found`);
  }
  try {
    const result = await run(ctx, { id: match[2], query: {}, body: resolve(operation.data, created), ifMatch: operation.version });
    const out: BulkOperationResult = { method: operation.method, status: String(result.status) };
    if (operation.bulkId) out.bulkId = operation.bulkId;
    if (result.location) out.location = result.location;
    if (result.version !== undefined) out.version = etagOf(result.version);
    if (operation.method === 'POST' && operation.bulkId && result.location) created.set(operation.bulkId, result.location.split('/').pop()!);
    return out;
  } catch (error) {
    if (!isAppError(error)) throw error;
    const result: BulkOperationResult = { method: operation.method, status: String(error.status), response: errorBody('scim', error) };
    if (operation.bulkId) result.bulkId = operation.bulkId;
    return result;
  }
}

function failure(operation: BulkOperation, status: number, scimType: ScimType | undefined, detail: string): BulkOperationResult {
  const result: BulkOperationResult = {
    method: operation.method,
    status: String(status),
    response: scimErrorBody({ status, message: detail, scimType }),
  };
  if (operation.bulkId) result.bulkId = operation.bulkId;
  return result;
}

/** Every `bulkId:x` an operation's path or data refers to. */
function referencesOf(operation: BulkOperation): string[] {
  const refs: string[] = [];
  const walk = (v: unknown): void => {
    if (typeof v === 'string') {
      const m = BULK_REF.exec(v);
      if (m) refs.push(m[1]!);
    } else if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object') Object.values(v).forEach(walk);
  };
  for (const segment of operation.path.split('/')) walk(segment);
  walk(operation.data);
  return refs;
}

function resolve(v: unknown, created: Map<string, string>): unknown {
  if (typeof v === 'string') {
    if (v.startsWith('/'))
      return v
        .split('/')
        .map((s) => resolve(s, created))
        .join('/');
    const m = BULK_REF.exec(v);
    return m && created.has(m[1]!) ? created.get(m[1]!) : v;
  }
  if (Array.isArray(v)) return v.map((x) => resolve(x, created));
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, resolve(x, created)]));
  return v;
}
