/**
 * `npm run synth`: runs `cdk synth` and says which stacks' templates changed
 * since the previous synth in `cdk.out`: the root, a route stack, or which
 * tenant shards. A deploy updates exactly those (CloudFormation leaves a nested
 * stack alone when its template and parameters are unchanged), so this is what
 * a deploy of the current tree will touch relative to the last synthesized one.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { REPO_ROOT } from './repo-root.js';

/** Stack name → SHA-256 of its template: the root under its own name, each nested stack under its construct id. */
export type TemplateDigests = Map<string, string>;

interface CfnTemplate {
  Resources?: Record<string, { Type: string; Metadata?: Record<string, unknown> }>;
}

const digest = (file: string) => createHash('sha256').update(fs.readFileSync(file)).digest('hex');

/** The digests of `stackName`'s template and of every nested stack it names, as synthesized into `outdir` (empty when absent). */
export function templateDigests(outdir: string, stackName: string): TemplateDigests {
  const digests: TemplateDigests = new Map();
  const rootFile = path.join(outdir, `${stackName}.template.json`);
  if (!fs.existsSync(rootFile)) return digests;
  digests.set(stackName, digest(rootFile));
  const root = JSON.parse(fs.readFileSync(rootFile, 'utf8')) as CfnTemplate;
  for (const resource of Object.values(root.Resources ?? {})) {
    if (resource.Type !== 'AWS::CloudFormation::Stack') continue;
    const file = resource.Metadata?.['aws:asset:path'];
    const cdkPath = resource.Metadata?.['aws:cdk:path'];
    if (typeof file !== 'string' || typeof cdkPath !== 'string') throw new Error(`A nested stack of ${stackName} has no asset path metadata`);
    // `Provisioning/TenantShard003.NestedStack/TenantShard003.NestedStackResource` → `TenantShard003`
    const name = cdkPath.split('/')[1]!.replace(/\.NestedStack$/, '');
    digests.set(name, digest(path.join(outdir, file)));
  }
  return digests;
}

export interface TemplateChanges {
  changed: string[];
  added: string[];
  removed: string[];
  unchanged: string[];
}

/** What differs between two synths, by stack name, each list sorted. */
export function compareDigests(before: TemplateDigests, after: TemplateDigests): TemplateChanges {
  const changes: TemplateChanges = { changed: [], added: [], removed: [], unchanged: [] };
  for (const [name, hash] of after) {
    const previous = before.get(name);
    if (previous === undefined) changes.added.push(name);
    else (previous === hash ? changes.unchanged : changes.changed).push(name);
  }
  for (const name of before.keys()) if (!after.has(name)) changes.removed.push(name);
  for (const list of Object.values(changes)) list.sort();
  return changes;
}

/** The report `npm run synth` prints. */
export function describeChanges(changes: TemplateChanges, hadPrevious: boolean): string {
  if (!hadPrevious) return 'No previous synth in cdk.out to compare with: every template is new.';
  const shards = (names: string[]) => names.filter((n) => n.startsWith('TenantShard'));
  const lines = [
    `Templates changed since the previous synth: ${changes.changed.length ? changes.changed.join(', ') : 'none'}`,
    ...(changes.added.length ? [`New stacks: ${changes.added.join(', ')}`] : []),
    ...(changes.removed.length ? [`Stacks no longer synthesized: ${changes.removed.join(', ')}`] : []),
    `Tenant shards: ${shards(changes.changed).length} changed, ${shards(changes.added).length} new, ${shards(changes.removed).length} removed, ${shards(changes.unchanged).length} unchanged`,
  ];
  return lines.join('\n');
}

function main(): void {
  const outdir = path.join(REPO_ROOT, 'cdk.out');
  const stackName = process.env.STACK_NAME ?? 'Provisioning';
  const before = templateDigests(outdir, stackName);
  const result = spawnSync(path.join(REPO_ROOT, 'node_modules/.bin/cdk'), ['synth', '--quiet', ...process.argv.slice(2)], {
    cwd: REPO_ROOT,
    stdio: 'inherit',
    env: { ...process.env, CDK_DISABLE_VERSION_CHECK: '1' },
  });
  if (result.status !== 0) process.exit(result.status ?? 1);
  process.stdout.write(`${describeChanges(compareDigests(before, templateDigests(outdir, stackName)), before.size > 0)}\n`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) main();
