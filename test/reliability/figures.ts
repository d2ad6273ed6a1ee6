/**
 * Figures of a run (case counts, statuses, durations) for docs/reliability.md.
 * Tests record what they observed; each file writes its figures as JSON to the
 * system temp directory when it finishes. They are reported, never asserted:
 * timing targets do not belong in tests.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Where the last run's figures are, one JSON file per test file. */
export const FIGURES_DIR = join(tmpdir(), 'provisioning-reliability-figures');

const recorded = new Map<string, Record<string, unknown>>();

export const figures = {
  record(file: string, what: string, value: unknown): void {
    const entries = recorded.get(file) ?? {};
    entries[what] = value;
    recorded.set(file, entries);
  },
  flush(file: string): void {
    const entries = recorded.get(file);
    if (!entries) return;
    mkdirSync(FIGURES_DIR, { recursive: true });
    writeFileSync(join(FIGURES_DIR, `${file}.json`), `${JSON.stringify({ at: new Date().toISOString(), ...entries }, null, 2)}\n`);
  },
};
