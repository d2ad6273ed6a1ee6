/**
 * One shard of tenants: a nested stack holding, for each of its tenants, what
 * `TenantUserPool` builds (pool, app client, domain, IdP, SES sender, seed).
 * The root stack keeps everything shared; a shard receives the trigger
 * functions' ARNs, the seed provider's service token and the API and console
 * URLs as parameters, which CDK wires by itself.
 *
 * Limits that synth does not check, and how a shard stays inside them:
 * - The triggers' resource policies: a pool's `addTrigger` would add an invoke
 *   permission per pool and trigger to the root's functions (1,000 pools × 5
 *   triggers against Lambda's 20 KB policy). Here the triggers are imported
 *   without permissions; the root grants each trigger once, to this account's
 *   pools ({@link grantCognitoInvoke}).
 * - The functions' IAM policies: a pool ARN per tenant would outgrow IAM's
 *   10,240-character inline policy; every pool and SES sender of a shard carries
 *   the deployment tag instead, which the roles name (constructs/function-role.ts).
 * - The template's size: CloudFormation takes templates up to 1 MB (uploaded
 *   through S3). A tenant costs about 8.5 KB of it (CDK metadata included), plus its inline SAML metadata
 *   document twice (the IdP and the seed's settings); a shard whose tenants'
 *   inline documents would not fit fails synth, naming them ({@link assertTemplateBudget}).
 * - Logical ids: a tenant's construct id inside its shard is the one it had in
 *   the root stack (`Tenant<Id>`), so its resources keep their logical ids when
 *   moved into a shard (docs/tenants.md, Moving tenants into shards).
 */
import { CfnOutput, NestedStack, Stack, Tags } from 'aws-cdk-lib';
import { CfnPermission, Function as LambdaFunction, type IFunction } from 'aws-cdk-lib/aws-lambda';
import type { Construct } from 'constructs';
import type { CognitoTrigger } from '../../shared/triggers/trigger-table.js';
import type { TenantConfig } from '../tenant-config.js';
import { TenantUserPool } from '../tenant-user-pool.js';
import { pascal } from './construct-ids.js';
import { TAGGED_RESOURCE_TYPES, userPoolArnPattern, type DeploymentTag } from './deployment-tag.js';
import { acknowledgeUserPool } from './nag-acknowledgements.js';
import type { PoolSecurity } from './pool-security.js';

export interface TenantShardProps {
  /** The shard's number (tenant-shards.ts), in its description. */
  shard: number;
  tenants: readonly TenantConfig[];
  /** Trigger source → function, in the root stack. */
  triggers: ReadonlyMap<CognitoTrigger, IFunction>;
  seedServiceToken: string;
  publicApiUrl: string;
  defaultConsoleUrl?: string;
  security: PoolSecurity;
  deploymentTag: DeploymentTag;
}

/** CloudFormation's limit for a template uploaded through S3 (1 MB), with room for CDK's metadata. */
export const TEMPLATE_BYTES_LIMIT = 1_000_000;
/** What a tenant without inline SAML metadata costs in its shard's template, at most (measured: test/infra/tenant-limits.test.ts). */
export const TENANT_TEMPLATE_BYTES = 10_000;

/** The bytes a tenant's inline SAML metadata adds: once in its IdP, once more escaped in its seed's settings. */
export function inlineMetadataBytes(tenant: TenantConfig): number {
  const document = tenant.sso?.type === 'saml' ? tenant.sso.metadataDocument : undefined;
  return document === undefined ? 0 : JSON.stringify(document).length + JSON.stringify(JSON.stringify(document)).length;
}

/** Throws when a shard's tenants cannot fit one template, naming those with inline metadata. */
export function assertTemplateBudget(shard: number, tenants: readonly TenantConfig[]): void {
  const estimate = tenants.reduce((bytes, tenant) => bytes + TENANT_TEMPLATE_BYTES + inlineMetadataBytes(tenant), 0);
  if (estimate <= TEMPLATE_BYTES_LIMIT) return;
  const inline = tenants.filter((t) => inlineMetadataBytes(t) > 0).map((t) => `${t.id} (${Math.ceil(inlineMetadataBytes(t) / 1024)} KB)`);
  throw new Error(
    `Tenant shard ${shard} would need about ${Math.ceil(estimate / 1024)} KB of template, over CloudFormation's 1 MB: ` +
      `give these tenants a SAML metadataUrl instead of an inline metadataDocument: ${inline.join(', ')}`,
  );
}

export class TenantShard extends NestedStack {
  /** Tenant id → its pool and client. */
  readonly tenantPools = new Map<string, TenantUserPool>();

  constructor(scope: Construct, id: string, props: TenantShardProps) {
    super(scope, id, { description: `Tenant shard ${props.shard}: user pools, app clients, IdPs, senders and seeds` });
    assertTemplateBudget(props.shard, props.tenants);
    for (const [tenantId, pool] of addTenants(this, props.tenants, props)) this.tenantPools.set(tenantId, pool);
  }
}

/**
 * Builds `tenants` into `scope` (a shard, or the root for tenants kept there):
 * each tenant's construct, its SCIM URL output, and the deployment tag on its
 * pool and sender. Returns tenant id → pool.
 */
export function addTenants(
  scope: Construct,
  tenants: readonly TenantConfig[],
  props: Omit<TenantShardProps, 'shard' | 'tenants'>,
): Map<string, TenantUserPool> {
  const pools = new Map<string, TenantUserPool>();
  if (tenants.length === 0) return pools;
  const triggers = new Map<CognitoTrigger, IFunction>();
  for (const [source, fn] of props.triggers) {
    // Imported by ARN without permissions: the root's one grant per trigger covers every pool.
    triggers.set(source, LambdaFunction.fromFunctionAttributes(scope, `Trigger${source}`, { functionArn: fn.functionArn, skipPermissions: true }));
  }
  for (const tenant of tenants) {
    const construct = new TenantUserPool(scope, `Tenant${pascal(tenant.id)}`, {
      tenant,
      deploymentName: props.deploymentTag.value,
      triggers,
      seedServiceToken: props.seedServiceToken,
      publicApiUrl: props.publicApiUrl,
      defaultConsoleUrl: props.defaultConsoleUrl,
      security: props.security,
    });
    acknowledgeUserPool(construct.userPool, props.security.threatProtection ?? false);
    Tags.of(construct).add(props.deploymentTag.key, props.deploymentTag.value, { includeResourceTypes: [...TAGGED_RESOURCE_TYPES] });
    pools.set(tenant.id, construct);
    new CfnOutput(scope, `ScimBaseUrl${pascal(tenant.id)}`, {
      description: `SCIM base URL of tenant ${tenant.id}`,
      value: `${props.publicApiUrl}/scim/v2/${tenant.id}`,
    });
  }
  return pools;
}

/**
 * Lets Cognito invoke `fn` for user pools of this account and region, in one
 * statement (pool ARNs end in a random id, so no pattern narrows them further).
 * Nothing else may invoke it: the principal is Cognito's service, and
 * `SourceAccount` keeps other accounts' pools out. A pool of this account that
 * someone else points at the trigger is refused by the trigger itself: it
 * serves only pools mapped to a tenant (shared/signin/trigger-kit.ts).
 */
export function grantCognitoInvoke(scope: Construct, id: string, fn: IFunction): CfnPermission {
  const stack = Stack.of(scope);
  return new CfnPermission(scope, id, {
    action: 'lambda:InvokeFunction',
    functionName: fn.functionArn,
    principal: 'cognito-idp.amazonaws.com',
    sourceAccount: stack.account,
    sourceArn: userPoolArnPattern(scope),
  });
}
