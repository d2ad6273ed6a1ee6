/**
 * Runtime settings shared by the deployed functions and the local stack, so a
 * handler that is too slow locally is too slow in AWS as well.
 */

/** API Gateway HTTP APIs give up after 30 s; the function stops before that so the client gets its error. */
export const API_FUNCTION_TIMEOUT_SECONDS = 10;
/** Cognito waits 5 s for a trigger, then fails the sign-in. */
export const TRIGGER_FUNCTION_TIMEOUT_SECONDS = 5;
export const STREAM_CONSUMER_TIMEOUT_SECONDS = 60;
export const FUNCTION_MEMORY_MB = 512;
/** Records per stream batch, as configured on the event source mapping. */
export const STREAM_BATCH_SIZE = 100;
