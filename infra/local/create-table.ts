/**
 * Creates the single table in DynamoDB Local from `table-definition.ts`, the same
 * description the CDK stack deploys, with the stream the consumers read. On an
 * existing (persisted) table it adds what the definition gained since: missing
 * GSIs and the stream, so a restart after someone adds an index keeps working.
 */
import {
  CreateTableCommand,
  DescribeTableCommand,
  ResourceNotFoundException,
  UpdateTableCommand,
  UpdateTimeToLiveCommand,
  waitUntilTableExists,
  type AttributeDefinition,
  type CreateTableCommandInput,
  type DynamoDBClient,
  type GlobalSecondaryIndex,
  type TableDescription,
} from '@aws-sdk/client-dynamodb';
import { INDEXES, PRIMARY_KEY, projectionOf, TTL_ATTRIBUTE } from '../../shared/storage/table-definition.js';

const STREAM = { StreamEnabled: true, StreamViewType: 'NEW_AND_OLD_IMAGES' } as const;

/** The CreateTable request equivalent to the deployed table. */
export function createTableInput(tableName: string): CreateTableCommandInput {
  return {
    TableName: tableName,
    BillingMode: 'PAY_PER_REQUEST',
    AttributeDefinitions: attributeDefinitions(),
    KeySchema: [
      { AttributeName: PRIMARY_KEY.partitionKey, KeyType: 'HASH' },
      { AttributeName: PRIMARY_KEY.sortKey, KeyType: 'RANGE' },
    ],
    GlobalSecondaryIndexes: globalSecondaryIndexes(),
    StreamSpecification: STREAM,
  };
}

/** Creates the table if absent, brings an existing one up to the definition; returns whether it was created. */
export async function ensureTable(client: DynamoDBClient, tableName: string): Promise<{ created: boolean; streamArn: string }> {
  let description = await describe(client, tableName);
  const created = !description;
  if (!description) {
    await client.send(new CreateTableCommand(createTableInput(tableName)));
    await waitUntilTableExists({ client, maxWaitTime: 30, minDelay: 1 }, { TableName: tableName });
    await enableTtl(client, tableName);
  } else {
    await upgrade(client, description);
  }
  description = await describe(client, tableName);
  if (!description?.LatestStreamArn) throw new Error(`Table ${tableName} has no stream`);
  return { created, streamArn: description.LatestStreamArn };
}

async function upgrade(client: DynamoDBClient, table: TableDescription): Promise<void> {
  const existing = new Set((table.GlobalSecondaryIndexes ?? []).map((index) => index.IndexName));
  for (const index of globalSecondaryIndexes()) {
    if (existing.has(index.IndexName)) continue;
    // DynamoDB accepts one new GSI per UpdateTable call.
    await client.send(
      new UpdateTableCommand({
        TableName: table.TableName,
        AttributeDefinitions: attributeDefinitions(),
        GlobalSecondaryIndexUpdates: [{ Create: index }],
      }),
    );
  }
  if (!table.StreamSpecification?.StreamEnabled) {
    await client.send(new UpdateTableCommand({ TableName: table.TableName, StreamSpecification: STREAM }));
  }
}

async function enableTtl(client: DynamoDBClient, tableName: string): Promise<void> {
  await client.send(new UpdateTimeToLiveCommand({ TableName: tableName, TimeToLiveSpecification: { AttributeName: TTL_ATTRIBUTE, Enabled: true } }));
}

async function describe(client: DynamoDBClient, tableName: string): Promise<TableDescription | undefined> {
  try {
    return (await client.send(new DescribeTableCommand({ TableName: tableName }))).Table;
  } catch (error) {
    if (error instanceof ResourceNotFoundException || (error as Error).name === 'ResourceNotFoundException') return undefined;
    throw error;
  }
}

function attributeDefinitions(): AttributeDefinition[] {
  const names = [PRIMARY_KEY.partitionKey, PRIMARY_KEY.sortKey, ...Object.values(INDEXES).flatMap((i) => [i.partitionKey, i.sortKey])];
  return names.map((AttributeName) => ({ AttributeName, AttributeType: 'S' }));
}

function globalSecondaryIndexes(): GlobalSecondaryIndex[] {
  return Object.values(INDEXES).map((index) => ({
    IndexName: index.name,
    KeySchema: [
      { AttributeName: index.partitionKey, KeyType: 'HASH' },
      { AttributeName: index.sortKey, KeyType: 'RANGE' },
    ],
    Projection: { ProjectionType: projectionOf(index) },
  }));
}
