/**
 * The client contract applied to every response of the HTTP tests (registered in
 * test/setup/env.ts): a route TrueFoundry's SDK calls must answer what the SDK
 * parses, and every admin API error must be the SDK's `HttpError` with details
 * that follow the one rule.
 */
import * as z from '../../shared/validation/zod.js';
import type { ResponseCheck } from '../../shared/http/response-checks.js';
import { HttpError, SDK_RESPONSES } from './sdk-wire.js';

const ADMIN_API = '/api/svc/v1';

export const sdkContractCheck: ResponseCheck = ({ route, path, status, body }) => {
  if (!path.startsWith(ADMIN_API)) return undefined;
  const schema = status >= 400 ? HttpError : status === 204 ? undefined : SDK_RESPONSES[route];
  if (!schema) return undefined;
  const parsed = z.safeParse(schema, body);
  return parsed.success ? undefined : `breaks the TrueFoundry SDK contract (${status >= 400 ? 'HttpError' : route}): ${z.prettifyError(parsed.error)}`;
};
