/**
 * Every cdk-nag (AwsSolutions) finding this stack accepts, each placed on the
 * narrowest construct it concerns with the reason it is right there. Nothing is
 * acknowledged stack-wide: a new resource with the same finding fails the test.
 */
import { Stack, Validations, type CfnElement } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';
import type { AuthKind } from '../../shared/auth/auth-kind.js';

export const RUNTIME_REASON =
  'Node.js 22 is the runtime the service is built and tested for (nodejs22.x; code also runs on Node 20 locally); moving to a newer runtime is a deliberate upgrade step (docs/deploy.md, Upgrading), not a silent default.';

export const WILDCARD_REASON =
  'Only actions without resource-level permissions get "*": xray:PutTraceSegments and xray:PutTelemetryRecords, and for stream consumers dynamodb:ListStreams (added by the DynamoDB event source). Every other statement names its table, index, log group, user pool or SES identity.';

const ROUTE_AUTH_REASONS: Record<AuthKind | 'fallback', string> = {
  scim: "SCIM route: the HTTP kit authenticates the tenant's SCIM bearer token (hashed lookup, tenant bound to the path) in the function; an API Gateway authorizer cannot do this without a second table read per request.",
  admin:
    "Admin route: the HTTP kit accepts a PAT or the tenant pool's Cognito JWT and refuses non-admins and deactivated users in the function; pools are per tenant, so one JWT authorizer cannot serve the route.",
  user: "User route: the HTTP kit accepts a PAT or the tenant pool's Cognito JWT and refuses deactivated users in the function; pools are per tenant, so one JWT authorizer cannot serve the route.",
  public:
    'Public by design: the caller has no credential yet (health check, sign-in options, start and callback, accepting an invite or resetting a password with a single-use secret from mail).',
  fallback: 'The $default route only answers 404 or 405 in the right envelope; it reads nothing and changes nothing.',
};

const acknowledge = (scope: IConstruct, id: string, reason: string) => Validations.of(scope).acknowledge({ id: `AwsSolutions-${id}`, reason });

export const acknowledgeFunction = (fn: IConstruct) => acknowledge(fn, 'L1', RUNTIME_REASON);
export const acknowledgeFunctionRole = (role: IConstruct) => acknowledge(role, 'IAM5[Resource::*]', WILDCARD_REASON);
export const acknowledgeRouteAuth = (route: IConstruct, auth: AuthKind | 'fallback') => acknowledge(route, 'APIG4', ROUTE_AUTH_REASONS[auth]);

/** The wildcard ARNs a role gets for tenant resources (constructs/function-role.ts), reached by the deployment tag. */
export function acknowledgeTenantResourcePatterns(role: IConstruct, grants: { pools: boolean; senders: boolean }): void {
  const byTag =
    "Tenant pools and senders are reached by ARN pattern plus the deployment tag (aws:ResourceTag/provisioning:deployment), not listed: a thousand tenants' ARNs would outgrow the role's 10,240-character policy (docs/architecture.md, Limits).";
  if (grants.pools) acknowledge(role, 'IAM5[Resource::arn:<AWS::Partition>:cognito-idp:<AWS::Region>:<AWS::AccountId>:userpool/*]', byTag);
  if (grants.senders) {
    acknowledge(role, 'IAM5[Resource::arn:<AWS::Partition>:ses:<AWS::Region>:<AWS::AccountId>:identity/*]', byTag);
    acknowledge(role, 'IAM5[Resource::arn:<AWS::Partition>:ses:<AWS::Region>:<AWS::AccountId>:configuration-set/*]', byTag);
  }
}

export function acknowledgeSigningKey(secret: IConstruct): void {
  acknowledge(
    secret,
    'SMG4',
    'The signing key HMACs invite links and pagination cursors; rotating it invalidates every outstanding invite, so it is rotated by hand as docs/deploy.md describes, not on a schedule.',
  );
}

export function acknowledgeDeadLetterQueue(queue: IConstruct): void {
  acknowledge(queue, 'SQS3', 'This queue is itself the dead-letter queue of the table-stream consumers; the DeadLetters alarm watches it.');
}

