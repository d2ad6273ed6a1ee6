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

const HELP = `npm run bench [-- --quick] [--only sync,cost,large-group,cold-start,warm] [--concurrency N] [--users N] [--lean] [--results FILE]`;

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
  const only = values.only ? values.only.split(',').map((s) => s.trim()) : [...BENCHMARKS];
  const unknown = only.filter((name) => !(BENCHMARKS as readonly string[]).includes(name));
  if (unknown.length) throw new Error(`unknown benchmark(s) ${unknown.join(', ')}; choose from ${BENCHMARKS.join(', ')}`);
  return { mode: values.quick ? 'quick' : 'full', sizes, only: only as BenchmarkName[], lean: values.lean, results: values.results };
}
