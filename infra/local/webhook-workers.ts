/**
 * Webhook delivery on this machine, as in AWS (docs/webhooks.md): a
 * Lambda-invoke endpoint that runs the worker for each `Event` invocation the
 * dispatcher makes (answering 202 at once and running it in this process), and
 * a timer standing in for the sweeper's one-minute schedule.
 *
 * The endpoint takes the local stack's dummy credentials, which every process
 * of the stack signs with: the worker only attempts a delivery that is already
 * due, so a call from elsewhere on the machine could at most hasten one.
 */
import { WEBHOOK_SWEEPER_HANDLER, WEBHOOK_WORKER_HANDLER, WEBHOOK_WORKER_TIMEOUT_SECONDS } from '../webhook-functions.js';
import { startLambdaInvokeEndpoint, type LambdaInvokeEndpointOptions, type RunningLambdaInvokeEndpoint } from './lambda-invoke-endpoint.js';
import { invoke, loadHandler } from './lambda-runtime.js';
import { LOCAL_CREDENTIALS } from './local-env.js';

export const LOCAL_WEBHOOK_WORKER = 'webhooks-deliver';

export interface LocalWebhookWorkers {
  endpoint: RunningLambdaInvokeEndpoint;
  stop(): Promise<void>;
}

export interface LocalWebhookWorkerOptions {
  port?: number;
  /** How often due retries are handed out (AWS: every minute). */
  sweepIntervalMs?: number;
  onInvoke?: LambdaInvokeEndpointOptions['onInvoke'];
}

/** Starts the worker endpoint (set `AWS_ENDPOINT_URL_LAMBDA` to its url before dispatching) and, if asked, the sweep timer. */
export async function startWebhookWorkers(options: LocalWebhookWorkerOptions = {}): Promise<LocalWebhookWorkers> {
  const endpoint = await startLambdaInvokeEndpoint({
    port: options.port,
    functions: [{ name: LOCAL_WEBHOOK_WORKER, handler: WEBHOOK_WORKER_HANDLER, timeoutSeconds: WEBHOOK_WORKER_TIMEOUT_SECONDS }],
    credentials: { ...LOCAL_CREDENTIALS },
    onInvoke: options.onInvoke,
  });
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  if (options.sweepIntervalMs) {
    const sweep = async () => {
      try {
        const handler = await loadHandler(WEBHOOK_SWEEPER_HANDLER);
        await invoke('webhooks.sweeper', handler, {}, 60);
      } catch {
        // The next sweep tries again; a failing sweep shows in the worker invocations it did not make.
      }
      if (!stopped) timer = setTimeout(() => void sweep(), options.sweepIntervalMs);
    };
    timer = setTimeout(() => void sweep(), options.sweepIntervalMs);
  }
  return {
    endpoint,
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await endpoint.close();
    },
  };
}
