/**
 * Counts every DynamoDB request this process makes and what it consumed. It is
 * a middleware on the shared document client's stack, so handlers run by the
 * in-process gateway, the repositories and the floor writers are all measured by
 * the same instrument. Every capacity-bearing command is sent with
 * `ReturnConsumedCapacity: TOTAL`, which changes nothing but the answer's size.
 */
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

/** Commands that accept ReturnConsumedCapacity (control-plane calls do not). */
const CAPACITY_COMMANDS = new Set([
  'GetItemCommand',
  'PutItemCommand',
  'UpdateItemCommand',
  'DeleteItemCommand',
  'QueryCommand',
  'ScanCommand',
  'BatchGetItemCommand',
  'BatchWriteItemCommand',
  'TransactGetItemsCommand',
  'TransactWriteItemsCommand',
]);

interface Capacity {
  CapacityUnits?: number;
  ReadCapacityUnits?: number;
  WriteCapacityUnits?: number;
}

/** One logical SDK call (its retries included). */
export interface MeteredCall {
  command: string;
  startMs: number;
  endMs: number;
  capacity: number;
  readCapacity: number;
  writeCapacity: number;
  /** The call threw (after the SDK's retries): a cancelled transaction, a failed condition. */
  failed: boolean;
  /** Items it asked DynamoDB to write (condition checks of a transaction included), and whether in a transaction. */
  writeItems: number;
  transactional: boolean;
  /** Which keys or index it touched, ids masked (`GetItem T#…/SECRET`), to name the code behind a cost. */
  what: string;
}

/** What a window of calls added up to. */
export interface MeterTotals {
  requests: number;
  byCommand: Record<string, number>;
  capacity: number;
  readCapacity: number;
  writeCapacity: number;
  /** Items written, and how many of those in TransactWriteItems (DynamoDB Local's costliest write, per item). */
  writeItems: number;
  transactionalWriteItems: number;
  /** Wall time during which at least one DynamoDB `send` was in flight (SDK work included). */
  busyMs: number;
}

export class DynamoMeter {
  private calls: MeteredCall[] = [];
  private recording = true;

  /** Intervals of whole `send` calls, SDK work before its middleware stack included. */
  private spans: Array<{ startMs: number; endMs: number }> = [];

  /** Installs the middleware on `client` and times its `send` from the outside. */
  install(client: DynamoDBDocumentClient): void {
    // The SDK builds each command's middleware stack inside `send`, before any
    // middleware runs; timing `send` itself keeps that SDK work out of "our code".
    const send = client.send.bind(client) as (...args: unknown[]) => Promise<unknown>;
    client.send = (async (...args: unknown[]) => {
      const startMs = performance.now();
      try {
        return await send(...args);
      } finally {
        if (this.recording) this.spans.push({ startMs, endMs: performance.now() });
      }
    }) as typeof client.send;
    client.middlewareStack.add(
      (next, context) => async (args) => {
        const command = String(context.commandName ?? 'unknown');
        const input = args.input as Record<string, unknown>;
        if (CAPACITY_COMMANDS.has(command) && input.ReturnConsumedCapacity === undefined) {
          input.ReturnConsumedCapacity = 'TOTAL';
        }
        const startMs = performance.now();
        let failed = false;
        let output: Record<string, unknown> | undefined;
        try {
          const result = await next(args);
          output = result.output as Record<string, unknown>;
          return result;
        } catch (error) {
          failed = true;
          throw error;
        } finally {
          if (this.recording) {
            this.calls.push({
              command,
              startMs,
              endMs: performance.now(),
              failed,
              what: describeCall(command, input),
              writeItems: writeItemsOf(command, input),
              transactional: command === 'TransactWriteItemsCommand',
              ...capacityOf(output?.ConsumedCapacity),
            });
          }
        }
      },
      { step: 'initialize', name: 'benchDynamoMeter', override: true },
    );
  }

  /** Runs `body` and returns what it cost; windows must not overlap (benchmarks run them one at a time). */
  async measure<T>(body: () => Promise<T>): Promise<{ result: T; totals: MeterTotals; calls: MeteredCall[] }> {
    const from = this.calls.length;
    const spansFrom = this.spans.length;
    const result = await body();
    const calls = this.calls.slice(from);
    return { result, totals: { ...totalsOf(calls), busyMs: busyTime(this.spans.slice(spansFrom)) }, calls };
  }

  /** Drops what was recorded so far (long runs would otherwise keep every call). */
  reset(): void {
    this.calls = [];
    this.spans = [];
  }

  pause(): void {
    this.recording = false;
  }

  resume(): void {
    this.recording = true;
  }

  get recorded(): readonly MeteredCall[] {
    return this.calls;
  }
}

function capacityOf(consumed: unknown): Pick<MeteredCall, 'capacity' | 'readCapacity' | 'writeCapacity'> {
  const list = (Array.isArray(consumed) ? consumed : consumed ? [consumed] : []) as Capacity[];
  let capacity = 0;
  let readCapacity = 0;
  let writeCapacity = 0;
  for (const c of list) {
    capacity += c.CapacityUnits ?? 0;
    readCapacity += c.ReadCapacityUnits ?? 0;
    writeCapacity += c.WriteCapacityUnits ?? 0;
  }
  return { capacity, readCapacity, writeCapacity };
}

