/**
 * The single table, built from `table-definition.ts` (the same description the
 * local stack and the tests create): on-demand, with the stream the outbox
 * consumers read, point-in-time recovery, TTL, deletion protection and
 * AWS-managed KMS encryption. It is retained if the stack is deleted.
 */
import { RemovalPolicy } from 'aws-cdk-lib';
import { AttributeType, BillingMode, ProjectionType, StreamViewType, Table, TableEncryption } from 'aws-cdk-lib/aws-dynamodb';
import type { Construct } from 'constructs';
import { INDEXES, PRIMARY_KEY, projectionOf, TTL_ATTRIBUTE } from '../../shared/storage/table-definition.js';

/** The table as `table-definition.ts` describes it. */
export function createServiceTable(scope: Construct, id: string): Table {
  const table = new Table(scope, id, {
    partitionKey: { name: PRIMARY_KEY.partitionKey, type: AttributeType.STRING },
    sortKey: { name: PRIMARY_KEY.sortKey, type: AttributeType.STRING },
    billingMode: BillingMode.PAY_PER_REQUEST,
    stream: StreamViewType.NEW_AND_OLD_IMAGES,
    pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
    timeToLiveAttribute: TTL_ATTRIBUTE,
    deletionProtection: true,
    encryption: TableEncryption.AWS_MANAGED,
    removalPolicy: RemovalPolicy.RETAIN,
  });
  for (const index of Object.values(INDEXES)) {
    table.addGlobalSecondaryIndex({
      indexName: index.name,
      partitionKey: { name: index.partitionKey, type: AttributeType.STRING },
      sortKey: { name: index.sortKey, type: AttributeType.STRING },
      projectionType: projectionOf(index) === 'KEYS_ONLY' ? ProjectionType.KEYS_ONLY : ProjectionType.ALL,
    });
  }
  return table;
}
