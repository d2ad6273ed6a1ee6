/**
 * `npm start`: the whole service on this machine, no AWS account needed.
 * DynamoDB Local (with the table and its stream), the SES emulator, cognito-local
 * (one pool per demo tenant, triggers sent to the local Lambda-invoke endpoint),
 * the stream poller feeding the consumers, the HTTP gateway serving the route
 * table, and the admin console (built when its sources changed, served with the
 * API proxied on its origin). State persists under `.local/` (or `LOCAL_DIR`)
 * unless `--in-memory` is given. Ctrl-C stops every child process before exiting.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { Table } from '../../shared/storage/table.js';
import { triggers } from '../../shared/triggers/trigger-table.js';
import { ensureUserPools } from './cognito-pools.js';
import { CONSOLE_DIST, ensureConsoleBuilt } from './console-build.js';
import { startConsoleServer } from './console-server.js';
import { cognitoEndpoint } from '../../shared/signin/sign-in-options.js';
import { startCognitoLocal, TRIGGERS_COGNITO_LOCAL_IGNORES } from './cognito-local.js';
import { ensureTable } from './create-table.js';
import { DEMO_TENANTS } from './demo-tenants.js';
import { startDynamoDbLocal } from './dynamodb-local.js';
import { connectDemoTenants, demoOidcClients, startDemoOidcProvider } from './demo-oidc-provider.js';
import { startGateway } from './gateway.js';
import { startLambdaInvokeEndpoint } from './lambda-invoke-endpoint.js';
import { applyLocalEnv, LOCAL_CREDENTIALS, LOCAL_REGION, LOCAL_TABLE_NAME, loadOrCreateSigningKey } from './local-env.js';
import { LOCAL_DIR, localPaths } from './paths.js';
import { assertPortsFree, localPorts } from './ports.js';
import { seedDemoTenants } from './seed-demo.js';
import { startSesEmulator } from './ses-emulator.js';
import { stackFile, writeStackFile } from './stack-file.js';
import { startLocalEventBus } from './event-bus.js';
import { startStreamPoller } from './stream-poller.js';
import { startWebhookWorkers } from './webhook-workers.js';

type Stop = () => Promise<unknown>;

const started = performance.now();
const inMemory = process.argv.includes('--in-memory');
const stops: Array<{ name: string; stop: Stop }> = [];
let shuttingDown = false;

const log = (message: string) => console.log(`[local] ${message}`);

async function main(): Promise<void> {
  const ports = localPorts();
  await assertPortsFree(ports);
  fs.mkdirSync(localPaths.logs, { recursive: true });
  const url = (port: number) => `http://127.0.0.1:${port}`;
  const apiUrl = url(ports.gateway);
  const consoleUrl = url(ports.console);
  // First, alone: vite sets NODE_ENV while it builds (console-build.ts). Skipped when the build is fresh.
  const build = await timed(() => ensureConsoleBuilt());
  log(
    build.outcome === 'built'
      ? `console built in ${(build.ms / 1000).toFixed(1)} s`
      : build.outcome === 'up-to-date'
        ? 'console build is up to date'
        : 'no console sources (console/vite.config.ts): the console server answers 404',
  );

  // Webhook deliveries run as Lambda `Event` invocations here too; due retries are swept every 5 s.
  const webhookWorkers = await startWebhookWorkers({
    sweepIntervalMs: 5_000,
    onInvoke: (e) => {
      if (e.outcome === 'error') log(`webhook worker failed: ${(e.error as Error)?.message ?? e.error}`);
    },
  });
  stops.push({ name: 'webhook workers', stop: webhookWorkers.stop });

  // No EventBridge locally: a PutEvents endpoint on loopback records what the events consumer puts.
  const eventBus = await startLocalEventBus();
  stops.push({ name: 'event bus', stop: eventBus.close });

  applyLocalEnv({
    tableName: LOCAL_TABLE_NAME,
    signingKey: loadOrCreateSigningKey(localPaths.signingKey),
    publicApiUrl: apiUrl,
    endpoints: {
      dynamodb: url(ports.dynamodb),
      ses: url(ports.ses),
      cognito: url(ports.cognito),
      lambda: webhookWorkers.endpoint.url,
      eventBridge: eventBus.url,
    },
    logLevel: (process.env.LOG_LEVEL as 'INFO' | undefined) ?? 'INFO',
  });

  const cognitoDir = inMemory ? fs.mkdtempSync(path.join(os.tmpdir(), 'cognito-local-')) : localPaths.cognito;
  if (inMemory) stops.push({ name: 'cognito temp dir', stop: async () => fs.rmSync(cognitoDir, { recursive: true, force: true }) });

  const lambda = await startLambdaInvokeEndpoint({
    port: ports.lambda,
    onInvoke: (e) => {
      if (e.outcome === 'error') log(`trigger ${e.functionName} failed: ${(e.error as Error)?.message ?? e.error}`);
    },
  });
  stops.push({ name: 'lambda endpoint', stop: lambda.close });
  for (const ignored of TRIGGERS_COGNITO_LOCAL_IGNORES) {
    const trigger = triggers.find((t: { cognitoTrigger: string }) => t.cognitoTrigger === ignored) as { name: string } | undefined;
    if (trigger) log(`note: cognito-local never calls ${ignored} triggers, so ${trigger.name} does not run locally`);
  }

  const [dynamodb, ses, cognito] = await Promise.all([
    startDynamoDbLocal({
      port: ports.dynamodb,
      dbPath: inMemory ? undefined : localPaths.dynamodb,
      logFile: path.join(localPaths.logs, 'dynamodb-local.log'),
    }).then((s) => (stops.push({ name: 'DynamoDB Local', stop: s.stop }), s)),
    startSesEmulator({ port: ports.ses }).then((s) => (stops.push({ name: 'SES emulator', stop: s.close }), s)),
    startCognitoLocal({
      port: ports.cognito,
      dataDir: cognitoDir,
      lambdaEndpoint: lambda.url,
      lambdaCredentials: lambda.credentials,
      logFile: path.join(localPaths.logs, 'cognito-local.log'),
    }).then((s) => (stops.push({ name: 'cognito-local', stop: s.stop }), s)),
  ]);

  const client = new DynamoDBClient({ endpoint: dynamodb.endpoint, region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS });
  const { created, streamArn } = await ensureTable(client, LOCAL_TABLE_NAME);
  client.destroy();
  log(`table ${LOCAL_TABLE_NAME} ${created ? 'created' : 'reused'}${inMemory ? ' (in memory)' : ''}`);

  const pools = await ensureUserPools(
    cognito.url,
    DEMO_TENANTS.map((t) => t.id),
    inMemory ? undefined : localPaths.cognitoPools,
  );
  const seeded = await seedDemoTenants(new Table(LOCAL_TABLE_NAME), DEMO_TENANTS, pools, inMemory ? undefined : localPaths.demoSecrets);

  // --- Sign-in: a real OIDC provider as the demo tenants' IdP (demo-oidc-provider.ts).
  const demoIds = DEMO_TENANTS.map((t) => t.id);
  const oidc = await startDemoOidcProvider({ port: ports.oidc, clients: demoOidcClients(demoIds, apiUrl) });
  stops.push({ name: 'demo OIDC provider', stop: oidc.close });
  // A completed SSO sign-in lands in the console (the callback's 303 carries the session in the fragment).
  await connectDemoTenants(new Table(LOCAL_TABLE_NAME), demoIds, oidc.issuer, consoleUrl);
  // --- end sign-in

  const poller = startStreamPoller({
    endpoint: dynamodb.endpoint,
    streamArn,
    checkpointFile: inMemory ? undefined : localPaths.streamCheckpoints,
    onBatch: (e) => {
      if (e.outcome !== 'ok' && !shuttingDown) {
        log(
          `stream consumer ${e.consumer} ${e.outcome} on ${e.records} record(s), attempt ${e.attempt}: ${(e.error as Error)?.message ?? 'partial batch failure'}`,
        );
      }
    },
  });
  stops.push({ name: 'stream poller', stop: poller.stop });

  const gateway = await startGateway({
    port: ports.gateway,
    onResponse: (e) => log(`${e.method} ${e.path} → ${e.status} (${e.durationMs.toFixed(0)} ms)`),
  });
  stops.push({ name: 'gateway', stop: gateway.close });

  const consoleServer = await startConsoleServer({
    port: ports.console,
    distDir: CONSOLE_DIST,
    gatewayUrl: gateway.url,
    cognitoEndpoint: cognitoEndpoint(),
    // The sign-in page opens on the tenant listed first everywhere (README, stack.json, the banner below).
    config: { apiUrl: '', defaultTenantId: seeded[0]!.id },
  });
  stops.push({ name: 'console server', stop: consoleServer.close });

  writeStackFile(localPaths.stack, stackFile({ apiUrl: gateway.url, mailUrl: ses.url, cognitoUrl: cognito.url, consoleUrl: consoleServer.url }, seeded));
  const relativeStack = shown(localPaths.stack);
  console.log(
    [
      '',
      `  Console   ${consoleServer.url}   (sign in as ${seeded.map((t) => t.adminEmail).join(' or ')}: passwords in ${relativeStack})`,
      `  API       ${gateway.url}   (SCIM: ${gateway.url}/scim/v2/{tenantId})`,
      `  Mail      ${ses.url}   (viewer; JSON at ${ses.url}/store)`,
      `  Cognito   ${cognito.url}`,
      `  SSO       ${gateway.url}/auth/{tenantId}/login   (demo IdP ${oidc.issuer}: ${oidc.people.map((p) => p.email).join(', ')})`,
      `  DynamoDB  ${dynamodb.endpoint}   (table ${LOCAL_TABLE_NAME}${inMemory ? ', in memory' : `, data in ${shown(LOCAL_DIR)}/`})`,
      `  Tenants   ${seeded.map((t) => `${t.id} (${t.mode})`).join(', ')}`,
      `  Tokens    ${relativeStack} (demo admin PATs, passwords and SCIM token, plaintext, local only)`,
      '',
    ].join('\n'),
  );
  log(`ready in ${((performance.now() - started) / 1000).toFixed(1)} s; Ctrl-C to stop`);
}

/** A path relative to the working directory when it is below it, else absolute (a LOCAL_DIR elsewhere). */
function shown(file: string): string {
  const relative = path.relative(process.cwd(), file);
  return relative.startsWith('..') ? file : relative;
}

async function timed<T>(run: () => Promise<T>): Promise<{ outcome: T; ms: number }> {
  const begun = performance.now();
  const outcome = await run();
  return { outcome, ms: performance.now() - begun };
}

async function shutdown(exitCode: number): Promise<never> {
  shuttingDown = true;
  for (const { name, stop } of stops.reverse()) {
    try {
      await stop();
    } catch (error) {
      console.error(`[local] stopping ${name} failed:`, error);
    }
  }
  process.exit(exitCode);
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (shuttingDown) {
      // A second Ctrl-C: stop waiting; the exit hook still kills the children.
      process.exit(130);
    }
    log(`${signal}: stopping`);
    void shutdown(0);
  });
}

main().catch(async (error: unknown) => {
  console.error('[local] failed to start:', error instanceof Error ? error.message : error);
  await shutdown(1);
});
