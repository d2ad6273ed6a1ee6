/**
 * The DynamoDB Local this test file runs against. Each test worker has its own
 * (test/setup/global-setup.ts), and a worker runs one file at a time, so a file
 * never waits on another file's writes: DynamoDB Local serializes every request
 * behind one lock per process, which made one heavy file stall its neighbour.
 */
import { inject } from 'vitest';
import '../setup/provided.js';

export function testDynamoDb(): { endpoint: string; tableName: string; streamArn: string } {
  const instances = inject('dynamodb');
  // VITEST_POOL_ID is the worker's slot, 1..maxWorkers, fixed for the worker's life.
  const slot = Number(process.env.VITEST_POOL_ID ?? '1') - 1;
  return instances[slot % instances.length]!;
}
