/**
 * One DynamoDB Local (in memory, on a free port) serves the whole run; test files
 * run in parallel against it, each with its own tenant ids. Only tests that need
 * the SES emulator or cognito-local start them (test/support/emulators.ts).
 */
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/setup/global-setup.ts'],
    setupFiles: ['test/setup/env.ts'],
    pool: 'forks',
    // Two cores: more workers than that only adds contention with the JVM.
    maxWorkers: 2,
    // Tests count requests, not time; the wide limit absorbs DynamoDB Local's shared lock under a heavy neighbour.
    testTimeout: 240_000,
    hookTimeout: 60_000,
    restoreMocks: true,
  },
});
