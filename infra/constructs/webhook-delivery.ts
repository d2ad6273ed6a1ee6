/**
 * The AWS side of webhook delivery (docs/webhooks.md): the KMS key that seals
 * endpoint secrets, the worker that attempts one delivery per asynchronous
 * invocation, and the sweeper that hands due retries to workers every minute.
 *
 * Built before the routes and consumers: it adds the key and the worker to the
 * shared environment and grantable resources, which the functions built after
 * it read. The worker's own environment lacks its name (it never dispatches),
 * which keeps it out of a reference cycle with itself.
 */
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import { Rule, Schedule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import { Key } from 'aws-cdk-lib/aws-kms';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';
import { API_FUNCTION_TIMEOUT_SECONDS, STREAM_CONSUMER_TIMEOUT_SECONDS } from '../function-settings.js';
import type { GrantableResources } from './function-role.js';
import { serviceFunction } from './service-function.js';
import { WEBHOOK_SWEEPER_HANDLER, WEBHOOK_WORKER_HANDLER, WEBHOOK_WORKER_TIMEOUT_SECONDS } from '../webhook-functions.js';

/** How often due retries are handed out: the shortest backoff step (5 s) waits up to this long. */
export const WEBHOOK_SWEEP_EVERY = Duration.minutes(1);

export interface WebhookDeliveryProps {
  /** The shared function environment: gains `WEBHOOK_KMS_KEY_ID` and `WEBHOOK_WORKER_FUNCTION`. */
  environment: Record<string, string>;
  /** Gains the key and worker ARNs for the grants of the functions built afterwards. */
  resources: GrantableResources;
}

export class WebhookDelivery extends Construct {
  readonly key: Key;
  readonly worker: IFunction;
  readonly sweeper: IFunction;

  constructor(scope: Construct, id: string, props: WebhookDeliveryProps) {
    super(scope, id);
    this.key = new Key(this, 'SecretsKey', {
      description: 'Wraps the data keys that encrypt webhook signing secrets',
      enableKeyRotation: true,
      // Deleting it would make every endpoint's secret unreadable: keep it with the table.
      removalPolicy: RemovalPolicy.RETAIN,
    });
    props.environment.WEBHOOK_KMS_KEY_ID = this.key.keyArn;
    props.resources.webhookKeyArn = this.key.keyArn;

    this.worker = serviceFunction(this, 'Worker', {
      name: 'webhooks.deliver',
      handler: WEBHOOK_WORKER_HANDLER,
      description: 'Attempts one webhook delivery',
      timeoutSeconds: WEBHOOK_WORKER_TIMEOUT_SECONDS,
      environment: { ...props.environment },
      resources: props.resources,
    });
    props.environment.WEBHOOK_WORKER_FUNCTION = this.worker.functionName;
    props.resources.webhookWorkerArn = this.worker.functionArn;

    this.sweeper = serviceFunction(this, 'Sweeper', {
      name: 'webhooks.sweeper',
      handler: WEBHOOK_SWEEPER_HANDLER,
      description: 'Hands due webhook retries to workers',
      timeoutSeconds: Math.max(API_FUNCTION_TIMEOUT_SECONDS, STREAM_CONSUMER_TIMEOUT_SECONDS),
      environment: { ...props.environment },
      resources: props.resources,
    });
    new Rule(this, 'SweepSchedule', {
      description: 'Runs the webhook retry sweeper',
      schedule: Schedule.rate(WEBHOOK_SWEEP_EVERY),
      targets: [new LambdaFunction(this.sweeper, { retryAttempts: 0 })],
    });
  }
}
