/**
 * Scheduled every minute: hands every delivery that is due (a retry whose
 * backoff ran out, or a first attempt whose dispatch failed) to a worker.
 */
import { table } from '../../shared/storage/table.js';
import { sweepDueDeliveries } from '../../shared/webhooks/sweep.js';

export const handler = async (): Promise<{ dispatched: number }> => ({ dispatched: await sweepDueDeliveries(table()) });
