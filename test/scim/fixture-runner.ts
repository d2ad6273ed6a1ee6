/**
 * Replays a recorded IdP request sequence (test/scim/fixtures/<idp>-<behaviour>.json)
 * against the gateway. A step may `save` the answer's id under a name; later
 * steps refer to it as `{{name}}` anywhere in their path or body, and to the
 * tenant's own values as `{{tenant}}`. `expect.body` is matched as a subset;
 * the string "<string>" matches any string.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'vitest';
import type { ScimResponse, ScimTestClient } from './scim-client.js';

export interface FixtureStep {
  name: string;
  request: { method: string; path: string; body?: unknown; headers?: Record<string, string> };
  expect: { status: number; body?: unknown; headers?: Record<string, string> };
  save?: string;
}

export interface Fixture {
  idp: string;
  behaviour: string;
  source: string;
  steps: FixtureStep[];
}

export const loadFixture = (name: string): Fixture => JSON.parse(readFileSync(path.join(import.meta.dirname, 'fixtures', `${name}.json`), 'utf8')) as Fixture;

function substitute(value: unknown, saved: Map<string, string>): unknown {
  if (typeof value === 'string')
    return value.replace(/\{\{([\w.-]+)\}\}/g, (_, key: string) => {
      const v = saved.get(key);
      if (v === undefined) throw new Error(`Fixture refers to {{${key}}} before saving it`);
      return v;
    });
  if (Array.isArray(value)) return value.map((v) => substitute(v, saved));
  if (value && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [substitute(k, saved) as string, substitute(v, saved)]));
  return value;
}

function matcher(value: unknown): unknown {
  if (value === '<string>') return expect.any(String);
  if (Array.isArray(value)) return value.map(matcher);
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, matcher(v)]));
  return value;
}

/** Runs every step, asserting each; returns the saved ids and every response. */
export async function replay(client: ScimTestClient, fixture: Fixture, saved = new Map<string, string>()) {
  saved.set('tenant', client.tenant.tenantId);
  const responses: Record<string, ScimResponse> = {};
  for (const step of fixture.steps) {
    const req = substitute(step.request, saved) as FixtureStep['request'];
    const res = await client.call(req.method, req.path, req.body, req.headers);
    const context = `${fixture.idp} / ${step.name}: ${req.method} ${req.path} → ${res.status} ${JSON.stringify(res.body)}`;
    expect(res.status, context).toBe(step.expect.status);
    if (step.expect.body !== undefined) expect(res.body, context).toMatchObject(matcher(substitute(step.expect.body, saved)) as object);
    if (res.status >= 200 && res.status < 300 && res.status !== 204) expect(res.headers.get('content-type'), context).toContain('application/scim+json');
    if (step.save) saved.set(step.save, String(res.body?.id ?? res.body?.Resources?.[0]?.id));
    responses[step.name] = res;
  }
  return { saved, responses };
}
