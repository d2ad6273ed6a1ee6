/**
 * Environment variables a test file sets for itself (an emulator's endpoint, the
 * gateway's URL), in a worker that may run other files after it (vitest.config.ts).
 * Setting one here also drops what the domain package built from the previous
 * values (the parsed environment, the SDK clients, whose endpoint is read when
 * they are made), and the connected tier's setup (./env.ts) puts back the
 * environment the file started with, and drops those again, after the file.
 *
 * A file that writes `process.env` itself gets a process of its own instead
 * (./process-isolation.ts); writes made here are not counted.
 */
import { resetEnvForTests } from '../../shared/config/env.js';
import { setCognitoClientForTests } from '../../shared/identity/cognito-client.js';
import { setSesClientForTests } from '../../shared/mail/ses-client.js';
import { resetDispatchClientForTests } from '../../shared/webhooks/dispatch.js';

/** Each variable this file changed, with its value before the first change (undefined: unset). */
const before = new Map<string, string | undefined>();

export function setTestEnvironment(variables: Readonly<Record<string, string>>): void {
  for (const [name, value] of Object.entries(variables)) {
    if (!before.has(name)) before.set(name, process.env[name]);
    process.env[name] = value;
  }
  dropCachedClients();
}

/** Puts back every variable {@link setTestEnvironment} changed in this file. */
export function restoreTestEnvironment(): void {
  if (before.size === 0) return;
  for (const [name, value] of before) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
  before.clear();
  dropCachedClients();
}

function dropCachedClients(): void {
  resetEnvForTests();
  setCognitoClientForTests(undefined);
  setSesClientForTests(undefined);
  resetDispatchClientForTests();
}
