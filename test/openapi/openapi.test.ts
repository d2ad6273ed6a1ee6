/**
 * The OpenAPI document is generated from the route contracts; these tests make
 * sure every route is in it and that the committed copy is the current one
 * (run `npm run openapi` after changing a route or a contract).
 */
import fs from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { API_MARKDOWN_FILE, apiMarkdown, buildOpenApi, OPENAPI_FILE, serialize } from '../../shared/http/openapi.js';
import { routes } from '../../shared/http/route-table.js';

type Document = { paths: Record<string, Record<string, { operationId: string; requestBody?: unknown; security: unknown[] }>> };
let document: Document;

// Imports every route's handler module: seconds on an idle machine, minutes on a saturated one.
beforeAll(async () => {
  document = (await buildOpenApi()) as unknown as Document;
}, 180_000);

describe('OpenAPI document', () => {
  it('documents every route of the route table under its path, method and name', () => {
    for (const route of routes) {
      const operation = document.paths[route.path]?.[route.method.toLowerCase()];
      expect(operation, `${route.method} ${route.path}`).toBeDefined();
      expect(operation!.operationId).toBe(route.name);
      expect(operation!.security.length === 0).toBe(route.auth === 'public');
    }
    const documented = Object.values(document.paths).reduce((n, methods) => n + Object.keys(methods).length, 0);
    expect(documented).toBe(routes.length);
  });

  it('describes request bodies from the zod contracts', () => {
    const invite = document.paths['/api/svc/v1/users/invite']!.post!.requestBody as {
      content: Record<string, { schema: { properties: Record<string, unknown>; required: string[]; additionalProperties: boolean } }>;
    };
    const schema = invite.content['application/json']!.schema;
    expect(Object.keys(schema.properties).sort()).toEqual(['acceptInviteClientUrl', 'email', 'name', 'role']);
    expect([...schema.required].sort()).toEqual(['acceptInviteClientUrl', 'email']);
    expect(schema.additionalProperties).toBe(false);
  });

  it('is committed up to date in docs/openapi.json and docs/api.md (npm run openapi)', () => {
    expect(fs.readFileSync(OPENAPI_FILE, 'utf8')).toBe(serialize(document));
    expect(fs.readFileSync(API_MARKDOWN_FILE, 'utf8')).toBe(apiMarkdown(document as unknown as Record<string, unknown>));
  });
});
