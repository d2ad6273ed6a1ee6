/**
 * Parse on read: a repository turns what DynamoDB returned into its entity with
 * a schema instead of a cast, so an item of an unexpected shape fails loudly
 * where it is read (a 500 naming the item and the field) rather than somewhere
 * downstream as `undefined`. Schemas name the attributes every stored version
 * of the entity has (accepting the older shapes the code upgrades lazily) and
 * keep the others as stored; the table's own attributes (keys, index keys,
 * `entity`) are dropped.
 */
import { InternalError } from '../errors/app-error.js';
import * as z from '../validation/zod.js';
import type { Item } from './table.js';

const TABLE_ATTRIBUTE = /^(PK|SK|entity|GSI\d+(PK|SK))$/;

export function parseStoredItem<S extends z.ZodMiniType>(schema: S, item: Item, what: string): z.infer<S> {
  const parsed = z.safeParse(schema, item);
  if (parsed.success) {
    const data: z.infer<S> = parsed.data;
    if (typeof data !== 'object' || data === null) return data;
    for (const attribute of Object.keys(data)) if (TABLE_ATTRIBUTE.test(attribute)) delete (data as Item)[attribute];
    return data;
  }
  const issues = parsed.error.issues.map((issue) => `${issue.path.join('.') || '(item)'}: ${issue.message}`).join('; ');
  throw new InternalError('storage.corrupt_item', `Stored ${what} ${String(item.PK)} / ${String(item.SK)} is malformed: ${issues}`);
}
