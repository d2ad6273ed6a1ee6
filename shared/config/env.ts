/**
 * Environment, typed and failing fast. Every variable the service reads goes
 * through a schema here. Two groups:
 * - {@link settings}: knobs with defaults (log level, CORS, metrics, response
 *   checks). Read afresh on each call, so the local stack and tests may change
 *   them in one process; the logger reads them once at load.
 * - {@link env}: what a function cannot run without (table, signing key),
 *   parsed once. Inside Lambda it is parsed when this module loads, so a
 *   function deployed without its table name dies at init, not on the first
 *   request. Outside Lambda (synth, `npm run openapi`) it is parsed at first use.
 */
import * as z from '../validation/zod.js';

/** Case-insensitive: `warn` is WARN. TRACE and FATAL come from Lambda's advanced logging controls. */
const logLevel = (levels: [string, ...string[]]) => z.optional(z.pipe(z.string().check(z.trim(), z.toUpperCase()), z.enum(levels)));

const SettingsSchema = z.object({
  LOG_LEVEL: logLevel(['DEBUG', 'INFO', 'WARN', 'ERROR', 'SILENT']),
  /** Set by Lambda's advanced logging controls; LOG_LEVEL wins when both are set. */
  AWS_LAMBDA_LOG_LEVEL: logLevel(['TRACE', 'DEBUG', 'INFO', 'WARN', 'ERROR', 'FATAL']),
  /** Origins the browser may call the API from (comma-separated); empty: no CORS at all. */
  CORS_ALLOWED_ORIGINS: z._default(z.string(), ''),
  /** `1` in test runs: every response is checked against its route's schema and the SDK's. */
  VALIDATE_RESPONSES: z._default(z.enum(['0', '1']), '0'),
  /** Set by the Lambda runtime: metrics are emitted only inside Lambda. */
  AWS_LAMBDA_FUNCTION_NAME: z.optional(z.string()),
  METRICS_DISABLED: z._default(z.enum(['true', 'false']), 'false'),
  /**
   * How long a warm function may keep accepting a SCIM token it verified, without
   * reading it again (shared/auth/scim-client-auth.ts): the bound on how late a
   * revocation, rotation or provisioning-mode change reaches a request. 0: read
   * on every request.
   */
  SCIM_AUTH_CACHE_SECONDS: z._default(z.coerce.number().check(z.int(), z.gte(0), z.lte(60)), 5),
  /**
   * How long a function instance may hold the SCIM request counts of the
   * Provisioning page before writing them (shared/health/scim-request-counts.ts):
   * at most one write per tenant and hour per interval, and the most an
   * instance's counts can lag or be lost by. 0: one write per request.
   */
  SCIM_HEALTH_FLUSH_SECONDS: z._default(z.coerce.number().check(z.int(), z.gte(0), z.lte(60)), 1),
});

const EnvSchema = z.extend(SettingsSchema, {
  TABLE_NAME: z.string().check(z.minLength(1)),
  /** Key for HMAC-derived secrets (invite links, cursors). In AWS it comes from Secrets Manager via the stack. */
  SIGNING_KEY: z.string().check(z.minLength(32)),
  /** Public base URL of the API, used for SCIM `meta.location` and links. */
  PUBLIC_API_URL: z._default(z.url(), 'http://127.0.0.1:3000'),
  /** Where mail comes from when a tenant has no sender of its own. */
  MAIL_FROM: z._default(z.email(), 'no-reply@example.com'),
  /** KMS key (id or ARN) that wraps the data keys encrypting webhook signing secrets (AWS). */
  WEBHOOK_KMS_KEY_ID: z.optional(z.string().check(z.minLength(1))),
  /** Base64 of 32 bytes wrapping those data keys where there is no KMS (the local stack, tests). */
  WEBHOOK_LOCAL_KEY: z.optional(z.string().check(z.regex(/^[A-Za-z0-9+/]{43}=$/, 'must be base64 of 32 bytes'))),
  /** Webhooks to loopback over http: the local stack only, where receivers run on this machine. */
  WEBHOOK_ALLOW_LOOPBACK: z._default(z.enum(['true', 'false']), 'false'),
  /** Delays in seconds between delivery attempts (comma-separated); the default spans about a day. */
  WEBHOOK_RETRY_SCHEDULE: z.optional(z.string().check(z.regex(/^\d+(,\d+)*$/, 'must be comma-separated seconds'))),
  /** The function that attempts one webhook delivery, invoked asynchronously per delivery. */
  /** The EventBridge bus the domain events go on (functions/stream/events.ts). */
  EVENT_BUS_NAME: z.optional(z.string().check(z.minLength(1))),
  WEBHOOK_WORKER_FUNCTION: z._default(z.string().check(z.minLength(1)), 'webhooks-deliver'),
});

export type Settings = z.infer<typeof SettingsSchema>;
export type Env = z.infer<typeof EnvSchema>;

function parse<S extends z.ZodMiniType>(schema: S, source: NodeJS.ProcessEnv): z.infer<S> {
  const parsed = schema.safeParse(source);
  if (!parsed.success) {
    const fields = parsed.error.issues.map((i) => i.path.join('.')).join(', ');
    throw new Error(`Invalid environment: ${fields}`);
  }
  return parsed.data as z.infer<S>;
}

/** The knobs of the environment, parsed now. Throws if one is malformed. */
export const settings = (): Settings => parse(SettingsSchema, process.env);

let cached: Env | undefined;

/** The validated environment. Throws if a variable is missing or malformed. */
export function env(): Env {
  cached ??= parse(EnvSchema, process.env);
  return cached;
}

/** Tests and the local stack change the environment between runs in one process. */
export function resetEnvForTests(): void {
  cached = undefined;
}

if (process.env.AWS_LAMBDA_FUNCTION_NAME !== undefined) env();
