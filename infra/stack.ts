/**
 * The one stack: the table, an HTTP API with one Lambda per route-table entry
 * (plus the `$default` fallback that answers unmatched requests in the right
 * envelope), one Lambda per Cognito trigger and one per stream consumer. The
 * route, trigger and consumer tables are parameters (defaulting to the real
 * ones) so tests can prove a new entry shows up here and in the local gateway.
 * Env-agnostic: no account or region is looked up, so synth needs no AWS access.
 *
 * Least privilege: every function has a role of its own built from
 * `function-permissions.ts` (constructs/function-role.ts); no role is shared.
 * Resource budget: CloudFormation allows 500 resources per stack. A route costs
 * six (function, log group, role, invoke permission, integration, route), so the
 * routes live in two nested stacks (one per envelope); a tenant costs up to
 * eight, so tenants live in nested shards of `SHARD_CAPACITY`
 * (constructs/tenant-shard.ts, tenant-shards.ts) and the root holds nothing per
 * tenant. `test/infra/tenant-limits.test.ts` checks every stack at 1,000 tenants.
 */
import { CfnOutput, Duration, Stack, type StackProps } from 'aws-cdk-lib';
import { CfnStage, DomainName, HttpApi, HttpRoute, HttpRouteKey, LogGroupLogDestination } from 'aws-cdk-lib/aws-apigatewayv2';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import { Certificate } from 'aws-cdk-lib/aws-certificatemanager';
import type { Table } from 'aws-cdk-lib/aws-dynamodb';
import { Rule, Schedule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import { FilterCriteria, StartingPosition, type IFunction } from 'aws-cdk-lib/aws-lambda';
import { DynamoEventSource, SqsDlq } from 'aws-cdk-lib/aws-lambda-event-sources';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { envelopeOf, routes as routeTable, type RouteDefinition } from '../shared/http/route-table.js';
import { streamConsumers as consumerTable, type StreamConsumerDefinition } from '../shared/streams/stream-consumers.js';
import { triggers as triggerTable, type CognitoTrigger, type TriggerDefinition } from '../shared/triggers/trigger-table.js';
import { triggersBySource } from './cognito-triggers.js';
import { DEFAULT_THROTTLE, routeSettings } from './constructs/api-throttling.js';
import { senderIdentityArns, type GrantableResources } from './constructs/function-role.js';
import { ServiceEventBus } from './constructs/event-bus.js';
import { acknowledgeDeadLetterQueue, acknowledgeProviderFramework, acknowledgeRouteAuth, acknowledgeSigningKey } from './constructs/nag-acknowledgements.js';
import { Observability } from './constructs/observability.js';
import { WebhookDelivery } from './constructs/webhook-delivery.js';
import { ConsoleHosting, type ConsoleHostingProps } from './constructs/console-hosting.js';
import { pascal } from './constructs/construct-ids.js';
import { RouteStack } from './constructs/route-stack.js';
import { createServiceTable } from './constructs/service-table.js';
import { serviceFunction } from './constructs/service-function.js';
import type { FunctionPermissions } from './function-permissions.js';
import { API_FUNCTION_TIMEOUT_SECONDS, STREAM_BATCH_SIZE, STREAM_CONSUMER_TIMEOUT_SECONDS, TRIGGER_FUNCTION_TIMEOUT_SECONDS } from './function-settings.js';
import { routeKeyOf } from './routing/match-route.js';
import type { TenantConfig } from './tenant-config.js';
import { Provider } from 'aws-cdk-lib/custom-resources';
import { DEPLOYMENT_TAG_KEY, type DeploymentTag } from './constructs/deployment-tag.js';
import { addTenants, grantCognitoInvoke, TenantShard } from './constructs/tenant-shard.js';
import { planShards, ROOT_SHARD, shardId, tenantsByShard, type ShardAssignment } from './tenant-shards.js';

/** The handler of the `$default` route (see its module for why it exists). */
export const FALLBACK_HANDLER = 'infra/routing/route-fallback.ts';
/** The custom resource that seeds each tenant (constructs in tenant-user-pool.ts). */
export const SEED_HANDLER = 'functions/custom-resources/seed-tenant.ts';
/** The scheduled safety net under the stream. */
export const SWEEPER_HANDLER = 'functions/stream/outbox-sweeper.ts';
/** A batch still failing after this many retries (each split by bisection) goes to the DLQ. */
export const STREAM_RETRY_ATTEMPTS = 10;
/** The outbox sweeper's schedule (shared/mail/outbox-sweeper.ts sweeps items older than 10 minutes). */
export const SWEEP_EVERY = Duration.minutes(5);
/** Headers a browser may send to the admin API and the sign-in routes. */

export interface ProvisioningStackProps extends StackProps {
  routes?: readonly RouteDefinition[];
  triggers?: readonly TriggerDefinition[];
  streamConsumers?: readonly StreamConsumerDefinition[];
  tenants?: readonly TenantConfig[];
  /**
   * Tenant id → shard (tenant-shards.ts): the recorded assignment, with every
   * tenant of `tenants` placed. Absent: the tenants are placed afresh, in order.
   */
  tenantShards?: ShardAssignment;
  /** Default sender of the service's mail. */
  mailFrom?: string;
  /** The API's public base URL when it sits behind a custom domain; the API's own endpoint otherwise. */
  publicApiUrl?: string;
  logLevel?: 'DEBUG' | 'INFO' | 'WARN' | 'ERROR';
  /**
   * Browser origins of the consoles that call the admin API (`https://console.example.com`).
   * None (the default): no CORS at all, which is right when the console calls through its own backend.
   */
  corsAllowedOrigins?: readonly string[];
  /** Serve the API on a custom domain with an ACM certificate of the same region; the execute-api endpoint is then turned off. */
  customDomain?: { domainName: string; certificateArn: string };
  /** Subscribed to the alarm topic. */
  alarmEmail?: string;
  /** Cognito threat protection on every tenant pool (the Plus plan, priced per active user). */
  threatProtection?: boolean;
  /**
   * Host the admin console (constructs/console-hosting.ts): its build and settings.
   * Absent: no console; tenants then hand SSO sessions to their `pool.consoleUrl` only.
   */
  console?: Omit<ConsoleHostingProps, 'apiDomainName'>;
  /** Permissions of functions that are not in function-permissions.ts (tests with fixture tables). */
  extraPermissions?: Readonly<Record<string, FunctionPermissions>>;
}

export class ProvisioningStack extends Stack {
  readonly table: Table;
  readonly api: HttpApi;
  /** Route name → function. */
  readonly routeFunctions = new Map<string, IFunction>();
  /** Cognito trigger source → function, for the user pools to attach. */
  readonly triggerFunctions = new Map<CognitoTrigger, IFunction>();
  readonly consumerFunctions = new Map<string, IFunction>();
  readonly webhooks: WebhookDelivery;
  readonly events: ServiceEventBus;

  readonly observability: Observability;
  readonly console?: ConsoleHosting;
  readonly routeStacks: RouteStack[] = [];
  /** Shard number → its nested stack. */
  readonly tenantShards = new Map<number, TenantShard>();

  constructor(scope: Construct, id: string, props: ProvisioningStackProps = {}) {
    super(scope, id, props);
    const routes = props.routes ?? routeTable;
    const triggers = props.triggers ?? triggerTable;
    const consumers = props.streamConsumers ?? consumerTable;
    const tenantConfigs = props.tenants ?? [];
    assertUniqueRoutes(routes);
    triggersBySource(triggers);
    const permissionsOf = (name: string) => props.extraPermissions?.[name];

    this.table = createServiceTable(this, 'Table');
    // Generated once, kept across deploys: rotating it invalidates invite links and cursors.
    const signingKey = new Secret(this, 'SigningKey', {
      description: 'HMAC key for invite links and pagination cursors',
      generateSecretString: { passwordLength: 64, excludePunctuation: true },
    });
    acknowledgeSigningKey(signingKey);

    this.api = new HttpApi(this, 'Api', {
      description: 'User provisioning: SCIM 2.0 and admin API',
      createDefaultStage: false,
      // No API-wide CORS: it would answer SCIM preflights too. The kit and the
      // $default fallback serve CORS for the browser routes only (shared/http/cors.ts).
      disableExecuteApiEndpoint: props.customDomain !== undefined,
    });
    const stage = this.api.addStage('DefaultStage', {
      stageName: '$default',
      autoDeploy: true,
      throttle: DEFAULT_THROTTLE,
      domainMapping: props.customDomain
        ? {
            domainName: new DomainName(this, 'CustomDomain', {
              domainName: props.customDomain.domainName,
              certificate: Certificate.fromCertificateArn(this, 'CustomDomainCertificate', props.customDomain.certificateArn),
            }),
          }
        : undefined,
      accessLogSettings: {
        destination: new LogGroupLogDestination(new LogGroup(this, 'ApiAccessLogs', { retention: RetentionDays.ONE_MONTH })),
        format: AccessLogFormat.custom(
          JSON.stringify({
            requestId: '$context.requestId',
            routeKey: '$context.routeKey',
            status: '$context.status',
            latencyMs: '$context.responseLatency',
            integrationLatencyMs: '$context.integrationLatency',
            integrationError: '$context.integrationErrorMessage',
            errorMessage: '$context.error.message',
            path: '$context.path',
            sourceIp: '$context.identity.sourceIp',
            userAgent: '$context.identity.userAgent',
            time: '$context.requestTime',
          }),
        ),
      },
    });
    // Per-route throttles (constructs/api-throttling.ts); the L2 stage only knows a stage-wide default.
    (stage.node.defaultChild as CfnStage).addPropertyOverride('RouteSettings', routeSettings(routes));
    const apiUrl = props.publicApiUrl ?? (props.customDomain ? `https://${props.customDomain.domainName}` : this.api.apiEndpoint);

    // Before the tenants: their completed SSO sign-ins land in this console unless they name their own.
    if (props.console) {
      const apiDomainName = props.customDomain?.domainName ?? `${this.api.apiId}.execute-api.${this.region}.${this.urlSuffix}`;
      this.console = new ConsoleHosting(this, 'Console', { ...props.console, apiDomainName });
    }

    const mailFrom = props.mailFrom ?? 'no-reply@example.com';
    const environment: Record<string, string> = {
      TABLE_NAME: this.table.tableName,
      // A CloudFormation dynamic reference: resolved at deploy into the function's
      // (KMS-encrypted) configuration, so no function calls Secrets Manager at cold start.
      SIGNING_KEY: signingKey.secretValue.unsafeUnwrap(),
      PUBLIC_API_URL: apiUrl,
      MAIL_FROM: mailFrom,
      LOG_LEVEL: props.logLevel ?? 'INFO',
      ...(props.corsAllowedOrigins?.length ? { CORS_ALLOWED_ORIGINS: props.corsAllowedOrigins.join(',') } : {}),
    };
    const deploymentTag: DeploymentTag = { key: DEPLOYMENT_TAG_KEY, value: this.stackName };
    const resources: GrantableResources = {
      table: this.table,
      tenantTag: tenantConfigs.length > 0 ? deploymentTag : undefined,
      tenantSenders: tenantConfigs.some((t) => t.mailFrom !== undefined),
      senderIdentityArns: senderIdentityArns(this, [mailFrom]),
    };
    this.events = new ServiceEventBus(this, 'Events', { environment, resources });
    this.webhooks = new WebhookDelivery(this, 'Webhooks', { environment, resources });

    for (const trigger of triggers) {
      const fn = serviceFunction(this, `Trigger${pascal(trigger.name)}`, {
        name: trigger.name,
        handler: trigger.handler,
        description: `Cognito ${trigger.cognitoTrigger}`,
        timeoutSeconds: TRIGGER_FUNCTION_TIMEOUT_SECONDS,
        environment,
        resources,
        permissions: permissionsOf(trigger.name),
      });
      // One grant for every tenant pool, however many (constructs/tenant-shard.ts says why).
      if (tenantConfigs.length > 0) grantCognitoInvoke(this, `Trigger${pascal(trigger.name)}CognitoInvoke`, fn);
      this.triggerFunctions.set(trigger.cognitoTrigger, fn);
    }

    // Tenants live in shards (nested stacks); the root keeps the seed provider they share.
    if (tenantConfigs.length > 0) {
      const seedFunction = serviceFunction(this, 'TenantSeed', {
        name: 'tenant.seed',
        handler: SEED_HANDLER,
        description: "Seeds each tenant's settings, first admins and user-pool mapping",
        timeoutSeconds: STREAM_CONSUMER_TIMEOUT_SECONDS,
        environment,
        resources,
      });
      const seedProvider = new Provider(this, 'TenantSeedProvider', { onEventHandler: seedFunction });
      acknowledgeProviderFramework(seedProvider, seedFunction);
      const assignment = props.tenantShards ?? planShards(tenantConfigs.map((t) => t.id)).assignment;
      const shardProps = {
        triggers: this.triggerFunctions,
        seedServiceToken: seedProvider.serviceToken,
        publicApiUrl: apiUrl,
        defaultConsoleUrl: this.console?.url,
        security: { threatProtection: props.threatProtection ?? false },
        deploymentTag,
      };
      for (const [shard, tenants] of tenantsByShard(tenantConfigs, assignment)) {
        if (shard === ROOT_SHARD) addTenants(this, tenants, shardProps);
        else this.tenantShards.set(shard, new TenantShard(this, shardId(shard), { ...shardProps, shard, tenants }));
      }
    }

    // Routes live in nested stacks by envelope (constructs/route-stack.ts says why).
    for (const [id, group] of [
      ['ScimRoutes', routes.filter((r) => envelopeOf(r) === 'scim')],
      ['AdminRoutes', routes.filter((r) => envelopeOf(r) === 'admin')],
    ] as const) {
      if (group.length === 0) continue;
      const nested = new RouteStack(this, id, { routes: group, api: this.api, environment, resources, extraPermissions: props.extraPermissions });
      for (const [name, fn] of nested.routeFunctions) this.routeFunctions.set(name, fn);
      // The stage's per-route settings name these routes, so they must exist first.
      stage.node.addDependency(nested);
      this.routeStacks.push(nested);
    }
    const fallback = serviceFunction(this, 'RouteFallback', {
      name: 'route.fallback',
      handler: FALLBACK_HANDLER,
      description: '$default: 404 or 405 in the envelope of the path',
      timeoutSeconds: API_FUNCTION_TIMEOUT_SECONDS,
      environment,
      resources,
    });
    const defaultRoute = new HttpRoute(this, 'DefaultRoute', {
      httpApi: this.api,
      routeKey: HttpRouteKey.DEFAULT,
      integration: new HttpLambdaIntegration('RouteFallbackIntegration', fallback),
    });
    acknowledgeRouteAuth(defaultRoute, 'fallback');

    let deadLetters: Queue | undefined;
    if (consumers.length > 0) {
      deadLetters = new Queue(this, 'StreamDeadLetters', {
        encryption: QueueEncryption.SQS_MANAGED,
        enforceSSL: true,
        retentionPeriod: Duration.days(14),
      });
      acknowledgeDeadLetterQueue(deadLetters);
      for (const consumer of consumers) {
        const fn = serviceFunction(this, `Consumer${pascal(consumer.name)}`, {
          name: consumer.name,
          handler: consumer.handler,
          description: `Table stream consumer ${consumer.name}`,
          timeoutSeconds: STREAM_CONSUMER_TIMEOUT_SECONDS,
          environment,
          resources,
          permissions: permissionsOf(consumer.name),
        });
        fn.addEventSource(
          new DynamoEventSource(this.table, {
            startingPosition: StartingPosition.TRIM_HORIZON,
            batchSize: STREAM_BATCH_SIZE,
            retryAttempts: STREAM_RETRY_ATTEMPTS,
            bisectBatchOnError: true,
            reportBatchItemFailures: true,
            onFailure: new SqsDlq(deadLetters),
            filters: consumer.filter ? [FilterCriteria.filter(consumer.filter)] : undefined,
          }),
        );
        this.consumerFunctions.set(consumer.name, fn);
      }
      new CfnOutput(this, 'StreamDeadLetterQueueUrl', { value: deadLetters.queueUrl });
    }

    // The safety net under the stream (shared/mail/outbox-sweeper.ts): what the stream could not deliver.
    const sweeper = serviceFunction(this, 'OutboxSweeper', {
      name: 'outbox.sweeper',
      handler: SWEEPER_HANDLER,
      description: 'Delivers outbox items the stream could not',
      timeoutSeconds: STREAM_CONSUMER_TIMEOUT_SECONDS,
      environment,
      resources,
    });
    new Rule(this, 'OutboxSweepSchedule', {
      description: 'Runs the outbox sweeper',
      schedule: Schedule.rate(SWEEP_EVERY),
      targets: [new LambdaFunction(sweeper, { retryAttempts: 0 })],
    });

    this.observability = new Observability(this, 'Observability', {
      api: this.api,
      table: this.table,
      triggerFunctions: [...this.triggerFunctions.values()],
      consumerFunctions: [...this.consumerFunctions.values()],
      sweeper,
      deadLetters,
      alarmEmail: props.alarmEmail,
    });

    new CfnOutput(this, 'ApiUrl', { value: apiUrl });
    if (this.console) new CfnOutput(this, 'ConsoleUrl', { value: this.console.url });
    new CfnOutput(this, 'TableName', { value: this.table.tableName });
    new CfnOutput(this, 'AlarmTopicArn', { value: this.observability.topic.topicArn });
    if (tenantConfigs.length > 0) {
      // Per tenant in its shard's outputs: the root's 200-output limit would cap the tenants.
      new CfnOutput(this, 'ScimBaseUrlPattern', { description: 'SCIM base URL of a tenant', value: `${apiUrl}/scim/v2/{tenantId}` });
    }
  }
}

function assertUniqueRoutes(routes: readonly RouteDefinition[]): void {
  const names = new Set<string>();
  const keys = new Set<string>();
  for (const route of routes) {
    if (names.has(route.name)) throw new Error(`Route name ${route.name} appears twice in the route table`);
    if (keys.has(routeKeyOf(route))) throw new Error(`Route ${routeKeyOf(route)} appears twice in the route table`);
    names.add(route.name);
    keys.add(routeKeyOf(route));
  }
}
