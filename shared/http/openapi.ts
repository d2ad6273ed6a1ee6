/**
 * The OpenAPI 3.1 document, generated from the route table and each route
 * module's `handler.contract` (the same zod schemas that validate requests), so
 * the document cannot drift from the code without the openapi test failing.
 *
 * `npm run openapi` (tsx shared/http/openapi.ts --write) regenerates
 * docs/openapi.json and docs/api.md.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { ERROR_CODES } from '../errors/error-codes.js';
import * as z from '../validation/zod.js';
import type { RouteHandler } from './route-kit.js';
import { envelopeOf, routes, type RouteDefinition } from './route-table.js';
import { SDK_METHODS } from './sdk-methods.js';

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const OPENAPI_FILE = path.join(REPO_ROOT, 'docs/openapi.json');
export const API_MARKDOWN_FILE = path.join(REPO_ROOT, 'docs/api.md');

type JsonSchema = Record<string, unknown>;
type Operation = Record<string, unknown>;

const SECURITY: Record<RouteDefinition['auth'], Array<Record<string, string[]>>> = {
  public: [],
  scim: [{ scimToken: [] }],
  user: [{ personalAccessToken: [] }, { cognitoJwt: [] }],
  admin: [{ personalAccessToken: [] }, { cognitoJwt: [] }],
};

const toSchema = (schema: z.core.$ZodType, io: 'input' | 'output'): JsonSchema => {
  const { $schema: _s, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: 'any', target: 'draft-2020-12' }) as JsonSchema;
  return rest;
};

async function loadContract(route: RouteDefinition): Promise<RouteHandler['contract']> {
  const module = (await import(/* @vite-ignore */ pathToFileURL(path.join(REPO_ROOT, route.handler)).href)) as { handler?: RouteHandler };
  if (!module.handler?.contract) throw new Error(`${route.handler} (route ${route.name}) exports no defineRoute handler`);
  return module.handler.contract;
}

function parametersOf(schema: z.core.$ZodType | undefined, where: 'path' | 'query') {
  if (!schema) return [];
  const json = toSchema(schema, 'input');
  const properties = (json.properties ?? {}) as Record<string, JsonSchema>;
  const required = new Set((json.required ?? []) as string[]);
  return Object.entries(properties).map(([name, property]) => {
    const { description, ...rest } = property;
    return {
      name,
      in: where,
      required: where === 'path' || required.has(name),
      ...(description ? { description } : {}),
      schema: rest,
    };
  });
}

function operationOf(route: RouteDefinition, contract: RouteHandler['contract']): Operation {
  const mediaType = envelopeOf(route) === 'scim' ? 'application/scim+json' : 'application/json';
  const responses: Record<string, unknown> = {};
  for (const [status, schema] of Object.entries(contract.responses ?? {})) {
    if (!schema) continue;
    responses[status] = { description: `HTTP ${status}`, content: { [mediaType]: { schema: toSchema(schema, 'output') } } };
  }
  if (Object.keys(responses).length === 0) responses.default = { description: 'See summary' };
  const pathParameters = [...route.path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!);
  const declared = parametersOf(contract.params, 'path');
  const undeclared = pathParameters
    .filter((name) => !declared.some((p) => p.name === name))
    .map((name) => ({ name, in: 'path', required: true, schema: { type: 'string' } }));
  const operation: Operation = {
    operationId: route.name,
    summary: contract.summary,
    tags: [route.name.split('.')[0]],
    security: SECURITY[route.auth],
    'x-auth': route.auth,
    parameters: [...declared, ...undeclared, ...parametersOf(contract.query, 'query')],
    responses,
  };
  if (contract.body) {
    operation.requestBody = { required: true, content: { [mediaType]: { schema: toSchema(contract.body, 'input') } } };
  }
  return operation;
}

/** The whole document, one operation per route-table entry. */
export async function buildOpenApi(): Promise<Record<string, unknown>> {
  const paths: Record<string, Record<string, Operation>> = {};
  for (const route of routes as readonly RouteDefinition[]) {
    const contract = await loadContract(route);
    (paths[route.path] ??= {})[route.method.toLowerCase()] = operationOf(route, contract);
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Provisioning service API',
      version: '1.0.0',
      description: 'Admin API (TrueFoundry /api/svc/v1 shapes), SCIM 2.0 server and sign-in endpoints. Generated from the route table.',
    },
    servers: [{ url: 'http://127.0.0.1:3000', description: 'Local stack' }],
    components: {
      securitySchemes: {
        personalAccessToken: { type: 'http', scheme: 'bearer', description: 'A personal access token (prv_pat_...)' },
        cognitoJwt: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: 'A Cognito ID token of the tenant’s pool' },
        scimToken: { type: 'http', scheme: 'bearer', description: 'The tenant’s SCIM token (prv_scim_...)' },
      },
    },
    paths,
  };
}

