/**
 * The environment a deployed handler would have, pointing at the given table,
 * with dummy credentials and silent logs; shared by the tiers' setup files.
 * Handlers and `new Table()` read it on first use.
 *
 * Every response a route kit sends in a test is checked: against the schema its
 * route declares, and against TrueFoundry's SDK contract (test/contract).
 */
import { applyLocalEnv } from '../../infra/local/local-env.js';
import { addResponseCheck } from '../../shared/http/response-checks.js';
import { sdkContractCheck } from '../contract/sdk-contract-check.js';

/** Fixed so HMAC-derived values (invite links, cursors) are reproducible in tests. */
export const TEST_SIGNING_KEY = 'test-signing-key-0123456789abcdefghijklmnopqrstuvwxyz';

export function applyTestEnv(dynamodb: { endpoint: string; tableName: string }): void {
  applyLocalEnv({
    tableName: dynamodb.tableName,
    signingKey: TEST_SIGNING_KEY,
    publicApiUrl: 'http://127.0.0.1:3000',
    // No webhook worker runs unless a test starts one (test/webhooks/stack.ts): dispatches fail at once, locally, and stay due.
    endpoints: { dynamodb: dynamodb.endpoint, lambda: 'http://127.0.0.1:1' },
    logLevel: 'SILENT',
  });
  process.env.VALIDATE_RESPONSES = '1';
  // Tests revoke and rotate SCIM tokens and expect the next request refused; the
  // bounded cache a deployment runs with is tested on its own clock (test/security/scim-token-cache.test.ts).
  process.env.SCIM_AUTH_CACHE_SECONDS = '0';
  // Each SCIM request's health count is written with it, so a test's DynamoDB request counts never catch a
  // flush another test's requests left held; the held counts are tested on their own (test/health).
  process.env.SCIM_HEALTH_FLUSH_SECONDS = '0';
  // cognito-local brings the AWS SDK v2, whose end-of-support notice (its documented switch) is noise in test output.
  process.env.AWS_SDK_JS_SUPPRESS_MAINTENANCE_MODE_MESSAGE = '1';
  addResponseCheck(sdkContractCheck);
}
