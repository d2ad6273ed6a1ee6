/**
 * SCIM request counts held by this function instance, per tenant and hour, and
 * written with one UpdateItem ADD at most once per flush interval
 * (`SCIM_HEALTH_FLUSH_SECONDS`, 1 by default; 0 writes each count at once).
 *
 * An IdP's sync sends tens of requests a second with one token, and each of
 * them adding 1 to the tenant's hour item was one DynamoDB request per lookup
 * on one hot item. Held here, a second of a sync's lookups is one write.
 *
 * The price, bounded: counts held by an instance are not on the page until
 * they are written, at most one interval after the first of them while the
 * instance is serving. Lambda freezes an instance between invocations; a count
 * held then is written by the instance's next invocation (a due count is
 * written by the next request, and the overdue timer fires on thaw), or lost if
 * Lambda ends the instance first: at most one interval of one instance's
 * requests. The Provisioning page is a chart of traffic, not a ledger.
 *
 * The state is per instance and keyed by tenant (a warm Lambda serves many):
 * it holds numbers only, never a request's data. The timer is unref'd, so no
 * process stays alive for it. A request awaits at most the write it starts
 * itself (a due flush, beside its work, as each request's write was before);
 * a flush started by the timer or another request is never awaited by one, and
 * a write that fails is logged and lost (./scim-traffic.ts), never a SCIM error.
 */
import { settings } from '../config/env.js';
import type { Table } from '../storage/table.js';
import { hourOf } from './health-window.js';
import { recordScimTraffic } from './scim-traffic.js';

interface Held {
  table: Table;
  tenantId: string;
  requests: number;
  /** When the first held request was counted (epoch ms): the count is due one interval later. */
  since: number;
  /** The latest request's time: the hour item's `lastRequestAt`. */
  lastAt: Date;
}

export interface ScimRequestCountsOptions {
  now?: () => number;
  intervalMs?: () => number;
}

/** Request counts of one instance, per table, tenant and hour, until they are written. */
export class ScimRequestCounts {
  private readonly held = new Map<string, Held>();
  /** Writes started and not yet settled, whoever started them: a flush waits for these too. */
  private readonly writing = new Set<Promise<void>>();
  private timer: NodeJS.Timeout | undefined;
  private readonly now: () => number;
  private readonly intervalMs: () => number;

  constructor(options: ScimRequestCountsOptions = {}) {
    this.now = options.now ?? Date.now;
    this.intervalMs = options.intervalMs ?? (() => settings().SCIM_HEALTH_FLUSH_SECONDS * 1000);
  }

  /**
   * Counts `requests` in the tenant's hour of `at`. Resolves at once, unless a
   * held count of this instance is due: then once this request's flush is
   * written (or logged as lost). Never rejects.
   */
  add(table: Table, tenantId: string, at: Date, requests: number): Promise<void> {
    if (requests <= 0) return Promise.resolve();
    // Read once per request: the setting is parsed from the environment on each read.
    const interval = this.intervalMs();
    if (interval <= 0) return recordScimTraffic(table, tenantId, at, { requests, errors: [] });
    const key = keyOf(table, tenantId, at);
    const held = this.held.get(key);
    if (held) {
      held.requests += requests;
      if (at > held.lastAt) held.lastAt = at;
    } else {
      this.held.set(key, { table, tenantId, requests, since: this.now(), lastAt: at });
    }
    const due = this.flushDue(interval);
    this.schedule(interval);
    return due;
  }

  /** Takes the count held for the tenant's hour of `at` (0 if none), for a write that carries it. */
  take(table: Table, tenantId: string, at: Date): number {
    const key = keyOf(table, tenantId, at);
    const held = this.held.get(key);
    this.held.delete(key);
    return held?.requests ?? 0;
  }

  /**
   * Writes every held count now; resolves once each is written or logged as lost,
   * and so is every write already under way (the timer's, another request's).
   */
  async flush(): Promise<void> {
    await Promise.all([this.write([...this.held.keys()]), ...this.writing]);
  }

  /** Counts held now, for tests. */
  get size(): number {
    return this.held.size;
  }

  private flushDue(interval: number): Promise<void> {
    const now = this.now();
    const due = [...this.held].filter(([, h]) => now - h.since >= interval).map(([key]) => key);
    return due.length === 0 ? Promise.resolve() : this.write(due);
  }

  private async write(keys: string[]): Promise<void> {
    const writes: Promise<void>[] = [];
    for (const key of keys) {
      const held = this.held.get(key);
      if (!held) continue;
      this.held.delete(key);
      const written = recordScimTraffic(held.table, held.tenantId, held.lastAt, { requests: held.requests, errors: [] });
      this.writing.add(written);
      void written.finally(() => this.writing.delete(written));
      writes.push(written);
    }
    await Promise.all(writes);
  }

  /** One timer, for the earliest held count, so a count is written after a burst ends too. */
  private schedule(interval: number): void {
    if (this.timer || this.held.size === 0) return;
    const earliest = Math.min(...[...this.held.values()].map((h) => h.since));
    this.timer = setTimeout(
      () => {
        this.timer = undefined;
        const current = this.intervalMs();
        void this.flushDue(current).finally(() => this.schedule(current));
      },
      Math.max(0, earliest + interval - this.now()),
    );
    this.timer.unref();
  }
}

const keyOf = (table: Table, tenantId: string, at: Date) => `${table.name}\u0000${tenantId}\u0000${hourOf(at)}`;

/** This instance's counts. */
export const scimRequestCounts = new ScimRequestCounts();

/** Writes every count this instance holds (tests, and anything about to read the page in this process). */
export const flushScimRequestCounts = (): Promise<void> => scimRequestCounts.flush();
