/**
 * Alarms and a dashboard for the whole service. Alarms notify one SNS topic
 * (subscribe an address with the `alarmEmail` prop or after deploy):
 * - API 5xx rate above 1 % of requests (with enough traffic to mean something),
 * - throttling: Lambda throttles and table throttle events,
 * - anything in the stream DLQ, and a stream consumer falling behind,
 * - any Cognito trigger error (each one is a failed sign-in),
 * - the outbox sweeper failing.
 * The dashboard adds the per-route and per-tenant EMF metrics of shared/observability/metrics.ts.
 */
import { Duration, Stack } from 'aws-cdk-lib';
import type { HttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import {
  Alarm,
  ComparisonOperator,
  Dashboard,
  GraphWidget,
  MathExpression,
  Metric,
  TextWidget,
  TreatMissingData,
  type IMetric,
} from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import type { Table } from 'aws-cdk-lib/aws-dynamodb';
import { Alias } from 'aws-cdk-lib/aws-kms';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { METRICS_NAMESPACE, REQUEST_METRICS, SERVICE_NAME } from '../../shared/observability/metrics.js';

/** 5xx share of requests (percent) above which the API alarms. */
export const SERVER_ERROR_RATE_PERCENT = 1;
/** Fewer requests than this in a period never alarm on rate: one 5xx in three requests is noise. */
export const SERVER_ERROR_MIN_REQUESTS = 20;
/** A stream consumer this far behind (ms) delays mail and Cognito changes visibly. */
export const ITERATOR_AGE_ALARM_MS = 5 * 60_000;

export interface ObservabilityProps {
  api: HttpApi;
  table: Table;
  triggerFunctions: readonly IFunction[];
  consumerFunctions: readonly IFunction[];
  sweeper?: IFunction;
  deadLetters?: IQueue;
  alarmEmail?: string;
}

const PERIOD = Duration.minutes(5);
/** CloudWatch metric math takes at most 10 metrics per alarm; the tables stay well below. */
const sum = (metrics: readonly IMetric[], label: string): MathExpression =>
  new MathExpression({
    expression: metrics.map((_, i) => `m${i}`).join(' + ') || '0',
    usingMetrics: Object.fromEntries(metrics.map((m, i) => [`m${i}`, m])),
    label,
    period: PERIOD,
  });

export class Observability extends Construct {
  readonly topic: Topic;
  readonly alarms: Alarm[] = [];
  readonly dashboard: Dashboard;

  constructor(scope: Construct, id: string, props: ObservabilityProps) {
    super(scope, id);
    this.topic = new Topic(this, 'AlarmTopic', {
      displayName: 'Provisioning service alarms',
      enforceSSL: true,
      masterKey: Alias.fromAliasName(this, 'SnsKey', 'alias/aws/sns'),
    });
    if (props.alarmEmail) this.topic.addSubscription(new EmailSubscription(props.alarmEmail));

    const requests = props.api.metricCount({ period: PERIOD, statistic: 'Sum' });
    const serverErrors = props.api.metricServerError({ period: PERIOD, statistic: 'Sum' });
    const errorRate = new MathExpression({
      expression: `IF(requests >= ${SERVER_ERROR_MIN_REQUESTS}, 100 * errors / requests, 0)`,
      usingMetrics: { requests, errors: serverErrors },
      label: 'API 5xx (% of requests)',
      period: PERIOD,
    });
    this.alarm('Api5xxRate', errorRate, SERVER_ERROR_RATE_PERCENT, 'More than 1 % of API requests answered 5xx; every 5xx is a bug or an outage');

    // Account-wide: the stack is meant to own its account (docs/deploy.md), and Lambda throttles per account.
    const lambdaThrottles = new Metric({ namespace: 'AWS/Lambda', metricName: 'Throttles', statistic: 'Sum', period: PERIOD });
    this.alarm('LambdaThrottles', lambdaThrottles, 0, 'Lambda refused invocations: concurrency limit reached');
    const tableThrottles = sum(
      [
        props.table.metric('ReadThrottleEvents', { statistic: 'Sum', period: PERIOD }),
        props.table.metric('WriteThrottleEvents', { statistic: 'Sum', period: PERIOD }),
      ],
      'Table throttle events',
    );
    this.alarm('TableThrottles', tableThrottles, 0, 'DynamoDB throttled the table (a hot partition or an account limit)');

    if (props.deadLetters) {
      const depth = props.deadLetters.metricApproximateNumberOfMessagesVisible({ statistic: 'Maximum', period: PERIOD });
      this.alarm(
        'DeadLetters',
        depth,
        0,
        'Stream records failed every retry: the outbox sweeper retries outbox items; domain events for the bus need a redrive, inspect the DLQ',
      );
    }
    if (props.consumerFunctions.length > 0) {
      const age = new MathExpression({
        expression: `MAX([${props.consumerFunctions.map((_, i) => `a${i}`).join(', ')}])`,
        usingMetrics: Object.fromEntries(props.consumerFunctions.map((fn, i) => [`a${i}`, fn.metric('IteratorAge', { statistic: 'Maximum', period: PERIOD })])),
        label: 'Oldest unprocessed stream record (ms)',
        period: PERIOD,
      });
      this.alarm('StreamIteratorAge', age, ITERATOR_AGE_ALARM_MS, 'A stream consumer is more than 5 minutes behind');
    }
    if (props.triggerFunctions.length > 0) {
      const triggerErrors = sum(
        props.triggerFunctions.map((fn) => fn.metricErrors({ period: PERIOD })),
        'Cognito trigger errors',
      );
      this.alarm('TriggerErrors', triggerErrors, 0, 'A Cognito trigger failed: somebody could not sign in');
    }
    if (props.sweeper) {
      this.alarm(
        'OutboxSweeperErrors',
        props.sweeper.metricErrors({ period: PERIOD }),
        0,
        'The outbox sweeper failed; undelivered mail and Cognito changes wait',
      );
    }

    this.dashboard = new Dashboard(this, 'Dashboard', { dashboardName: `${Stack.of(this).stackName}-service` });
    const emf = (metric: string, dimension: 'route' | 'tenant', label: string) =>
      new MathExpression({
        expression: `SEARCH('{${METRICS_NAMESPACE},${dimension},service} MetricName="${metric}" service="${SERVICE_NAME}"', 'Sum', 300)`,
        label,
        period: PERIOD,
      });
    this.dashboard.addWidgets(
      new TextWidget({
        markdown: "# Provisioning service\nAPI, per-route and per-tenant traffic, background work. Alarms notify the stack's alarm topic.",
        width: 24,
        height: 2,
      }),
      new GraphWidget({
        title: 'API requests and errors',
        left: [requests, props.api.metricClientError({ period: PERIOD }), serverErrors],
        right: [errorRate],
        width: 12,
      }),
      new GraphWidget({
        title: 'API latency (p50, p99)',
        left: [props.api.metricLatency({ period: PERIOD, statistic: 'p50' }), props.api.metricLatency({ period: PERIOD, statistic: 'p99' })],
        width: 12,
      }),
      new GraphWidget({ title: 'Requests by route', left: [emf(REQUEST_METRICS.requests, 'route', '')], width: 12 }),
      new GraphWidget({ title: '5xx by route', left: [emf(REQUEST_METRICS.serverErrors, 'route', '')], width: 12 }),
      new GraphWidget({ title: 'Requests by tenant', left: [emf(REQUEST_METRICS.requests, 'tenant', '')], width: 12 }),
      new GraphWidget({ title: '4xx by tenant', left: [emf(REQUEST_METRICS.clientErrors, 'tenant', '')], width: 12 }),
      new GraphWidget({ title: 'Throttling', left: [lambdaThrottles, tableThrottles], width: 12 }),
      new GraphWidget({
        title: 'Sign-in triggers and stream',
        left: props.triggerFunctions.map((fn) => fn.metricErrors({ period: PERIOD })),
        right: props.deadLetters ? [props.deadLetters.metricApproximateNumberOfMessagesVisible({ period: PERIOD })] : [],
        width: 12,
      }),
    );
  }

  private alarm(id: string, metric: IMetric, threshold: number, description: string): void {
    const alarm = new Alarm(this, id, {
      metric,
      threshold,
      evaluationPeriods: 1,
      comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
      treatMissingData: TreatMissingData.NOT_BREACHING,
      alarmDescription: description,
    });
    alarm.addAlarmAction(new SnsAction(this.topic));
    this.alarms.push(alarm);
  }
}
