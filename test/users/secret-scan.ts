/** Scans the whole table for any of the given strings (tokens that must never be stored in plaintext). */
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import type { Table } from '../../shared/storage/table.js';

export async function scanForPlaintext(table: Table, secrets: readonly string[]): Promise<Array<{ PK: unknown; SK: unknown }>> {
  const hits: Array<{ PK: unknown; SK: unknown }> = [];
  let start: Record<string, unknown> | undefined;
  do {
    const page = await table.client.send(new ScanCommand({ TableName: table.name, ExclusiveStartKey: start }));
    for (const item of page.Items ?? []) {
      const text = JSON.stringify(item);
      if (secrets.some((s) => text.includes(s))) hits.push({ PK: item.PK, SK: item.SK });
    }
    start = page.LastEvaluatedKey;
  } while (start);
  return hits;
}
