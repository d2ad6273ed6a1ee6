/** What the global setup hands every test file (see `inject` in vitest). */
declare module 'vitest' {
  export interface ProvidedContext {
    /**
     * One DynamoDB Local per test worker, in worker order: the endpoint, and the
     * table created from `table-definition.ts` with its stream. A file reads its
     * own worker's through `testDynamoDb()` (test/support/dynamodb.ts).
     */
    dynamodb: Array<{ endpoint: string; tableName: string; streamArn: string }>;
    /** File where tests record plaintext secrets for the after-suite scan. */
    secretLedger: string;
  }
}

export {};
