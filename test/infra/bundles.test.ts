/**
 * Offline: builds every function bundle in-process with the recipe CDK deploys
 * (infra/bundling.ts) — one esbuild call for all entries, so shared modules are
 * parsed once — and checks what each bundle holds (esbuild's metafile):
 * a byte budget, no other function's handler module, and an AWS client only
 * where function-permissions.ts lets the function call that service.
 * Byte counts are deterministic; nothing here measures time.
 */
import path from 'node:path';
import { build, type Metafile } from 'esbuild';
import { beforeAll, describe, expect, it } from 'vitest';
import { routes } from '../../shared/http/route-table.js';
import { streamConsumers } from '../../shared/streams/stream-consumers.js';
import { triggers } from '../../shared/triggers/trigger-table.js';
import { BUNDLE_BUDGET_BYTES, esbuildOptions } from '../../infra/bundling.js';
import { FALLBACK_HANDLER } from '../../infra/constructs/api-routes.js';
import { SWEEPER_HANDLER } from '../../infra/constructs/outbox-sweeper.js';
import { SEED_HANDLER } from '../../infra/constructs/tenant-pools.js';
import { permissionsOf } from '../../infra/function-permissions.js';
import { REPO_ROOT } from '../../infra/repo-root.js';

/** Function name → handler module, for every function the stack deploys. */
const functions: Array<{ name: string; handler: string }> = [
  ...[...routes, ...triggers, ...streamConsumers].map(({ name, handler }) => ({ name, handler })),
  { name: 'route.fallback', handler: FALLBACK_HANDLER },
  { name: 'tenant.seed', handler: SEED_HANDLER },
  { name: 'outbox.sweeper', handler: SWEEPER_HANDLER },
];
const handlers = [...new Set(functions.map((f) => f.handler))];
const outName = (handler: string) => handler.replace(/\.ts$/, '');

interface Bundle {
  bytes: number;
  inputs: string[];
}
const bundles = new Map<string, Bundle>();

beforeAll(async () => {
  const result = await build({
    ...esbuildOptions(),
    // Not measured: the maps. Without them each deployed file loses only its last
    // line (the map's URL, some 35 bytes), and the build takes a fifth less time.
    sourcemap: false,
    absWorkingDir: REPO_ROOT,
    entryPoints: Object.fromEntries(handlers.map((handler) => [outName(handler), handler])),
    outdir: path.join(REPO_ROOT, 'cdk.out', 'bundle-test'),
    write: false,
    metafile: true,
    logLevel: 'silent',
  });
  const outputs = (result.metafile as Metafile).outputs;
  for (const [file, output] of Object.entries(outputs)) {
    if (!output.entryPoint) continue;
    bundles.set(output.entryPoint, { bytes: output.bytes, inputs: Object.keys(output.inputs) });
    expect(file.endsWith('.js')).toBe(true);
  }
}, 600_000);

const holds = (bundle: Bundle, pkg: string) => bundle.inputs.some((input) => input.includes(`node_modules/${pkg}/`));

