/**
 * Benchmark 4: cold start of every function bundle. Each bundle is built with
 * the deployed recipe (`infra/bundling.ts`), then loaded in a fresh Node process
 * that invokes it once (bench/cold/probe.ts). The floor is a handler importing
 * only the DynamoDB client and doing one GetItem, built and run the same way.
 * Runs are interleaved (every bundle once, then again) so a burst of load on
 * the machine spreads over all bundles instead of landing on one. Every ratio
 * divides by the floor, so the floor runs after every few bundles of each round:
 * its median rests on many samples spread over the whole run, not on a handful
 * that a burst could make fast or slow.
 *
 * Route bundles get the first request a real caller sends (bench/cold/first-requests.ts:
 * a valid body, an allowed credential, a resource that exists), prepared afresh for
 * every run, so auth, validation, DynamoDB and the answer all run. Each probe's
 * status is checked against the request's expected one, and the probe counts the
 * requests its bundle sent to DynamoDB: a route probe that gets another status or
 * never reaches storage stops the bench. Routes that answer without storage
 * whatever the request (`NO_STORAGE`) are timed and reported apart, never counted
 * against the target. Trigger and stream bundles are measured on load only (an
 * invented Cognito or stream event would measure the invention). A bundle meets
 * the target only when both its wall-time and its CPU-time ratio are within it.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { build } from 'esbuild';
import { esbuildOptions } from '../../infra/bundling.js';
import { repoPath } from '../../infra/local/paths.js';
import { routes, type RouteDefinition } from '../../shared/http/route-table.js';
import { streamConsumers } from '../../shared/streams/stream-consumers.js';
import { triggers } from '../../shared/triggers/trigger-table.js';
import { createTestTenant, type TestTenant } from '../../test/support/tenants.js';
import { firstRequestPlan, NO_STORAGE, type FirstRequest } from '../cold/first-requests.js';
import { ApiClient } from '../harness/api-client.js';
import { lambdaEvent } from '../harness/lambda-event.js';
import { inPool } from '../harness/pool.js';
import { median } from '../harness/stats.js';

const run = promisify(execFile);

/** The deployed functions' NODE_OPTIONS (infra/constructs/service-function.ts), for every probe alike. */
const LAMBDA_NODE_OPTIONS = '--enable-source-maps';
const MINIMAL = 'bench/cold/minimal-handler.ts';
/** The floor runs again after this many bundles in every round. */
const FLOOR_EVERY = 6;

export interface BundleColdStart {
  bundle: string;
  kind: 'floor' | 'route' | 'trigger' | 'stream';
  /** Routes (or table entries) the bundle serves. */
  serves: string[];
  sizeBytes: number;
  loadMs: number;
  firstRequestMs: number;
  totalMs: number;
  /** CPU time (user + system) of the same span: far less moved by other processes on a shared machine. */
  cpuMs: number;
  /** Status of the first request (route bundles; checked against the request's expected one in every run). */
  status?: number;
  /** Median requests the first request sent to DynamoDB (route bundles). */
  dynamoCalls?: number;
  /** False for a route that answers without storage whatever the request: reported apart, not counted against the target. */
  reachesStorage: boolean;
  /** Median init + first request over the floor's; for load-only bundles, load over the floor's load. */
  ratio: number;
  /** The same ratio on CPU time, the cross-check when the machine is loaded. */
  cpuRatio: number;
  met: boolean;
}

export interface ColdStartResult {
  runs: number;
  /** Fresh processes of the floor (it runs after every few bundles). */
  floorRuns: number;
  floor: BundleColdStart;
  /** Every measured bundle but the floor, worst ratio first. */
  bundles: BundleColdStart[];
  /** Bundles whose probe reaches DynamoDB (and trigger and stream bundles) over the target: the count the target is read from. */
  missed: number;
  /** Route bundles that answer without storage, with why. */
  noStorage: Array<{ bundle: string; why: string }>;
}

/** What the probe prints. */
interface Sample {
  loadMs: number;
  firstRequestMs: number;
  /** CPU time of load + first request (load only for load-only bundles). */
  cpuMs: number;
  loadCpuMs: number;
  status: number;
  dynamoCalls: number;
  /** The start of the answer's body, for the message when the status is not the expected one. */
  body?: string;
}

interface Entry {
  handler: string;
  kind: BundleColdStart['kind'];
  serves: string[];
  route?: RouteDefinition;
}

