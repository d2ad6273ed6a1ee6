/**
 * Every function of the service is built here, so all share one runtime, one
 * bundling recipe (`infra/bundling.ts`, also what the bundle test builds), a log
 * group of their own, X-Ray active tracing and a role of their own that allows
 * exactly what `function-permissions.ts` declares for them. Node 22 on arm64,
 * bundled by the locally installed esbuild (never Docker).
 */
import path from 'node:path';
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import { Architecture, CfnFunction, Runtime } from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import { BUNDLE } from '../bundling.js';
import { FUNCTION_MEMORY_MB } from '../function-settings.js';
import { permissionsOf, type FunctionPermissions } from '../function-permissions.js';
import { REPO_ROOT } from '../repo-root.js';
import { functionRole, tenantGrants, type GrantableResources } from './function-role.js';
import { acknowledgeFunction, acknowledgeFunctionRole, acknowledgeTenantResourcePatterns } from './nag-acknowledgements.js';

export interface ServiceFunctionProps {
  /** The function's name in its table (route, trigger, consumer) or function-permissions.ts: it selects the permissions. */
  name: string;
  /** Handler module relative to the repository root (as the tables name it). */
  handler: string;
  description: string;
  timeoutSeconds: number;
  environment: Record<string, string>;
  resources: GrantableResources;
  /** Overrides the function-permissions.ts entry (tests with fixture routes). */
  permissions?: FunctionPermissions;
}

/** A function with the service's runtime, bundling, tracing, a log group (one month) and a least-privilege role of its own. */
export function serviceFunction(scope: Construct, id: string, props: ServiceFunctionProps): NodejsFunction {
  const logGroup = new LogGroup(scope, `${id}Logs`, {
    retention: RetentionDays.ONE_MONTH,
    removalPolicy: RemovalPolicy.DESTROY,
  });
  const permissions = props.permissions ?? permissionsOf(props.name);
  const role = functionRole(scope, `${id}Role`, {
    description: `${props.name}: ${props.description}`.slice(0, 1000),
    permissions,
    logGroup,
    resources: props.resources,
  });
  const fn = new NodejsFunction(scope, id, {
    entry: path.join(REPO_ROOT, props.handler),
    handler: 'handler',
    projectRoot: REPO_ROOT,
    depsLockFilePath: path.join(REPO_ROOT, 'package-lock.json'),
    runtime: Runtime.NODEJS_22_X,
    architecture: Architecture.ARM_64,
    memorySize: FUNCTION_MEMORY_MB,
    timeout: Duration.seconds(props.timeoutSeconds),
    description: props.description,
    role,
    logGroup,
    environment: { NODE_OPTIONS: '--enable-source-maps', ...props.environment },
    bundling: {
      format: OutputFormat.ESM,
      target: BUNDLE.target,
      mainFields: [...BUNDLE.mainFields],
      minify: BUNDLE.minify,
      sourceMap: BUNDLE.sourceMap,
      sourcesContent: BUNDLE.sourcesContent,
      externalModules: [],
      banner: BUNDLE.banner,
      forceDockerBundling: false,
    },
  });
  // Set on the L1 rather than `tracing: ACTIVE`, which would add a second IAM resource per function
  // for the X-Ray statement the role's inline policy already holds.
  (fn.node.defaultChild as CfnFunction).tracingConfig = { mode: 'Active' };
  acknowledgeFunction(fn);
  acknowledgeFunctionRole(role);
  acknowledgeTenantResourcePatterns(role, tenantGrants(permissions, props.resources));
  return fn;
}
