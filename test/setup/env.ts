/**
 * Runs in every connected-tier worker before each test file is imported: the
 * environment a deployed handler would have (test-env.ts), pointing at this
 * worker's DynamoDB Local.
 */
import { afterAll } from 'vitest';
import { testDynamoDb } from '../support/dynamodb.js';
import { applyTestEnv } from './test-env.js';

export { TEST_SIGNING_KEY } from './test-env.js';

applyTestEnv(testDynamoDb());
// The next file in this worker starts from the environment this one started with. Imported
// here, not above: its imports load the logger, which must see the environment set just now.
afterAll(async () => (await import('./process-env.js')).restoreTestEnvironment());
