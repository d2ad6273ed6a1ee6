/**
 * Environment, read once per cold start, typed, failing fast: a function that is
 * deployed without its table name should die at init, not on the first request.
 */
import * as z from '../validation/zod.js';

const EnvSchema = z.object({
  TABLE_NAME: z.string().check(z.minLength(1)),
  /** Key for HMAC-derived secrets (invite links, cursors). In AWS it comes from Secrets Manager via the stack. */
  SIGNING_KEY: z.string().check(z.minLength(32)),
  /** Public base URL of the API, used for SCIM `meta.location` and links. */
  PUBLIC_API_URL: z._default(z.url(), 'http://127.0.0.1:3000'),
  /** Where mail comes from when a tenant has no sender of its own. */
  MAIL_FROM: z._default(z.email(), 'no-reply@example.com'),
  LOG_LEVEL: z._default(z.enum(['DEBUG', 'INFO', 'WARN', 'ERROR', 'SILENT']), 'INFO'),
  /** KMS key (id or ARN) that wraps the data keys encrypting webhook signing secrets (AWS). */
  WEBHOOK_KMS_KEY_ID: z.optional(z.string().check(z.minLength(1))),
  /** Base64 of 32 bytes wrapping those data keys where there is no KMS (the local stack, tests). */
  WEBHOOK_LOCAL_KEY: z.optional(z.string().check(z.regex(/^[A-Za-z0-9+/]{43}=$/, 'must be base64 of 32 bytes'))),
  /** Webhooks to loopback over http: the local stack only, where receivers run on this machine. */
  WEBHOOK_ALLOW_LOOPBACK: z._default(z.enum(['true', 'false']), 'false'),
  /** Delays in seconds between delivery attempts (comma-separated); the default spans about a day. */
  WEBHOOK_RETRY_SCHEDULE: z.optional(z.string().check(z.regex(/^\d+(,\d+)*$/, 'must be comma-separated seconds'))),
  /** The function that attempts one webhook delivery, invoked asynchronously per delivery. */
  WEBHOOK_WORKER_FUNCTION: z._default(z.string().check(z.minLength(1)), 'webhooks-deliver'),
});

export type Env = z.infer<typeof EnvSchema>;

let cached: Env | undefined;

/** The validated environment. Throws at first use if a variable is missing or malformed. */
export function env(): Env {
  if (!cached) {
    const parsed = EnvSchema.safeParse(process.env);
    if (!parsed.success) {
      const fields = parsed.error.issues.map((i) => i.path.join('.')).join(', ');
      throw new Error(`Invalid environment: ${fields}`);
    }
    cached = parsed.data;
  }
  return cached;
}

/** Tests and the local stack change the environment between runs in one process. */
export function resetEnvForTests(): void {
  cached = undefined;
}
