/**
 * The SCIM token API over HTTP: shown once, stored as a hash, rotation with and
 * without grace, revocation, and the mode switch turning SCIM on and off on the
 * very next request.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ScimTokenCreatedResponse, ScimTokenListResponse } from '../../shared/tenants/provisioning-schemas.js';
import { Transaction } from '../../shared/storage/transaction.js';
import { endScimToken, listScimTokens } from '../../shared/tokens/scim-tokens.js';
import { isWellFormedSecret } from '../../shared/tokens/secret-token.js';
import { startTestGateway, type TestGateway } from '../support/gateway.js';
import { createTestTenant, type TestTenant } from '../support/tenants.js';
import { auditEvents, createMember, scimAuth } from './support.js';
import { rememberSecret } from '../support/secret-ledger.js';
import { withDynamoFaults } from '../support/faults.js';
import { countOwnRequests } from '../scim/request-counter.js';
import { Table } from '../../shared/storage/table.js';
import { generateScimCredential, revokeScimCredentials } from '../../shared/tenants/scim-credentials.js';

/**
 * The same table through a client that runs `first` once, just before the first
 * `command` is sent: another request committing between a read and a write.
 */
function tableRunningBefore(table: Table, command: string, first: () => Promise<unknown>): Table {
  let pending: (() => Promise<unknown>) | undefined = first;
  const client = table.client;
  const racing = Object.create(client) as typeof client;
  racing.send = (async (cmd: { constructor: { name: string } }, ...rest: unknown[]) => {
    if (pending && cmd.constructor.name === command) {
      const run = pending;
      pending = undefined;
      await run();
    }
    return (client.send as (...a: unknown[]) => Promise<unknown>).call(client, cmd, ...rest);
  }) as typeof client.send;
  return new Table(table.name, () => racing);
}

const PATH = '/api/svc/v1/provisioning/scim-token';

let gateway: TestGateway;
beforeAll(async () => {
  gateway = await startTestGateway();
});
afterAll(() => gateway.close());

