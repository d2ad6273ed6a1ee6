/**
 * The suite in tiers (vitest projects; README "Tests" says what each needs and
 * how long it takes):
 *
 * - `unit`: pure code (domain rules, SCIM machinery, console logic). No JVM and
 *   no emulator: its setup points DynamoDB at a port nothing listens on.
 * - `infra`: the CDK app synthesized and bundled offline; no JVM either.
 * - `connected`: everything against DynamoDB Local, the emulators and the local
 *   gateway, HTTP tests included. Each worker gets its own DynamoDB Local
 *   (test/setup/global-setup.ts), because one instance answers one request at a
 *   time and a heavy file would stall its neighbour.
 * - `e2e`: the console in headless Chromium against `npm start`'s whole stack,
 *   which the test starts itself (test/e2e/support/local-stack.ts).
 *
 * A new test file is `connected` unless it is listed under another tier.
 * `npm test` runs every tier; `npm run test:<tier>` one of them.
 *
 * The unit, infra and connected tiers run their files one after another in workers
 * that keep their module cache (`isolate: false`), so each file does not import
 * the AWS SDK, CDK and the domain package anew. The files that change the
 * process (the environment, a mocked module), found from their sources
 * (test/setup/process-isolation.ts), each get a fresh process instead: the
 * projects `unit:own-process` and `connected:own-process`. The infra tier has
 * no such project and must have no such file.
 */
import { defineConfig } from 'vitest/config';
import { filesNeedingOwnProcess, testFilesIn } from './test/setup/process-isolation.js';
import { E2E_PROJECT } from './test/setup/projects.js';

const UNIT = [
  'test/collaborators/role-rules.test.ts',
  ...testFilesIn('test/console'),
  'test/e2e/chromium-path.test.ts',
  'test/events/event-bus-publisher.test.ts',
  'test/foundation/audit-diff.test.ts',
  'test/foundation/body.test.ts',
  'test/foundation/define-route.test.ts',
  'test/foundation/logger.test.ts',
  'test/foundation/process-isolation.test.ts',
  'test/foundation/secret-matcher.test.ts',
  'test/foundation/secret-token.test.ts',
  'test/foundation/typecheck-cache.test.ts',
  'test/infra/match-route.test.ts',
  'test/infra/metrics.test.ts',
  'test/local/demo-oidc-provider-import.test.ts',
  'test/local/stream-filter.test.ts',
  'test/local/stream-records.test.ts',
  'test/mail/render.test.ts',
  'test/openapi/openapi.test.ts',
  'test/pats/pat-rules.test.ts',
  'test/scim/filter-evaluator.test.ts',
  'test/scim/filter-parser.test.ts',
  'test/scim/lookup-plan.test.ts',
  'test/scim/patch-engine.test.ts',
  'test/scim/query-parts.test.ts',
  'test/scim/request-counter.test.ts',
  'test/signin/sign-in-identity.test.ts',
  'test/teams/page-token.test.ts',
  'test/teams/team-manifest.test.ts',
  'test/users/lifecycle.test.ts',
  'test/users/target-user.test.ts',
  'test/webhooks/safe-request.test.ts',
  'test/webhooks/secret-box.test.ts',
];

const E2E = ['test/e2e/console.test.ts'];

const OWN_PROCESS = filesNeedingOwnProcess('test');

const INFRA = [
  'test/infra/bundles.test.ts',
  'test/infra/console-hosting.test.ts',
  'test/infra/nag.test.ts',
  'test/infra/operations.test.ts',
  'test/infra/permissions.test.ts',
  'test/infra/stack.test.ts',
  'test/infra/tenant-limits.test.ts',
  'test/infra/tenant-shards.test.ts',
  'test/infra/template-snapshot.test.ts',
  'test/infra/webhooks.test.ts',
  'test/tenants/tenant-stack.test.ts',
];

const CONNECTED = {
  include: ['test/**/*.test.ts'],
  exclude: [...UNIT, ...INFRA, ...E2E],
  globalSetup: ['test/setup/global-setup.ts'],
  setupFiles: ['test/setup/env.ts'],
};

const sharingInfra = INFRA.filter((file) => OWN_PROCESS.includes(file));
if (sharingInfra.length > 0) throw new Error(`infra tests share a process but change it: ${sharingInfra.join(', ')}`);

const UNIT_SETUP = { setupFiles: ['test/setup/no-table-env.ts'] };

export default defineConfig({
  test: {
    pool: 'forks',
    // Two cores: more workers than that only adds contention with the JVMs.
    maxWorkers: 2,
    // A test that needs longer says so, with the reason, where it is declared.
    testTimeout: 30_000,
    hookTimeout: 60_000,
    restoreMocks: true,
    projects: [
      { extends: true, test: { ...UNIT_SETUP, name: 'unit', include: UNIT, isolate: false, exclude: OWN_PROCESS } },
      { extends: true, test: { ...UNIT_SETUP, name: 'unit:own-process', include: UNIT.filter((file) => OWN_PROCESS.includes(file)) } },
      {
        extends: true,
        // Each test synthesizes the CDK app, a few CPU-bound seconds on an idle machine that a busy one stretches many times.
        test: { name: 'infra', include: INFRA, isolate: false, setupFiles: ['test/setup/no-table-env.ts'], testTimeout: 120_000 },
      },
      {
        extends: true,
        test: { ...CONNECTED, name: 'connected', isolate: false, exclude: [...CONNECTED.exclude, ...OWN_PROCESS] },
      },
      { extends: true, test: { ...CONNECTED, name: 'connected:own-process', include: OWN_PROCESS } },
      { extends: true, test: { name: E2E_PROJECT, include: E2E, setupFiles: ['test/setup/no-table-env.ts'] } },
    ],
  },
});
