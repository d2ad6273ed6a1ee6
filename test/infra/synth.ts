/**
 * Synthesizes the stack for assertions, fast: the built-in `aws:cdk:bundling-stacks`
 * context set to no stacks makes every NodejsFunction skip esbuild, and CDK's
 * built-in CloudFormation rule check (a WASM engine that takes seconds to load)
 * runs only when asked (`validate`), strictly: any finding fails the synth.
 * Route functions live in nested stacks; `templates` holds the root's and theirs.
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
  /** The root's template and each nested route stack's. */
  templates: Template[];
}

/** A stand-in for `console/dist`, so infra tests never need a console build. */
export const CONSOLE_STUB_DIR = path.join(REPO_ROOT, 'test/infra/fixtures/console-dist');

/** The console hosted from the stub build, for tests that synthesize the stack as `infra/app.ts` does. */
export const STUB_CONSOLE = { assetDir: CONSOLE_STUB_DIR, defaultTenantId: 'acme' } as const;

export function synth(props: ProvisioningStackProps = {}, options: { validate?: boolean } = {}): Synthesized {
  const app = new App({
    context: { ...cdkJsonContext, 'aws:cdk:bundling-stacks': [], '@aws-cdk/core:strictCfnValidateErrors': true },
    builtinCloudFormationValidation: options.validate ?? false,
  });
  const stack = new ProvisioningStack(app, 'Test', props);
  const template = Template.fromStack(stack);
  return { app, stack, template, templates: [template, ...stack.routeStacks.map((nested) => Template.fromStack(nested))] };
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
