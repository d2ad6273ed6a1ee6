/**
 * Connected: page bookmarks (shared/storage/page-bookmarks.ts) stored in DynamoDB
 * Local, over an in-memory listing whose Queries are recorded. Pins where a page
 * starts, what is read, when bookmarks are written, and that a failed bookmark
 * write never fails the page.
 */
import { randomUUID } from 'node:crypto';
import { beforeEach, describe, expect, it } from 'vitest';
import { keys } from '../../shared/storage/keys.js';
import { BOOKMARK_TTL_SECONDS, readPageAt, type KeyedListing, type StartKey } from '../../shared/storage/page-bookmarks.js';
import { Table } from '../../shared/storage/table.js';

interface Row {
  id: string;
  on: boolean;
}

/** A listing of rows in id order, read like a DynamoDB Query (Limit counts rows read, before `filter`). */
class MemoryListing implements KeyedListing<Row> {
  readonly tenantId = `bm-${randomUUID().slice(0, 8)}`;
  readonly shape = 'test:rows';
  /** Each Query: its limit and how many rows it read. */
  readonly queries: Array<{ limit: number; read: number }> = [];

  constructor(
    readonly table: Table,
    public rows: Row[],
    private readonly options: { filter?: (r: Row) => boolean; readAhead?: number } = {},
  ) {}

  async page(limit: number, startKey?: StartKey) {
    const sorted = [...this.rows].sort((a, b) => (a.id < b.id ? -1 : 1));
    const from = startKey ? sorted.findIndex((r) => r.id > String(startKey.SK)) : 0;
    const rest = from < 0 ? [] : sorted.slice(from);
    const read = rest.slice(0, limit + (this.options.readAhead ?? 0));
    this.queries.push({ limit: limit + (this.options.readAhead ?? 0), read: read.length });
    const more = rest.length > read.length;
    return { items: read.filter(this.options.filter ?? (() => true)), lastKey: more ? this.keyOf(read.at(-1)!) : undefined };
  }

  keyOf(row: Row): StartKey {
    return { PK: 'ROWS', SK: row.id };
  }
}

const rows = (n: number, prefix = 'r') => Array.from({ length: n }, (_, i) => ({ id: `${prefix}${String(i).padStart(4, '0')}`, on: true }));
const ids = (items: Row[]) => items.map((r) => r.id);

/** A table whose writes fail (throttled, or denied by IAM). */
class UnwritableTable extends Table {
  override async batchWrite(): Promise<void> {
    throw Object.assign(new Error('denied'), { name: 'AccessDeniedException' });
  }
}

let table: Table;
beforeEach(() => {
  table = new Table();
});

