/**
 * Runs in every test worker before the test file is imported: the environment a
 * deployed handler would have, pointing at this run's DynamoDB Local, with dummy
 * credentials and silent logs. Handlers and `new Table()` read it on first use.
 *
 * Every response a route kit sends in a test is checked: against the schema its
 * route declares, and against TrueFoundry's SDK contract (test/contract).
 */
import { inject } from 'vitest';
import { applyLocalEnv } from '../../infra/local/local-env.js';
import { addResponseCheck } from '../../shared/http/response-checks.js';
import { sdkContractCheck } from '../contract/sdk-contract-check.js';
import './provided.js';

/** Fixed so HMAC-derived values (invite links, cursors) are reproducible in tests. */
export const TEST_SIGNING_KEY = 'test-signing-key-0123456789abcdefghijklmnopqrstuvwxyz';

applyLocalEnv({
  tableName: inject('tableName'),
  signingKey: TEST_SIGNING_KEY,
  publicApiUrl: 'http://127.0.0.1:3000',
  // No webhook worker runs unless a test starts one (test/webhooks/stack.ts): dispatches fail at once, locally, and stay due.
  endpoints: { dynamodb: inject('dynamodbEndpoint'), lambda: 'http://127.0.0.1:1' },
  logLevel: 'SILENT',
});
process.env.VALIDATE_RESPONSES = '1';
addResponseCheck(sdkContractCheck);