export async function runColdStart(options: {
  env: Record<string, string>;
  /** The in-process gateway, through which each run's resources are made. */
  gatewayUrl: string;
  runs: number;
  log: (m: string) => void;
}): Promise<ColdStartResult> {
  const entries = collectEntries();
  const dir = mkdtempSync(path.join(tmpdir(), 'provisioning-bench-cold-'));
  try {
    const outName = (e: Entry) => e.handler.replace(/[/.]/g, '_');
    const outfile = (e: Entry) => path.join(dir, `${outName(e)}.mjs`);
    // One esbuild call for every entry: without code splitting each output is the
    // self-contained bundle a build of that entry alone produces, only built faster.
    await build({
      ...esbuildOptions(),
      entryPoints: Object.fromEntries(entries.map((e) => [outName(e), repoPath(e.handler)])),
      outdir: dir,
      outExtension: { '.js': '.mjs' },
      logLevel: 'silent',
    });
    const probe = path.join(dir, 'probe.mjs');
    await build({
      entryPoints: [repoPath('bench/cold/probe.ts')],
      outfile: probe,
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node22',
      logLevel: 'silent',
    });

    // A tenant per bundle: a first request that changes state (rotating the SCIM
    // token, say) must not change what another bundle's first request meets.
    const tenants = new Map<string, TestTenant>();
    await inPool(entries, 4, async (e) => {
      const mode = e.route ? (firstRequestPlan(e.route.name).mode ?? 'scim') : 'scim';
      tenants.set(e.handler, await createTestTenant({ prefix: 'bench-cold', mode }));
    });
    // Every run's first request is prepared before any is timed: the resources it
    // names are made now, through the gateway, not while a probe runs.
    const expected = new Map<string, number>();
    const eventFiles = new Map<string, string>();
    const key = (e: Entry, r: number) => `${e.handler}#${r}`;
    const jobs = entries.flatMap((e) => Array.from({ length: options.runs }, (_, r) => ({ e, r })));
    await inPool(jobs, 8, async ({ e, r }) => {
      const plan = e.route ? firstRequestPlan(e.route.name) : undefined;
      const tenant = plan?.tenantPerRun && r > 0 ? await createTestTenant({ prefix: 'bench-cold', mode: plan.mode ?? 'scim' }) : tenants.get(e.handler)!;
      let event: unknown;
      if (e.route) {
        const setup = {
          tenant,
          admin: new ApiClient(`${options.gatewayUrl}/api/svc/v1`, tenant.adminToken),
          scim: new ApiClient(`${options.gatewayUrl}/scim/v2/${tenant.tenantId}`, tenant.scimToken ?? 'none', 'application/scim+json'),
          unique: `${r}-${Math.random().toString(36).slice(2, 8)}`,
        };
        const request: FirstRequest = await plan!.prepare(setup).catch((error: unknown) => {
          throw new Error(`cold start: preparing the first request of ${e.route!.name} failed`, { cause: error });
        });
        expected.set(e.handler, request.expect);
        event = lambdaEvent({
          route: e.route,
          params: { tenantId: tenant.tenantId, ...request.params },
          query: request.query,
          token: request.caller === 'scim' ? tenant.scimToken : request.caller === 'admin' ? tenant.adminToken : undefined,
          body: request.body,
          contentType: e.route.auth === 'scim' ? 'application/scim+json' : undefined,
        });
      } else if (e.kind === 'floor') {
        event = { pathParameters: { tenantId: tenant.tenantId } };
      }
      if (event === undefined) {
        eventFiles.set(key(e, r), '-');
        return;
      }
      const file = `${outfile(e)}.${r}.event.json`;
      writeFileSync(file, JSON.stringify(event));
      eventFiles.set(key(e, r), file);
    });
    options.log(`cold start: ${entries.length} bundles built, first requests prepared; ${options.runs} fresh processes each`);

    const samples = new Map<string, Array<Sample>>();
    const refused: string[] = [];
    const childEnv = { PATH: process.env.PATH ?? '', ...options.env, NODE_OPTIONS: LAMBDA_NODE_OPTIONS };
    const [floorEntry, ...bundleEntries] = entries;
    for (let r = 0; r < options.runs; r++) {
      const order = shuffle(bundleEntries).flatMap((e, i) => (i % FLOOR_EVERY === 0 ? [floorEntry!, e] : [e]));
      for (const e of order) {
        const taken = samples.get(e.handler) ?? [];
        // The floor runs many times a round; it reuses the round's event (a GetItem changes nothing).
        const { stdout } = await run(process.execPath, [probe, outfile(e), eventFiles.get(key(e, r))!], { env: childEnv, timeout: 60_000 });
        const sample = JSON.parse(stdout.trim().split('\n').pop()!) as Sample;
        samples.set(e.handler, [...taken, sample]);
        const problem = probeProblem(e, sample, expected.get(e.handler));
        if (problem) refused.push(`${e.handler} (${e.serves[0]}), run ${r + 1}: ${problem}`);
      }
      // Every probe has run once by the end of the first round: a probe that does not
      // measure what it claims stops the bench before more time goes into it.
      if (refused.length) throw new Error(`cold start: ${refused.length} probe(s) did not do what they claim:\n  ${refused.join('\n  ')}`);
    }

    const measured = entries.map((e) => {
      const taken = samples.get(e.handler)!;
      const loadMs = median(taken.map((s) => s.loadMs));
      const loadOnly = !e.route && e.kind !== 'floor';
      const firstRequestMs = loadOnly ? 0 : median(taken.map((s) => s.firstRequestMs));
      return {
        bundle: e.handler,
        kind: e.kind,
        serves: e.serves,
        sizeBytes: statSync(outfile(e)).size,
        loadMs,
        firstRequestMs,
        totalMs: median(taken.map((s) => s.loadMs + (loadOnly ? 0 : s.firstRequestMs))),
        cpuMs: median(taken.map((s) => s.cpuMs)),
        loadCpuMs: median(taken.map((s) => s.loadCpuMs)),
        status: e.route || e.kind === 'floor' ? taken[0]!.status : undefined,
        dynamoCalls: e.route ? median(taken.map((s) => s.dynamoCalls)) : undefined,
        reachesStorage: !(e.route && e.route.name in NO_STORAGE),
        loadOnly,
      };
    });
    const floorSample = measured.find((m) => m.kind === 'floor')!;
    const withRatio = measured.map((m): BundleColdStart => {
      const { loadCpuMs: _loadCpu, loadOnly, ...figures } = m;
      const ratio = loadOnly ? m.loadMs / floorSample.loadMs : m.totalMs / floorSample.totalMs;
      const cpuRatio = loadOnly ? m.cpuMs / floorSample.loadCpuMs : m.cpuMs / floorSample.cpuMs;
      // Three to seven wall-clock samples on a shared machine can flatter as easily as
      // condemn (the floor's own wall time swings); a bundle meets the target only on both clocks.
      return { ...figures, ratio, cpuRatio, met: ratio <= 1.5 && cpuRatio <= 1.5 };
    });
    const floor = withRatio.find((m) => m.kind === 'floor')!;
    const bundles = withRatio.filter((m) => m.kind !== 'floor').sort((a, b) => b.ratio - a.ratio);
    return {
      runs: options.runs,
      floorRuns: samples.get(MINIMAL)!.length,
      floor,
      bundles,
      missed: bundles.filter((b) => b.reachesStorage && !b.met).length,
      noStorage: entries.filter((e) => e.route && e.route.name in NO_STORAGE).map((e) => ({ bundle: e.handler, why: NO_STORAGE[e.route!.name]! })),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Why a probe's sample does not measure what the bench claims, if it does not. */
function probeProblem(e: Entry, sample: Sample, expect: number | undefined): string | undefined {
  if (!e.route) return undefined;
  if (sample.status !== expect) return `answered ${sample.status}, expected ${expect}: ${sample.body ?? ''}`;
  const storage = !(e.route.name in NO_STORAGE);
  if (storage && sample.dynamoCalls === 0) return `answered ${sample.status} without a DynamoDB request`;
  if (!storage && sample.dynamoCalls > 0) return `listed as answering without storage but made ${sample.dynamoCalls} DynamoDB request(s)`;
  return undefined;
}

function collectEntries(): Entry[] {
  const byHandler = new Map<string, Entry>();
  for (const route of routes as readonly RouteDefinition[]) {
    const existing = byHandler.get(route.handler);
    if (existing) existing.serves.push(route.name);
    else byHandler.set(route.handler, { handler: route.handler, kind: 'route', serves: [route.name], route });
  }
  for (const t of triggers) byHandler.set(t.handler, { handler: t.handler, kind: 'trigger', serves: [t.name] });
  for (const c of streamConsumers) byHandler.set(c.handler, { handler: c.handler, kind: 'stream', serves: [c.name] });
  return [{ handler: MINIMAL, kind: 'floor', serves: ['minimal DynamoDB handler'] }, ...byHandler.values()];
}

function shuffle<T>(items: readonly T[]): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}
