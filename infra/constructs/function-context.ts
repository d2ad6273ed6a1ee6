/**
 * What every function of the service shares: its environment (table, signing
 * key, public URL, sender, log level, CORS origins) and the resources its role
 * may be granted. Constructs built later add to both (the event bus, webhook
 * delivery), so the functions built after them see the additions.
 *
 * Built in the stack's own scope rather than as a construct of its own, like
 * every concern of `ProvisioningStack`: a logical id is derived from the
 * construct path, so a wrapping construct would rename the signing key and make
 * CloudFormation replace it (test/infra/template-snapshot.test.ts holds the ids).
 */
import type { Stack } from 'aws-cdk-lib';
import type { Table } from 'aws-cdk-lib/aws-dynamodb';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import type { TenantConfig } from '../tenant-config.js';
import { DEPLOYMENT_TAG_KEY, type DeploymentTag } from './deployment-tag.js';
import { senderIdentityArns, type GrantableResources } from './function-role.js';
import { acknowledgeSigningKey } from './nag-acknowledgements.js';

/** The service's sender when the deployment names none. */
export const DEFAULT_MAIL_FROM = 'no-reply@example.com';

export interface FunctionContextProps {
  table: Table;
  /** The API's public base URL (the custom domain, or the API's own endpoint). */
  publicApiUrl: string;
  mailFrom?: string;
  logLevel?: 'DEBUG' | 'INFO' | 'WARN' | 'ERROR';
  corsAllowedOrigins?: readonly string[];
  tenants: readonly TenantConfig[];
}

export class FunctionContext {
  /** Every function's environment variables (shared: later constructs add theirs). */
  readonly environment: Record<string, string>;
  /** What the functions' roles may name (shared: later constructs add theirs). */
  readonly resources: GrantableResources;
  /** The tag every tenant pool and tenant sender carries, which the roles name. */
  readonly deploymentTag: DeploymentTag;

  constructor(stack: Stack, props: FunctionContextProps) {
    // Generated once, kept across deploys: rotating it invalidates invite links and cursors.
    const signingKey = new Secret(stack, 'SigningKey', {
      description: 'HMAC key for invite links and pagination cursors',
      generateSecretString: { passwordLength: 64, excludePunctuation: true },
    });
    acknowledgeSigningKey(signingKey);

    const mailFrom = props.mailFrom ?? DEFAULT_MAIL_FROM;
    this.environment = {
      TABLE_NAME: props.table.tableName,
      // A CloudFormation dynamic reference: resolved at deploy into the function's
      // (KMS-encrypted) configuration, so no function calls Secrets Manager at cold start.
      SIGNING_KEY: signingKey.secretValue.unsafeUnwrap(),
      PUBLIC_API_URL: props.publicApiUrl,
      MAIL_FROM: mailFrom,
      LOG_LEVEL: props.logLevel ?? 'INFO',
      ...(props.corsAllowedOrigins?.length ? { CORS_ALLOWED_ORIGINS: props.corsAllowedOrigins.join(',') } : {}),
    };
    this.deploymentTag = { key: DEPLOYMENT_TAG_KEY, value: stack.stackName };
    this.resources = {
      table: props.table,
      tenantTag: props.tenants.length > 0 ? this.deploymentTag : undefined,
      tenantSenders: props.tenants.some((t) => t.mailFrom !== undefined),
      senderIdentityArns: senderIdentityArns(stack, [mailFrom]),
    };
  }
}
