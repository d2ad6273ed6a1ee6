/**
 * Runs in every connected-tier worker before the test file is imported: the
 * environment a deployed handler would have (test-env.ts), pointing at this
 * worker's DynamoDB Local.
 */
import { testDynamoDb } from '../support/dynamodb.js';
import { applyTestEnv } from './test-env.js';

export { TEST_SIGNING_KEY } from './test-env.js';

applyTestEnv(testDynamoDb());