/** A readable index of the document: one line per operation. */
export function apiMarkdown(document: Record<string, unknown>): string {
  const lines = [
    '# API',
    '',
    'Generated from the route table and the route contracts by `npm run openapi`; the full schemas are in [openapi.json](openapi.json).',
    '',
    '| Method | Path | Auth | Operation | Summary |',
    '| --- | --- | --- | --- | --- |',
  ];
  for (const [p, methods] of Object.entries(document.paths as Record<string, Record<string, Operation>>)) {
    for (const [method, op] of Object.entries(methods)) {
      lines.push(
        `| ${method.toUpperCase()} | \`${p}\` | ${String(op['x-auth'])} | \`${String(op.operationId)}\` | ${String(op.summary).replaceAll('|', '\\|')} |`,
      );
    }
  }
  return `${[...lines, '', ...sdkMarkdown(document), '', ...errorCodesMarkdown()].join('\n')}\n`;
}

/** The error-code table, from the registry (shared/errors/error-codes.ts). */
function errorCodesMarkdown(): string[] {
  const lines = [
    '## Error codes',
    '',
    'Every error body carries one of these codes (admin envelope: `code`; the SCIM envelope carries the status and `scimType`). A code keeps its status for good; clients branch on the code.',
    '',
    '| Code | Status | SCIM type | Meaning |',
    '| --- | --- | --- | --- |',
  ];
  for (const [code, spec] of Object.entries(ERROR_CODES)) {
    const scimType = 'scimType' in spec ? `\`${spec.scimType}\`` : '';
    lines.push(`| \`${code}\` | ${spec.status} | ${scimType} | ${spec.meaning.replaceAll('|', '\\|')} |`);
  }
  return lines;
}

/** The TrueFoundry SDK table: method, route, the statuses its contract declares, notes. */
function sdkMarkdown(document: Record<string, unknown>): string[] {
  const operations = new Map<string, { method: string; path: string; statuses: string[] }>();
  for (const [p, methods] of Object.entries(document.paths as Record<string, Record<string, Operation>>)) {
    for (const [method, op] of Object.entries(methods)) {
      operations.set(String(op.operationId), { method: method.toUpperCase(), path: p, statuses: Object.keys(op.responses as object) });
    }
  }
  const lines = [
    '## TrueFoundry SDK',
    '',
    'Each method of the users, teams and personal-access-tokens clients of TrueFoundry’s TypeScript SDK, the route serving it and the statuses it answers. Every response parses under the SDK’s schemas with required fields enforced (checked on every response of the HTTP tests, `test/contract/`). Error bodies are `{statusCode, message, code, details?}`; `details` is always a list of objects, each naming a `field` of the request or a `subject` of the tenant and saying why (`message`).',
    '',
    '| SDK method | Route | Status codes | Notes |',
    '| --- | --- | --- | --- |',
  ];
  for (const sdk of SDK_METHODS) {
    const op = sdk.route ? operations.get(sdk.route) : undefined;
    const route = op ? `${op.method} \`${op.path}\`` : 'not served';
    lines.push(`| \`${sdk.method}\` | ${route} | ${op ? op.statuses.join(', ') : ''} | ${sdk.notes.replaceAll('|', '\\|')} |`);
  }
  return lines;
}

export const serialize = (document: unknown): string => `${JSON.stringify(document, null, 2)}\n`;

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href && process.argv.includes('--write')) {
  const document = await buildOpenApi();
  fs.mkdirSync(path.dirname(OPENAPI_FILE), { recursive: true });
  fs.writeFileSync(OPENAPI_FILE, serialize(document));
  fs.writeFileSync(API_MARKDOWN_FILE, apiMarkdown(document));
  console.log(`Wrote ${path.relative(REPO_ROOT, OPENAPI_FILE)} and ${path.relative(REPO_ROOT, API_MARKDOWN_FILE)}`);
}
