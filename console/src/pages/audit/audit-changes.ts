/**
 * An audit event's `changes` and `details` as rows a person reads: one row
 * per changed field with its value before and after, and one per detail.
 * Kept free of React so it is tested directly.
 */
import type { AuditEvent } from '../../api/types.js';

export interface ChangeRow {
  field: string;
  before: string;
  after: string;
}

/** How a stored value reads in a cell: strings as they are, absent as an em dash, anything else as compact JSON. */
export function valueText(value: unknown): string {
  if (value === undefined || value === null) return '—';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}

/** One row per field changed, in the order the fields first appear (before, then after). */
export function changeRows(changes: AuditEvent['changes']): ChangeRow[] {
  if (!changes) return [];
  const before = changes.before ?? {};
  const after = changes.after ?? {};
  const fields = [...new Set([...Object.keys(before), ...Object.keys(after)])];
  return fields.map((field) => ({ field, before: valueText(before[field]), after: valueText(after[field]) }));
}

/** The event's details as field/value pairs. */
export function detailRows(details: AuditEvent['details']): Array<{ field: string; value: string }> {
  return Object.entries(details ?? {}).map(([field, value]) => ({ field, value: valueText(value) }));
}
