/**
 * What a write that lost an optimistic-locking race does. With If-Match the
 * client asked for a precondition, so the loss is its 412. Without one, the client
 * asked for no precondition at all: the service re-reads and re-applies, with
 * jittered backoff so parallel writers spread out, and if it keeps losing it says
 * "retry" (429 with Retry-After) — and no update is lost silently. A few routes
 * that documented their own answer to a race lost every time (a team manifest's
 * 409/412, a sign-in's refusal, the settings' 412) keep it with `keepLastError`.
 */
import { ThrottledError } from '../errors/app-error.js';

export const LOST_RACE_RETRIES = 8;

/**
 * Returns (after a backoff) when the caller should re-read and try again;
 * throws the error to answer otherwise.
 */
export async function retryLostRace(error: unknown, input: { lostRace: boolean; ifMatch: boolean; attempt: number }): Promise<void> {
  if (!input.lostRace || input.ifMatch) throw error;
  if (input.attempt >= LOST_RACE_RETRIES) {
    throw new ThrottledError('The resource is being changed by other requests at the same time; retry', 1, error);
  }
  const ceiling = Math.min(400, 10 * 2 ** input.attempt);
  await new Promise((resolve) => setTimeout(resolve, ceiling / 2 + Math.random() * (ceiling / 2)));
}

/**
 * The read–compute–commit loop, written once: `attempt` reads what it needs,
 * computes the change and commits it; when it throws a lost race (`lostRace`) it
 * runs again on a fresh read, as {@link retryLostRace} allows. `preconditioned`
 * says, at the moment of the loss, whether the client's If-Match was what the
 * losing write asserted (then the loss is its 412, never retried).
 * `keepLastError` answers a race lost on every attempt with that loss's own
 * error (the route's documented 409 or 412) instead of the 429.
 */
export async function readComputeCommit<T>(
  attempt: () => Promise<T>,
  options: { lostRace: (error: unknown) => boolean; preconditioned?: () => boolean; keepLastError?: boolean },
): Promise<T> {
  for (let n = 0; ; n++) {
    try {
      return await attempt();
    } catch (error) {
      const lostRace = options.lostRace(error);
      if (lostRace && options.keepLastError && n >= LOST_RACE_RETRIES) throw error;
      await retryLostRace(error, { lostRace, ifMatch: options.preconditioned?.() ?? false, attempt: n });
    }
  }
}
