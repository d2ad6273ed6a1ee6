/**
 * The stored shape of an audit item: each value once. An audit item rides in
 * the transaction of the change it records, where each started KB costs two
 * write units, and a SCIM user create's item held its values up to three times
 * (the id and time beside its sort key, the tenant beside its partition key,
 * the target beside the user state the domain event carries, the SCIM document
 * as written beside that state, details that repeat it): 1.4 KB, two KB.
 *
 * {@link packAuditItem} drops each repeated value by one of the rules below,
 * and {@link readAuditItem} puts it back: every reader of audit items (the
 * audit listings, the stream consumers, the health counts) reads through it.
 * A rule is applied only when its reversal gives back exactly what it was
 * given, checked at write time, so a rule never has to be right about every
 * action: where it would not be, the value stays stored as it was. The rules
 * applied are named in the item's `packed` attribute, in order; items written
 * before (no `packed`) are read as they are, and a membership chunk's
 * `detailsInData` (the earlier way of storing its user ids once) reads as
 * before.
 */
import { sameValue } from '../json/same-value.js';
import { currentActionName, EVENT_TYPES, isEventType } from './event-types.js';

type StoredItem = Record<string, unknown>;

interface Rule {
  /** One letter, in `packed`. */
  code: string;
  /** The item without the values this rule can restore, or undefined when it has none to drop. */
  pack(item: StoredItem): StoredItem | undefined;
  unpack(item: StoredItem): StoredItem;
}

/** The attribute naming the rules an item was packed with. */
export const PACKED_ATTRIBUTE = 'packed';

const SOURCE_OF_ACTOR: Record<string, string> = { user: 'admin_api', scim: 'scim', 'sign-in': 'sign_in', system: 'system' };
/** Attributes of a SCIM document (`changes.after`) that the subject's state holds under the same name. */
const DOCUMENT_KEYS_IN_STATE = ['userName', 'name', 'displayName', 'externalId', 'active'] as const;
/** Details that repeat the subject's state (how a user or team came, whether a user is active). */
const DETAIL_KEYS_IN_STATE = ['source', 'active'] as const;
const STATE_TIMES = ['createdAt', 'updatedAt'] as const;

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const without = (record: Record<string, unknown>, names: readonly string[]) => Object.fromEntries(Object.entries(record).filter(([k]) => !names.includes(k)));

/** The key in `data` of the subject's state after the change (`data.user`, `data.team`), if the item has one. */
function subjectOf(item: StoredItem): string | undefined {
  if (typeof item.action !== 'string') return undefined;
  const action = currentActionName(item.action);
  if (!isEventType(action)) return undefined;
  const subject = EVENT_TYPES[action].subject;
  return isRecord(item.data) && isRecord(item.data[subject]) ? subject : undefined;
}
const stateOf = (item: StoredItem): Record<string, unknown> | undefined => {
  const subject = subjectOf(item);
  return subject ? ((item.data as Record<string, unknown>)[subject] as Record<string, unknown>) : undefined;
};
function withState(item: StoredItem, state: Record<string, unknown>): StoredItem {
  const subject = subjectOf(item)!;
  return { ...item, data: { ...(item.data as Record<string, unknown>), [subject]: state } };
}
function withAfter(item: StoredItem, after: Record<string, unknown>): StoredItem {
  return { ...item, changes: { ...(item.changes as Record<string, unknown>), after } };
}
const afterOf = (item: StoredItem) => (isRecord(item.changes) && isRecord(item.changes.after) ? item.changes.after : undefined);

