/**
 * One SES client per process; the endpoint comes from the SDK's own
 * `AWS_ENDPOINT_URL_SES`, so the same code sends through SES in AWS and through
 * the SES emulator locally.
 */
import { SESClient } from '@aws-sdk/client-ses';

let client: SESClient | undefined;

export function sesClient(): SESClient {
  client ??= new SESClient({ maxAttempts: 2 });
  return client;
}

export function setSesClientForTests(replacement: SESClient | undefined): void {
  client = replacement;
}
