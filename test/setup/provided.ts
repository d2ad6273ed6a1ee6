/** What the global setup hands every test file (see `inject` in vitest). */
declare module 'vitest' {
  export interface ProvidedContext {
    /** DynamoDB Local's endpoint for this run. */
    dynamodbEndpoint: string;
    /** The table created from `table-definition.ts`, with its stream. */
    tableName: string;
    streamArn: string;
    /** File where tests record plaintext secrets for the after-suite scan. */
    secretLedger: string;
  }
}

export {};
