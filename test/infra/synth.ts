/**
 * Synthesizes the stack for assertions, fast: the built-in `aws:cdk:bundling-stacks`
 * context set to no stacks makes every NodejsFunction skip esbuild, and CDK's
 * built-in CloudFormation rule check (a WASM engine that takes seconds to load)
 * runs only when asked (`validate`), strictly: any finding fails the synth.
 * Route functions and tenants live in nested stacks; `templates` holds the
 * root's and theirs, `tenantTemplate` every tenant shard's resources as one.
 */
import fs from 'node:fs';
import path from 'node:path';
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { REPO_ROOT } from '../../infra/repo-root.js';
import { ProvisioningStack, type ProvisioningStackProps } from '../../infra/stack.js';
import { parseTenantConfig } from '../../infra/tenant-config.js';

/** The feature flags of `cdk.json`, so tests synthesize what `cdk synth` does. */
const cdkJsonContext = (JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'cdk.json'), 'utf8')) as { context: Record<string, unknown> }).context;

export interface Synthesized {
  app: App;
  stack: ProvisioningStack;
  /** The root stack's template. */
  template: Template;
  /** The root's template, each nested route stack's and each tenant shard's. */
  templates: Template[];
  /** Shard number → its template. */
  shards: Map<number, Template>;
  /** The resources and outputs of every tenant shard in one template (empty without tenants). */
  tenantTemplate: Template;
}

/** A stand-in for `console/dist`, so infra tests never need a console build. */
export const CONSOLE_STUB_DIR = path.join(REPO_ROOT, 'test/infra/fixtures/console-dist');

/** The console hosted from the stub build, for tests that synthesize the stack as `infra/app.ts` does. */
export const STUB_CONSOLE = { assetDir: CONSOLE_STUB_DIR, defaultTenantId: 'acme' } as const;

export interface SynthOptions {
  /** Run CDK's built-in CloudFormation rules (slow to load). */
  validate?: boolean;
  /** Write the cloud assembly here, with the path and asset metadata `cdk synth` writes. */
  outdir?: string;
}

/** The app and stack, not yet synthesized; `app.synth()` writes the assembly. */
export function buildApp(props: ProvisioningStackProps = {}, options: SynthOptions = {}): { app: App; stack: ProvisioningStack } {
  const cliMetadata = options.outdir ? { 'aws:cdk:enable-path-metadata': true, 'aws:cdk:enable-asset-metadata': true } : {};
  const app = new App({
    context: { ...cdkJsonContext, ...cliMetadata, 'aws:cdk:bundling-stacks': [], '@aws-cdk/core:strictCfnValidateErrors': true },
    builtinCloudFormationValidation: options.validate ?? false,
    outdir: options.outdir,
  });
  return { app, stack: new ProvisioningStack(app, 'Test', props) };
}

export function synth(props: ProvisioningStackProps = {}, options: SynthOptions = {}): Synthesized {
  const { app, stack } = buildApp(props, options);
  const template = Template.fromStack(stack);
  const shards = new Map([...stack.tenantShards].map(([shard, nested]) => [shard, Template.fromStack(nested)]));
  return {
    app,
    stack,
    template,
    templates: [template, ...stack.routeStacks.map((nested) => Template.fromStack(nested)), ...shards.values()],
    shards,
    tenantTemplate: mergedTemplate([...shards.values()]),
  };
}

/** One template holding the resources and outputs of `templates` (their logical ids are unique: each holds its tenant's id). */
function mergedTemplate(templates: readonly Template[]): Template {
  const parts = templates.map((t) => t.toJSON() as { Resources?: Record<string, unknown>; Outputs?: Record<string, unknown> });
  return Template.fromJSON(
    { Resources: Object.assign({}, ...parts.map((p) => p.Resources ?? {})), Outputs: Object.assign({}, ...parts.map((p) => p.Outputs ?? {})) },
    { skipCyclicalDependenciesCheck: true },
  );
}

type Resource = { Type: string; Properties: Record<string, unknown> };

/** Resources of a type across the root and nested stacks. */
export const resourcesOf = (templates: readonly Template[], type: string): Resource[] =>
  templates.flatMap((template) => Object.values(template.findResources(type)) as Resource[]);

/** Two tenants exercising both identity-provider kinds and a tenant sender. */
export const exampleTenants = (ids: readonly string[] = ['acme', 'globex']) =>
  parseTenantConfig(
    ids.map((id, index) =>
      index % 2 === 0
        ? {
            id,
            displayName: id,
            mode: 'scim',
            adminEmails: [`admin@${id}.example`],
            mailFrom: `no-reply@${id}.example`,
            sso: { type: 'saml', providerName: 'Entra', metadataUrl: `https://login.${id}.example/metadata.xml` },
          }
        : {
            id,
            displayName: id,
            mode: 'jit',
            adminEmails: [`admin@${id}.example`],
            ssoEnforced: true,
            sso: { type: 'oidc', providerName: 'Okta', issuer: `https://${id}.okta.example`, clientId: 'client', clientSecretArn: `${id}-okta-secret` },
          },
    ),
  );
