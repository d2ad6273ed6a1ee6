/**
 * Runs the benchmarks against its own DynamoDB Local and the in-process gateway,
 * prints the report and writes `bench/results.json` and `bench/results.md`.
 * Every figure is a ratio against a floor measured in the same run; see
 * bench/README.md.
 */
import { loadavg } from 'node:os';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startBenchStack } from './harness/local-stack.js';
import { machineInfo } from './harness/machine.js';
import { warmUpDynamoDb } from './harness/warm-up.js';
import { parseBenchOptions } from './options.js';
import { fastest, renderMarkdown, roundRatios, type BenchReport, type SyncRound } from './report/render.js';
import { runColdStart } from './workloads/cold-start.js';
import { runEngineCost } from './workloads/engine-cost.js';
import { runInitialSync, type SyncResult } from './workloads/initial-sync.js';
import { runLargeGroup } from './workloads/large-group.js';
import { runRequestCost } from './workloads/request-cost.js';
import { runProtocolFloor } from './workloads/protocol-floor.js';
import { runServiceWrites } from './workloads/service-writes.js';
import { runSyncFloor } from './workloads/sync-floor.js';
import { runWarmOverhead } from './workloads/warm-overhead.js';

const BENCH_DIR = path.dirname(fileURLToPath(import.meta.url));
const load = () => Number(loadavg()[0]!.toFixed(2));