export function acknowledgeUserPool(pool: IConstruct, threatProtection: boolean): void {
  acknowledge(
    pool,
    'COG2',
    'MFA is optional (TOTP) rather than required: federated users do MFA at their IdP, and requiring it here would lock out a break-glass admin who has not enrolled yet.',
  );
  if (!threatProtection) {
    acknowledge(
      pool,
      'COG8',
      'Threat protection needs the Plus plan (priced per monthly active user); the deployment turns it on with the threatProtection setting (docs/deploy.md). Essentials is kept for V2 pre-token-generation.',
    );
  }
}

/** The CDK custom-resource Provider's framework function: its role, runtime and policy are chosen by CDK. */
export function acknowledgeProviderFramework(provider: IConstruct, onEventFunction: IConstruct & { node: { defaultChild?: IConstruct } }): void {
  const stack = Stack.of(provider);
  const fnLogicalId = stack.resolve(stack.getLogicalId(onEventFunction.node.defaultChild as CfnElement)) as string;
  acknowledge(
    provider,
    'IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
    'The CDK custom-resource provider framework function uses AWSLambdaBasicExecutionRole for its own logs; CDK does not let it be replaced.',
  );
  acknowledge(
    provider,
    `IAM5[Resource::<${fnLogicalId}.Arn>:*]`,
    'The CDK provider framework invokes the seed function by ARN and its versions ("<arn>:*"); CDK writes this statement.',
  );
  acknowledge(provider, 'L1', 'The runtime of the CDK provider framework function is chosen by aws-cdk-lib and upgraded with it.');
}

/** The console's hosting (constructs/console-hosting.ts): its distribution and the function CDK makes for BucketDeployment. */
export function acknowledgeConsoleHosting(parts: { distribution: IConstruct; siteBucket: IConstruct; deploymentRole: IConstruct }): void {
  const { distribution, siteBucket, deploymentRole } = parts;
  acknowledge(
    distribution,
    'CFR1',
    'No geo restriction: tenant admins work from anywhere; who may do what is decided by sign-in, and the API paths behind the console authenticate every request.',
  );
  acknowledge(
    distribution,
    'CFR2',
    'No web ACL by default: the static console has nothing to protect, and its API paths reach API Gateway, which throttles per route and whose functions authenticate every call; a deployment may attach a WAF web ACL (priced per request), see docs/console.md.',
  );
  acknowledge(
    distribution,
    'CFR4',
    'Without a custom domain the distribution serves the default *.cloudfront.net certificate, whose TLS policy AWS fixes; with consoleDomainName and consoleCertificateArn it gets TLSv1.2_2021 as the minimum (docs/console.md).',
  );
  acknowledge(
    deploymentRole,
    'IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
    'The role of the function CDK writes for BucketDeployment (copying the console build into its bucket) uses AWSLambdaBasicExecutionRole for its logs; CDK does not let it be replaced.',
  );
  const deploymentWildcards =
    'BucketDeployment\'s function reads the CDK asset bucket, writes the console bucket\'s objects and invalidates the distribution; CDK grants these with object wildcards on those two buckets and cloudfront invalidation on "*" (no resource-level permission there).';
  for (const finding of [
    'Action::s3:GetBucket*',
    'Action::s3:GetObject*',
    'Action::s3:List*',
    'Action::s3:Abort*',
    'Action::s3:DeleteObject*',
    'Resource::arn:<AWS::Partition>:s3:::cdk-hnb659fds-assets-<AWS::AccountId>-<AWS::Region>/*',
    `Resource::<${Stack.of(siteBucket).resolve(Stack.of(siteBucket).getLogicalId(siteBucket.node.defaultChild as CfnElement)) as string}.Arn>/*`,
    'Resource::*',
  ]) {
    acknowledge(deploymentRole, `IAM5[${finding}]`, deploymentWildcards);
  }
  acknowledge(
    deploymentRole.node.scope!,
    'L1',
    'The runtime of the function CDK writes for BucketDeployment is chosen by aws-cdk-lib and moves with it; it runs only during deploys.',
  );
}