describe('function bundles', () => {
  it('are built for every handler module', () => {
    expect([...bundles.keys()].sort()).toEqual([...handlers].sort());
  });

  it.each(handlers)('%s stays within the byte budget', (handler) => {
    const bundle = bundles.get(handler)!;
    expect(bundle.bytes).toBeGreaterThan(0);
    expect(bundle.bytes).toBeLessThanOrEqual(BUNDLE_BUDGET_BYTES);
  });

  // A module may re-export another (teams/managers.ts is members.ts, whose contract serves both routes);
  // what a bundle must not hold is a handler module that does not serve the bundle's own routes.
  it.each(functions)("$name includes no other route's handler module", async ({ name, handler }) => {
    const foreign = bundles.get(handler)!.inputs.filter((input) => input !== handler && handlers.includes(input));
    const servesOthers: string[] = [];
    for (const module of foreign) {
      const imported = (await import(path.join(REPO_ROOT, module))) as { handler?: { contract?: { routes?: readonly string[] } } };
      if (!imported.handler?.contract?.routes?.includes(name)) servesOthers.push(module);
    }
    expect(servesOthers).toEqual([]);
  });

  it('lets a re-exporting module carry only the module it re-exports', () => {
    const managers = routes.find((r) => r.name === 'teams.managers')!.handler;
    const members = routes.find((r) => r.name === 'teams.members')!.handler;
    expect(
      bundles
        .get(managers)!
        .inputs.filter((input) => handlers.includes(input))
        .sort(),
    ).toEqual([managers, members].sort());
  });

  it('carry a Cognito or SES client exactly where the function may call that service', () => {
    const mismatches = functions.flatMap(({ name, handler }) => {
      const bundle = bundles.get(handler)!;
      const permissions = permissionsOf(name);
      const problems: string[] = [];
      if (holds(bundle, '@aws-sdk/client-cognito-identity-provider') !== Boolean(permissions.cognito?.length)) problems.push(`${name}: Cognito`);
      if (holds(bundle, '@aws-sdk/client-ses') !== Boolean(permissions.sendMail)) problems.push(`${name}: SES`);
      if (holds(bundle, '@aws-sdk/client-dynamodb') !== (permissions.table !== 'none') && name !== 'service.health' && name !== 'route.fallback') {
        problems.push(`${name}: DynamoDB`);
      }
      return problems;
    });
    expect(mismatches).toEqual([]);
  });

  // `import { z }` binds zod's whole namespace object, locales included (~360 KiB of 64 languages
  // nobody reads); `import * as z` lets esbuild keep only what is used. Cold start pays for every byte.
  it("carry none of zod's locale files but English", () => {
    const withLocales = [...bundles].filter(([, b]) => b.inputs.some((i) => i.includes('node_modules/zod/v4/locales/') && !i.endsWith('/en.js')));
    expect(withLocales.map(([handler]) => handler)).toEqual([]);
  });

  // Classic zod hangs every method on every schema, so a bundle holds all of it (~85 KiB, ~14 ms of
  // each cold start); schemas come from shared/validation/zod.ts, which is zod/mini.
  it('carry zod/mini, never classic zod', () => {
    const withClassic = [...bundles].filter(([, b]) => b.inputs.some((i) => i.includes('node_modules/zod/v4/classic/')));
    expect(withClassic.map(([handler]) => handler)).toEqual([]);
  });

  // Each API's route kit brings only its own authenticator: a SCIM function never verifies a JWT or a
  // PAT, so it carries none of that code (~50 KiB of every SCIM cold start), and no admin route the SCIM one.
  it("carry the credential code of their own routes' auth kind only", () => {
    const userAuth = ['shared/auth/user-auth.ts', 'shared/auth/cognito-jwt.ts', 'shared/auth/direct-client-jwt.ts'];
    const wrong = routes.flatMap(({ name, handler, auth }) => {
      const bundle = bundles.get(handler)!;
      const found = [...userAuth, 'shared/auth/scim-client-auth.ts', 'shared/auth/authenticate.ts'].filter((f) => bundle.inputs.includes(f));
      if (holds(bundle, 'aws-jwt-verify')) found.push('aws-jwt-verify');
      const expected = auth === 'scim' ? ['shared/auth/scim-client-auth.ts'] : [...userAuth, 'aws-jwt-verify'];
      return found.sort().join() === expected.sort().join() ? [] : [`${name} (${auth}): ${found.join(', ')}`];
    });
    expect(wrong).toEqual([]);
  });

  it('are tree-shaken: a route that sends no mail carries no mail rendering', () => {
    const usersGet = bundles.get(routes.find((r) => r.name === 'users.get')!.handler)!;
    expect(usersGet.inputs.filter((input) => input.startsWith('shared/mail/'))).toEqual([]);
    expect(holds(usersGet, 'jose')).toBe(false);
  });
});
