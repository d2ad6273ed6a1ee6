/**
 * Counts one SCIM request for the Provisioning page, from the SCIM route kit.
 *
 * A successful create (POST /Users, POST /Groups, and POST operations in Bulk)
 * is counted from its audit item by the health stream consumer
 * (./audit-counting.ts): the create path, which an IdP's initial sync runs once
 * per person, gets no extra write. Every other request is counted here, in
 * this instance's held counts (./scim-request-counts.ts), written at most once a
 * second per tenant and hour; a request that finds the held count due writes it
 * beside its work, so no request waits for a write in series. An error (rare) is
 * written once the answer is known, with its detail and the tenant's held count.
 * A Bulk request is counted once it is done, from its operations' answers.
 */
import { isAppError } from '../errors/app-error.js';
import type { Table } from '../storage/table.js';
import { recordScimTraffic, type ScimErrorEntry, type ScimTraffic } from './scim-traffic.js';
import { scimRequestCounts, type ScimRequestCounts } from './scim-request-counts.js';

/** Routes whose success the stream counts from the audit item they write. */
const COUNTED_FROM_AUDIT: ReadonlySet<string> = new Set(['scim.users.create', 'scim.groups.create']);
const BULK = 'scim.bulk';

export interface ScimRequestFacts {
  table: Table;
  tenantId: string;
  route: { name: string; method: string };
  /** The request path, without its query string. */
  path: string;
  requestId: string;
}

export interface ScimRequestMeter {
  /** The operation answered (any status); for Bulk, `body` holds the operations' answers. */
  answered(status: number, body: unknown): Promise<void>;
  /** The operation threw: the kit answers with this error. */
  failed(error: unknown): Promise<void>;
}

export function meterScimRequest(facts: ScimRequestFacts, now: () => Date = () => new Date(), counts: ScimRequestCounts = scimRequestCounts): ScimRequestMeter {
  const startedAt = now();
  const countedNow = !COUNTED_FROM_AUDIT.has(facts.route.name) && facts.route.name !== BULK;
  const started = countedNow ? counts.add(facts.table, facts.tenantId, startedAt, 1) : Promise.resolve();
  /** Counts are held; errors are written at once, carrying the tenant's held count of that hour. */
  const record = (traffic: ScimTraffic) => {
    const at = now();
    if (traffic.errors.length === 0) return counts.add(facts.table, facts.tenantId, at, traffic.requests);
    return recordScimTraffic(facts.table, facts.tenantId, at, { ...traffic, requests: traffic.requests + counts.take(facts.table, facts.tenantId, at) });
  };
  const errorEntry = (status: number, scimType: string | undefined, detail: string): ScimErrorEntry => ({
    at: now().toISOString(),
    status,
    ...(scimType ? { scimType } : {}),
    detail,
    method: facts.route.method,
    path: facts.path,
    requestId: facts.requestId,
  });
  return {
    async answered(status, body) {
      await started;
      if (facts.route.name === BULK) return record(bulkTraffic(body, errorEntry));
      const uncounted = countedNow || status === 201 ? 0 : 1;
      if (status < 400 && uncounted === 0) return;
      const error = status >= 400 ? [errorEntry(status, scimTypeOf(body), detailOf(body))] : [];
      return record({ requests: uncounted, errors: error });
    },
    async failed(error) {
      await started;
      const status = isAppError(error) ? error.status : 500;
      const detail = isAppError(error) ? error.message : 'Internal error';
      return record({ requests: countedNow ? 0 : 1, errors: [errorEntry(status, isAppError(error) ? error.scimType : undefined, detail)] });
    },
  };
}

interface BulkAnswer {
  method?: unknown;
  bulkId?: unknown;
  status?: unknown;
  response?: unknown;
}

/** A Bulk request counts as its operations; a successful POST among them is counted from its audit item. */
function bulkTraffic(body: unknown, errorEntry: (status: number, scimType: string | undefined, detail: string) => ScimErrorEntry): ScimTraffic {
  const operations = (body as { Operations?: unknown } | undefined)?.Operations;
  const answers: BulkAnswer[] = Array.isArray(operations) ? (operations as BulkAnswer[]) : [];
  let requests = 0;
  const errors: ScimErrorEntry[] = [];
  for (const answer of answers) {
    const status = Number(answer.status);
    if (!(answer.method === 'POST' && status === 201)) requests++;
    if (status >= 400) {
      const entry = errorEntry(status, scimTypeOf(answer.response), detailOf(answer.response));
      entry.method = typeof answer.method === 'string' ? answer.method : entry.method;
      if (typeof answer.bulkId === 'string') entry.bulkId = answer.bulkId;
      errors.push(entry);
    }
  }
  return { requests, errors };
}

const scimTypeOf = (body: unknown): string | undefined => {
  const value = (body as { scimType?: unknown } | undefined)?.scimType;
  return typeof value === 'string' ? value : undefined;
};
const detailOf = (body: unknown): string => {
  const value = (body as { detail?: unknown } | undefined)?.detail;
  return typeof value === 'string' ? value : '';
};
