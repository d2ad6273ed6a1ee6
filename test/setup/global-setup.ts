/**
 * The connected tier's global setup: one DynamoDB Local (in memory, on a free
 * port) per test worker, each with the table from `table-definition.ts`, so
 * files running side by side never queue behind each other's requests (one
 * DynamoDB Local answers one request at a time). At the end, the secret scan
 * reads every item each instance holds, then the JVMs stop.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { TestProject } from 'vitest/node';
import { ensureTable } from '../../infra/local/create-table.js';
import { startDynamoDbLocal, type RunningDynamoDbLocal } from '../../infra/local/dynamodb-local.js';
import { LOCAL_CREDENTIALS, LOCAL_REGION } from '../../infra/local/local-env.js';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { scanTableForSecrets, type SecretScanResult } from './secret-scan.js';
import { TEST_JVM_OPTIONS } from './test-jvm.js';
import './provided.js';

export const TEST_TABLE_NAME = 'provisioning-test';

interface TestDatabases {
  tables: Array<{ endpoint: string; tableName: string; streamArn: string }>;
  ledgerPath: string;
  /** Scans every table for secrets, then stops the JVMs. */
  finish(): Promise<void>;
}

/**
 * The connected tier is two vitest projects (shared module cache, own process:
 * vitest.config.ts), each running this setup; they share one set of instances,
 * started by the first and scanned and stopped by the last to tear down.
 */
const SHARED = Symbol.for('provisioning.testDatabases');
type SharedHolder = Record<symbol, { started: Promise<TestDatabases>; users: number } | undefined>;

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const holder = globalThis as unknown as SharedHolder;
  const shared = (holder[SHARED] ??= { started: startTestDatabases(Math.max(1, project.vitest.config.maxWorkers)), users: 0 });
  shared.users++;
  const databases = await shared.started;
  project.provide('dynamodb', databases.tables);
  project.provide('secretLedger', databases.ledgerPath);
  return async () => {
    if (--shared.users > 0) return;
    holder[SHARED] = undefined;
    await databases.finish();
  };
}

async function startTestDatabases(workers: number): Promise<TestDatabases> {
  // Lambda runs Node 22; the SDK's warning about an older local Node is noise in test output.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
  const instances: RunningDynamoDbLocal[] = [];
  const stopAll = () => Promise.all(instances.map((instance) => instance.stop()));
  let tables: TestDatabases['tables'];
  try {
    // One after another: JVMs starting together compete for the same cores, and on a busy machine
    // each then takes longer than the start-up limit, where one at a time does not.
    for (let worker = 0; worker < workers; worker++) instances.push(await startDynamoDbLocal({ jvmOptions: TEST_JVM_OPTIONS }));
    tables = await Promise.all(instances.map(createTestTable));
  } catch (error) {
    await stopAll();
    throw error;
  }
  const ledgerDir = mkdtempSync(join(tmpdir(), 'provisioning-secrets-'));
  const ledgerPath = join(ledgerDir, 'ledger.txt');
  const finish = async () => {
    try {
      await scanForSecrets(instances, ledgerPath);
    } finally {
      rmSync(ledgerDir, { recursive: true, force: true });
      await stopAll();
    }
  };
  return { tables, ledgerPath, finish };
}

async function scanForSecrets(instances: readonly RunningDynamoDbLocal[], ledgerPath: string): Promise<void> {
  const started = Date.now();
  console.log(`secret scan: reading every item of ${instances.length} test tables…`);
  // Aggregated over the tables, printed at most every few seconds, so a slow scan is never silent.
  const read = instances.map(() => 0);
  let printed = started;
  const progress = (worker: number, items: number) => {
    read[worker] = items;
    if (Date.now() - printed < PROGRESS_INTERVAL_MS) return;
    printed = Date.now();
    console.log(`secret scan: ${sum(read)} items read (${seconds(started)} s)`);
  };
  const scans = await Promise.all(
    instances.map((instance, worker) =>
      scanTableForSecrets(instance.endpoint, TEST_TABLE_NAME, ledgerPath, {
        progressEvery: 1000,
        onProgress: (items) => progress(worker, items),
      }),
    ),
  );
  const findings = scans.flatMap((scan: SecretScanResult) => scan.findings);
  const items = sum(scans.map((scan) => scan.itemsScanned));
  if (findings.length > 0) {
    const sample = findings.slice(0, 10).map((f) => `${String(f.PK)} / ${String(f.SK)}: ${f.what}`);
    // vitest reports a throwing teardown but still exits 0; the exit code must say it.
    process.exitCode = 1;
    console.error(`secret scan FAILED: secrets stored in plaintext (${findings.length} findings):\n${sample.join('\n')}`);
    return;
  }
  console.log(`secret scan: ${items} items in ${instances.length} tables, no token or recorded secret in plaintext (${seconds(started)} s)`);
}

const PROGRESS_INTERVAL_MS = 5000;
const sum = (counts: readonly number[]) => counts.reduce((total, count) => total + count, 0);
const seconds = (since: number) => ((Date.now() - since) / 1000).toFixed(0);

async function createTestTable(instance: RunningDynamoDbLocal): Promise<{ endpoint: string; tableName: string; streamArn: string }> {
  const client = new DynamoDBClient({ endpoint: instance.endpoint, region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS });
  try {
    const { streamArn } = await ensureTable(client, TEST_TABLE_NAME);
    return { endpoint: instance.endpoint, tableName: TEST_TABLE_NAME, streamArn };
  } finally {
    client.destroy();
  }
}
