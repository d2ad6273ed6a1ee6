/**
 * The table-stream consumers. The CDK stack gives each entry its own Lambda and
 * DynamoDB event source mapping, filtered by `filter`; the local stack's poller
 * applies the same filter and delivers the same batches to the same handler
 * modules.
 *
 * Plain data, like the route table, so any bundle can include it cheaply.
 */
import { keys } from '../storage/keys.js';
import type { FilterPattern } from './stream-filter.js';

export interface StreamConsumerDefinition {
  /** Stable id; the Lambda's logical name. */
  readonly name: string;
  /** Handler module, relative to the repository root, exporting `handler(event: DynamoDBStreamEvent)`. */
  readonly handler: string;
  /**
   * The records the consumer is invoked for (stream-filter.ts). Every entry of the
   * table below has one, or every table write would invoke every consumer; the
   * handlers still check what they get, so a filter that lets too much through
   * costs invocations, not mistakes. Absent: every record (test fixtures).
   */
  readonly filter?: FilterPattern;
}

/** INSERTs of items whose partition key starts with `prefix`: the new items of one outbox. */
const insertsUnder = (prefix: string): FilterPattern => ({ eventName: ['INSERT'], dynamodb: { Keys: { PK: { S: [{ prefix }] } } } });
/** INSERTs of audit items: every audited change, once. */
const auditInserts: FilterPattern = { eventName: ['INSERT'], dynamodb: { NewImage: { entity: { S: ['audit'] } } } };

/** INSERTs of the audit items the health consumer reads: SCIM creates and refused sign-ins. */
const healthAuditInserts: FilterPattern = {
  eventName: ['INSERT'],
  dynamodb: { NewImage: { entity: { S: ['audit'] }, action: { S: ['user.created', 'team.created', 'sign_in.refused'] } } },
};

export const streamConsumers = [
  // User lifecycle: the mail outbox and the identity-sync outbox
  { name: 'stream.mailer', handler: 'functions/stream/mailer.ts', filter: insertsUnder(keys.outbox('').PK) },
  { name: 'stream.identitySync', handler: 'functions/stream/identity-sync.ts', filter: insertsUnder(keys.identitySync('').PK) },
  // Webhooks: audited changes fanned out to the tenants' endpoints
  { name: 'stream.webhooks', handler: 'functions/stream/webhooks.ts', filter: auditInserts },
  // EventBridge: audited changes as domain events on the service's bus
  { name: 'stream.events', handler: 'functions/stream/events.ts', filter: auditInserts },
  // Provisioning health: SCIM creates counted and refused sign-ins noted from their audit items
  { name: 'stream.health', handler: 'functions/stream/health.ts', filter: healthAuditInserts },
] as const satisfies readonly StreamConsumerDefinition[];
