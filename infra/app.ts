/**
 * The CDK app (`npx cdk synth`): one env-agnostic stack, so synth needs no AWS
 * account or network. Deploy-time settings come from context
 * (`-c mailFrom=... -c publicApiUrl=...`, see docs/deploy.md); tenants from
 * `tenants.ts`. cdk-nag's AwsSolutions pack runs on every synth: an
 * unacknowledged finding fails it.
 */
import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { ProvisioningStack } from './stack.js';
import { parseTenantConfig } from './tenant-config.js';
import { tenants } from './tenants.js';

const app = new App();
const context = (key: string): string | undefined => {
  const value: unknown = app.node.tryGetContext(key);
  return typeof value === 'string' && value !== '' ? value : undefined;
};
const list = (key: string): string[] | undefined =>
  context(key)
    ?.split(',')
    .map((item) => item.trim())
    .filter(Boolean);

const domainName = context('domainName');
const certificateArn = context('certificateArn');
if (!domainName !== !certificateArn) throw new Error('A custom domain needs both -c domainName=... and -c certificateArn=...');

new ProvisioningStack(app, 'Provisioning', {
  description: 'Serverless user provisioning: SCIM 2.0 server, admin API, Cognito triggers',
  tenants: parseTenantConfig(tenants),
  mailFrom: context('mailFrom'),
  publicApiUrl: context('publicApiUrl'),
  corsAllowedOrigins: list('corsAllowedOrigins'),
  customDomain: domainName && certificateArn ? { domainName, certificateArn } : undefined,
  alarmEmail: context('alarmEmail'),
  threatProtection: context('threatProtection') === 'true',
});

Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
app.synth();
