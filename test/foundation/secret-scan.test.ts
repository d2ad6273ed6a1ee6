/**
 * Connected: the after-suite secret scan (test/setup/secret-scan.ts) finds what it
 * promises on a table of its own, across every parallel segment, and nothing else.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BatchWriteItemCommand, DeleteTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureTable } from '../../infra/local/create-table.js';
import { LOCAL_CREDENTIALS, LOCAL_REGION } from '../../infra/local/local-env.js';
import { scanTableForSecrets } from '../setup/secret-scan.js';
import { testDynamoDb } from '../support/dynamodb.js';

const { endpoint } = testDynamoDb();
const tableName = `secret-scan-${randomUUID().slice(0, 8)}`;
const client = new DynamoDBClient({ endpoint, region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS });
const ledgerDir = mkdtempSync(join(tmpdir(), 'secret-scan-test-'));
const ledgerPath = join(ledgerDir, 'ledger.txt');

const CLEAN_ITEMS = 230;
const TOKEN = `prv_pat_${'A1b2C3d4E5'.repeat(4)}${'Z'.repeat(9)}`;
const PASSWORD = 'Quote"and\\slash-9';

beforeAll(async () => {
  await ensureTable(client, tableName);
  const items = Array.from({ length: CLEAN_ITEMS }, (_, i) => ({
    PK: { S: `T#scan#${i}` },
    SK: { S: 'ITEM' },
    note: { S: `nothing secret here ${i}` },
  }));
  items.push(
    { PK: { S: 'T#scan#token' }, SK: { S: 'ITEM' }, note: { S: `a token left in plain sight: ${TOKEN}` } },
    { PK: { S: 'T#scan#password' }, SK: { S: 'ITEM' }, note: { S: `nested: ${PASSWORD}` } },
  );
  for (let i = 0; i < items.length; i += 25) {
    await client.send(new BatchWriteItemCommand({ RequestItems: { [tableName]: items.slice(i, i + 25).map((Item) => ({ PutRequest: { Item } })) } }));
  }
  writeFileSync(ledgerPath, `${PASSWORD}\nshort\nnever-stored-secret-123\n`);
});

afterAll(async () => {
  await client.send(new DeleteTableCommand({ TableName: tableName }));
  client.destroy();
  rmSync(ledgerDir, { recursive: true, force: true });
});

describe('the after-suite secret scan', () => {
  it('reads every item once and names each item holding a token or a recorded secret, quotes and backslashes included', async () => {
    const result = await scanTableForSecrets(endpoint, tableName, ledgerPath);
    expect(result.itemsScanned).toBe(CLEAN_ITEMS + 2);
    expect(result.findings).toHaveLength(2);
    expect(result.findings).toEqual(
      expect.arrayContaining([
        { PK: 'T#scan#token', SK: 'ITEM', what: 'a token (prv_pat_A1b2...)' },
        { PK: 'T#scan#password', SK: 'ITEM', what: 'a recorded secret (Quot...)' },
      ]),
    );
  });

  it('reports progress while it reads', async () => {
    const seen: number[] = [];
    const result = await scanTableForSecrets(endpoint, tableName, ledgerPath, { progressEvery: 100, onProgress: (n) => seen.push(n) });
    expect(seen).toEqual([100, 200]);
    expect(result.itemsScanned).toBe(CLEAN_ITEMS + 2);
  });

  it('still finds token-shaped strings when the ledger is missing', async () => {
    const result = await scanTableForSecrets(endpoint, tableName, join(ledgerDir, 'absent.txt'));
    expect(result.findings.map((f) => f.what)).toEqual(['a token (prv_pat_A1b2...)']);
  });
});
