/**
 * The report: one Markdown document (printed, and written to bench/results.md)
 * stating the machine, the sizes, the medians, each ratio to its floor, whether
 * each target was met, and the measured facts that explain a miss.
 */
import type { MachineInfo } from '../harness/machine.js';
import { median, spreadOf, type Spread } from '../harness/stats.js';
import type { BenchSizes } from '../options.js';
import type { ColdStartResult } from '../workloads/cold-start.js';
import type { SyncPhase } from '../workloads/initial-sync.js';
import type { LargeGroupResult, TimedCost } from '../workloads/large-group.js';
import type { ListPageComparison, OperationCost } from '../workloads/request-cost.js';
import type { EngineCost } from '../workloads/engine-cost.js';
import type { FloorResult } from '../workloads/sync-floor.js';
import type { WarmOverhead } from '../workloads/warm-overhead.js';

export interface SyncReport {
  /** Floors measured before and after the sync; the ratio uses the faster one. */
  floors: FloorResult[];
  /** The round trips the SCIM protocol forces, done straight against DynamoDB. */
  protocolFloor: FloorResult;
  phases: SyncPhase[];
  total: SyncPhase;
  ratio: number;
  protocolRatio: number;
  /** What the storage engine charges per item written, by BatchWriteItem and inside transactions. */
  engine: EngineCost;
  /** The sync's writes by the service's own SCIM operations, in process: no HTTP, auth or lookups. */
  serviceWrites: FloorResult;
  /** The ratios over every interleaved round (the first is the one above). */
  rounds: RoundRatios;
}

/** One round of the sync's interleaved runs: wall times in the order they ran, and the load average at its start. */
export interface SyncRound {
  order: string[];
  loadAverage: number;
  syncMs: number;
  /** The BatchWriteItem floor (not measured by a lean run). */
  floorMs?: number;
  serviceWritesMs: number;
}

export interface RoundRatios {
  rounds: SyncRound[];
  /** Sync ÷ BatchWriteItem floor, per round. */
  syncToFloor?: Spread;
  /** Sync ÷ service writes: what HTTP, authentication and the IdP's lookups add. */
  syncToServiceWrites: Spread;
  /** Service writes ÷ floor: what the write guarantees cost on this engine. */
  serviceWritesToFloor?: Spread;
  loadAverage: Spread;
}

export function roundRatios(rounds: SyncRound[]): RoundRatios {
  const withFloor = rounds.filter((r) => r.floorMs !== undefined);
  return {
    rounds,
    syncToFloor: withFloor.length ? spreadOf(withFloor.map((r) => r.syncMs / r.floorMs!)) : undefined,
    syncToServiceWrites: spreadOf(rounds.map((r) => r.syncMs / r.serviceWritesMs)),
    serviceWritesToFloor: withFloor.length ? spreadOf(withFloor.map((r) => r.serviceWritesMs / r.floorMs!)) : undefined,
    loadAverage: spreadOf(rounds.map((r) => r.loadAverage)),
  };
}

/** `1.07x (0.98–1.16x, 3 runs)`; a single run says so. */
export const spreadText = (s: Spread, unit = 'x') =>
  s.n === 1
    ? `${s.median.toFixed(2)}${unit} (one run: no spread)`
    : `${s.median.toFixed(2)}${unit} (${s.min.toFixed(2)}–${s.max.toFixed(2)}${unit}, ${s.n} interleaved runs)`;

function roundsTable(r: RoundRatios): string {
  return table(
    ['round', 'order', 'load average at start', 'sync s', 'floor s', 'service writes s', 'sync ÷ floor', 'sync ÷ service writes', 'service writes ÷ floor'],
    r.rounds.map((round, i) => [
      i + 1,
      round.order.join(' → '),
      round.loadAverage.toFixed(2),
      (round.syncMs / 1000).toFixed(1),
      round.floorMs === undefined ? '-' : (round.floorMs / 1000).toFixed(1),
      (round.serviceWritesMs / 1000).toFixed(1),
      round.floorMs === undefined ? '-' : x(round.syncMs / round.floorMs),
      x(round.syncMs / round.serviceWritesMs),
      round.floorMs === undefined ? '-' : x(round.serviceWritesMs / round.floorMs),
    ]),
  );
}

