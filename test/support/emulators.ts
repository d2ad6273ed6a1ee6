/**
 * The SES emulator and cognito-local for the tests that need them, each on a free
 * port and stopped after the file. Starting one also points this worker's SDK
 * clients at it (`AWS_ENDPOINT_URL_SES`, `AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER`).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { TriggerDefinition } from '../../shared/triggers/trigger-table.js';
import { startCognitoLocal } from '../../infra/local/cognito-local.js';
import { TRIGGER_FUNCTION_TIMEOUT_SECONDS } from '../../infra/function-settings.js';
import { startLambdaInvokeEndpoint } from '../../infra/local/lambda-invoke-endpoint.js';
import { startSesEmulator } from '../../infra/local/ses-emulator.js';
import { setTestEnvironment } from '../setup/process-env.js';

/** A message as the SES emulator stores it (`GET /store`). */
export interface StoredMail {
  messageId: string;
  from: string;
  destination: { to: string[]; cc: string[]; bcc: string[] };
  subject: string;
  body: { text?: string; html?: string };
  at: number;
}

export interface TestSes {
  url: string;
  /** Every mail received so far. */
  mails(): Promise<StoredMail[]>;
  clear(): Promise<void>;
  stop(): Promise<void>;
}

/** Starts the SES emulator on a free port for this file, with no mail in its store. */
export async function startTestSes(): Promise<TestSes> {
  const ses = await startSesEmulator({ port: 0 });
  // The emulator's store is per process, and a worker may have run other files' mail before this one.
  await fetch(`${ses.url}/clear-store`, { method: 'POST' });
  setTestEnvironment({ AWS_ENDPOINT_URL_SES: ses.url });
  return {
    url: ses.url,
    async mails() {
      const store = (await (await fetch(`${ses.url}/store`)).json()) as { emails: StoredMail[] };
      return store.emails;
    },
    async clear() {
      await fetch(`${ses.url}/clear-store`, { method: 'POST' });
    },
    stop: ses.close,
  };
}

export interface TestCognito {
  url: string;
  /** The Lambda-invoke endpoint cognito-local sends the triggers to. */
  lambdaUrl: string;
  stop(): Promise<void>;
}

/**
 * cognito-local with its own empty state, calling `triggers` (default: the
 * trigger table) through a Lambda-invoke endpoint in this process.
 */
export async function startTestCognito(options: { triggers?: readonly TriggerDefinition[] } = {}): Promise<TestCognito> {
  const triggers = options.triggers;
  const lambda = await startLambdaInvokeEndpoint({
    port: 0,
    functions: triggers?.map((t) => ({ name: t.name, handler: t.handler, timeoutSeconds: TRIGGER_FUNCTION_TIMEOUT_SECONDS })),
  });
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cognito-test-'));
  try {
    const cognito = await startCognitoLocal({ port: 0, dataDir, lambdaEndpoint: lambda.url, lambdaCredentials: lambda.credentials, triggers });
    setTestEnvironment({ AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER: cognito.url });
    return {
      url: cognito.url,
      lambdaUrl: lambda.url,
      async stop() {
        await cognito.stop();
        await lambda.close();
        fs.rmSync(dataDir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await lambda.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
    throw error;
  }
}
