/**
 * One function per entry of the stream-consumer table, each reading the table's
 * stream through its own event source: its entry's filter (so a write invokes
 * only the consumers it concerns), partial batch failures, bisection on error,
 * and a batch still failing after `STREAM_RETRY_ATTEMPTS` sent to one shared
 * dead-letter queue, whose URL is a stack output.
 *
 * Built in the stack's own scope so the functions and the queue keep their
 * logical ids (function-context.ts says why).
 */
import { CfnOutput, Duration, type Stack } from 'aws-cdk-lib';
import type { Table } from 'aws-cdk-lib/aws-dynamodb';
import { FilterCriteria, StartingPosition, type IFunction } from 'aws-cdk-lib/aws-lambda';
import { DynamoEventSource, SqsDlq } from 'aws-cdk-lib/aws-lambda-event-sources';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import type { StreamConsumerDefinition } from '../../shared/streams/stream-consumers.js';
import type { FunctionPermissions } from '../function-permissions.js';
import { STREAM_BATCH_SIZE, STREAM_CONSUMER_TIMEOUT_SECONDS } from '../function-settings.js';
import { pascal } from './construct-ids.js';
import type { FunctionContext } from './function-context.js';
import { acknowledgeDeadLetterQueue } from './nag-acknowledgements.js';
import { serviceFunction } from './service-function.js';

/** A batch still failing after this many retries (each split by bisection) goes to the DLQ. */
export const STREAM_RETRY_ATTEMPTS = 10;

export interface StreamConsumersProps {
  consumers: readonly StreamConsumerDefinition[];
  table: Table;
  functions: FunctionContext;
  /** Permissions of consumers not in function-permissions.ts (fixture tables in tests). */
  extraPermissions?: Readonly<Record<string, FunctionPermissions>>;
}

export class StreamConsumers {
  /** Consumer name → function. */
  readonly functions = new Map<string, IFunction>();
  /** Absent when the table has no consumer. */
  readonly deadLetters?: Queue;

  constructor(stack: Stack, props: StreamConsumersProps) {
    if (props.consumers.length === 0) return;
    const deadLetters = new Queue(stack, 'StreamDeadLetters', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    acknowledgeDeadLetterQueue(deadLetters);
    for (const consumer of props.consumers) {
      const fn = serviceFunction(stack, `Consumer${pascal(consumer.name)}`, {
        name: consumer.name,
        handler: consumer.handler,
        description: `Table stream consumer ${consumer.name}`,
        timeoutSeconds: STREAM_CONSUMER_TIMEOUT_SECONDS,
        environment: props.functions.environment,
        resources: props.functions.resources,
        permissions: props.extraPermissions?.[consumer.name],
      });
      fn.addEventSource(
        new DynamoEventSource(props.table, {
          startingPosition: StartingPosition.TRIM_HORIZON,
          batchSize: STREAM_BATCH_SIZE,
          retryAttempts: STREAM_RETRY_ATTEMPTS,
          bisectBatchOnError: true,
          reportBatchItemFailures: true,
          onFailure: new SqsDlq(deadLetters),
          filters: consumer.filter ? [FilterCriteria.filter(consumer.filter)] : undefined,
        }),
      );
      this.functions.set(consumer.name, fn);
    }
    new CfnOutput(stack, 'StreamDeadLetterQueueUrl', { value: deadLetters.queueUrl });
    this.deadLetters = deadLetters;
  }
}
