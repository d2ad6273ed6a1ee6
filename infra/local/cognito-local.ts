/**
 * cognito-local as a child process. Its configuration is rewritten on every
 * start from the trigger table, pointing its Lambda client at our local
 * Lambda-invoke endpoint, so the triggers it calls are this checkout's handlers.
 * cognito-local keeps its pools and users under `<dataDir>/.cognito/db`.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { triggers as triggerTable, type TriggerDefinition } from '../../shared/triggers/trigger-table.js';
import { triggersBySource } from '../cognito-triggers.js';
import { manageChild, type ManagedChild } from './child-process.js';
import { freePort } from './free-port.js';
import type { InvokeCredentials } from './invoke-credentials.js';

const READY_TIMEOUT_MS = 30_000;
/** Trigger sources cognito-local 5.x never invokes: wiring them locally has no effect. */
export const TRIGGERS_COGNITO_LOCAL_IGNORES = ['PreAuthentication'] as const;

export interface CognitoLocalOptions {
  /** 0 or absent: a free port. */
  port?: number;
  /** cognito-local's working directory; its state goes to `.cognito/` inside. */
  dataDir: string;
  /** Base URL of the Lambda-invoke endpoint the triggers are sent to. */
  lambdaEndpoint: string;
  /** The endpoint's credentials for this run, which cognito-local signs its calls with. */
  lambdaCredentials: InvokeCredentials;
  /** Defaults to the trigger table. */
  triggers?: readonly TriggerDefinition[];
  logFile?: string;
}

export interface RunningCognitoLocal {
  url: string;
  child: ManagedChild;
  stop(): Promise<void>;
}

/** The `.cognito/config.json` cognito-local reads at start. */
export function cognitoLocalConfig(url: string, lambda: { endpoint: string; credentials: InvokeCredentials }, triggers: readonly TriggerDefinition[]) {
  const triggerFunctions = Object.fromEntries(Object.entries(triggersBySource(triggers)).map(([source, t]) => [source, t.name]));
  return {
    LambdaClient: {
      endpoint: lambda.endpoint,
      region: 'local',
      credentials: lambda.credentials,
      maxRetries: 0,
    },
    TriggerFunctions: triggerFunctions,
    TokenConfig: { IssuerDomain: url },
    // No username attributes (cognito-local defaults to email): a pool user keeps the username the service
    // gave it, as in the CDK pools, and the triggers see that name (shared/signin/cognito-account.ts).
    UserPoolDefaults: { UsernameAttributes: [] },
  };
}

/** Writes cognito-local's config, starts it and resolves once `/health` answers. */
export async function startCognitoLocal(options: CognitoLocalOptions): Promise<RunningCognitoLocal> {
  const port = options.port || (await freePort());
  const url = `http://127.0.0.1:${port}`;
  const configDir = path.join(options.dataDir, '.cognito');
  fs.mkdirSync(configDir, { recursive: true });
  // The config holds the run's invoke credentials: readable by this user only.
  fs.writeFileSync(
    path.join(configDir, 'config.json'),
    JSON.stringify(
      cognitoLocalConfig(url, { endpoint: options.lambdaEndpoint, credentials: options.lambdaCredentials }, options.triggers ?? triggerTable),
      null,
      2,
    ),
    { mode: 0o600 },
  );
  fs.chmodSync(path.join(configDir, 'config.json'), 0o600);
  const bin = createRequire(import.meta.url).resolve('cognito-local/lib/bin/start.js');
  const child = manageChild(
    'cognito-local',
    spawn(process.execPath, [bin], {
      cwd: options.dataDir,
      env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', AWS_SDK_JS_SUPPRESS_MAINTENANCE_MODE_MESSAGE: '1' },
      stdio: 'pipe',
    }),
    options.logFile,
  );
  try {
    await waitUntilHealthy(url, child);
  } catch (error) {
    await child.stop();
    throw error;
  }
  return { url, child, stop: () => child.stop() };
}

async function waitUntilHealthy(url: string, child: ManagedChild): Promise<void> {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  let exitCode: number | null | undefined;
  void child.exited.then((code) => (exitCode = code));
  for (;;) {
    if (exitCode !== undefined) throw new Error(`cognito-local exited (code ${exitCode}) before answering on ${url}:\n${child.tail()}`);
    try {
      const response = await fetch(`${url}/health`);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`cognito-local did not answer on ${url} within ${READY_TIMEOUT_MS} ms:\n${child.tail()}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