async function generate(tenant: TestTenant, body?: unknown) {
  const res = await gateway.request(PATH, {
    method: 'POST',
    token: tenant.adminToken,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return res;
}

async function generated(tenant: TestTenant, body?: unknown) {
  const res = await generate(tenant, body);
  expect(res.status).toBe(201);
  return ScimTokenCreatedResponse.parse(await res.json());
}

describe('POST /provisioning/scim-token', () => {
  it('returns the token and SCIM URL once, uncacheable, with a recognisable prefix', async () => {
    const tenant = await createTestTenant({ prefix: 'tok', mode: 'invite-only' });
    const res = await generate(tenant);
    expect(res.status).toBe(201);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const body = ScimTokenCreatedResponse.parse(await res.json());
    expect(body.scimUrl).toBe(`${gateway.url}/scim/v2/${tenant.tenantId}`);
    expect(body.token).toMatch(/^prv_scim_[0-9A-Za-z]{49}$/);
    expect(isWellFormedSecret(body.token, 'scim')).toBe(true);
    expect(body.displayPrefix).toBe(body.token.slice(0, 13));

    const list = ScimTokenListResponse.parse(await (await gateway.request(PATH, { token: tenant.adminToken })).json());
    expect(list.tokens).toHaveLength(1);
    expect(list.tokens[0]).toMatchObject({
      id: body.id,
      displayPrefix: body.displayPrefix,
      last4: body.token.slice(-4),
      status: 'active',
      createdBy: tenant.adminUserId,
    });
    expect(JSON.stringify(list)).not.toContain(body.token);
    expect(list.scimEnabled).toBe(false);
  });

  it('invalidates the previous token at once when no grace period is asked for', async () => {
    const tenant = await createTestTenant({ prefix: 'tok', mode: 'scim' });
    expect(await scimAuth(tenant.table, tenant.tenantId, tenant.scimToken!)).toBe('ok');
    const fresh = await generated(tenant);
    expect(fresh.previousTokenEndsAt).toBeUndefined();
    expect(await scimAuth(tenant.table, tenant.tenantId, tenant.scimToken!)).toBe(401);
    expect(await scimAuth(tenant.table, tenant.tenantId, fresh.token)).toBe('ok');
    const list = ScimTokenListResponse.parse(await (await gateway.request(PATH, { token: tenant.adminToken })).json());
    expect(list.tokens.map((t) => t.id)).toEqual([fresh.id]);
  });

  it('keeps the previous token working through a grace period, then refuses it', async () => {
    const tenant = await createTestTenant({ prefix: 'tok', mode: 'scim' });
    const started = Date.now();
    const fresh = await generated(tenant, { graceSeconds: 3600 });
    const endsAt = Date.parse(fresh.previousTokenEndsAt!);
    expect(endsAt - started).toBeGreaterThan(3590_000);
    expect(endsAt - started).toBeLessThan(3610_000);
    expect(await scimAuth(tenant.table, tenant.tenantId, tenant.scimToken!)).toBe('ok');
    expect(await scimAuth(tenant.table, tenant.tenantId, fresh.token)).toBe('ok');
    const list = ScimTokenListResponse.parse(await (await gateway.request(PATH, { token: tenant.adminToken })).json());
    expect(list.tokens.map((t) => t.status)).toEqual(['active', 'grace']);

    // The grace period passes: end the old token at a time already gone, as the clock would.
    const old = (await listScimTokens(tenant.table, tenant.tenantId)).find((t) => t.id !== fresh.id)!;
    const tx = new Transaction(tenant.table);
    endScimToken(tx, old, new Date(Date.now() - 1000).toISOString());
    await tx.commit();
    expect(await scimAuth(tenant.table, tenant.tenantId, tenant.scimToken!)).toBe(401);
    expect(await scimAuth(tenant.table, tenant.tenantId, fresh.token)).toBe('ok');
    const after = ScimTokenListResponse.parse(await (await gateway.request(PATH, { token: tenant.adminToken })).json());
    expect(after.tokens.map((t) => t.id)).toEqual([fresh.id]);
  });

  it('ends a short grace period by the clock alone', async () => {
    const tenant = await createTestTenant({ prefix: 'tok', mode: 'scim' });
    // Long enough that a loaded machine still checks the old token inside its grace; then wait for the end the rotation answered.
    const fresh = await generated(tenant, { graceSeconds: 3 });
    const endsAt = Date.parse(fresh.previousTokenEndsAt!);
    expect(await scimAuth(tenant.table, tenant.tenantId, tenant.scimToken!), `checked ${endsAt - Date.now()} ms before the grace ends`).toBe('ok');
    await new Promise((r) => setTimeout(r, Math.max(0, endsAt - Date.now()) + 100));
    expect(await scimAuth(tenant.table, tenant.tenantId, tenant.scimToken!)).toBe(401);
  });

  it("rotates in two requests beyond auth: the tokens with their set's version, and one transaction", async () => {
    const tenant = await createTestTenant({ prefix: 'tok', mode: 'scim' });
    await gateway.request(PATH, { token: tenant.adminToken }); // auth's bindings are known from here on
    const { result: res, requests } = await countOwnRequests(() => generate(tenant));
    expect(res.status).toBe(201);
    expect(requests.map((r) => r.command)).toEqual(['BatchGetCommand', 'QueryCommand', 'TransactWriteCommand']);
  });

  it('changes nothing when the rotation fails, and the next one goes through at once', async () => {
    const tenant = await createTestTenant({ prefix: 'tok', mode: 'scim' });
    const failed = await withDynamoFaults({ command: /TransactWriteItems/, kind: 'server-error', when: 'before' }, () => generate(tenant));
    expect(failed.status).toBe(503);
    expect(await scimAuth(tenant.table, tenant.tenantId, tenant.scimToken!)).toBe('ok');
    expect(await listScimTokens(tenant.table, tenant.tenantId)).toHaveLength(1);
    const next = await generated(tenant);
    expect(await scimAuth(tenant.table, tenant.tenantId, next.token)).toBe('ok');
    expect(await scimAuth(tenant.table, tenant.tenantId, tenant.scimToken!)).toBe(401);
  });

  it('cannot bring back, in a grace period, a token revoked after the rotation read it', async () => {
    const tenant = await createTestTenant({ prefix: 'tok', mode: 'scim' });
    const actor = { type: 'user' as const, id: tenant.adminUserId };
    // The revocation commits between the rotation's read and its transaction.
    const racing = tableRunningBefore(tenant.table, 'TransactWriteCommand', () => revokeScimCredentials(tenant.table, { tenantId: tenant.tenantId, actor }));
    await expect(generateScimCredential(racing, { tenantId: tenant.tenantId, actor, graceSeconds: 3600 })).rejects.toMatchObject({
      status: 409,
      code: 'scim_token.rotation_in_progress',
    });
    expect(await scimAuth(tenant.table, tenant.tenantId, tenant.scimToken!)).toBe(401);
    expect(await listScimTokens(tenant.table, tenant.tenantId)).toEqual([]);
  });

  it("refuses a revocation that overlaps a rotation: the rotation's new token is not left unrevoked behind a 404", async () => {
    const tenant = await createTestTenant({ prefix: 'tok', mode: 'scim' });
    const actor = { type: 'user' as const, id: tenant.adminUserId };
    let issued = '';
    const racing = tableRunningBefore(tenant.table, 'TransactWriteCommand', async () => {
      issued = (await generateScimCredential(tenant.table, { tenantId: tenant.tenantId, actor })).token;
    });
    await expect(revokeScimCredentials(racing, { tenantId: tenant.tenantId, actor })).rejects.toMatchObject({
      status: 409,
      code: 'scim_token.rotation_in_progress',
    });
    expect(await scimAuth(tenant.table, tenant.tenantId, issued)).toBe('ok');
    rememberSecret(issued);
    const again = await gateway.request(PATH, { method: 'DELETE', token: tenant.adminToken });
    expect(again.status).toBe(204);
    expect(await scimAuth(tenant.table, tenant.tenantId, issued)).toBe(401);
  });

  it('leaves exactly one active token when two admins generate at once: the second gets a 409', async () => {
    const tenant = await createTestTenant({ prefix: 'tok', mode: 'scim' });
    const results = await Promise.all([generate(tenant), generate(tenant), generate(tenant)]);
    const statuses = results.map((r) => r.status);
    expect(statuses.filter((s) => s === 201).length).toBeGreaterThanOrEqual(1);
    expect(statuses.every((s) => s === 201 || s === 409)).toBe(true);
    for (const r of results.filter((x) => x.status === 409)) expect(((await r.json()) as { code: string }).code).toBe('scim_token.rotation_in_progress');
    const active = (await listScimTokens(tenant.table, tenant.tenantId)).filter((t) => !t.expiresAt);
    expect(active).toHaveLength(1);
  });

  it.each([[{ graceSeconds: 86_401 }], [{ graceSeconds: -1 }], [{ graceSeconds: 1.5 }], [{ graceSeconds: '60' }], [{ grace: 60 }]])(
    'refuses %j with a 400 and keeps the current token',
    async (body) => {
      const tenant = await createTestTenant({ prefix: 'tok', mode: 'scim' });
      const res = await generate(tenant, body);
      expect(res.status).toBe(400);
      expect(((await res.json()) as { code: string }).code).toBe('request.invalid');
      expect(await scimAuth(tenant.table, tenant.tenantId, tenant.scimToken!)).toBe('ok');
      expect(await listScimTokens(tenant.table, tenant.tenantId)).toHaveLength(1);
    },
  );

  it('is refused to members', async () => {
    const tenant = await createTestTenant({ prefix: 'tok', mode: 'scim' });
    const member = await createMember(tenant.table, tenant.tenantId);
    expect((await gateway.request(PATH, { method: 'POST', token: member.token })).status).toBe(403);
    expect((await gateway.request(PATH, { method: 'DELETE', token: member.token })).status).toBe(403);
    expect(await scimAuth(tenant.table, tenant.tenantId, tenant.scimToken!)).toBe('ok');
  });
});

describe('DELETE /provisioning/scim-token', () => {
  it('revokes the current token and any in grace, at once; a second DELETE finds nothing', async () => {
    const tenant = await createTestTenant({ prefix: 'tok', mode: 'scim' });
    const fresh = await generated(tenant, { graceSeconds: 600 });
    const res = await gateway.request(PATH, { method: 'DELETE', token: tenant.adminToken });
    expect(res.status).toBe(204);
    expect(await scimAuth(tenant.table, tenant.tenantId, fresh.token)).toBe(401);
    expect(await scimAuth(tenant.table, tenant.tenantId, tenant.scimToken!)).toBe(401);
    const list = ScimTokenListResponse.parse(await (await gateway.request(PATH, { token: tenant.adminToken })).json());
    expect(list.tokens).toEqual([]);
    const again = await gateway.request(PATH, { method: 'DELETE', token: tenant.adminToken });
    expect(again.status).toBe(404);
    expect(((await again.json()) as { code: string }).code).toBe('scim_token.not_found');
  });

  it('audits every step with the admin as actor', async () => {
    const tenant = await createTestTenant({ prefix: 'tok', mode: 'invite-only' });
    await generated(tenant);
    await generated(tenant, { graceSeconds: 60 });
    expect((await gateway.request(PATH, { method: 'DELETE', token: tenant.adminToken })).status).toBe(204);
    const events = (await auditEvents(tenant.table, tenant.tenantId)).filter((e) => e.action.startsWith('scim_token.'));
    expect(events.map((e) => e.action)).toEqual(['scim_token.created', 'scim_token.rotated', 'scim_token.revoked']);
    for (const e of events) expect(e.actor).toMatchObject({ type: 'user', id: tenant.adminUserId });
    expect((events[2]!.details as { tokens: string[] }).tokens).toHaveLength(2);
  });
});

describe('over the SCIM endpoint itself', () => {
  const scimGet = (tenant: TestTenant, token: string) => gateway.request(`/scim/v2/${tenant.tenantId}/Users`, { token });

  it('answers the old token 401 on the very next request after a rotation, and the new one 200', async () => {
    const tenant = await createTestTenant({ prefix: 'tok', mode: 'scim' });
    expect((await scimGet(tenant, tenant.scimToken!)).status).toBe(200);
    const fresh = await generated(tenant);
    expect((await scimGet(tenant, tenant.scimToken!)).status).toBe(401);
    expect((await scimGet(tenant, fresh.token)).status).toBe(200);
  });

  it('answers 403 naming the mode once the tenant leaves SCIM mode, and 200 again when it returns', async () => {
    const tenant = await createTestTenant({ prefix: 'tok', mode: 'scim' });
    const setMode = (mode: string) =>
      gateway.request('/api/svc/v1/provisioning', {
        method: 'PUT',
        token: tenant.adminToken,
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ mode }),
      });
    expect((await setMode('invite-only')).status).toBe(200);
    const off = await scimGet(tenant, tenant.scimToken!);
    expect(off.status).toBe(403);
    expect(((await off.json()) as { detail: string }).detail).toMatch(/SCIM provisioning is not enabled .* invite-only/);
    expect((await setMode('scim')).status).toBe(200);
    expect((await scimGet(tenant, tenant.scimToken!)).status).toBe(200);
  });
});

