/** The webhook functions outside the three tables, named once for the CDK construct and the local stack (plain data). */
export const WEBHOOK_WORKER_HANDLER = 'functions/webhooks/deliver.ts';
export const WEBHOOK_SWEEPER_HANDLER = 'functions/webhooks/retry-sweeper.ts';
/** One attempt takes at most 10 s of network time; the rest is signing and two table writes. */
export const WEBHOOK_WORKER_TIMEOUT_SECONDS = 30;
