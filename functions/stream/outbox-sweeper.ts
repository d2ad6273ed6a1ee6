/**
 * Scheduled (every 5 minutes in AWS; see shared/outbox/sweeper.ts): handles
 * outbox items of every kind the stream could not deliver, so an outage delays
 * mail and Cognito changes but never drops them.
 */
import { sweepOutbox } from '../../shared/outbox/sweeper.js';
import { table } from '../../shared/storage/table.js';

export const handler = async () => sweepOutbox(table());
