/**
 * Old code against new on the same machine: runs the lean initial sync (the sync
 * and the service writes, no floors) alternately in a worktree of an older commit
 * and in this one, in interleaved rounds (base then new, then new then base, ...),
 * so a burst of load from the machine's other tenants falls on both sides. Prints
 * the medians with their spread and the load average of every run.
 *
 *   git worktree add --detach /tmp/base <commit> && cp -al node_modules /tmp/base/
 *   npm run bench:compare -- --base /tmp/base --users 1000 --rounds 3
 *
 * The older worktree gets this worktree's `bench/` copied over its own, so both
 * sides are driven and measured by the same harness; only the service differs.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { median } from './harness/stats.js';
import type { BenchReport } from './report/render.js';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.dirname(HERE);

interface Run {
  side: 'base' | 'new';
  loadAtStart: number;
  requestsPerSecond: number;
  usersPhaseRequestsPerSecond: number;
  capacityPerUser: number;
  dynamoRequestsPerUser: number;
  syncOverServiceWrites: number;
  retried: number;
}

function runOnce(side: Run['side'], tree: string, users: number, outDir: string, round: number): Run {
  const results = path.join(outDir, `${side}-${users}-${round}.json`);
  const loadAtStart = os.loadavg()[0]!;
  const started = Date.now();
  const child = spawnSync('npx', ['tsx', 'bench/run.ts', '--only', 'sync', '--lean', '--users', String(users), '--results', results], {
    cwd: tree,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  if (child.status !== 0) throw new Error(`${side} run ${round} failed (exit ${child.status})`);
  const report = JSON.parse(readFileSync(results, 'utf8')) as BenchReport;
  const lean = report.results.leanSync!;
  const usersPhase = lean.phases.find((p) => p.name === 'users')!;
  const run: Run = {
    side,
    loadAtStart,
    requestsPerSecond: lean.total.requestsPerSecond,
    usersPhaseRequestsPerSecond: usersPhase.requestsPerSecond,
    capacityPerUser: lean.total.dynamo.capacity / users,
    dynamoRequestsPerUser: lean.total.dynamo.requests / users,
    syncOverServiceWrites: lean.total.wallMs / lean.serviceWrites.wallMs,
    retried: lean.retried,
  };
  console.log(
    `[compare] round ${round} ${side}: ${run.requestsPerSecond.toFixed(1)} req/s (users phase ${run.usersPhaseRequestsPerSecond.toFixed(1)}), ` +
      `${run.capacityPerUser.toFixed(2)} CU/user, sync ÷ service writes ${run.syncOverServiceWrites.toFixed(2)}, load ${loadAtStart.toFixed(1)}, ${((Date.now() - started) / 1000).toFixed(0)} s`,
  );
  return run;
}

const spread = (values: number[], digits: number) =>
  `${median(values).toFixed(digits)} (${Math.min(...values).toFixed(digits)}–${Math.max(...values).toFixed(digits)})`;

function main(): void {
  const { values } = parseArgs({
    args: process.argv.slice(2),
    options: { base: { type: 'string' }, users: { type: 'string', default: '1000' }, rounds: { type: 'string', default: '3' } },
    strict: true,
  });
  if (!values.base) throw new Error('--base <worktree of the older commit> is required');
  const users = Number(values.users);
  const rounds = Number(values.rounds);
  const base = path.resolve(values.base);
  cpSync(HERE, path.join(base, 'bench'), { recursive: true, filter: (src) => !/results\.(json|md)$/.test(src) });
  const outDir = mkdtempSync(path.join(os.tmpdir(), 'bench-compare-'));
  const runs: Run[] = [];
  for (let round = 1; round <= rounds; round++) {
    const order: Array<[Run['side'], string]> =
      round % 2 === 1
        ? [
            ['base', base],
            ['new', ROOT],
          ]
        : [
            ['new', ROOT],
            ['base', base],
          ];
    for (const [side, tree] of order) runs.push(runOnce(side, tree, users, outDir, round));
  }
  const of = (side: Run['side'], pick: (r: Run) => number) => runs.filter((r) => r.side === side).map(pick);
  // Per-round ratios: each round's two runs ran back to back, under the same load.
  const ratios = Array.from({ length: rounds }, (_, i) => {
    const pair = runs.slice(2 * i, 2 * i + 2);
    return pair.find((r) => r.side === 'new')!.requestsPerSecond / pair.find((r) => r.side === 'base')!.requestsPerSecond;
  });
  const rows: Array<[string, (r: Run) => number, number]> = [
    ['sync req/s', (r) => r.requestsPerSecond, 1],
    ['users phase req/s', (r) => r.usersPhaseRequestsPerSecond, 1],
    ['capacity units per user', (r) => r.capacityPerUser, 2],
    ['DynamoDB requests per user', (r) => r.dynamoRequestsPerUser, 2],
    ['sync ÷ service writes', (r) => r.syncOverServiceWrites, 2],
    ['load average (1 min) at start', (r) => r.loadAtStart, 1],
    ['requests repeated after 503/429', (r) => r.retried, 0],
  ];
  console.log(`\n${users} users, ${rounds} interleaved rounds, ${os.cpus().length} cores; medians (min–max)\n`);
  console.log('| figure | base | new |\n| --- | --- | --- |');
  for (const [name, pick, digits] of rows) console.log(`| ${name} | ${spread(of('base', pick), digits)} | ${spread(of('new', pick), digits)} |`);
  console.log(`| new ÷ base req/s, per round | - | ${spread(ratios, 2)} |`);
  console.log(`\nRaw runs: ${outDir}`);
}

main();