describe('readPageAt', () => {
  it('counts from the start on a first visit, then reads the same page and the next from bookmarks', async () => {
    const listing = new MemoryListing(table, rows(100));
    const total = async () => listing.rows.length;
    expect(ids((await readPageAt(listing, 40, 10, total)).items)).toEqual(ids(listing.rows.slice(40, 50)));
    expect(listing.queries).toEqual([{ limit: 50, read: 50 }]);
    expect(ids((await readPageAt(listing, 40, 10, total)).items)).toEqual(ids(listing.rows.slice(40, 50)));
    expect(ids((await readPageAt(listing, 50, 5, total)).items)).toEqual(ids(listing.rows.slice(50, 55)));
    expect(listing.queries.slice(1)).toEqual([
      { limit: 10, read: 10 },
      { limit: 5, read: 5 },
    ]);
  });

  it('keeps a sequential crawl whole when a row is inserted before its position; a first visit counts it', async () => {
    const listing = new MemoryListing(table, rows(30, 'm'));
    const total = async () => listing.rows.length;
    const seen = ids((await readPageAt(listing, 0, 10, total)).items);
    listing.rows.push({ id: 'a-first', on: true });
    seen.push(...ids((await readPageAt(listing, 10, 10, total)).items));
    seen.push(...ids((await readPageAt(listing, 20, 10, total)).items));
    expect(seen).toEqual(ids(rows(30, 'm')));
    // A position nobody bookmarked is counted from the start, insert included.
    expect(ids((await readPageAt(listing, 15, 2, total)).items)).toEqual(['m0014', 'm0015']);
  });

  it('ignores an expired bookmark (TTL deletion lags) and replaces it', async () => {
    const listing = new MemoryListing(table, rows(20));
    const total = async () => listing.rows.length;
    await readPageAt(listing, 5, 5, total);
    const later = Date.now() + (BOOKMARK_TTL_SECONDS + 1) * 1000;
    listing.queries.length = 0;
    expect(ids((await readPageAt(listing, 5, 5, total, later)).items)).toEqual(ids(listing.rows.slice(5, 10)));
    expect(listing.queries).toEqual([{ limit: 10, read: 10 }]);
    await readPageAt(listing, 5, 5, total, later);
    expect(listing.queries.at(-1)).toEqual({ limit: 5, read: 5 });
  });

  it('refreshes a bookmark only when it has moved or is half-expired', async () => {
    const listing = new MemoryListing(table, rows(20));
    const total = async () => listing.rows.length;
    const writes = async (now: number) => {
      const spy = new WriteCounter(table);
      await readPageAt({ ...listing, table: spy, page: listing.page.bind(listing), keyOf: listing.keyOf.bind(listing) }, 0, 5, total, now);
      return spy.writes;
    };
    expect(await writes(Date.now())).toBe(1);
    expect(await writes(Date.now())).toBe(0);
    expect(await writes(Date.now() + (BOOKMARK_TTL_SECONDS / 2 + 1) * 1000)).toBe(1);
    listing.rows.unshift({ id: 'a-first', on: true });
    expect(await writes(Date.now())).toBe(1);
  });

  it('bookmarks the last row served when the listing reads ahead, and skips what its filter drops', async () => {
    const all = rows(40).map((r, i) => ({ ...r, on: i % 3 !== 0 }));
    const listing = new MemoryListing(table, all, { filter: (r) => r.on, readAhead: 2 });
    const on = all.filter((r) => r.on);
    const total = async () => on.length;
    const pages = [];
    for (let position = 0; position < on.length; position += 4) pages.push(...ids((await readPageAt(listing, position, 4, total)).items));
    expect(pages).toEqual(ids(on));
  });

  it('answers the page when its bookmark cannot be written', async () => {
    const listing = new MemoryListing(new UnwritableTable(), rows(20));
    const total = async () => listing.rows.length;
    expect(ids((await readPageAt(listing, 5, 5, total)).items)).toEqual(ids(listing.rows.slice(5, 10)));
    expect(ids((await readPageAt(listing, 10, 5, total)).items)).toEqual(ids(listing.rows.slice(10, 15)));
    expect(listing.queries).toEqual([
      { limit: 10, read: 10 },
      { limit: 15, read: 15 },
    ]);
  });

  it('reads nothing of the listing for count 0 or past the total', async () => {
    const listing = new MemoryListing(table, rows(10));
    expect(await readPageAt(listing, 0, 0, async () => 10)).toEqual({ items: [], total: 10 });
    expect(await readPageAt(listing, 10, 5, async () => 10)).toEqual({ items: [], total: 10 });
    expect(listing.queries).toEqual([]);
  });

  it("reads the first page alongside the total and the next page's bookmark: one round trip", async () => {
    const listing = new MemoryListing(table, rows(30));
    let totalAnswered = false;
    let queriedBeforeTotal = false;
    const page = listing.page.bind(listing);
    listing.page = async (limit, startKey) => {
      queriedBeforeTotal ||= !totalAnswered;
      return page(limit, startKey);
    };
    const slowTotal = async () => {
      await new Promise((r) => setTimeout(r, 50));
      totalAnswered = true;
      return 30;
    };
    expect(ids((await readPageAt(listing, 0, 10, slowTotal)).items)).toEqual(ids(listing.rows.slice(0, 10)));
    expect(queriedBeforeTotal).toBe(true);
    expect(listing.queries).toEqual([{ limit: 10, read: 10 }]);
    // An empty listing answers empty all the same.
    const empty = new MemoryListing(table, []);
    expect(await readPageAt(empty, 0, 10, async () => 0)).toEqual({ items: [], total: 0 });
  });

  it('keeps bookmarks per tenant and listing shape', async () => {
    const listing = new MemoryListing(table, rows(20));
    await readPageAt(listing, 0, 5, async () => 20);
    const stored = await table.queryAll({
      KeyConditionExpression: 'PK = :pk',
      ExpressionAttributeValues: { ':pk': keys.pageBookmark(listing.tenantId, '', 0).PK },
    });
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({ entity: 'pageBookmark', start: { PK: 'ROWS', SK: 'r0004' }, expiresAtEpoch: expect.any(Number) });
    const other = new MemoryListing(table, rows(20));
    await readPageAt(
      { ...other, tenantId: listing.tenantId, shape: 'test:other', page: other.page.bind(other), keyOf: other.keyOf.bind(other) },
      5,
      5,
      async () => 20,
    );
    expect(other.queries).toEqual([{ limit: 10, read: 10 }]);
  });
});

/** Counts bookmark writes. */
class WriteCounter extends Table {
  writes = 0;
  constructor(private readonly inner: Table) {
    super(inner.name);
  }
  override async batchWrite(writes: Parameters<Table['batchWrite']>[0]): Promise<void> {
    this.writes++;
    return this.inner.batchWrite(writes);
  }
}
