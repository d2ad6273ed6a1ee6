/**
 * The tag that marks a deployment's tenant resources (constructs/tenant-shard.ts
 * puts it on every tenant pool and SES sender). The functions' roles reach those
 * resources by it (constructs/function-role.ts) instead of listing them, so
 * their policies stay the same size at two tenants and at a thousand.
 */
import { Stack } from 'aws-cdk-lib';
import type { Construct } from 'constructs';

export interface DeploymentTag {
  key: string;
  /** The root stack's name: two deployments in one account never reach each other's pools. */
  value: string;
}

export const DEPLOYMENT_TAG_KEY = 'provisioning:deployment';

/** The resource types that carry the tag: what the roles reach by it, and nothing else. */
export const TAGGED_RESOURCE_TYPES = ['AWS::Cognito::UserPool', 'AWS::SES::EmailIdentity', 'AWS::SES::ConfigurationSet'] as const;

/** Every user pool of this account and region: `arn:<partition>:cognito-idp:<region>:<account>:userpool/*` (pool ids are random). */
export const userPoolArnPattern = (scope: Construct): string => Stack.of(scope).formatArn({ service: 'cognito-idp', resource: 'userpool', resourceName: '*' });
