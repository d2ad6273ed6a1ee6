/**
 * Structured JSON logs (Powertools). One logger per process; request-scoped keys
 * (request id, tenant, route) are appended per invocation and cleared after it,
 * because a warm Lambda serves many tenants.
 */
import { Logger } from '@aws-lambda-powertools/logger';

export const logger = new Logger({
  serviceName: 'provisioning',
  logLevel: (process.env.LOG_LEVEL as 'INFO' | undefined) ?? 'INFO',
});
