import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { headerOf } from '../lambda/headers.js';
import { UnauthorizedError } from '../errors/app-error.js';

/** The bearer credential of a request, or a 401 saying what is missing. */
export function bearerToken(event: Pick<APIGatewayProxyEventV2, 'headers'>): string {
  const header = headerOf(event, 'authorization');
  if (!header) throw new UnauthorizedError('auth.missing', 'Missing Authorization header with a Bearer token');
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  if (!match?.[1]) throw new UnauthorizedError('auth.malformed', 'Authorization header must be "Bearer <token>"');
  return match[1];
}
