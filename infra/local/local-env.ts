/**
 * The environment every locally run handler sees (gateway, Lambda-invoke
 * endpoint, stream poller, tests): the same variables a deployed function gets,
 * plus the SDK's own `AWS_ENDPOINT_URL_*` variables pointing at the emulators,
 * so handler code has no local branch. Credentials are dummies and instance
 * metadata is off, so a developer's real AWS profile is never used.
 */
import { hkdfSync, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { resetEnvForTests } from '../../shared/config/env.js';

export const LOCAL_REGION = 'us-east-1';
export const LOCAL_CREDENTIALS = { accessKeyId: 'local', secretAccessKey: 'local' } as const;
export const LOCAL_TABLE_NAME = 'provisioning-local';

export interface LocalEnvOptions {
  tableName: string;
  signingKey: string;
  publicApiUrl: string;
  endpoints: { dynamodb: string; ses?: string; cognito?: string; lambda?: string; eventBridge?: string };
  mailFrom?: string;
  logLevel?: 'DEBUG' | 'INFO' | 'WARN' | 'ERROR' | 'SILENT';
}

/** The variables, as a plain record (for a child process or an assertion). */
export function localEnv(options: LocalEnvOptions): Record<string, string> {
  const vars: Record<string, string> = {
    TABLE_NAME: options.tableName,
    SIGNING_KEY: options.signingKey,
    PUBLIC_API_URL: options.publicApiUrl,
    MAIL_FROM: options.mailFrom ?? 'no-reply@example.com',
    LOG_LEVEL: options.logLevel ?? 'INFO',
    AWS_REGION: LOCAL_REGION,
    AWS_ACCESS_KEY_ID: LOCAL_CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: LOCAL_CREDENTIALS.secretAccessKey,
    AWS_EC2_METADATA_DISABLED: 'true',
    // Lambda runs Node 22; the SDK's warning about the Node 20 some developers still run adds only noise.
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    AWS_ENDPOINT_URL_DYNAMODB: options.endpoints.dynamodb,
  };
  if (options.endpoints.ses) vars.AWS_ENDPOINT_URL_SES = options.endpoints.ses;
  if (options.endpoints.cognito) vars.AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER = options.endpoints.cognito;
  // The webhook worker's Lambda-invoke endpoint (start.ts): dispatches reach it as they reach Lambda in AWS.
  if (options.endpoints.lambda) vars.AWS_ENDPOINT_URL_LAMBDA = options.endpoints.lambda;
  // The local PutEvents endpoint (event-bus.ts) stands in for the service's bus.
  if (options.endpoints.eventBridge) {
    vars.AWS_ENDPOINT_URL_EVENTBRIDGE = options.endpoints.eventBridge;
    vars.EVENT_BUS_NAME = LOCAL_EVENT_BUS_NAME;
  }
  vars.WEBHOOK_LOCAL_KEY = localWebhookKey(options.signingKey);
  // Receivers of the local stack and the tests listen on this machine.
  vars.WEBHOOK_ALLOW_LOOPBACK = 'true';
  return vars;
}

/**
 * Sets the variables on this process and drops the cached parsed environment, so
 * handlers imported afterwards (or already imported) read the new values.
 * A session token or profile from the developer's shell would mix real and dummy
 * credentials, so those are removed.
 */
export function applyLocalEnv(options: LocalEnvOptions): Record<string, string> {
  const vars = localEnv(options);
  for (const name of ['AWS_SESSION_TOKEN', 'AWS_PROFILE', 'AWS_DEFAULT_PROFILE']) delete process.env[name];
  Object.assign(process.env, vars);
  resetEnvForTests();
  return vars;
}

/** The local signing key: generated once and kept, so invite links and cursors survive a restart. */
export function loadOrCreateSigningKey(file: string): string {
  try {
    const key = fs.readFileSync(file, 'utf8').trim();
    if (key.length >= 32) return key;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  const key = randomBytes(32).toString('base64url');
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, `${key}\n`, { mode: 0o600 });
  return key;
}

/**
 * The key sealing webhook secrets where there is no KMS: derived from the local
 * signing key (kept in `.local/`), so it survives restarts with it and needs no
 * second file. Never used in AWS, where KMS keeps the key.
 */
export function localWebhookKey(signingKey: string): string {
  return Buffer.from(hkdfSync('sha256', signingKey, 'provisioning-local', 'webhook-secrets', 32)).toString('base64');
}

/** The bus name the local stack's events consumer puts on. */
export const LOCAL_EVENT_BUS_NAME = 'provisioning-events';
