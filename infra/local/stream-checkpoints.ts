/**
 * How far each consumer has read each shard: the last sequence number it
 * processed successfully, as an event source mapping keeps it. Kept in a file
 * for the persisted local stack, so a restart resumes instead of redelivering
 * the whole stream; positions of an older stream (a recreated table) are dropped.
 */
import fs from 'node:fs';
import path from 'node:path';

type Positions = Record<string, Record<string, string>>;

/** Positions per consumer and shard, written through to the file (if any) on every change. */
export class StreamCheckpoints {
  private positions: Positions = {};

  constructor(
    private readonly streamArn: string,
    private readonly file?: string,
  ) {
    if (!file) return;
    try {
      const saved = JSON.parse(fs.readFileSync(file, 'utf8')) as { streamArn?: string; positions?: Positions };
      if (saved.streamArn === streamArn && saved.positions) this.positions = saved.positions;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
  }

  /** The last sequence number `consumer` processed on `shardId`, if any. */
  get(consumer: string, shardId: string): string | undefined {
    return this.positions[consumer]?.[shardId];
  }

  set(consumer: string, shardId: string, sequenceNumber: string): void {
    (this.positions[consumer] ??= {})[shardId] = sequenceNumber;
    if (!this.file) return;
    fs.mkdirSync(path.dirname(this.file), { recursive: true });
    const temp = `${this.file}.tmp`;
    fs.writeFileSync(temp, JSON.stringify({ streamArn: this.streamArn, positions: this.positions }, null, 2));
    fs.renameSync(temp, this.file);
  }
}
