/**
 * One DynamoDB document client per process. The endpoint comes from the SDK's own
 * `AWS_ENDPOINT_URL_DYNAMODB`, so the same code talks to DynamoDB in AWS and to
 * DynamoDB Local without a branch. Retries are the SDK's (standard mode, with
 * jittered backoff); what still fails after them becomes a 429 or 503.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

let documentClient: DynamoDBDocumentClient | undefined;

export function dynamoDocumentClient(): DynamoDBDocumentClient {
  if (!documentClient) {
    const base = new DynamoDBClient({ maxAttempts: 4 });
    documentClient = DynamoDBDocumentClient.from(base, {
      marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: false },
      unmarshallOptions: { wrapNumbers: false },
    });
  }
  return documentClient;
}

/** Replace the client (fault-injection tests add middleware to a client of their own). */
export function setDynamoDocumentClientForTests(client: DynamoDBDocumentClient | undefined): void {
  documentClient = client;
}
