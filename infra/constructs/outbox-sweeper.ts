/**
 * The safety net under the stream: a function on a schedule that delivers the
 * outbox items of every kind the stream consumers could not (shared/outbox/sweeper.ts
 * handles pending items once they fall due).
 *
 * Built in the stack's own scope so the function and its rule keep their
 * logical ids (function-context.ts says why).
 */
import { Duration, type Stack } from 'aws-cdk-lib';
import { Rule, Schedule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { STREAM_CONSUMER_TIMEOUT_SECONDS } from '../function-settings.js';
import type { FunctionContext } from './function-context.js';
import { serviceFunction } from './service-function.js';

/** The sweeper's handler. */
export const SWEEPER_HANDLER = 'functions/stream/outbox-sweeper.ts';
/** How often it runs. */
export const SWEEP_EVERY = Duration.minutes(5);

export class OutboxSweeper {
  readonly function: IFunction;

  constructor(stack: Stack, functions: FunctionContext) {
    this.function = serviceFunction(stack, 'OutboxSweeper', {
      name: 'outbox.sweeper',
      handler: SWEEPER_HANDLER,
      description: 'Delivers outbox items the stream could not',
      timeoutSeconds: STREAM_CONSUMER_TIMEOUT_SECONDS,
      environment: functions.environment,
      resources: functions.resources,
    });
    new Rule(stack, 'OutboxSweepSchedule', {
      description: 'Runs the outbox sweeper',
      schedule: Schedule.rate(SWEEP_EVERY),
      targets: [new LambdaFunction(this.function, { retryAttempts: 0 })],
    });
  }
}
