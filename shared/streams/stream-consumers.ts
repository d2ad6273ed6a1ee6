/**
 * The table-stream consumers. The CDK stack gives each entry its own Lambda and
 * DynamoDB event source mapping; the local stack's poller delivers the same
 * batches to the same handler modules.
 *
 * Plain data, like the route table, so any bundle can include it cheaply.
 */

export interface StreamConsumerDefinition {
  /** Stable id; the Lambda's logical name. */
  readonly name: string;
  /** Handler module, relative to the repository root, exporting `handler(event: DynamoDBStreamEvent)`. */
  readonly handler: string;
}

export const streamConsumers = [
  // User lifecycle: the mail outbox and the identity-sync outbox
  { name: 'stream.mailer', handler: 'functions/stream/mailer.ts' },
  { name: 'stream.identitySync', handler: 'functions/stream/identity-sync.ts' },
  // Webhooks: audited changes fanned out to the tenants' endpoints
  { name: 'stream.webhooks', handler: 'functions/stream/webhooks.ts' },
] as const satisfies readonly StreamConsumerDefinition[];