/** Sums calls; busy time is the union of their intervals, so parallel calls are not counted twice. */
export function totalsOf(calls: readonly MeteredCall[]): MeterTotals {
  const byCommand: Record<string, number> = {};
  let capacity = 0;
  let readCapacity = 0;
  let writeCapacity = 0;
  let writeItems = 0;
  let transactionalWriteItems = 0;
  for (const c of calls) {
    byCommand[c.command] = (byCommand[c.command] ?? 0) + 1;
    capacity += c.capacity;
    readCapacity += c.readCapacity;
    writeCapacity += c.writeCapacity;
    writeItems += c.writeItems;
    if (c.transactional) transactionalWriteItems += c.writeItems;
  }
  return { requests: calls.length, byCommand, capacity, readCapacity, writeCapacity, writeItems, transactionalWriteItems, busyMs: busyTime(calls) };
}

/** The union of intervals: parallel calls are not counted twice. */
function busyTime(intervals: ReadonlyArray<{ startMs: number; endMs: number }>): number {
  const sorted = [...intervals].sort((a, b) => a.startMs - b.startMs);
  let busyMs = 0;
  let span: { start: number; end: number } | undefined;
  for (const c of sorted) {
    if (span && c.startMs <= span.end) {
      span.end = Math.max(span.end, c.endMs);
      continue;
    }
    if (span) busyMs += span.end - span.start;
    span = { start: c.startMs, end: c.endMs };
  }
  if (span) busyMs += span.end - span.start;
  return busyMs;
}

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;
const TENANT = /(?<![A-Z])T#[a-z0-9-]+-[0-9a-f]{8}/g;
const TIME = /\d{4}-\d\d-\d\dT[\d:.]+Z/g;
const HASH = /(SECRET#)[A-Za-z0-9_-]{20,}/g;

/** A key or key condition with ids masked, so equal shapes group together. */
const mask = (value: unknown): string =>
  String(value)
    .replace(TENANT, 'T#…')
    .replace(UUID, '{id}')
    .replace(TIME, '{time}')
    .replace(HASH, '$1{hash}')
    .replace(/#[^#{}…]*@[^#]*/g, '#{name}');

function keyOf(key: unknown): string {
  const k = key as { PK?: unknown; SK?: unknown } | undefined;
  return k ? `${mask(k.PK)}/${mask(k.SK)}` : '?';
}

function writeItemsOf(command: string, input: Record<string, unknown>): number {
  switch (command) {
    case 'PutItemCommand':
    case 'UpdateItemCommand':
    case 'DeleteItemCommand':
      return 1;
    case 'TransactWriteItemsCommand':
      return (input.TransactItems as unknown[] | undefined)?.length ?? 0;
    case 'BatchWriteItemCommand':
      return Object.values((input.RequestItems ?? {}) as Record<string, unknown[]>).reduce((n, requests) => n + requests.length, 0);
    default:
      return 0;
  }
}

/** A short description of what a call touched, for the report's "cause" column. */
export function describeCall(command: string, input: Record<string, unknown>): string {
  const name = command.replace(/Command$/, '');
  switch (command) {
    case 'GetItemCommand':
    case 'UpdateItemCommand':
    case 'DeleteItemCommand':
      return `${name} ${keyOf(input.Key)}`;
    case 'PutItemCommand':
      return `${name} ${keyOf(input.Item)}`;
    case 'QueryCommand': {
      const values = (input.ExpressionAttributeValues ?? {}) as Record<string, unknown>;
      const pk = Object.entries(values).find(([k]) => k === ':pk')?.[1] ?? Object.values(values)[0];
      return `${name} ${String(input.IndexName ?? 'table')} ${mask(pk)}${input.Limit ? ` limit ${String(input.Limit)}` : ''}`;
    }
    case 'BatchGetItemCommand': {
      const requests = Object.values((input.RequestItems ?? {}) as Record<string, { Keys?: unknown[] }>)[0]?.Keys ?? [];
      return `${name} [${[...new Set(requests.map(keyOf))].join(', ')}] x${requests.length}`;
    }
    case 'TransactWriteItemsCommand':
    case 'BatchWriteItemCommand': {
      const items = (
        command === 'BatchWriteItemCommand'
          ? (Object.values((input.RequestItems ?? {}) as Record<string, unknown[]>)[0] ?? [])
          : ((input.TransactItems as unknown[] | undefined) ?? [])
      ) as Array<Record<string, { Key?: unknown; Item?: unknown }>>;
      if (command === 'BatchWriteItemCommand' || items.length > 8) return `${name} ${items.length} items`;
      // A small transaction is named item by item, so a create's write amplification is visible.
      const parts = items.map((item) => {
        const [action, body] = Object.entries(item)[0] ?? ['?', {}];
        return `${action} ${keyOf(body?.Key ?? body?.Item)}`;
      });
      return `${name} ${items.length} items [${parts.join(', ')}]`;
    }
    default:
      return name;
  }
}
