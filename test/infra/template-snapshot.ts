/**
 * The deployed template, recorded: for two configurations (the bare stack and
 * one with every option on), every stack's resources by logical id with their
 * type and a digest of their whole definition (properties, dependencies,
 * policies, metadata), and its outputs, parameters and conditions likewise.
 * `template-snapshot.test.ts` compares a fresh synth with the recording, so a
 * refactor of the CDK code that renames a logical id (which makes
 * CloudFormation replace the resource: a new, empty table or user pool) or
 * changes a property fails. Digests rather than the templates themselves: the
 * templates weigh over a megabyte, and one line per resource makes a deliberate
 * change's fixture diff name exactly the resources it touches.
 *
 * Asset hashes are masked before digesting: they follow the bundled source and
 * the nested templates' bytes, not the stack's shape.
 *
 * `npx tsx test/infra/template-snapshot.ts --write` records it again, for a
 * change to the template that is meant (review the diff of the fixture).
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { ProvisioningStackProps } from '../../infra/stack.js';
import { ROOT_SHARD } from '../../infra/tenant-shards.js';
import { exampleTenants, STUB_CONSOLE, synth } from './synth.js';

export const SNAPSHOT_FILE = path.join(import.meta.dirname, 'fixtures/template-snapshot.json');

/** Configuration name → the stack's props. */
export const SNAPSHOT_CONFIGURATIONS: Readonly<Record<string, ProvisioningStackProps>> = {
  bare: {},
  everything: {
    // One tenant kept in the root (a deployment older than shards), one in a shard.
    tenants: exampleTenants(['acme', 'globex']),
    tenantShards: { acme: ROOT_SHARD, globex: 1 },
    mailFrom: 'no-reply@service.example',
    logLevel: 'DEBUG',
    corsAllowedOrigins: ['https://console.example.com'],
    customDomain: { domainName: 'api.example.com', certificateArn: 'arn:aws:acm:eu-west-1:111122223333:certificate/api' },
    alarmEmail: 'ops@example.com',
    threatProtection: true,
    console: { ...STUB_CONSOLE, domain: { domainName: 'console.example.com', certificateArn: 'arn:aws:acm:us-east-1:111122223333:certificate/console' } },
  },
};

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** A 64-hex asset hash anywhere in a string (S3 keys, nested template URLs, asset metadata). */
const ASSET_HASH = /[0-9a-f]{64}/g;

const masked = (value: Json): Json => {
  if (typeof value === 'string') return value.replace(ASSET_HASH, '<asset-hash>');
  if (Array.isArray(value)) return value.map(masked);
  if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, masked(item)]));
  return value;
};

/** JSON with every object's keys sorted, so a digest does not depend on insertion order. */
const canonical = (value: Json): string => {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const keys = Object.keys(value).sort();
    return `{${keys.map((key) => `${JSON.stringify(key)}:${canonical(value[key]!)}`).join(',')}}`;
  }
  return JSON.stringify(value);
};

const digest = (value: Json): string =>
  createHash('sha256')
    .update(canonical(masked(value)))
    .digest('hex')
    .slice(0, 16);

/** Section (`Resources`, `Outputs`...) → entry name → digest (resources: `Type digest`); scalar sections by digest. */
export type TemplateDigest = Record<string, string | Record<string, string>>;

function templateDigest(template: Record<string, Json>): TemplateDigest {
  return Object.fromEntries(
    Object.entries(template).map(([section, body]) => {
      if (body === null || typeof body !== 'object' || Array.isArray(body)) return [section, digest(body)];
      const entries = Object.entries(body).map(([name, entry]): [string, string] => {
        const type = section === 'Resources' && entry !== null && typeof entry === 'object' && !Array.isArray(entry) ? entry.Type : undefined;
        return [name, typeof type === 'string' ? `${type} ${digest(entry)}` : digest(entry)];
      });
      return [section, Object.fromEntries(entries.sort(([a], [b]) => (a < b ? -1 : 1)))];
    }),
  );
}

/** Every stack of one synth (the root as `root`, nested stacks by construct id) → its digest. */
export function templateSnapshot(props: ProvisioningStackProps): Record<string, TemplateDigest> {
  const { stack, templates } = synth(props);
  const names = ['root', ...[...stack.routeStacks, ...stack.tenantShards.values()].map((nested) => nested.node.id)];
  return Object.fromEntries(templates.map((template, index) => [names[index]!, templateDigest(template.toJSON() as Record<string, Json>)]));
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href && process.argv.includes('--write')) {
  const snapshot = Object.fromEntries(Object.entries(SNAPSHOT_CONFIGURATIONS).map(([name, props]) => [name, templateSnapshot(props)]));
  fs.writeFileSync(SNAPSHOT_FILE, `${JSON.stringify(snapshot, null, 1)}\n`);
  console.log(`${path.relative(process.cwd(), SNAPSHOT_FILE)}: ${(fs.statSync(SNAPSHOT_FILE).size / 1024).toFixed(0)} KiB`);
}
