/**
 * Event-source filter patterns for the table-stream consumers, in the syntax of
 * Lambda event filtering (the EventBridge pattern language): the CDK stack hands
 * each pattern to its event source mapping unchanged, and the local stream
 * poller applies the same pattern with `matchesFilter`, so a record a consumer
 * would not see in AWS is not delivered to it locally either.
 *
 * Only the subset the consumers use is supported, and `matchesFilter` refuses
 * anything else rather than guess: nested objects (every key must match), leaf
 * arrays (any value may match), exact strings, numbers, booleans and null, and
 * `{ prefix }`.
 */

export type FilterValue = string | number | boolean | null | { readonly prefix: string };
export interface FilterPattern {
  readonly [field: string]: FilterPattern | readonly FilterValue[];
}

/** True when `record` (a Lambda stream record, as JSON) satisfies `pattern`. */
export function matchesFilter(pattern: FilterPattern, record: unknown): boolean {
  if (!isObject(record)) return false;
  for (const [field, expected] of Object.entries(pattern)) {
    const actual = record[field];
    if (Array.isArray(expected)) {
      if (!expected.some((value: FilterValue) => matchesValue(value, actual))) return false;
    } else if (!matchesFilter(expected as FilterPattern, actual)) return false;
  }
  return true;
}

function matchesValue(expected: FilterValue, actual: unknown): boolean {
  if (expected !== null && typeof expected === 'object') {
    if (typeof expected.prefix !== 'string' || Object.keys(expected).length !== 1) {
      throw new Error(`Unsupported filter operator ${JSON.stringify(expected)}: only { prefix } is implemented`);
    }
    return typeof actual === 'string' && actual.startsWith(expected.prefix);
  }
  return actual === expected;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
