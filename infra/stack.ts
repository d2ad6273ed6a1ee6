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
 *
 * Each concern is built by its own class under `constructs/`; the constructor
 * only orders them and hands each what the previous ones built. Those that
 * build into the stack's own scope (`FunctionContext`, `ServiceApi`,
 * `ApiRoutes`, `TriggerFunctions`, `TenantPools`, `StreamConsumers`,
 * `OutboxSweeper`) are plain classes, not constructs: a CloudFormation logical
 * id is derived from the construct path, and a new level in the path would
 * rename every resource under it, which CloudFormation deploys as a replacement
 * (a new, empty table, user pool or key). `test/infra/template-snapshot.test.ts`
 * holds every logical id and definition.
 */
import { CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import type { HttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import type { Table } from 'aws-cdk-lib/aws-dynamodb';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import type { Construct } from 'constructs';
import { routes as routeTable, type RouteDefinition } from '../shared/http/route-table.js';
import { streamConsumers as consumerTable, type StreamConsumerDefinition } from '../shared/streams/stream-consumers.js';
import { triggers as triggerTable, type CognitoTrigger, type TriggerDefinition } from '../shared/triggers/trigger-table.js';
import { ApiRoutes } from './constructs/api-routes.js';
import { ConsoleHosting, type ConsoleHostingProps } from './constructs/console-hosting.js';
import { ServiceEventBus } from './constructs/event-bus.js';
import { FunctionContext } from './constructs/function-context.js';
import { Observability } from './constructs/observability.js';
import { OutboxSweeper } from './constructs/outbox-sweeper.js';
import type { RouteStack } from './constructs/route-stack.js';
import { ServiceApi } from './constructs/service-api.js';
import { createServiceTable } from './constructs/service-table.js';
import { StreamConsumers } from './constructs/stream-consumers.js';
import { TenantPools } from './constructs/tenant-pools.js';
import type { TenantShard } from './constructs/tenant-shard.js';
import { TriggerFunctions } from './constructs/trigger-functions.js';
import { WebhookDelivery } from './constructs/webhook-delivery.js';
import type { FunctionPermissions } from './function-permissions.js';
import type { TenantConfig } from './tenant-config.js';
import type { ShardAssignment } from './tenant-shards.js';

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
  readonly routeFunctions: ReadonlyMap<string, IFunction>;
  /** Cognito trigger source → function, for the user pools to attach. */
  readonly triggerFunctions: ReadonlyMap<CognitoTrigger, IFunction>;
  /** Stream consumer name → function. */
  readonly consumerFunctions: ReadonlyMap<string, IFunction>;
  readonly webhooks: WebhookDelivery;
  readonly events: ServiceEventBus;
  readonly observability: Observability;
  readonly console?: ConsoleHosting;
  readonly routeStacks: readonly RouteStack[];
  /** Shard number → its nested stack. */
  readonly tenantShards: ReadonlyMap<number, TenantShard>;

  constructor(scope: Construct, id: string, props: ProvisioningStackProps = {}) {
    super(scope, id, props);
    const tenants = props.tenants ?? [];

    this.table = createServiceTable(this, 'Table');
    const api = new ServiceApi(this, { customDomain: props.customDomain });
    this.api = api.api;
    const apiUrl = props.publicApiUrl ?? api.url;
    // Before the tenants: their completed SSO sign-ins land in this console unless they name their own.
    if (props.console) this.console = new ConsoleHosting(this, 'Console', { ...props.console, apiDomainName: api.domainName });

    // Every function built from here on reads this environment, which the bus and webhooks extend first.
    const functions = new FunctionContext(this, {
      table: this.table,
      publicApiUrl: apiUrl,
      mailFrom: props.mailFrom,
      logLevel: props.logLevel,
      corsAllowedOrigins: props.corsAllowedOrigins,
      tenants,
    });
    this.events = new ServiceEventBus(this, 'Events', functions);
    this.webhooks = new WebhookDelivery(this, 'Webhooks', functions);

    const triggers = new TriggerFunctions(this, {
      triggers: props.triggers ?? triggerTable,
      functions,
      grantToPools: tenants.length > 0,
      extraPermissions: props.extraPermissions,
    });
    this.triggerFunctions = triggers.bySource;
    this.tenantShards = new TenantPools(this, {
      tenants,
      assignment: props.tenantShards,
      triggers: triggers.bySource,
      functions,
      publicApiUrl: apiUrl,
      defaultConsoleUrl: this.console?.url,
      threatProtection: props.threatProtection ?? false,
    }).shards;

    const routes = new ApiRoutes(this, {
      routes: props.routes ?? routeTable,
      api: api.api,
      stage: api.stage,
      functions,
      extraPermissions: props.extraPermissions,
    });
    this.routeFunctions = routes.routeFunctions;
    this.routeStacks = routes.routeStacks;

    const consumers = new StreamConsumers(this, {
      consumers: props.streamConsumers ?? consumerTable,
      table: this.table,
      functions,
      extraPermissions: props.extraPermissions,
    });
    this.consumerFunctions = consumers.functions;
    const sweeper = new OutboxSweeper(this, functions);

    this.observability = new Observability(this, 'Observability', {
      api: api.api,
      table: this.table,
      triggerFunctions: [...this.triggerFunctions.values()],
      consumerFunctions: [...this.consumerFunctions.values()],
      sweeper: sweeper.function,
      deadLetters: consumers.deadLetters,
      alarmEmail: props.alarmEmail,
    });

    new CfnOutput(this, 'ApiUrl', { value: apiUrl });
    if (this.console) new CfnOutput(this, 'ConsoleUrl', { value: this.console.url });
    new CfnOutput(this, 'TableName', { value: this.table.tableName });
    new CfnOutput(this, 'AlarmTopicArn', { value: this.observability.topic.topicArn });
    if (tenants.length > 0) {
      // Per tenant in its shard's outputs: the root's 200-output limit would cap the tenants.
      new CfnOutput(this, 'ScimBaseUrlPattern', { description: 'SCIM base URL of a tenant', value: `${apiUrl}/scim/v2/{tenantId}` });
    }
  }
}
