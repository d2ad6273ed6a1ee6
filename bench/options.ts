/**
 * Command line of `npm run bench`: the sizes of a full run (the issue's) or a
 * quick one (a tenth, to finish in a few minutes on 2 cores), and which
 * benchmarks to run.
 */
import { parseArgs } from 'node:util';
import type { DirectorySize } from './workloads/directory.js';

export const BENCHMARKS = ['sync', 'cost', 'large-group', 'cold-start', 'warm'] as const;
export type BenchmarkName = (typeof BENCHMARKS)[number];

export interface BenchSizes {
  sync: DirectorySize;
  /** SCIM requests in flight during the sync. */
  concurrency: number;
  memberBatch: number;
  /** Members of the large group, and how many one PATCH adds or removes. */
  largeGroupMembers: number;
  largeGroupChange: number;
  /** Page compared with page 1 in request cost (1,000 in the issue; the page size is users / deepPage). */
  deepPage: number;
  /** Add/remove cycles on the large group. */
  largeGroupCycles: number;
  /** Samples per operation for request cost (warm overhead takes 5x as many). */
  samples: number;
  /** Fresh processes per bundle for cold start. */
  coldRuns: number;
}

export interface BenchOptions {
  mode: 'quick' | 'full';
  sizes: BenchSizes;
  only: readonly BenchmarkName[];
  /** The sync alone and the service writes, without the floors and the engine diagnostic (the old-against-new comparison). */
  lean: boolean;
  /** Interleaved rounds of the sync, its floor and the service writes, whose ratios are quoted as median and range. */
  runs: number;
  /** Where to write the JSON report (default bench/results.json). */
  results?: string;
}

const FULL: BenchSizes = {
  sync: { users: 10_000, groups: 1_000, memberships: 50_000 },
  concurrency: 8,
  memberBatch: 50,
  largeGroupMembers: 100_000,
  largeGroupChange: 1_000,
  deepPage: 1_000,
  largeGroupCycles: 3,
  samples: 50,
  coldRuns: 15,
};

const QUICK: BenchSizes = {
  sync: { users: 1_000, groups: 100, memberships: 5_000 },
  concurrency: 8,
  memberBatch: 50,
  largeGroupMembers: 10_000,
  largeGroupChange: 1_000,
  deepPage: 100,
  largeGroupCycles: 2,
  samples: 20,
  coldRuns: 7,
};

const HELP = `npm run bench [-- --quick] [--only sync,cost,large-group,cold-start,warm] [--concurrency N] [--users N] [--lean] [--runs N] [--cold-runs N] [--results FILE]`;

/** A directory of `users` with the quick and full runs' proportions: a group per 10 users, 5 memberships per user. */
export function directoryOf(users: number) {
  return { users, groups: Math.max(1, Math.round(users / 10)), memberships: users * 5 };
}

export function parseBenchOptions(argv: readonly string[]): BenchOptions {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      quick: { type: 'boolean', default: false },
      only: { type: 'string' },
      concurrency: { type: 'string' },
      users: { type: 'string' },
      lean: { type: 'boolean', default: false },
      results: { type: 'string' },
      'cold-runs': { type: 'string' },
      runs: { type: 'string' },
      help: { type: 'boolean', default: false },
    },
    strict: true,
  });
  if (values.help) {
    console.log(HELP);
    process.exit(0);
  }
  const sizes = { ...(values.quick ? QUICK : FULL) };
  if (values.concurrency !== undefined) {
    const n = Number(values.concurrency);
    if (!Number.isInteger(n) || n < 1 || n > 256) throw new Error(`--concurrency must be an integer from 1 to 256, got ${values.concurrency}`);
    sizes.concurrency = n;
  }
  if (values.users !== undefined) {
    const n = Number(values.users);
    if (!Number.isInteger(n) || n < 100 || n > 1_000_000) throw new Error(`--users must be an integer from 100 to 1,000,000, got ${values.users}`);
    sizes.sync = directoryOf(n);
  }
  if (values['cold-runs'] !== undefined) {
    const n = Number(values['cold-runs']);
    if (!Number.isInteger(n) || n < 1 || n > 100) throw new Error(`--cold-runs must be an integer from 1 to 100, got ${values['cold-runs']}`);
    sizes.coldRuns = n;
  }
  // Three rounds by default: a ratio quoted from one sample on a shared machine can be off by a third.
  // A lean run is one round: bench:compare interleaves lean runs of two versions itself.
  let runs = values.lean ? 1 : 3;
  if (values.runs !== undefined) {
    runs = Number(values.runs);
    if (!Number.isInteger(runs) || runs < 1 || runs > 20) throw new Error(`--runs must be an integer from 1 to 20, got ${values.runs}`);
  }
  const only = values.only ? values.only.split(',').map((s) => s.trim()) : [...BENCHMARKS];
  const unknown = only.filter((name) => !(BENCHMARKS as readonly string[]).includes(name));
  if (unknown.length) throw new Error(`unknown benchmark(s) ${unknown.join(', ')}; choose from ${BENCHMARKS.join(', ')}`);
  return { mode: values.quick ? 'quick' : 'full', sizes, only: only as BenchmarkName[], lean: values.lean, runs, results: values.results };
}
