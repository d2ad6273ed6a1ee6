/** The HTTP kit end to end on a handler: parsing, validation, envelopes, hidden 500s. */
import { describe, expect, it } from 'vitest';
import * as z from '../../shared/validation/zod.js';
import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';
import { defineRoute } from '../../shared/http/define-route.js';
import { errorResponse } from '../../shared/http/route-kit.js';
import { ConflictError, UniquenessError } from '../../shared/errors/app-error.js';
import { SCIM_ERROR_SCHEMA } from '../../shared/http/envelopes.js';

const context = { awsRequestId: 'req-1', functionName: 'test' } as Context;

function event(body?: string, query?: Record<string, string>): APIGatewayProxyEventV2 {
  return {
    version: '2.0',
    routeKey: 'GET /health',
    rawPath: '/health',
    rawQueryString: '',
    headers: { 'content-type': 'application/json' },
    queryStringParameters: query,
    requestContext: { requestId: 'req-1', http: { method: 'GET', path: '/health' } },
    body,
    isBase64Encoded: false,
  } as unknown as APIGatewayProxyEventV2;
}

const echo = defineRoute(
  {
    routes: ['service.health'],
    summary: 'test echo',
    query: z.strictObject({ limit: z._default(z.coerce.number().check(z.int(), z.gte(1), z.lte(10)), 5) }),
    body: z.strictObject({ name: z.string().check(z.minLength(1)) }),
  },
  async ({ body, query }) => {
    if (body.name === 'boom') throw new Error('secret internal detail');
    if (body.name === 'taken') throw new UniquenessError('team.name_taken', 'That name is taken');
    return { status: 201, body: { name: body.name, limit: query.limit } };
  },
);

const json = (r: { body?: string }) => JSON.parse(r.body ?? '') as Record<string, unknown>;

describe('defineRoute', () => {
  it('parses, validates and answers with the result', async () => {
    const res = await echo(event('{"name":"ok"}'), context);
    expect(res.statusCode).toBe(201);
    expect(res.headers?.['content-type']).toBe('application/json; charset=utf-8');
    expect(res.headers?.['x-request-id']).toBe('req-1');
    expect(json(res)).toEqual({ name: 'ok', limit: 5 });
  });

  it('answers malformed JSON with a 400 in the admin envelope, never a 500', async () => {
    const res = await echo(event('{"name":'), context);
    expect(res.statusCode).toBe(400);
    expect(json(res)).toMatchObject({ statusCode: 400, code: 'request.malformed_json' });
  });

  it('names every invalid field', async () => {
    const res = await echo(event('{"name":"","extra":1}', { limit: '99' }), context);
    expect(res.statusCode).toBe(400);
    const body = json(res);
    expect(body.code).toBe('request.invalid');
    expect(body.message).toMatch(/limit/);
    const bodyRes = await echo(event('{"name":"","extra":1}'), context);
    const fields = (json(bodyRes).details as Array<{ field: string }>).map((d) => d.field);
    expect(fields).toEqual(expect.arrayContaining(['name']));
    expect(json(bodyRes).message).toMatch(/extra/);
  });

  it('maps domain errors to their status and code', async () => {
    const res = await echo(event('{"name":"taken"}'), context);
    expect(res.statusCode).toBe(409);
    expect(json(res)).toEqual({ statusCode: 409, message: 'That name is taken', code: 'team.name_taken' });
  });

  it('hides the message of an unexpected error behind a 500', async () => {
    const res = await echo(event('{"name":"boom"}'), context);
    expect(res.statusCode).toBe(500);
    expect(res.body).not.toContain('secret internal detail');
    expect(json(res)).toMatchObject({ statusCode: 500, code: 'internal' });
  });

  it('renders the SCIM envelope with status as a string and the scimType', () => {
    const res = errorResponse('scim', new UniquenessError('user.username_taken', 'userName taken'), 'r');
    expect(res.statusCode).toBe(409);
    expect(res.headers?.['content-type']).toBe('application/scim+json; charset=utf-8');
    expect(JSON.parse(res.body!)).toEqual({ schemas: [SCIM_ERROR_SCHEMA], status: '409', scimType: 'uniqueness', detail: 'userName taken' });
    const plain = JSON.parse(errorResponse('scim', new ConflictError('user.exists', 'conflict'), 'r').body!);
    expect(plain).not.toHaveProperty('scimType');
  });

  it('answers 503 with Retry-After, not 500, when the work outlives the Lambda deadline', async () => {
    const slow = defineRoute({ routes: ['service.health'], summary: 'slow' }, async () => {
      await new Promise((r) => setTimeout(r, 2000));
      return { status: 200, body: {} };
    });
    const nearDeadline = { ...context, getRemainingTimeInMillis: () => 700 } as Context;
    const res = await slow(event(), nearDeadline);
    expect(res.statusCode).toBe(503);
    expect(res.headers?.['Retry-After']).toBe('2');
    expect(json(res)).toMatchObject({ code: 'service.unavailable' });
  });
});
