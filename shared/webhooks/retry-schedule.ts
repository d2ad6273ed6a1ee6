/**
 * When a failed delivery is tried again: the Standard Webhooks reference
 * schedule (5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h: eight attempts over about
 * 27 hours), each delay moved by up to ±20% so that the retries of many
 * deliveries that failed together do not arrive together. `WEBHOOK_RETRY_SCHEDULE`
 * replaces the delays (tests use seconds).
 */
import { env } from '../config/env.js';

export const DEFAULT_RETRY_DELAYS_SECONDS: readonly number[] = [5, 300, 1800, 7200, 18_000, 36_000, 36_000];
const JITTER = 0.2;

export const retryDelaysSeconds = (): readonly number[] => {
  const configured = env().WEBHOOK_RETRY_SCHEDULE;
  return configured ? configured.split(',').map(Number) : DEFAULT_RETRY_DELAYS_SECONDS;
};

/**
 * The delay in milliseconds after failed attempt number `attempt` (1-based), or
 * `undefined` when that was the last attempt the schedule allows.
 */
export function retryDelayMs(attempt: number, delays: readonly number[] = retryDelaysSeconds(), random: () => number = Math.random): number | undefined {
  const base = delays[attempt - 1];
  if (base === undefined) return undefined;
  return Math.round(base * 1000 * (1 - JITTER + 2 * JITTER * random()));
}
