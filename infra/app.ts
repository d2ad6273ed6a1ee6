/**
 * The CDK app (`npx cdk synth`): one env-agnostic stack, so synth needs no AWS
 * account or network; it needs the console's build (`npm run console:build`,
 * which `npm run synth` runs first). Deploy-time settings come from context
 * (`-c mailFrom=... -c publicApiUrl=...`, see docs/deploy.md); tenants from
 * `tenants.ts`, their shards from `tenant-shards.json`, which synth updates
 * when a tenant is added or removed (commit it with `tenants.ts`). cdk-nag's AwsSolutions pack runs on every synth: an
 * unacknowledged finding fails it.
 */
import fs from 'node:fs';
import path from 'node:path';
import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { ProvisioningStack } from './stack.js';
import { REPO_ROOT } from './repo-root.js';
import { parseTenantConfig } from './tenant-config.js';
import { keepInRoot, planShards, readShardAssignment, writeShardAssignment, type ShardAssignment } from './tenant-shards.js';
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

// The console is built before synth (`npm run synth` runs `npm run console:build` first); -c console=false leaves it out.
const consoleDir = path.join(REPO_ROOT, 'console', 'dist');
const hostConsole = context('console') !== 'false';
if (hostConsole && !fs.existsSync(path.join(consoleDir, 'index.html'))) {
  throw new Error(`The console is not built (${consoleDir}/index.html is missing): run npm run console:build, or synth with -c console=false`);
}
const consoleDomainName = context('consoleDomainName');
const consoleCertificateArn = context('consoleCertificateArn');
if (!consoleDomainName !== !consoleCertificateArn)
  throw new Error('A console domain needs both -c consoleDomainName=... and -c consoleCertificateArn=... (in us-east-1)');

const domainName = context('domainName');
const certificateArn = context('certificateArn');
if (!domainName !== !certificateArn) throw new Error('A custom domain needs both -c domainName=... and -c certificateArn=...');

// Where each tenant lives is recorded, never recomputed: a tenant that moved shards would get a new, empty pool.
const tenantConfigs = parseTenantConfig(tenants);
const shardsFile = path.join(REPO_ROOT, 'infra', 'tenant-shards.json');
const shards = planShards(
  tenantConfigs.map((t) => t.id),
  firstPlacement(readShardAssignment(shardsFile)),
);
if (shards.placed.length > 0 || shards.released.length > 0) {
  writeShardAssignment(shardsFile, shards.assignment);
  for (const { tenantId, shard } of shards.placed) process.stderr.write(`tenant ${tenantId}: placed in shard ${shard}\n`);
  for (const { tenantId, shard } of shards.released) process.stderr.write(`tenant ${tenantId}: removed from shard ${shard}\n`);
  process.stderr.write(`${path.relative(REPO_ROOT, shardsFile)} updated: commit it with infra/tenants.ts\n`);
}

new ProvisioningStack(app, 'Provisioning', {
  description: 'Serverless user provisioning: SCIM 2.0 server, admin API, Cognito triggers',
  tenants: tenantConfigs,
  tenantShards: shards.assignment,
  mailFrom: context('mailFrom'),
  publicApiUrl: context('publicApiUrl'),
  corsAllowedOrigins: list('corsAllowedOrigins'),
  customDomain: domainName && certificateArn ? { domainName, certificateArn } : undefined,
  alarmEmail: context('alarmEmail'),
  threatProtection: context('threatProtection') === 'true',
  console: hostConsole
    ? {
        assetDir: consoleDir,
        defaultTenantId: context('consoleDefaultTenantId'),
        domain: consoleDomainName && consoleCertificateArn ? { domainName: consoleDomainName, certificateArn: consoleCertificateArn } : undefined,
      }
    : undefined,
});

/**
 * Nothing recorded yet while tenants exist: either a new deployment's first
 * tenants, or a deployment made before shards, whose tenants live in the root
 * stack. Only the operator knows which, and guessing wrong would replace pools,
 * so synth asks once (docs/tenants.md, Adopting shards).
 */
function firstPlacement(recorded: ShardAssignment): ShardAssignment {
  if (Object.keys(recorded).length > 0 || tenantConfigs.length === 0) return recorded;
  const placement = context('placeTenants');
  if (placement === 'shards') return recorded;
  if (placement === 'root') return keepInRoot(tenantConfigs.map((t) => t.id));
  throw new Error(
    'infra/tenant-shards.json records no tenant yet. Synth once with -c placeTenants=shards for a new deployment, ' +
      'or -c placeTenants=root for a deployment made before tenant shards (its tenants stay in the root stack, unchanged); see docs/tenants.md.',
  );
}

Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
app.synth();
