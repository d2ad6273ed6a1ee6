/**
 * Page bookmarks: offset pagination (SCIM `startIndex`, the admin API's `offset`)
 * at constant cost over a listing read in key order. Serving a page stores, in a
 * small TTL'd item, the DynamoDB key the next page continues from; a request for
 * that position reads the bookmark and Queries `count` items from there, however
 * deep the page. IdPs page sequentially, so after the first page every page finds
 * its bookmark. Without one (first visit, expired, a jump) the page is found as
 * before, by reading the listing from its start, and bookmarks are stored for it
 * and the next page.
 *
 * A page costs: the bookmark read (one BatchGetItem of this page's and the next
 * page's bookmarks), the listing Query, and a bookmark write only when the next
 * page's bookmark is missing, moved or half-expired (a re-read page writes
 * nothing). The write is best effort: a failure is logged, never answered.
 *
 * Positions are those of the moment the bookmark was written: an item inserted
 * before it later does not shift the pages after it, as it would when counting
 * from the start (offset pagination promises no more either way).
 */
import { createHash } from 'node:crypto';
import { logger } from '../observability/logger.js';
import { keys } from './keys.js';
import type { Table } from './table.js';
import { TTL_ATTRIBUTE } from './table-definition.js';

/** A DynamoDB position: the LastEvaluatedKey that a Query continues after. */
export type StartKey = Record<string, unknown>;

/** A listing in key order that pages can be bookmarked in. */
export interface KeyedListing<T> {
  table: Table;
  tenantId: string;
  /**
   * Names the ordered listing: what is listed and any server-side filter that
   * decides which items count. A bookmark only ever serves the listing it was
   * taken on.
   */
  shape: string;
  /**
   * Items in key order after `startKey` (exclusive): about `limit` of them, fewer
   * when a server-side filter drops some, more when the listing reads ahead.
   */
  page(limit: number, startKey?: StartKey): Promise<{ items: T[]; lastKey?: StartKey }>;
  /** The key a Query continues after, once `item` has been read (its primary key). */
  keyOf(item: T): StartKey;
}

/** How long a bookmark serves: far longer than an IdP takes between two pages. */
export const BOOKMARK_TTL_SECONDS = 3600;

/** Items per Query while reading a listing from its start (DynamoDB returns at most 1 MB anyway). */
const SCAN_PAGE = 1000;

interface Bookmark {
  start: StartKey;
  expiresAtEpoch: number;
}

/**
 * The `count` items from 0-based `position` of a listing, with its total (read
 * alongside the bookmarks). The first page needs no bookmark, so it is read
 * alongside them too: one round trip, the page every listing starts with.
 * A later page reads nothing of the listing when it is past the total.
 */
export async function readPageAt<T>(
  listing: KeyedListing<T>,
  position: number,
  count: number,
  total: () => Promise<number>,
  now = Date.now(),
): Promise<{ items: T[]; total: number }> {
  const shape = shapeDigest(listing.shape);
  const next = position + count;
  const [stored, all, firstPage] = await Promise.all([
    count > 0 ? readBookmarks(listing, shape, position > 0 ? [position, next] : [next], now) : new Map<number, Bookmark>(),
    total(),
    position === 0 && count > 0 ? readFrom(listing, count, undefined) : undefined,
  ]);
  if (count === 0 || position >= all) return { items: [], total: all };

  const bookmarked = position === 0 ? undefined : stored.get(position);
  const { items, startsAfter } = firstPage
    ? { items: firstPage, startsAfter: undefined }
    : bookmarked
      ? { items: await readFrom(listing, count, bookmarked.start), startsAfter: undefined }
      : await readFromStart(listing, position, count);

  const writes: Array<{ position: number; start: StartKey }> = [];
  if (startsAfter) writes.push({ position, start: startsAfter });
  if (items.length === count) {
    const start = listing.keyOf(items[count - 1]!);
    const known = stored.get(next);
    if (!known || !sameKey(known.start, start) || known.expiresAtEpoch * 1000 - now < (BOOKMARK_TTL_SECONDS * 1000) / 2) writes.push({ position: next, start });
  }
  await saveBookmarks(listing, shape, writes, now);
  return { items, total: all };
}

/** Up to `count` items from a known key (undefined: the listing's start). */
async function readFrom<T>(listing: KeyedListing<T>, count: number, startKey: StartKey | undefined): Promise<T[]> {
  const items: T[] = [];
  let key = startKey;
  do {
    const page = await listing.page(Math.min(SCAN_PAGE, count - items.length), key);
    items.push(...page.items.slice(0, count - items.length));
    key = page.lastKey;
  } while (key && items.length < count);
  return items;
}

/** The page found by counting from the listing's start, and the key it starts after (to bookmark). */
async function readFromStart<T>(listing: KeyedListing<T>, position: number, count: number): Promise<{ items: T[]; startsAfter?: StartKey }> {
  const items: T[] = [];
  let toSkip = position;
  let startsAfter: StartKey | undefined;
  let key: StartKey | undefined;
  do {
    const page = await listing.page(Math.min(SCAN_PAGE, toSkip + count - items.length), key);
    for (const item of page.items) {
      if (toSkip > 0) {
        toSkip--;
        if (toSkip === 0) startsAfter = listing.keyOf(item);
      } else if (items.length < count) items.push(item);
    }
    key = page.lastKey;
  } while (key && items.length < count);
  return { items, startsAfter };
}

async function readBookmarks(listing: KeyedListing<unknown>, shape: string, positions: number[], now: number): Promise<Map<number, Bookmark>> {
  const items = await listing.table.batchGet(positions.map((p) => keys.pageBookmark(listing.tenantId, shape, p)));
  const found = new Map<number, Bookmark>();
  for (const item of items) {
    const position = Number(String(item.SK).slice(shape.length + 1));
    const expiresAtEpoch = item[TTL_ATTRIBUTE];
    // TTL deletion lags by up to days: expiry is checked here.
    if (isStartKey(item.start) && typeof expiresAtEpoch === 'number' && expiresAtEpoch * 1000 > now) found.set(position, { start: item.start, expiresAtEpoch });
  }
  return found;
}

async function saveBookmarks(listing: KeyedListing<unknown>, shape: string, writes: Array<{ position: number; start: StartKey }>, now: number): Promise<void> {
  if (writes.length === 0) return;
  const expiresAtEpoch = Math.floor(now / 1000) + BOOKMARK_TTL_SECONDS;
  try {
    await listing.table.batchWrite(
      writes.map((w) => ({
        put: { ...keys.pageBookmark(listing.tenantId, shape, w.position), entity: 'pageBookmark', start: w.start, [TTL_ATTRIBUTE]: expiresAtEpoch },
      })),
    );
  } catch (error) {
    // The page is already read: without its bookmark the next one is found by counting, as it always could be.
    logger.warn('Could not save page bookmarks', { error: error as Error, shape: listing.shape });
  }
}

/** A short, fixed-length name for a listing shape (shapes may one day carry a filter). */
const shapeDigest = (shape: string) => createHash('sha256').update(shape).digest('base64url').slice(0, 16);

const isStartKey = (v: unknown): v is StartKey =>
  typeof v === 'object' && v !== null && !Array.isArray(v) && Object.values(v).length > 0 && Object.values(v).every((x) => typeof x === 'string');

function sameKey(a: StartKey, b: StartKey): boolean {
  const names = Object.keys(a);
  return names.length === Object.keys(b).length && names.every((n) => a[n] === b[n]);
}
