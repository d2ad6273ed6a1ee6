/**
 * One role per function, built from its entry in `function-permissions.ts` and
 * nothing else: its own log group, X-Ray, the table at the level it declares,
 * Cognito admin actions on the tenants' pools, SES send as the sender
 * identities. Everything sits in the role's inline policy so a function costs
 * one IAM resource, not two (the stack's 500-resource limit; see stack.ts).
 *
 * Tenant resources are reached by the deployment tag (constructs/tenant-shard.ts),
 * never listed: a thousand pool ARNs would outgrow IAM's 10,240 characters of
 * inline policy per role, and a policy that grows with tenants would change
 * every function's role whenever a tenant is added.
 */
import { ArnFormat, Stack } from 'aws-cdk-lib';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { Effect, PolicyDocument, PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { ILogGroup } from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import { keys } from '../../shared/storage/keys.js';
import { INDEXES, PRIMARY_KEY } from '../../shared/storage/table-definition.js';
import type { FunctionPermissions } from '../function-permissions.js';
import { WEBHOOK_SECRET_PURPOSE } from '../../shared/webhooks/secret-context.js';
import { userPoolArnPattern, type DeploymentTag } from './deployment-tag.js';

/** What the stack can grant: the resources behind the permission levels. */
export interface GrantableResources {
  table: ITable;
  /** The tag on every tenant pool and tenant SES sender; absent when no tenant is configured. */
  tenantTag?: DeploymentTag;
  /** Some tenant sends as a sender of its own (its SES identity carries `tenantTag`). */
  tenantSenders?: boolean;
  /** ARNs of the SES identities of the service's own sender (the address and its domain). */
  senderIdentityArns: readonly string[];
  /** The KMS key sealing webhook secrets. */
  webhookKeyArn?: string;
  /** The webhook worker function. */
  webhookWorkerArn?: string;
  /** The service's EventBridge bus (constructs/event-bus.ts). */
  eventBusArn?: string;
}

export const READ_ACTIONS = ['dynamodb:GetItem', 'dynamodb:BatchGetItem', 'dynamodb:Query'] as const;
export const WRITE_ACTIONS = [
  'dynamodb:PutItem',
  'dynamodb:UpdateItem',
  'dynamodb:DeleteItem',
  'dynamodb:BatchWriteItem',
  'dynamodb:ConditionCheckItem',
] as const;
/** The only attributes the token-use update of a read-only function may name (shared/auth/last-used.ts). */
export const LAST_USED_ATTRIBUTES = [PRIMARY_KEY.partitionKey, PRIMARY_KEY.sortKey, 'lastUsedAt'] as const;
/** The partitions of page bookmarks (shared/storage/page-bookmarks.ts), every tenant's: the one write a listing route makes. */
export const PAGE_BOOKMARK_PARTITIONS = keys.pageBookmark('*', '', 0).PK;
/** The tenants' health partitions (shared/health): the one write a SCIM read route makes, its count. */
export const HEALTH_PARTITIONS = keys.healthPartition('*');

/** A role allowing exactly `permissions` (plus logging to `logGroup` and tracing). */
export function functionRole(
  scope: Construct,
  id: string,
  props: { description: string; permissions: FunctionPermissions; logGroup: ILogGroup; resources: GrantableResources },
): Role {
  return new Role(scope, id, {
    description: props.description,
    assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
    inlinePolicies: { Function: new PolicyDocument({ statements: statementsFor(scope, props.permissions, props.logGroup, props.resources) }) },
  });
}

function statementsFor(
  scope: Construct,
  permissions: FunctionPermissions,
  logGroup: ILogGroup,
  { table, tenantTag, tenantSenders, senderIdentityArns, webhookKeyArn, webhookWorkerArn, eventBusArn }: GrantableResources,
): PolicyStatement[] {
  const statements = [
    // The runtime creates its own log streams (one per execution environment), hence the group's `:*`.
    new PolicyStatement({ sid: 'Logs', actions: ['logs:CreateLogStream', 'logs:PutLogEvents'], resources: [logGroup.logGroupArn] }),
    // X-Ray has no resource-level permissions: its actions accept only "*".
    new PolicyStatement({ sid: 'Tracing', actions: ['xray:PutTraceSegments', 'xray:PutTelemetryRecords'], resources: ['*'] }),
  ];
  if (permissions.table !== 'none') {
    const indexArns = Object.values(INDEXES).map((index) => `${table.tableArn}/index/${index.name}`);
    statements.push(new PolicyStatement({ sid: 'TableRead', actions: [...READ_ACTIONS], resources: [table.tableArn] }));
    statements.push(new PolicyStatement({ sid: 'IndexQuery', actions: ['dynamodb:Query'], resources: indexArns }));
  }
  if (permissions.table === 'read') {
    statements.push(
      new PolicyStatement({
        sid: 'TokenLastUsed',
        actions: ['dynamodb:UpdateItem'],
        resources: [table.tableArn],
        conditions: {
          'ForAllValues:StringEquals': { 'dynamodb:Attributes': [...LAST_USED_ATTRIBUTES] },
          StringEqualsIfExists: { 'dynamodb:ReturnValues': 'NONE' },
        },
      }),
    );
  }
  if (permissions.table === 'read' && permissions.pageBookmarks) {
    statements.push(
      new PolicyStatement({
        sid: 'PageBookmarks',
        actions: ['dynamodb:BatchWriteItem'],
        resources: [table.tableArn],
        conditions: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': [PAGE_BOOKMARK_PARTITIONS] } },
      }),
    );
  }
  if (permissions.table === 'read' && permissions.scimTraffic) {
    statements.push(
      new PolicyStatement({
        sid: 'ScimTraffic',
        actions: ['dynamodb:UpdateItem', 'dynamodb:PutItem'],
        resources: [table.tableArn],
        conditions: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': [HEALTH_PARTITIONS] } },
      }),
    );
  }
  if (permissions.table === 'write') {
    statements.push(new PolicyStatement({ sid: 'TableWrite', actions: [...WRITE_ACTIONS], resources: [table.tableArn] }));
  }
  if (permissions.webhookSecrets) {
    if (!webhookKeyArn) throw new Error('A function needs the webhook secrets key, but the stack has none');
    statements.push(
      new PolicyStatement({
        sid: 'WebhookSecrets',
        actions: [permissions.webhookSecrets === 'seal' ? 'kms:GenerateDataKey' : 'kms:Decrypt'],
        resources: [webhookKeyArn],
        // The key opens webhook secrets only: anything encrypted under another context is refused.
        conditions: { StringEquals: { 'kms:EncryptionContext:purpose': WEBHOOK_SECRET_PURPOSE } },
      }),
    );
  }
  if (permissions.invokeWebhookWorker) {
    if (!webhookWorkerArn) throw new Error('A function invokes the webhook worker, but the stack has none');
    statements.push(new PolicyStatement({ sid: 'InvokeWebhookWorker', actions: ['lambda:InvokeFunction'], resources: [webhookWorkerArn] }));
  }
  if (permissions.putEvents) {
    if (!eventBusArn) throw new Error('A function puts events, but the stack has no event bus');
    statements.push(new PolicyStatement({ sid: 'PutEvents', actions: ['events:PutEvents'], resources: [eventBusArn] }));
  }
  const grants = tenantGrants(permissions, { tenantTag, tenantSenders });
  if (grants.pools && tenantTag) {
    statements.push(
      new PolicyStatement({
        sid: 'TenantPools',
        actions: (permissions.cognito ?? []).map((action) => `cognito-idp:${action}`),
        resources: [userPoolArnPattern(scope)],
        conditions: { StringEquals: { [`aws:ResourceTag/${tenantTag.key}`]: tenantTag.value } },
      }),
    );
  }
  if (permissions.sendMail) {
    statements.push(new PolicyStatement({ sid: 'SendMail', effect: Effect.ALLOW, actions: ['ses:SendEmail'], resources: [...senderIdentityArns] }));
    if (grants.senders && tenantTag) {
      statements.push(
        new PolicyStatement({
          sid: 'SendTenantMail',
          actions: ['ses:SendEmail'],
          resources: [...TENANT_SENDER_RESOURCES].map((resource) => sesArn(scope, resource)),
          conditions: { StringEquals: { [`aws:ResourceTag/${tenantTag.key}`]: tenantTag.value } },
        }),
      );
    }
  }
  return statements;
}

/** Which tenant resources `permissions` reach by the deployment tag. */
export function tenantGrants(
  permissions: FunctionPermissions,
  { tenantTag, tenantSenders }: Pick<GrantableResources, 'tenantTag' | 'tenantSenders'>,
): { pools: boolean; senders: boolean } {
  return {
    pools: Boolean(permissions.cognito?.length && tenantTag),
    senders: Boolean(permissions.sendMail && tenantSenders && tenantTag),
  };
}

/** A tenant sender's SES identity and its configuration set: both carry the deployment tag. */
export const TENANT_SENDER_RESOURCES = ['identity', 'configuration-set'] as const;

const sesArn = (scope: Construct, resource: string) =>
  Stack.of(scope).formatArn({ service: 'ses', resource, resourceName: '*', arnFormat: ArnFormat.SLASH_RESOURCE_NAME });

/** SES authorizes a send against the identity that verified the sender: the address itself or its domain. */
export function senderIdentityArns(scope: Construct, senders: readonly string[]): string[] {
  const stack = Stack.of(scope);
  const identities = new Set<string>();
  for (const sender of senders) {
    identities.add(sender.toLowerCase());
    identities.add(sender.slice(sender.lastIndexOf('@') + 1).toLowerCase());
  }
  return [...identities]
    .sort()
    .map((identity) => stack.formatArn({ service: 'ses', resource: 'identity', resourceName: identity, arnFormat: ArnFormat.SLASH_RESOURCE_NAME }));
}
