/**
 * The after-suite proof that secrets are stored only as hashes: one scan of every
 * item the whole run wrote, looking for anything shaped like one of our tokens
 * (their prefix and checksum make them recognisable) and for every secret the
 * tests recorded in the ledger (passwords, tokens). Run once at global teardown,
 * because a per-file scan of the shared table grows with the suite.
 */
import { readFileSync, existsSync } from 'node:fs';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { LOCAL_CREDENTIALS, LOCAL_REGION } from '../../infra/local/local-env.js';

const TOKEN_SHAPE = /prv_(?:pat|scim|inv|rst)_[0-9A-Za-z]{49}/;

export interface SecretScanResult {
  itemsScanned: number;
  findings: Array<{ PK: unknown; SK: unknown; what: string }>;
}

export async function scanTableForSecrets(endpoint: string, tableName: string, ledgerPath: string): Promise<SecretScanResult> {
  const recorded = existsSync(ledgerPath)
    ? [...new Set(readFileSync(ledgerPath, 'utf8').split('\n').filter((s) => s.length >= 8))]
    : [];
  const client = DynamoDBDocumentClient.from(new DynamoDBClient({ endpoint, region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS }));
  const result: SecretScanResult = { itemsScanned: 0, findings: [] };
  let start: Record<string, unknown> | undefined;
  try {
    do {
      const page = await client.send(new ScanCommand({ TableName: tableName, ExclusiveStartKey: start }));
      for (const item of page.Items ?? []) {
        result.itemsScanned++;
        const text = JSON.stringify(item);
        const shaped = TOKEN_SHAPE.exec(text);
        if (shaped) result.findings.push({ PK: item.PK, SK: item.SK, what: `a token (${shaped[0].slice(0, 12)}...)` });
        const secret = recorded.find((s) => text.includes(s));
        if (secret) result.findings.push({ PK: item.PK, SK: item.SK, what: `a recorded secret (${secret.slice(0, 4)}...)` });
      }
      start = page.LastEvaluatedKey;
    } while (start);
  } finally {
    client.destroy();
  }
  return result;
}
