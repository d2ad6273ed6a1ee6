/**
 * The retry sweeper's work: every delivery on the due index whose time has
 * come goes to a worker. A delivery being attempted right now is on the index
 * too; its worker holds the lease, so the second worker finds nothing to do.
 */
import type { Table } from '../storage/table.js';
import { dueDeliveries, type DeliveryRef } from './delivery.js';
import { dispatchDelivery } from './dispatch.js';

export async function sweepDueDeliveries(table: Table, options: { now?: Date; dispatch?: (ref: DeliveryRef) => Promise<unknown> } = {}): Promise<number> {
  const due = await dueDeliveries(table, options.now ?? new Date());
  await Promise.all(due.map(options.dispatch ?? dispatchDelivery));
  return due.length;
}
