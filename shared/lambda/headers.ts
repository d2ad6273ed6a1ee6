/**
 * Reading the headers of an API Gateway HTTP API (v2) event, below every layer
 * that looks at a request (the HTTP kit, authentication).
 */
import type { APIGatewayProxyEventV2 } from 'aws-lambda';

/** A header by name, whatever case the client (or a test) spelled it in. */
export function headerOf(event: Pick<APIGatewayProxyEventV2, 'headers'>, name: string): string | undefined {
  const headers = event.headers ?? {};
  const direct = headers[name];
  if (direct !== undefined) return direct;
  const lower = name.toLowerCase();
  for (const [key, value] of Object.entries(headers)) if (key.toLowerCase() === lower) return value;
  return undefined;
}
