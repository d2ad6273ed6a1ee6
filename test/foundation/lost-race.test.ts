/**
 * The one read–compute–commit loop: a lost race runs the attempt again on a fresh
 * read, a loss the client's If-Match asserted is its own error at once, anything
 * else is never retried, and a race lost every time is a 429 — or, with
 * `keepLastError`, that loss's own error — after the same number of attempts.
 */
import { describe, expect, it } from 'vitest';
import { ConflictError, PreconditionFailedError, ThrottledError } from '../../shared/errors/app-error.js';
import { LOST_RACE_RETRIES, readComputeCommit } from '../../shared/storage/lost-race.js';

const lost = () => new PreconditionFailedError('user.version_mismatch', 'changed meanwhile');
const lostRace = (error: unknown) => error instanceof PreconditionFailedError;

/** An attempt that loses `losses` times, then returns how many attempts it took. */
function losing(losses: number) {
  let calls = 0;
  const attempt = async () => {
    calls++;
    if (calls <= losses) throw lost();
    return calls;
  };
  return { attempt, calls: () => calls };
}

describe('readComputeCommit', () => {
  it('runs the attempt again after each lost race until it commits', async () => {
    const run = losing(3);
    await expect(readComputeCommit(run.attempt, { lostRace })).resolves.toBe(4);
  });

  it('rethrows anything that is not a lost race at once', async () => {
    let calls = 0;
    const refusal = new ConflictError('user.email_taken', 'taken');
    const attempt = async () => {
      calls++;
      throw refusal;
    };
    await expect(readComputeCommit(attempt, { lostRace })).rejects.toBe(refusal);
    expect(calls).toBe(1);
  });

  it('answers a loss the If-Match asserted with its own error, never retried', async () => {
    const run = losing(Infinity);
    await expect(readComputeCommit(run.attempt, { lostRace, preconditioned: () => true })).rejects.toMatchObject({ code: 'user.version_mismatch' });
    expect(run.calls()).toBe(1);
  });

  it('answers a race lost on every attempt with a 429 and Retry-After', async () => {
    const run = losing(Infinity);
    const error = await readComputeCommit(run.attempt, { lostRace }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ThrottledError);
    expect(error).toMatchObject({ code: 'request.throttled', status: 429, headers: { 'Retry-After': '1' } });
    expect(run.calls()).toBe(LOST_RACE_RETRIES + 1);
  });

  it('with keepLastError, answers a race lost on every attempt with that loss, after as many attempts', async () => {
    const run = losing(Infinity);
    const error = await readComputeCommit(run.attempt, { lostRace, keepLastError: true }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PreconditionFailedError);
    expect(error).toMatchObject({ code: 'user.version_mismatch', status: 412 });
    expect(run.calls()).toBe(LOST_RACE_RETRIES + 1);
  });
});