export interface BenchReport {
  startedAt: string;
  finishedAt?: string;
  mode: 'quick' | 'full';
  sizes: BenchSizes;
  machine: MachineInfo;
  /** Load average when the run ended (the machine is shared). */
  loadAverageAtEnd?: number[];
  results: {
    sync?: SyncReport;
    /** `--lean`: the sync and the service writes only (no floors), for comparing two versions of the code. */
    leanSync?: { phases: SyncPhase[]; total: SyncPhase; serviceWrites: FloorResult; retried: number; rounds?: RoundRatios };
    cost?: { auth: Record<string, OperationCost>; operations: OperationCost[]; listPages: ListPageComparison[] };
    warm?: WarmOverhead[];
    largeGroup?: LargeGroupResult;
    coldStart?: ColdStartResult;
  };
}

const ms = (v: number) => (v >= 100 ? v.toFixed(0) : v >= 10 ? v.toFixed(1) : v.toFixed(2));
const x = (v: number) => `${v.toFixed(2)}x`;
const verdict = (met: boolean) => (met ? 'met' : '**MISSED**');
const commands = (byCommand: Record<string, number>) =>
  Object.entries(byCommand)
    .map(([c, n]) => `${n} ${c.replace(/Command$/, '')}`)
    .join(', ');

function table(header: string[], rows: Array<Array<string | number>>): string {
  const line = (cells: Array<string | number>) => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}