async function main(): Promise<void> {
  const options = parseBenchOptions(process.argv.slice(2));
  const { sizes, only } = options;
  const report: BenchReport = { startedAt: new Date().toISOString(), mode: options.mode, sizes, machine: machineInfo(), results: {} };
  const log = (message: string) => console.log(`[bench ${new Date().toISOString().slice(11, 19)}] ${message}`);
  const stack = await startBenchStack();
  log(`DynamoDB Local ${stack.dynamodb.endpoint}, gateway ${stack.gateway.url} (in-process), ${options.mode} sizes`);
  try {
    await stack.meter.measure(() => warmUpDynamoDb());
    stack.meter.reset();
    let synced: SyncResult | undefined;
    if (options.lean) {
      log(
        `initial sync (lean: no floors): ${sizes.sync.users} users, ${sizes.sync.groups} groups, ${sizes.sync.memberships} memberships, concurrency ${sizes.concurrency}`,
      );
      const firstLoad = load();
      const syncOnce = () =>
        runInitialSync({ gatewayUrl: stack.gateway.url, meter: stack.meter, size: sizes.sync, concurrency: sizes.concurrency, memberBatch: sizes.memberBatch });
      const writesOnce = () => runServiceWrites({ meter: stack.meter, size: sizes.sync, concurrency: sizes.concurrency, memberBatch: sizes.memberBatch });
      const sync = await syncOnce();
      log("service writes: the sync's creates and PATCHes through the SCIM operations, in process");
      const serviceWrites = await writesOnce();
      const rounds: SyncRound[] = [
        { order: ['sync', 'service writes'], loadAverage: firstLoad, syncMs: sync.total.wallMs, serviceWritesMs: serviceWrites.wallMs },
      ];
      for (let r = 1; r < options.runs; r++) {
        const round: SyncRound = { order: [], loadAverage: load(), syncMs: 0, serviceWritesMs: 0 };
        // Alternate which goes first, so a drift of the machine's load or of the JVM's speed lands on both.
        for (const step of r % 2 === 1 ? (['service writes', 'sync'] as const) : (['sync', 'service writes'] as const)) {
          log(`round ${r + 1} of ${options.runs}: ${step}`);
          if (step === 'sync') round.syncMs = (await syncOnce()).total.wallMs;
          else round.serviceWritesMs = (await writesOnce()).wallMs;
          round.order.push(step);
        }
        rounds.push(round);
      }
      report.results.leanSync = { phases: sync.phases, total: sync.total, serviceWrites, retried: sync.retried, rounds: roundRatios(rounds) };
      log(
        `sync ${(sync.total.wallMs / 1000).toFixed(1)} s, ${sync.total.requestsPerSecond.toFixed(1)} req/s; service writes ${(serviceWrites.wallMs / 1000).toFixed(1)} s`,
      );
    }
    // Request cost and warm overhead run on the synced tenant, so the sync runs for them too.
    if (!options.lean && (only.includes('sync') || only.includes('cost') || only.includes('warm'))) {
      const firstLoad = load();
      const items = sizes.sync.users + sizes.sync.groups + sizes.sync.memberships;
      const floor = () => runSyncFloor({ meter: stack.meter, size: sizes.sync, concurrency: sizes.concurrency });
      log(`sync floor: ${items} items by BatchWriteItem, concurrency ${sizes.concurrency}`);
      const protocol = () => runProtocolFloor({ meter: stack.meter, size: sizes.sync, concurrency: sizes.concurrency, memberBatch: sizes.memberBatch });
      const before = await floor();
      log('protocol floor: the round trips Entra forces, straight to DynamoDB');
      const protocolBefore = await protocol();
      log(`initial sync: ${sizes.sync.users} users, ${sizes.sync.groups} groups, ${sizes.sync.memberships} memberships, concurrency ${sizes.concurrency}`);
      synced = await runInitialSync({
        gatewayUrl: stack.gateway.url,
        meter: stack.meter,
        size: sizes.sync,
        concurrency: sizes.concurrency,
        memberBatch: sizes.memberBatch,
      });
      log('both floors again (the JVM is warmer, the table larger)');
      const after = await floor();
      const protocolAfter = await protocol();
      // DynamoDB Local keeps speeding up for minutes (JIT, heap sizing): each floor runs
      // before and after the sync and the faster run counts, which can only raise the ratios.
      const floors = [before, after];
      const protocolFloor = fastest([protocolBefore, protocolAfter]);
      log('storage engine: per-item cost of BatchWriteItem and of TransactWriteItems');
      const engine = await runEngineCost({ meter: stack.meter, items: sizes.sync.users, concurrency: sizes.concurrency });
      log("service writes: the sync's creates and PATCHes through the SCIM operations, in process");
      const writes = () => runServiceWrites({ meter: stack.meter, size: sizes.sync, concurrency: sizes.concurrency, memberBatch: sizes.memberBatch });
      const serviceWrites = await writes();
      const rounds: SyncRound[] = [
        {
          order: ['floor', 'sync', 'floor', 'service writes'],
          loadAverage: firstLoad,
          syncMs: synced.total.wallMs,
          floorMs: fastest(floors).wallMs,
          serviceWritesMs: serviceWrites.wallMs,
        },
      ];
      // Further rounds: the sync, its floor and the service writes again, in an order
      // that alternates, so each ratio is quoted with its spread and not from one sample.
      for (let r = 1; r < options.runs; r++) {
        const round: SyncRound = { order: [], loadAverage: load(), syncMs: 0, floorMs: 0, serviceWritesMs: 0 };
        const steps = r % 2 === 1 ? (['service writes', 'sync', 'floor'] as const) : (['floor', 'sync', 'service writes'] as const);
        for (const step of steps) {
          log(`round ${r + 1} of ${options.runs}: ${step}`);
          if (step === 'sync')
            round.syncMs = (
              await runInitialSync({
                gatewayUrl: stack.gateway.url,
                meter: stack.meter,
                size: sizes.sync,
                concurrency: sizes.concurrency,
                memberBatch: sizes.memberBatch,
              })
            ).total.wallMs;
          else if (step === 'floor') round.floorMs = (await floor()).wallMs;
          else round.serviceWritesMs = (await writes()).wallMs;
          round.order.push(step);
        }
        rounds.push(round);
      }
      report.results.sync = {
        floors,
        protocolFloor,
        phases: synced.phases,
        total: synced.total,
        ratio: synced.total.wallMs / fastest(floors).wallMs,
        protocolRatio: synced.total.wallMs / protocolFloor.wallMs,
        engine,
        serviceWrites,
        rounds: roundRatios(rounds),
      };
      log(`sync ${(synced.total.wallMs / 1000).toFixed(1)} s, ratio ${report.results.sync.ratio.toFixed(2)}x`);
    }
    if (only.includes('cost') && synced) {
      log('request cost');
      report.results.cost = await runRequestCost({
        gatewayUrl: stack.gateway.url,
        meter: stack.meter,
        synced,
        samples: sizes.samples,
        deepPage: sizes.deepPage,
      });
    }
    if (only.includes('warm') && synced) {
      log('warm overhead');
      report.results.warm = await runWarmOverhead({ meter: stack.meter, synced, samples: sizes.samples * 5 });
    }
    if (only.includes('large-group') && !options.lean) {
      log(`large group: ${sizes.largeGroupMembers} members, PATCH ${sizes.largeGroupChange}`);
      report.results.largeGroup = await runLargeGroup({
        gatewayUrl: stack.gateway.url,
        meter: stack.meter,
        members: sizes.largeGroupMembers,
        change: sizes.largeGroupChange,
        cycles: sizes.largeGroupCycles,
      });
    }
    if (only.includes('cold-start') && !options.lean) {
      log('cold start: building bundles');
      report.results.coldStart = await runColdStart({ env: stack.env, gatewayUrl: stack.gateway.url, runs: sizes.coldRuns, log });
    }
  } finally {
    await stack.stop();
  }
  report.finishedAt = new Date().toISOString();
  report.loadAverageAtEnd = loadavg().map((l) => Number(l.toFixed(2)));
  const markdown = renderMarkdown(report);
  console.log(`\n${markdown}`);
  if (options.results) {
    writeFileSync(options.results, `${JSON.stringify(report, null, 2)}\n`);
    log(`wrote ${options.results}`);
    return;
  }
  writeFileSync(path.join(BENCH_DIR, 'results.json'), `${JSON.stringify(report, null, 2)}\n`);
  writeFileSync(path.join(BENCH_DIR, 'results.md'), markdown);
  log('wrote bench/results.json and bench/results.md');
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
