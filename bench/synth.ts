/**
 * `npm run bench:synth`: how long `cdk synth` takes, and how much memory it
 * needs, at 10, 100 and 1,000 tenants, and whether it grows linearly.
 *
 * Each run is a fresh Node process (so its peak RSS is its own) that builds the
 * app as `infra/app.ts` does (the cdk.json feature flags, the hosted console
 * from the test stub build, cdk-nag's AwsSolutions checks, path and asset
 * metadata as the CLI writes them) and synthesizes it into a temporary cloud
 * assembly. Function bundling is skipped: esbuild's work is the same at 2 and
 * 1,000 tenants (one bundle per function, none per tenant) and would only add a
 * constant. Times are medians with min and max over the runs, wall clock and
 * CPU (user + system, steadier on a busy machine); not a test.
 *
 *   npm run bench:synth                      # 10, 100, 1,000 tenants; 5, 5, 3 runs
 *   npm run bench:synth -- --sizes 10,100    # other sizes
 *   npm run bench:synth -- --runs 2          # runs per size
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { REPO_ROOT } from '../infra/repo-root.js';
import { ProvisioningStack } from '../infra/stack.js';
import { CONSOLE_STUB_DIR, exampleTenants } from '../test/infra/synth.js';
import { summarize } from './harness/stats.js';

interface RunResult {
  tenants: number;
  /** Building the construct tree (the app's code). */
  constructMs: number;
  /** Validation (cdk-nag) and writing the assembly. */
  synthMs: number;
  totalMs: number;
  /** CPU time (user + system) of the whole process: steadier than wall time on a shared machine. */
  cpuMs: number;
  maxRssMb: number;
  stacks: number;
  assemblyBytes: number;
}

/** One synth in this process; its numbers on stdout as JSON. */
function child(tenantCount: number): void {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-synth-'));
  const cdkJson = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'cdk.json'), 'utf8')) as { context: Record<string, unknown> };
  const started = performance.now();
  const app = new App({
    outdir,
    context: {
      ...cdkJson.context,
      'aws:cdk:bundling-stacks': [],
      'aws:cdk:enable-path-metadata': true,
      'aws:cdk:enable-asset-metadata': true,
    },
  });
  const ids = Array.from({ length: tenantCount }, (_, i) => `tenant-${String(i).padStart(4, '0')}`);
  new ProvisioningStack(app, 'Provisioning', {
    tenants: exampleTenants(ids),
    mailFrom: 'no-reply@service.example',
    alarmEmail: 'ops@service.example',
    console: { assetDir: CONSOLE_STUB_DIR },
  });
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  const built = performance.now();
  const assembly = app.synth();
  const done = performance.now();
  const files = fs.readdirSync(assembly.directory).filter((f) => f.endsWith('.template.json'));
  const result: RunResult = {
    tenants: tenantCount,
    constructMs: built - started,
    synthMs: done - built,
    totalMs: done - started,
    cpuMs: (process.cpuUsage().user + process.cpuUsage().system) / 1000,
    // ru_maxrss is in kilobytes on Linux.
    maxRssMb: process.resourceUsage().maxRSS / 1024,
    stacks: files.length,
    assemblyBytes: files.reduce((n, f) => n + fs.statSync(path.join(assembly.directory, f)).size, 0),
  };
  fs.rmSync(outdir, { recursive: true, force: true });
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

function runOnce(tenants: number): RunResult {
  const out = spawnSync(process.execPath, [...process.execArgv, path.join(REPO_ROOT, 'bench/synth.ts'), '--child', String(tenants)], {
    cwd: REPO_ROOT,
    encoding: 'utf8',
    maxBuffer: 16 * 1024 * 1024,
  });
  if (out.status !== 0) throw new Error(`synth of ${tenants} tenants failed:\n${out.stderr}`);
  return JSON.parse(out.stdout.trim().split('\n').pop()!) as RunResult;
}

const fmt = (n: number, digits = 1) => n.toFixed(digits);

function main(): void {
  const args = process.argv.slice(2);
  const childAt = args.indexOf('--child');
  if (childAt >= 0) return child(Number(args[childAt + 1]));
  const option = (name: string) => {
    const at = args.indexOf(name);
    return at >= 0 ? args[at + 1] : undefined;
  };
  const sizes = (option('--sizes') ?? '10,100,1000').split(',').map(Number);
  const runsFor = (tenants: number) => Number(option('--runs') ?? (tenants >= 1000 ? 3 : 5));
  const [load1] = os.loadavg();
  process.stdout.write(
    `# Synth at scale\n\n${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, Node ${process.version}, load average at start ${fmt(load1!, 2)}\n\n`,
  );
  const rows: Array<{
    tenants: number;
    total: ReturnType<typeof summarize>;
    cpu: ReturnType<typeof summarize>;
    rss: ReturnType<typeof summarize>;
    results: RunResult[];
  }> = [];
  for (const tenants of sizes) {
    const results: RunResult[] = [];
    for (let i = 0; i < runsFor(tenants); i++) {
      results.push(runOnce(tenants));
      process.stderr.write(`${tenants} tenants, run ${i + 1}: ${fmt(results.at(-1)!.totalMs / 1000)} s, ${fmt(results.at(-1)!.maxRssMb, 0)} MB\n`);
    }
    rows.push({
      tenants,
      total: summarize(results.map((r) => r.totalMs)),
      cpu: summarize(results.map((r) => r.cpuMs)),
      rss: summarize(results.map((r) => r.maxRssMb)),
      results,
    });
  }
  const lines = [
    '| tenants | stacks | runs | synth s, median (min–max) | CPU s, median (min–max) | construct s | validate + write s | peak RSS MB, median (min–max) | templates MB |',
    '| ---: | ---: | ---: | --- | --- | ---: | ---: | --- | ---: |',
    ...rows.map(({ tenants, total, cpu, rss, results }) => {
      const construct = summarize(results.map((r) => r.constructMs)).median;
      const write = summarize(results.map((r) => r.synthMs)).median;
      return `| ${tenants} | ${results[0]!.stacks} | ${results.length} | ${fmt(total.median / 1000)} (${fmt(total.min / 1000)}–${fmt(total.max / 1000)}) | ${fmt(cpu.median / 1000)} (${fmt(cpu.min / 1000)}–${fmt(cpu.max / 1000)}) | ${fmt(construct / 1000)} | ${fmt(write / 1000)} | ${fmt(rss.median, 0)} (${fmt(rss.min, 0)}–${fmt(rss.max, 0)}) | ${fmt(results[0]!.assemblyBytes / 1e6, 2)} |`;
    }),
  ];
  // Linear growth: the cost of each added tenant stays the same from one size to the next.
  const slopes = rows.slice(1).map((row, i) => {
    const prev = rows[i]!;
    return `${prev.tenants}→${row.tenants}: ${fmt((row.cpu.median - prev.cpu.median) / (row.tenants - prev.tenants), 0)} ms of CPU and ${fmt((row.rss.median - prev.rss.median) / (row.tenants - prev.tenants), 2)} MB per added tenant`;
  });
  const [load1End] = os.loadavg();
  process.stdout.write(`${lines.join('\n')}\n\nMarginal cost: ${slopes.join('; ')}\n\nload average at end ${fmt(load1End!, 2)}\n`);
}

main();
