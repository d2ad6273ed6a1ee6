/**
 * Maps what DynamoDB says after the SDK's own retries into the service's errors:
 * throttling is the client's to retry (429), an unavailable service is a 503,
 * both with Retry-After. A transaction cancelled only by throttling or conflicts
 * is throttling too. Everything else is left alone to become a 500.
 */
import { ThrottledError, UnavailableError } from '../errors/app-error.js';

const THROTTLING = new Set([
  'ProvisionedThroughputExceededException',
  'ThrottlingException',
  'RequestLimitExceeded',
  'TransactionConflictException',
  'TransactionInProgressException',
]);

interface AwsLikeError {
  name?: string;
  $metadata?: { httpStatusCode?: number };
  $fault?: string;
}

export function translateAwsError(error: unknown): unknown {
  const e = error as AwsLikeError;
  if (!e || typeof e !== 'object') return error;
  if (e.name && THROTTLING.has(e.name)) return new ThrottledError(undefined, 1, error);
  if (e.$fault === 'server' || (e.$metadata?.httpStatusCode ?? 0) >= 500 || e.name === 'TimeoutError') {
    return new UnavailableError(undefined, 2, error);
  }
  return error;
}

/** Whether a single-item write was refused by its condition (not a transaction's cancellation). */
export const isConditionalCheckFailed = (error: unknown): boolean => (error as AwsLikeError | undefined)?.name === 'ConditionalCheckFailedException';