/** In order of packing; unpacked in reverse, so a rule may use what a later one packs. */
const RULES: readonly Rule[] = [
  {
    // Source and sequence where readers already default them: the actor's door, the event's time.
    code: 's',
    pack(item) {
      const actor = item.actor as { type?: string } | undefined;
      const defaultSource = item.source !== undefined && item.source === SOURCE_OF_ACTOR[actor?.type ?? ''];
      const defaultSequence = typeof item.at === 'string' && item.sequence === Date.parse(item.at);
      if (!defaultSource && !defaultSequence) return undefined;
      return without(item, [...(defaultSource ? ['source'] : []), ...(defaultSequence ? ['sequence'] : [])]);
    },
    unpack(item) {
      const actor = item.actor as { type?: string } | undefined;
      return {
        ...item,
        ...(item.source === undefined && actor?.type && SOURCE_OF_ACTOR[actor.type] ? { source: SOURCE_OF_ACTOR[actor.type] } : {}),
        ...(item.sequence === undefined && typeof item.at === 'string' ? { sequence: Date.parse(item.at) } : {}),
      };
    },
  },
  {
    // The target is the subject whose state the event carries: its type, id and name.
    code: 't',
    pack: (item) => (stateOf(item) && item.target !== undefined ? without(item, ['target']) : undefined),
    unpack(item) {
      const state = stateOf(item);
      if (!state) return item;
      const slug = state.userName ?? state.name;
      return { ...item, target: { type: subjectOf(item), id: state.id, ...(slug !== undefined ? { slug } : {}) } };
    },
  },
  {
    // A SCIM document as written (a create's `changes.after`) holds some of the state's attributes.
    code: 'a',
    pack(item) {
      const state = stateOf(item);
      const after = afterOf(item);
      if (!state || !after) return undefined;
      const shared = DOCUMENT_KEYS_IN_STATE.filter((k) => after[k] !== undefined && sameValue(after[k], state[k]));
      return shared.length ? withAfter(item, without(after, shared)) : undefined;
    },
    unpack(item) {
      const state = stateOf(item);
      const after = afterOf(item);
      if (!state || !after) return item;
      const restored = Object.fromEntries(DOCUMENT_KEYS_IN_STATE.filter((k) => after[k] === undefined && state[k] !== undefined).map((k) => [k, state[k]]));
      return withAfter(item, { ...after, ...restored });
    },
  },
  {
    // The document's primary email is the user's email.
    code: 'e',
    pack(item) {
      const state = stateOf(item);
      const emails = afterOf(item)?.emails;
      if (!state || typeof state.email !== 'string' || !Array.isArray(emails)) return undefined;
      const primary = emails.findIndex((e) => isRecord(e) && e.primary === true);
      if (primary < 0 || (emails[primary] as Record<string, unknown>).value !== state.email) return undefined;
      const packed = emails.map((e, i) => (i === primary ? without(e as Record<string, unknown>, ['value']) : e));
      return withAfter(item, { ...afterOf(item), emails: packed });
    },
    unpack(item) {
      const state = stateOf(item);
      const emails = afterOf(item)?.emails;
      if (!state || !Array.isArray(emails)) return item;
      const primary = emails.findIndex((e) => isRecord(e) && e.primary === true);
      if (primary < 0) return item;
      const restored = emails.map((e, i) => (i === primary ? { ...(e as Record<string, unknown>), value: state.email } : e));
      return withAfter(item, { ...afterOf(item), emails: restored });
    },
  },
  {
    code: 'd',
    pack(item) {
      const state = stateOf(item);
      if (!state || !isRecord(item.details)) return undefined;
      const details = item.details;
      const shared = DETAIL_KEYS_IN_STATE.filter((k) => details[k] !== undefined && sameValue(details[k], state[k]));
      if (!shared.length) return undefined;
      const rest = without(details, shared);
      return Object.keys(rest).length ? { ...item, details: rest } : without(item, ['details']);
    },
    unpack(item) {
      const state = stateOf(item);
      if (!state) return item;
      const restored = Object.fromEntries(DETAIL_KEYS_IN_STATE.filter((k) => state[k] !== undefined).map((k) => [k, state[k]]));
      return { ...item, details: { ...(isRecord(item.details) ? item.details : {}), ...restored } };
    },
  },
  {
    // The state's timestamps are the event's time (both for a create, `updatedAt` for a change).
    code: 'w',
    pack(item) {
      const state = stateOf(item);
      if (!state) return undefined;
      const same = STATE_TIMES.filter((k) => state[k] !== undefined && state[k] === item.at);
      return same.length ? withState(item, without(state, same)) : undefined;
    },
    unpack(item) {
      const state = stateOf(item);
      if (!state) return item;
      const restored = Object.fromEntries(STATE_TIMES.filter((k) => state[k] === undefined).map((k) => [k, item.at]));
      return withState(item, { ...state, ...restored });
    },
  },
  {
    // The event's id and time are its sort key (`at#id`), its tenant is in its partition key (`T#t#AUDIT#yyyy-mm`).
    code: 'k',
    pack(item) {
      const tenantOfKey = tenantOfPartition(item.PK);
      if (item.SK !== `${String(item.at)}#${String(item.id)}` || tenantOfKey !== item.tenantId) return undefined;
      return without(item, ['id', 'at', 'tenantId']);
    },
    unpack(item) {
      const sk = String(item.SK);
      const cut = sk.indexOf('#');
      return { ...item, at: sk.slice(0, cut), id: sk.slice(cut + 1), tenantId: tenantOfPartition(item.PK) };
    },
  },
];

const PARTITION = /^T#(.+)#AUDIT#\d{4}-\d{2}$/;
const tenantOfPartition = (pk: unknown): string | undefined => (typeof pk === 'string' ? PARTITION.exec(pk)?.[1] : undefined);

/** The item to store for a whole audit item: each value once, by the rules that give it back exactly. */
export function packAuditItem<K extends { PK: string; SK: string }>(whole: K & StoredItem): K & StoredItem {
  let item: StoredItem = whole;
  let applied = '';
  for (const rule of RULES) {
    const packed = rule.pack(item);
    if (packed === undefined || !sameValue(rule.unpack(packed), item)) continue;
    item = packed;
    applied += rule.code;
  }
  // No rule drops a key: the item keeps `PK` and `SK`.
  return (applied ? { ...item, [PACKED_ATTRIBUTE]: applied } : item) as K & StoredItem;
}

/**
 * A stored audit item (from the table, an index or a stream image) as it was
 * before it was packed, whichever version wrote it; details a membership chunk
 * keeps in its data (`detailsInData`) are back in `details`.
 */
export function readAuditItem(stored: StoredItem): StoredItem {
  const codes = typeof stored[PACKED_ATTRIBUTE] === 'string' ? stored[PACKED_ATTRIBUTE] : '';
  let item = without(stored, [PACKED_ATTRIBUTE]);
  for (const rule of [...RULES].reverse()) if (codes.includes(rule.code)) item = rule.unpack(item);
  return withDetailsFromData(item);
}

function withDetailsFromData(item: StoredItem): StoredItem {
  const names = item.detailsInData;
  if (!Array.isArray(names) || names.length === 0) return item;
  const data = isRecord(item.data) ? item.data : {};
  const fromData = Object.fromEntries((names as string[]).filter((name) => name in data).map((name) => [name, data[name]]));
  return { ...without(item, ['detailsInData']), details: { ...fromData, ...(isRecord(item.details) ? item.details : {}) } };
}
