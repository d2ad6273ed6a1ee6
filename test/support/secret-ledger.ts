/**
 * Tests record here every secret they handle in plaintext (passwords they set,
 * tokens they were shown), so the after-suite scan can prove none of them was
 * stored. Appends are atomic for short lines, so parallel workers can share it.
 */
import { appendFileSync } from 'node:fs';
import { inject } from 'vitest';

export function rememberSecret(...secrets: string[]): void {
  appendFileSync(inject('secretLedger'), secrets.map((s) => `${s}\n`).join(''));
}
