/**
 * Starts DynamoDB Local in memory on a free port for the whole test run and
 * creates the table from `table-definition.ts`; stops the JVM at the end.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { TestProject } from 'vitest/node';
import { ensureTable } from '../../infra/local/create-table.js';
import { startDynamoDbLocal } from '../../infra/local/dynamodb-local.js';
import { LOCAL_CREDENTIALS, LOCAL_REGION } from '../../infra/local/local-env.js';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { scanTableForSecrets } from './secret-scan.js';
import './provided.js';

export const TEST_TABLE_NAME = 'provisioning-test';

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  // Lambda runs Node 22; the SDK's warning about an older local Node is noise in test output.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
  const dynamodb = await startDynamoDbLocal();
  try {
    const client = new DynamoDBClient({ endpoint: dynamodb.endpoint, region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS });
    const { streamArn } = await ensureTable(client, TEST_TABLE_NAME);
    client.destroy();
    project.provide('dynamodbEndpoint', dynamodb.endpoint);
    project.provide('tableName', TEST_TABLE_NAME);
    project.provide('streamArn', streamArn);
  } catch (error) {
    await dynamodb.stop();
    throw error;
  }
  const ledgerDir = mkdtempSync(join(tmpdir(), 'provisioning-secrets-'));
  const ledgerPath = join(ledgerDir, 'ledger.txt');
  project.provide('secretLedger', ledgerPath);
  return async () => {
    try {
      const scan = await scanTableForSecrets(dynamodb.endpoint, TEST_TABLE_NAME, ledgerPath, {
        onProgress: (items) => console.log(`secret scan: ${items} items read`),
      });
      if (scan.findings.length > 0) {
        const sample = scan.findings.slice(0, 10).map((f) => `${String(f.PK)} / ${String(f.SK)}: ${f.what}`);
        // vitest reports a throwing teardown but still exits 0; the exit code must say it.
        process.exitCode = 1;
        console.error(`secret scan FAILED: secrets stored in plaintext (${scan.findings.length} findings):\n${sample.join('\n')}`);
        return;
      }
      console.log(`secret scan: ${scan.itemsScanned} items, no token or recorded secret in plaintext`);
    } finally {
      rmSync(ledgerDir, { recursive: true, force: true });
      await dynamodb.stop();
    }
  };
}
