/**
 * The after-suite proof that secrets are stored only as hashes: one scan of every
 * item the whole run wrote, looking for anything shaped like one of our tokens
 * (their prefix and checksum make them recognisable) and for every secret the
 * tests recorded in the ledger (passwords, tokens). Run once at global teardown,
 * because a per-file scan of the shared table grows with the suite.
 *
 * A full run leaves well over 100,000 items and records thousands of secrets,
 * so the scan reads the table in parallel segments, finds every recorded secret
 * in one pass over each item (./secret-matcher.ts), and reports progress while
 * it reads.
 */
import { readFileSync, existsSync } from 'node:fs';
import { DynamoDBClient, ScanCommand, type AttributeValue } from '@aws-sdk/client-dynamodb';
import { LOCAL_CREDENTIALS, LOCAL_REGION } from '../../infra/local/local-env.js';
import { secretMatcher } from './secret-matcher.js';

const TOKEN_SHAPE = /prv_(?:pat|scim|inv|rst)_[0-9A-Za-z]{49}/;
/** DynamoDB Local answers segments from separate threads; more than this only queues on two cores. */
const SEGMENTS = 4;
const PROGRESS_EVERY_ITEMS = 25_000;

export interface SecretScanResult {
  itemsScanned: number;
  findings: Array<{ PK: unknown; SK: unknown; what: string }>;
}

export interface SecretScanOptions {
  /** Called with the count so far every `progressEvery` items (25,000 unless set); the teardown prints it. */
  onProgress?: (itemsScanned: number) => void;
  progressEvery?: number;
}

export async function scanTableForSecrets(endpoint: string, tableName: string, ledgerPath: string, options: SecretScanOptions = {}): Promise<SecretScanResult> {
  const recorded = existsSync(ledgerPath)
    ? [
        ...new Set(
          readFileSync(ledgerPath, 'utf8')
            .split('\n')
            .filter((s) => s.length >= 8),
        ),
      ]
    : [];
  const recordedSecrets = secretMatcher(recorded.map(asJsonText));
  const client = new DynamoDBClient({ endpoint, region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS });
  const result: SecretScanResult = { itemsScanned: 0, findings: [] };
  const progressEvery = options.progressEvery ?? PROGRESS_EVERY_ITEMS;
  let nextProgress = progressEvery;

  const inspect = (item: Record<string, AttributeValue>): void => {
    result.itemsScanned++;
    if (result.itemsScanned >= nextProgress) {
      options.onProgress?.(result.itemsScanned);
      nextProgress += progressEvery;
    }
    // The raw attribute-value JSON holds every string of the item, nested ones included.
    const text = JSON.stringify(item);
    const shaped = TOKEN_SHAPE.exec(text);
    if (shaped) result.findings.push({ PK: keyOf(item.PK), SK: keyOf(item.SK), what: `a token (${shaped[0].slice(0, 12)}...)` });
    const secret = recordedSecrets?.find(text);
    if (secret) result.findings.push({ PK: keyOf(item.PK), SK: keyOf(item.SK), what: `a recorded secret (${secret.slice(0, 4)}...)` });
  };

  const scanSegment = async (segment: number): Promise<void> => {
    let start: Record<string, AttributeValue> | undefined;
    do {
      const page = await client.send(new ScanCommand({ TableName: tableName, ExclusiveStartKey: start, Segment: segment, TotalSegments: SEGMENTS }));
      for (const item of page.Items ?? []) inspect(item);
      start = page.LastEvaluatedKey;
    } while (start);
  };

  try {
    await Promise.all(Array.from({ length: SEGMENTS }, (_, segment) => scanSegment(segment)));
  } finally {
    client.destroy();
  }
  return result;
}

function keyOf(value: AttributeValue | undefined): unknown {
  return value?.S ?? value;
}

/** How a string stands inside JSON text, so a secret with a quote or backslash is still found. */
function asJsonText(text: string): string {
  return JSON.stringify(text).slice(1, -1);
}