export function renderMarkdown(report: BenchReport): string {
  const out: string[] = [];
  const { sizes, machine } = report;
  out.push(`# Benchmark results (${report.mode} run)`);
  out.push('');
  out.push(
    `Run ${report.startedAt} to ${report.finishedAt ?? '?'} on ${machine.cpu}, ${machine.cores} cores, ${machine.memoryGiB} GiB, Node ${machine.node}, ${machine.platform}. ` +
      `Load average at start ${machine.loadAverage.join(' / ')}${report.loadAverageAtEnd ? `, at end ${report.loadAverageAtEnd.join(' / ')}` : ''} (1/5/15 min; the machine is shared, so compare ratios, not absolute times).`,
  );
  out.push('');
  out.push(
    `Sizes: sync ${sizes.sync.users} users, ${sizes.sync.groups} groups, ${sizes.sync.memberships} memberships at concurrency ${sizes.concurrency}, ${sizes.memberBatch} members per PATCH; ` +
      `large group ${sizes.largeGroupMembers} members, PATCH of ${sizes.largeGroupChange}; ${sizes.samples} samples per operation; ${sizes.coldRuns} fresh processes per bundle.`,
  );
  const { sync, cost, warm, largeGroup, coldStart } = report.results;
  const summary: string[] = [];

  if (sync) {
    const floor = fastest(sync.floors);
    out.push('', '## 1. Initial SCIM sync', '');
    out.push(
      table(
        ['phase', 'wall s', 'HTTP requests', 'req/s', 'median ms', 'p99 ms', 'DynamoDB requests', 'capacity units'],
        [
          ...[...sync.phases, sync.total].map((p) => [
            p.name,
            (p.wallMs / 1000).toFixed(1),
            p.httpRequests,
            p.requestsPerSecond.toFixed(1),
            ms(p.latencyMs.median),
            ms(p.latencyMs.p99),
            p.dynamo.requests,
            p.dynamo.capacity.toFixed(0),
          ]),
          ...sync.floors.map((f, i) => [
            `floor ${i === 0 ? 'before' : 'after'} sync: ${f.items} items by BatchWriteItem`,
            (f.wallMs / 1000).toFixed(1),
            '-',
            `${f.itemsPerSecond.toFixed(0)} items/s`,
            '-',
            '-',
            f.dynamo.requests,
            f.dynamo.capacity.toFixed(0),
          ]),
          [
            'protocol floor: lookup + write per resource, straight to DynamoDB',
            (sync.protocolFloor.wallMs / 1000).toFixed(1),
            '-',
            `${sync.protocolFloor.itemsPerSecond.toFixed(0)} items/s`,
            '-',
            '-',
            sync.protocolFloor.dynamo.requests,
            sync.protocolFloor.dynamo.capacity.toFixed(0),
          ],
          [
            'service writes: the SCIM operations in process, no HTTP, auth or lookups',
            (sync.serviceWrites.wallMs / 1000).toFixed(1),
            '-',
            `${sync.serviceWrites.itemsPerSecond.toFixed(0)} items/s`,
            '-',
            '-',
            sync.serviceWrites.dynamo.requests,
            sync.serviceWrites.dynamo.capacity.toFixed(0),
          ],
        ],
      ),
    );
    const items = floor.items;
    out.push('');
    out.push(
      `Ratio to the floor: **${x(sync.ratio)}** (target ≤ 2.50x: ${verdict(sync.ratio <= 2.5)}). ` +
        `Per directory item the sync made ${(sync.total.dynamo.requests / items).toFixed(2)} DynamoDB requests and consumed ${(sync.total.dynamo.capacity / items).toFixed(2)} capacity units; the floor ${(floor.dynamo.requests / items).toFixed(3)} requests and ${(floor.dynamo.capacity / items).toFixed(2)} units. ` +
        `The sync's requests by command: ${commands(sync.total.dynamo.byCommand)}. ` +
        `Against the protocol floor (the lookups and one-resource writes Entra's request pattern forces, done straight against DynamoDB: ${sync.protocolFloor.dynamo.requests} requests, ${(sync.protocolFloor.wallMs / 1000).toFixed(1)} s) the sync is ${x(sync.protocolRatio)}, ` +
        `and that floor alone is ${x(sync.protocolFloor.wallMs / floor.wallMs)} the BatchWriteItem floor: the part of the ratio no server can remove.`,
    );
    const { engine } = sync;
    out.push(
      '',
      `Storage engine: DynamoDB Local took ${ms(engine.batchMsPerItem)} ms per item by BatchWriteItem and ${ms(engine.transactionMsPerItem)} ms per item inside TransactWriteItems of 6 ` +
        `(${x(engine.transactionMsPerItem / engine.batchMsPerItem)}), the same ${engine.items} user items at the same concurrency; it applies every write on one thread. ` +
        `The sync wrote ${sync.total.dynamo.writeItems} items, ${sync.total.dynamo.transactionalWriteItems} of them in transactions (a user create is one transaction: the user, its uniqueness markers (one for a userName that is the login email, with a check that no email marker holds it), the externalId marker, a counter shard and the audit event; a PATCH's new member edges go in transactions of up to 100), ` +
        `${x(sync.total.dynamo.writeItems / floor.items)} the floor's ${floor.items} items.`,
    );
    const writes = sync.serviceWrites;
    out.push(
      '',
      `Service writes: the sync's creates and PATCHes, made by the service's own SCIM operations in this process at the same concurrency with no HTTP, authentication or lookups, ` +
        `took ${(writes.wallMs / 1000).toFixed(1)} s (${writes.dynamo.requests} requests, ${writes.dynamo.capacity.toFixed(0)} capacity units): ${x(writes.wallMs / floor.wallMs)} the BatchWriteItem floor, ` +
        `the cost of the write guarantees (atomic uniqueness, exact counts, the audit event in the same transaction) on this engine. The sync is ${x(sync.total.wallMs / writes.wallMs)} that: ` +
        `what HTTP, authentication and Entra's lookups add.`,
    );
    const rounds = sync.rounds;
    out.push(
      '',
      `Over ${rounds.rounds.length} interleaved round(s) (the first is the one above; load average ${spreadText(rounds.loadAverage, '')} at their starts): ` +
        `sync ÷ floor ${spreadText(rounds.syncToFloor!)}, sync ÷ service writes ${spreadText(rounds.syncToServiceWrites)}, service writes ÷ floor ${spreadText(rounds.serviceWritesToFloor!)}.`,
      '',
      roundsTable(rounds),
    );
    const ratio = rounds.syncToFloor!;
    summary.push(
      `Initial sync: ${sync.total.requestsPerSecond.toFixed(1)} req/s, ${(sync.total.wallMs / 1000).toFixed(1)} s wall in the first round; ${spreadText(ratio)} the BatchWriteItem floor (target ≤ 2.5x on the median: ${verdict(ratio.median <= 2.5)}); ` +
        `${x(sync.protocolRatio)} the protocol floor, which is itself ${x(sync.protocolFloor.wallMs / floor.wallMs)} the BatchWriteItem floor (first round); ` +
        `the service's writes alone, without HTTP, auth or lookups, take ${spreadText(rounds.serviceWritesToFloor!)} the floor, and the sync ${spreadText(rounds.syncToServiceWrites)} the service writes.`,
    );
  }

  const lean = report.results.leanSync;
  if (lean) {
    out.push('', '## 1. Initial SCIM sync (lean: no floors)', '');
    out.push(
      table(
        ['phase', 'wall s', 'HTTP requests', 'req/s', 'median ms', 'p99 ms', 'DynamoDB requests', 'capacity units'],
        [...lean.phases, lean.total].map((p) => [
          p.name,
          (p.wallMs / 1000).toFixed(1),
          p.httpRequests,
          p.requestsPerSecond.toFixed(1),
          ms(p.latencyMs.median),
          ms(p.latencyMs.p99),
          p.dynamo.requests,
          p.dynamo.capacity.toFixed(0),
        ]),
      ),
    );
    for (const p of lean.phases) {
      out.push('', `${p.name}: DynamoDB calls by shape:`, '');
      out.push(
        table(
          ['call', 'count', 'capacity units', 'median ms'],
          (p.calls ?? []).map((c) => [`\`${c.what}\``, c.count, c.capacity.toFixed(0), ms(c.medianMs)]),
        ),
      );
    }
    out.push(
      '',
      `Requests by command: ${commands(lean.total.dynamo.byCommand)}. Requests repeated after a 503 or 429: ${lean.retried}. Service writes ${(lean.serviceWrites.wallMs / 1000).toFixed(1)} s; the sync is ${x(lean.total.wallMs / lean.serviceWrites.wallMs)} that.`,
    );
    if (lean.rounds) {
      out.push(
        '',
        `Sync ÷ service writes over ${lean.rounds.rounds.length} interleaved round(s): ${spreadText(lean.rounds.syncToServiceWrites)} (load average ${spreadText(lean.rounds.loadAverage, '')} at their starts).`,
        '',
        roundsTable(lean.rounds),
      );
    }
  }

  if (cost) {
    out.push('', '## 2. Request cost', '');
    out.push(
      `Auth floor: SCIM ${cost.auth.scim!.requests} request(s) (${commands(cost.auth.scim!.byCommand)}), admin PAT ${cost.auth.admin!.requests} (${commands(cost.auth.admin!.byCommand)}). "Beyond auth" subtracts it.`,
      '',
    );
    const rows = [...Object.values(cost.auth), ...cost.operations].map((o) => [
      o.name,
      o.requests,
      o.beyondAuth,
      o.maxRequests,
      commands(o.byCommand),
      o.capacity.toFixed(1),
      ms(o.latencyMs.median),
      o.target ? `${o.target.text}: ${verdict(o.target.met)}` : '-',
    ]);
    out.push(table(['operation', 'requests (median)', 'beyond auth', 'max', 'by command (median sample)', 'capacity units', 'median ms', 'target'], rows));
    out.push(
      '',
      `List pages, first against deep. A position listing (SCIM \`startIndex\`, the admin API's \`offset\`) bookmarks a page when it serves it: the first visit to a deep position (medians of up to ${cost.listPages.find((l) => l.firstVisit)?.firstVisit?.samples ?? 0} positions no request had asked for) reads the listing from its start; a revisit, and every page of a sequential walk, finds its bookmark. The target is on the revisit.`,
      '',
    );
    out.push(
      table(
        [
          'listing',
          'page 1 requests',
          'page 1 units (partition read)',
          'page 1 ms',
          'deep page, first visit: requests (max)',
          'first visit units (partition read)',
          'first visit ms',
          `deep page revisited: requests`,
          'revisit units (partition read)',
          'revisit ms',
          'target',
        ],
        cost.listPages.map((l) => [
          l.name,
          l.first.requests,
          `${l.first.capacity.toFixed(1)} (${l.first.listReadCapacity.toFixed(1)})`,
          ms(l.first.latencyMs.median),
          l.firstVisit ? `${l.firstVisit.requests} (${l.firstVisit.maxRequests})` : 'the cursor carries its position',
          l.firstVisit ? `${l.firstVisit.capacity.toFixed(1)} (${l.firstVisit.listReadCapacity.toFixed(1)})` : '-',
          l.firstVisit ? ms(l.firstVisit.latencyMs.median) : '-',
          `${l.deep.requests} (page ${l.page})`,
          `${l.deep.capacity.toFixed(1)} (${l.deep.listReadCapacity.toFixed(1)})`,
          ms(l.deep.latencyMs.median),
          `${l.target.text}: ${verdict(l.target.met)}`,
        ]),
      ),
    );
    out.push('', 'Calls of the median sample, in order (ids masked):', '');
    for (const o of [
      ...Object.values(cost.auth),
      ...cost.operations,
      ...cost.listPages.flatMap((l) => [l.first, ...(l.firstVisit ? [l.firstVisit] : []), l.deep]),
    ]) {
      out.push(`- ${o.name}: ${o.calls.join(' → ') || 'none'}`);
    }
    const missed = [
      ...cost.operations.filter((o) => o.target && !o.target.met).map((o) => `${o.name} (${o.beyondAuth} beyond auth: ${commands(o.byCommand)})`),
      ...cost.listPages
        .filter((l) => !l.target.met)
        .map(
          (l) =>
            `${l.name} (page ${l.page}: ${l.deep.requests} requests, partition read ${l.deep.listReadCapacity.toFixed(1)} units vs page 1: ${l.first.requests}, ${l.first.listReadCapacity.toFixed(1)})`,
        ),
    ];
    summary.push(`Request cost: ${missed.length === 0 ? 'every target met' : `missed by ${missed.join('; ')}`}.`);
  }

  if (largeGroup) {
    out.push('', `## 3. Large group (${largeGroup.members} members)`, '');
    const row = (c: TimedCost) => [
      c.name,
      c.samples,
      ms(c.latencyMs.median),
      c.requests,
      commands(c.byCommand),
      c.capacity.toFixed(0),
      c.ratio === undefined ? '-' : x(c.ratio),
    ];
    out.push(
      table(
        ['operation', 'samples', 'median ms', 'requests', 'by command', 'capacity units', 'ratio to floor'],
        [
          row(largeGroup.floors.writeEdges),
          row(largeGroup.floors.queryPage),
          ...largeGroup.operations.map(row),
          row(largeGroup.listing.firstPage),
          row(largeGroup.listing.lastPage),
          row(largeGroup.listing.allPages),
        ],
      ),
    );
    out.push('', `Seeding the edges directly took ${(largeGroup.seedMs / 1000).toFixed(1)} s (not part of any figure).`);
    const add = largeGroup.operations[0]!;
    summary.push(
      `Large group: PATCH add ${largeGroup.change} members ${ms(add.latencyMs.median)} ms median, ${add.requests} requests (${x(add.ratio ?? Number.NaN)} the BatchWriteItem floor); member pages ${ms(largeGroup.listing.firstPage.latencyMs.median)} ms first / ${ms(largeGroup.listing.lastPage.latencyMs.median)} ms last, ${largeGroup.listing.firstPage.requests} / ${largeGroup.listing.lastPage.requests} requests (${x(largeGroup.listing.ratio)} a bare Query page).`,
    );
  }

  if (coldStart) {
    out.push('', '## 4. Cold start', '');
    const f = coldStart.floor;
    const counted = coldStart.bundles.filter((b) => b.reachesStorage);
    out.push(
      `Floor: the minimal DynamoDB handler, ${(f.sizeBytes / 1024).toFixed(0)} KiB, load ${ms(f.loadMs)} ms + first request ${ms(f.firstRequestMs)} ms = ${ms(f.totalMs)} ms, ${ms(f.cpuMs)} ms of CPU (medians of ${coldStart.floorRuns} fresh processes spread over the run; each bundle's of ${coldStart.runs}). A bundle meets the target only if both its wall-time and its CPU-time ratio are within 1.5x: a few wall-clock samples on a loaded machine swing either way, CPU time much less. Route bundles: init + the first request a real caller sends (bench/cold/first-requests.ts), whose status is checked and which must reach DynamoDB (requests to DynamoDB: median per probe); trigger and stream bundles: init only, against the floor's init.`,
      '',
    );
    out.push(
      table(
        [
          'bundle',
          'serves',
          'KiB',
          'load ms',
          'first request ms',
          'total ms',
          'status',
          'DynamoDB requests',
          'wall ratio',
          'CPU ms',
          'CPU ratio',
          'target ≤ 1.5x',
        ],
        counted.map((b) => [
          b.bundle,
          b.serves.join(', '),
          (b.sizeBytes / 1024).toFixed(0),
          ms(b.loadMs),
          b.kind === 'route' ? ms(b.firstRequestMs) : '-',
          ms(b.totalMs),
          b.status ?? '-',
          b.dynamoCalls ?? '-',
          x(b.ratio),
          ms(b.cpuMs),
          x(b.cpuRatio),
          verdict(b.met),
        ]),
      ),
    );
    const apart = coldStart.bundles.filter((b) => !b.reachesStorage);
    if (apart.length) {
      const why = new Map(coldStart.noStorage.map((n) => [n.bundle, n.why]));
      out.push(
        '',
        'Routes that answer without storage whatever the request, not counted against the target:',
        '',
        table(
          ['bundle', 'serves', 'why', 'total ms', 'status', 'wall ratio', 'CPU ratio'],
          apart.map((b) => [b.bundle, b.serves.join(', '), why.get(b.bundle) ?? '-', ms(b.totalMs), b.status ?? '-', x(b.ratio), x(b.cpuRatio)]),
        ),
      );
    }
    const worst = counted[0];
    const routeRatios = counted.filter((b) => b.kind === 'route');
    const mid = (pick: (b: (typeof routeRatios)[number]) => number) => median(routeRatios.map(pick));
    summary.push(
      `Cold start: ${counted.length - coldStart.missed} of ${counted.length} bundles within 1.5x the minimal handler (${ms(f.totalMs)} ms, ${(f.sizeBytes / 1024).toFixed(0)} KiB), ` +
        `every route bundle's probe reaching DynamoDB${apart.length ? ` (${apart.length} route bundle(s) that answer without storage reported apart)` : ''}; ` +
        `route bundles' median ${x(mid((b) => b.ratio))} wall, ${x(mid((b) => b.cpuRatio))} CPU, ${(mid((b) => b.sizeBytes) / 1024).toFixed(0)} KiB${worst ? `; worst wall ratio ${worst.bundle} at ${x(worst.ratio)}` : ''}.`,
    );
  }

  if (warm) {
    out.push('', '## 5. Warm overhead', '');
    out.push(
      table(
        ['operation', 'samples', 'handler ms (median)', 'DynamoDB ms (median)', 'our code ms (median)', 'our code p90', 'ratio to DynamoDB', 'target'],
        warm.map((w) => [
          w.name,
          w.samples,
          ms(w.handlerMs.median),
          ms(w.dynamoMs.median),
          ms(w.overheadMs.median),
          ms(w.overheadMs.p90),
          x(w.ratioToDynamo),
          `${w.target.text}: ${verdict(w.target.met)}`,
        ]),
      ),
    );
    summary.push(`Warm overhead: ${warm.map((w) => `${w.name} ${ms(w.overheadMs.median)} ms (${verdict(w.target.met)})`).join(', ')}.`);
  }

  out.push('', '## Summary', '', ...summary.map((s) => `- ${s}`), '');
  return out.join('\n');
}

export function fastest(floors: readonly FloorResult[]): FloorResult {
  return floors.reduce((a, b) => (b.wallMs < a.wallMs ? b : a));
}