describe('mode switch and SCIM availability', () => {
  it('turns SCIM off and on again on the next request, with the same token', async () => {
    const tenant = await createTestTenant({ prefix: 'tok', mode: 'scim' });
    const setMode = (mode: string) =>
      gateway.request('/api/svc/v1/provisioning', {
        method: 'PUT',
        token: tenant.adminToken,
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ mode }),
      });
    expect(await scimAuth(tenant.table, tenant.tenantId, tenant.scimToken!)).toBe('ok');
    expect((await setMode('invite-only')).status).toBe(200);
    expect(await scimAuth(tenant.table, tenant.tenantId, tenant.scimToken!)).toBe(403);
    expect((await setMode('scim')).status).toBe(200);
    expect(await scimAuth(tenant.table, tenant.tenantId, tenant.scimToken!)).toBe('ok');
  });
});

describe('secrets at rest', () => {
  // Recorded for the after-suite scan of the whole table (test/setup/secret-scan.ts), with and without prefix.
  it('records every SCIM token it is shown, for the after-suite plaintext scan', async () => {
    const tenant = await createTestTenant({ prefix: 'tok', mode: 'scim' });
    const issued = [tenant.scimToken!, (await generated(tenant, { graceSeconds: 60 })).token, (await generated(tenant)).token];
    for (const token of issued) {
      expect(isWellFormedSecret(token, 'scim')).toBe(true);
      rememberSecret(token, token.slice('prv_scim_'.length));
    }
  });
});
