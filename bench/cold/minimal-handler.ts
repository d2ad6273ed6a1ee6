/**
 * The cold-start floor: a handler that imports only the DynamoDB client and
 * answers with one GetItem, bundled with the same recipe as every function.
 * Nothing a real function could do with less.
 */
import { DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb';

const client = new DynamoDBClient({});

export const handler = async (event: { pathParameters?: { tenantId?: string } }) => {
  const out = await client.send(
    new GetItemCommand({
      TableName: process.env.TABLE_NAME,
      Key: { PK: { S: `T#${event.pathParameters?.tenantId ?? 'none'}` }, SK: { S: 'TENANT' } },
    }),
  );
  return { statusCode: out.Item ? 200 : 404, body: '' };
};
