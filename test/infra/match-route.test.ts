/** Unit: route matching as API Gateway HTTP APIs do it. */
import { describe, expect, it } from 'vitest';
import type { RouteDefinition } from '../../shared/http/route-table.js';
import { matchRoute } from '../../infra/routing/match-route.js';

const route = (method: RouteDefinition['method'], path: string): RouteDefinition => ({
  name: `${method} ${path}`,
  method,
  path,
  handler: 'x.ts',
  auth: 'public',
});
const table = [
  route('GET', '/scim/v2/{tenantId}/Users'),
  route('GET', '/scim/v2/{tenantId}/Users/{id}'),
  route('POST', '/scim/v2/{tenantId}/Users'),
  route('GET', '/scim/v2/{tenantId}/Users/.search'),
  route('GET', '/files/{path+}'),
  route('GET', '/files/readme'),
];
const key = (method: string, path: string) => {
  const match = matchRoute(table, method, path);
  return match.outcome === 'matched' ? match.route.name : match.outcome;
};

describe('matchRoute', () => {
  it('matches method and every segment', () => {
    expect(key('GET', '/scim/v2/acme/Users')).toBe('GET /scim/v2/{tenantId}/Users');
    expect(key('POST', '/scim/v2/acme/Users')).toBe('POST /scim/v2/{tenantId}/Users');
    expect(key('GET', '/scim/v2/acme/Users/u-1')).toBe('GET /scim/v2/{tenantId}/Users/{id}');
  });

  it('prefers static segments over parameters, and parameters over greedy ones', () => {
    expect(key('GET', '/scim/v2/acme/Users/.search')).toBe('GET /scim/v2/{tenantId}/Users/.search');
    expect(key('GET', '/files/readme')).toBe('GET /files/readme');
    expect(key('GET', '/files/a/b/c')).toBe('GET /files/{path+}');
  });

  it('decodes path parameters', () => {
    const match = matchRoute(table, 'GET', '/scim/v2/acme/Users/a%40b.example');
    expect(match).toMatchObject({ outcome: 'matched', pathParameters: { tenantId: 'acme', id: 'a@b.example' } });
    expect(matchRoute(table, 'GET', '/files/a%2Fb/c')).toMatchObject({ pathParameters: { path: 'a/b/c' } });
  });

  it('is case-sensitive and treats empty segments as no match', () => {
    expect(key('GET', '/scim/v2/acme/users')).toBe('not-found');
    expect(key('GET', '/scim/v2/acme/Users/')).toBe('not-found');
    expect(key('GET', '/scim/v2//Users')).toBe('not-found');
  });

  it('tells a wrong method from an unknown path', () => {
    expect(matchRoute(table, 'DELETE', '/scim/v2/acme/Users')).toEqual({ outcome: 'method-not-allowed', allowed: ['GET', 'POST'] });
    expect(key('GET', '/nothing')).toBe('not-found');
  });
});
