/**
 * The tenants: each tenant's user pool and what goes with it, in nested shards
 * (tenant-shard.ts, tenant-shards.ts) or in the root for tenants deployed
 * before shards, plus the one seed provider they all share (the custom
 * resource that writes a tenant's settings, first admins and pool mapping).
 *
 * Built in the stack's own scope so the seed provider, the shards and the
 * root's tenants keep their logical ids (function-context.ts says why).
 */
import type { Stack } from 'aws-cdk-lib';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { Provider } from 'aws-cdk-lib/custom-resources';
import type { CognitoTrigger } from '../../shared/triggers/trigger-table.js';
import { STREAM_CONSUMER_TIMEOUT_SECONDS } from '../function-settings.js';
import type { TenantConfig } from '../tenant-config.js';
import { planShards, ROOT_SHARD, shardId, tenantsByShard, type ShardAssignment } from '../tenant-shards.js';
import type { FunctionContext } from './function-context.js';
import { acknowledgeProviderFramework } from './nag-acknowledgements.js';
import { serviceFunction } from './service-function.js';
import { addTenants, TenantShard } from './tenant-shard.js';

/** The custom resource that seeds each tenant (constructs in tenant-user-pool.ts). */
export const SEED_HANDLER = 'functions/custom-resources/seed-tenant.ts';

export interface TenantPoolsProps {
  tenants: readonly TenantConfig[];
  /** Tenant id → shard, every tenant placed; absent: placed afresh, in order. */
  assignment?: ShardAssignment;
  triggers: ReadonlyMap<CognitoTrigger, IFunction>;
  functions: FunctionContext;
  publicApiUrl: string;
  /** Where a tenant's completed SSO sign-ins land unless it names its own console. */
  defaultConsoleUrl?: string;
  threatProtection: boolean;
}

export class TenantPools {
  /** Shard number → its nested stack. */
  readonly shards = new Map<number, TenantShard>();

  constructor(stack: Stack, props: TenantPoolsProps) {
    const { tenants, functions } = props;
    if (tenants.length === 0) return;
    const seedFunction = serviceFunction(stack, 'TenantSeed', {
      name: 'tenant.seed',
      handler: SEED_HANDLER,
      description: "Seeds each tenant's settings, first admins and user-pool mapping",
      timeoutSeconds: STREAM_CONSUMER_TIMEOUT_SECONDS,
      environment: functions.environment,
      resources: functions.resources,
    });
    const seedProvider = new Provider(stack, 'TenantSeedProvider', { onEventHandler: seedFunction });
    acknowledgeProviderFramework(seedProvider, seedFunction);
    const assignment = props.assignment ?? planShards(tenants.map((t) => t.id)).assignment;
    const shardProps = {
      triggers: props.triggers,
      seedServiceToken: seedProvider.serviceToken,
      publicApiUrl: props.publicApiUrl,
      defaultConsoleUrl: props.defaultConsoleUrl,
      security: { threatProtection: props.threatProtection },
      deploymentTag: functions.deploymentTag,
    };
    for (const [shard, members] of tenantsByShard(tenants, assignment)) {
      if (shard === ROOT_SHARD) addTenants(stack, members, shardProps);
      else this.shards.set(shard, new TenantShard(stack, shardId(shard), { ...shardProps, shard, tenants: members }));
    }
  }
}
