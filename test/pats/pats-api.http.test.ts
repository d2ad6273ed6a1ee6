/**
 * Personal access tokens over HTTP: the lifecycle (create once, list metadata,
 * revoke), the name rule, the tenant's maximum lifetime, expiry, admin powers,
 * revoke-all, a PAT acting with its user's current role and status, the
 * once-a-minute lastUsedAt write, and a scan finding no token in plaintext.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countRequests, isTokenTouch, type RecordedRequest } from '../scim/request-counter.js';
import { Transaction } from '../../shared/storage/transaction.js';
import { MAX_PATS_PER_USER } from '../../shared/pats/create-pat.js';
import { TenantRepository } from '../../shared/tenants/tenant-repository.js';
import { createPat } from '../../shared/pats/create-pat.js';
import { keys } from '../../shared/storage/keys.js';
import { UserRepository } from '../../shared/users/user-repository.js';
import { hashSecret } from '../../shared/tokens/secret-token.js';
import { issuePersonalAccessToken } from '../../shared/tokens/personal-access-tokens.js';
import { startTestGateway, type TestGateway } from '../support/gateway.js';
import { createTestTenant, type TestTenant } from '../support/tenants.js';
import { rememberSecret } from '../support/secret-ledger.js';
import { API, auditEvents, bodyOf, createPerson, json, type Person } from '../teams/support.js';

const DAY_MS = 86_400_000;
let gateway: TestGateway;
let tenant: TestTenant;
let member: Person;
let other: Person;
const issued: string[] = [];

const admin = () => tenant.adminToken;
const create = async (body: unknown, token: string) => {
  const res = await gateway.request(`${API}/personal-access-tokens`, json('POST', body, token));
  if (res.status === 201) {
    const clone = await bodyOf(res.clone());
    issued.push(clone.token);
  }
  return res;
};
const listTokens = (token: string, query = '') => gateway.request(`${API}/personal-access-tokens${query}`, { token });
const revoke = (id: string, token: string) => gateway.request(`${API}/personal-access-tokens/${id}`, { method: 'DELETE', token });
const whoAmI = (token: string) => gateway.request(`${API}/teams/user`, { token });

beforeAll(async () => {
  tenant = await createTestTenant({ prefix: 'pats', mode: 'invite-only' });
  gateway = await startTestGateway();
  member = await createPerson(tenant.table, tenant.tenantId, { email: `member@${tenant.tenantId}.example` });
  other = await createPerson(tenant.table, tenant.tenantId, { email: `other@${tenant.tenantId}.example` });
  issued.push(tenant.adminToken, member.token, other.token);
});
afterAll(async () => {
  await gateway?.close();
});

describe('creating a token', () => {
  it('returns the token once, with metadata and the default (tenant maximum) lifetime', async () => {
    const before = Date.now();
    const res = await create({ name: 'ci-deploy' }, member.token);
    expect(res.status).toBe(201);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const body = await bodyOf(res);
    expect(body.token).toMatch(/^prv_pat_[0-9A-Za-z]{49}$/);
    expect(body.pat).toMatchObject({ name: 'ci-deploy', userId: member.user.id, prefix: body.token.slice(0, 12), expired: false });
    // Only metadata, in TrueFoundry's virtual-account shape beside our own fields: never a hash.
    expect(Object.keys(body.pat).sort()).toEqual(
      [
        'accountId',
        'createdAt',
        'createdBySubject',
        'expired',
        'expiresAt',
        'id',
        'isExpired',
        'manifest',
        'name',
        'prefix',
        'tenantName',
        'type',
        'updatedAt',
        'userId',
      ].sort(),
    );
    expect(body.pat).toMatchObject({
      type: 'personal-access-token',
      tenantName: tenant.tenantId,
      accountId: tenant.tenantId,
      manifest: { name: 'ci-deploy', type: 'virtual-account', permissions: [], expiration_date: body.pat.expiresAt },
      createdBySubject: { subjectId: member.user.id, subjectType: 'user' },
      updatedAt: body.pat.createdAt,
      isExpired: false,
    });
    const lifetime = Date.parse(body.pat.expiresAt) - before;
    expect(lifetime).toBeGreaterThanOrEqual(365 * DAY_MS - 1000);
    expect(lifetime).toBeLessThanOrEqual(365 * DAY_MS + 60_000);

    const listed = await bodyOf(await listTokens(body.token));
    expect(JSON.stringify(listed)).not.toContain(body.token);
    expect(JSON.stringify(listed)).not.toContain(hashSecret(body.token));
    const row = listed.data.find((p: { id: string }) => p.id === body.pat.id);
    expect(row).toMatchObject({ name: 'ci-deploy', manifest: { name: 'ci-deploy' }, lastUsedAt: expect.any(String) });
    expect(row.lastAccessedAt).toBe(row.lastUsedAt);
    const audit = (await auditEvents(tenant.table, tenant.tenantId)).find((e) => e.action === 'pat.created' && e.target.id === body.pat.id);
    expect(audit).toMatchObject({ actor: { id: member.user.id }, target: { slug: 'ci-deploy' } });
  });

  it('keeps names unique per user, not per tenant', async () => {
    const again = await create({ name: 'ci-deploy' }, member.token);
    expect(again.status).toBe(409);
    expect(await bodyOf(again)).toMatchObject({ code: 'pat.name_taken' });
    expect((await create({ name: 'ci-deploy' }, other.token)).status).toBe(201);
  });

  const badNames = ['ab', 'a'.repeat(37), 'Ci-deploy', '1abc', '-abc', 'abc-', 'a_b', 'abc def', 'abc.def', 'ünï', ''];
  it.each(badNames)('refuses the name %j with the rule in the message', async (name) => {
    const res = await create({ name }, member.token);
    expect(res.status).toBe(400);
    const body = await bodyOf(res);
    expect(body.code).toBe('request.invalid');
    expect(body.message).toContain('3 to 36 characters of lowercase letters, digits and "-"');
  });

  it('accepts names of 3 and of 36 characters', async () => {
    expect((await create({ name: 'ab1' }, member.token)).status).toBe(201);
    expect((await create({ name: `a${'-b'.repeat(17)}c` }, member.token)).status).toBe(201);
  });

  it('reads a date-time without a zone as UTC', async () => {
    const at = new Date(Date.now() + 10 * DAY_MS);
    at.setUTCSeconds(0, 0);
    const local = at.toISOString().slice(0, 16); // 2030-01-01T12:00
    const body = await bodyOf(await create({ name: 'utc-check', expirationDate: local }, member.token));
    expect(body.pat.expiresAt).toBe(at.toISOString());
  });

  const badDates: Array<[string, string, string]> = [
    ['in the past', new Date(Date.now() - DAY_MS).toISOString(), 'pat.expiration_in_past'],
    ['beyond the maximum lifetime', new Date(Date.now() + 400 * DAY_MS).toISOString(), 'pat.expiration_too_far'],
    ['an impossible date', '2031-02-30', 'pat.invalid_expiration'],
    ['not a date', 'next tuesday', 'pat.invalid_expiration'],
    ['an impossible hour', '2031-01-01T25:00Z', 'pat.invalid_expiration'],
  ];
  it.each(badDates)('refuses an expirationDate %s', async (_label, expirationDate, code) => {
    const res = await create({ name: 'dated', expirationDate }, member.token);
    expect(res.status).toBe(400);
    expect(await bodyOf(res)).toMatchObject({ code });
  });

  it(`refuses a token beyond the ${MAX_PATS_PER_USER} a user may hold (409)`, async () => {
    const busy = await createPerson(tenant.table, tenant.tenantId);
    issued.push(busy.token);
    for (let i = 1; i < MAX_PATS_PER_USER; i++) {
      issued.push((await issuePersonalAccessToken(tenant.table, { tenantId: tenant.tenantId, userId: busy.user.id, name: `bulk-${i}` })).token);
    }
    const res = await create({ name: 'one-too-many' }, busy.token);
    expect(res.status).toBe(409);
    expect(await bodyOf(res)).toMatchObject({ code: 'pat.limit_reached' });
  });

  it('refuses unknown fields and a missing name', async () => {
    expect((await create({ name: 'extra', scopes: ['all'] }, member.token)).status).toBe(400);
    expect((await create({}, member.token)).status).toBe(400);
  });

  it('follows the tenant’s maximum lifetime setting', async () => {
    const tenants = new TenantRepository(tenant.table);
    const before = await tenants.require(tenant.tenantId);
    const tx = new Transaction(tenant.table);
    tenants.update(tx, before, { ...before, patMaxLifetimeDays: 30 });
    await tx.commit();
    try {
      const tooFar = await create({ name: 'too-far', expirationDate: new Date(Date.now() + 31 * DAY_MS).toISOString() }, member.token);
      expect(tooFar.status).toBe(400);
      expect((await bodyOf(tooFar)).message).toContain('maximum token lifetime of 30 days');
      const defaulted = await bodyOf(await create({ name: 'thirty-days' }, member.token));
      expect(Date.parse(defaulted.pat.expiresAt) - Date.now()).toBeLessThanOrEqual(30 * DAY_MS);
      expect(Date.parse(defaulted.pat.expiresAt) - Date.now()).toBeGreaterThan(30 * DAY_MS - 60_000);
    } finally {
      const now = await tenants.require(tenant.tenantId);
      const restore = new Transaction(tenant.table);
      tenants.update(restore, now, { ...now, patMaxLifetimeDays: before.patMaxLifetimeDays });
      await restore.commit();
    }
  });
});

describe('using a token', () => {
  it('refuses an expired token (401) and a token once its expiry passes', async () => {
    const expired = await issuePersonalAccessToken(tenant.table, {
      tenantId: tenant.tenantId,
      userId: member.user.id,
      name: 'expired',
      expiresAt: new Date(Date.now() - 1000).toISOString(),
    });
    const soonExpiresAt = Date.now() + 3000;
    const soon = await issuePersonalAccessToken(tenant.table, {
      tenantId: tenant.tenantId,
      userId: member.user.id,
      name: 'soon',
      expiresAt: new Date(soonExpiresAt).toISOString(),
    });
    issued.push(expired.token, soon.token);
    expect((await whoAmI(soon.token)).status).toBe(200);
    const res = await whoAmI(expired.token);
    expect(res.status).toBe(401);
    expect(await bodyOf(res)).toMatchObject({ code: 'auth.invalid_token' });
    await new Promise((r) => setTimeout(r, Math.max(0, soonExpiresAt - Date.now()) + 100));
    expect((await whoAmI(soon.token)).status).toBe(401);
    const listed = await bodyOf(await listTokens(member.token, '?nameSearchQuery=expired'));
    expect(listed.data).toEqual([expect.objectContaining({ name: 'expired', expired: true })]);
  });

  it('records lastUsedAt with at most one write per token per minute', async () => {
    const { token } = await bodyOf(await create({ name: 'last-used' }, member.token));
    const writes = (requests: RecordedRequest[]) => requests.map((r) => r.command).filter((c) => /^(Update|Put|Delete|BatchWrite|TransactWrite)/.test(c));
    const first = await countRequests(() => whoAmI(token));
    expect(first.result.status).toBe(200);
    expect(writes(first.requests)).toEqual(['UpdateCommand', 'UpdateCommand']); // the secret record and the listed metadata
    const next = await countRequests(async () => {
      for (let i = 0; i < 5; i++) expect((await whoAmI(token)).status).toBe(200);
    });
    expect(next.requests.length).toBeGreaterThan(0);
    expect(writes(next.requests)).toEqual([]);
  });

  it('writes lastUsedAt once per item (secret record and metadata) when a burst of requests finds it stale', async () => {
    const { token } = await bodyOf(await create({ name: 'burst' }, member.token));
    const { result, requests } = await countRequests(() => Promise.all(Array.from({ length: 6 }, () => whoAmI(token))));
    expect(result.map((r) => r.status)).toEqual([200, 200, 200, 200, 200, 200]);
    const applied = requests.filter((r) => isTokenTouch(r) && !r.failed).map((r) => String((r.input.Key as { SK?: string }).SK));
    expect(applied.sort()).toEqual([expect.stringMatching(/^PAT#/), 'SECRET']);
  });

  it('acts with the user’s current role: promotion and demotion apply to the next request', async () => {
    const adminOnly = () =>
      gateway.request(
        `${API}/collaborators`,
        json('PUT', { resourceType: 'workspace', resourceId: 'ws-role', collaborators: [{ subject: 'team:everyone', role: 'viewer' }] }, other.token),
      );
    const setRole = (role: string) => gateway.request(`${API}/users/roles`, json('PATCH', { email: other.email, roles: [role] }, admin()));
    expect((await adminOnly()).status).toBe(403);
    expect((await setRole('tenant-admin')).status).toBe(200);
    expect((await adminOnly()).status).toBe(200);
    expect((await setRole('tenant-member')).status).toBe(200);
    const demoted = await adminOnly();
    expect(demoted.status).toBe(403);
    expect(await bodyOf(demoted)).toMatchObject({ code: 'auth.admin_required' });
  });

  it('is refused on the next request once its user is deactivated', async () => {
    const victim = await createPerson(tenant.table, tenant.tenantId);
    issued.push(victim.token);
    expect((await whoAmI(victim.token)).status).toBe(200);
    const res = await gateway.request(`${API}/users/deactivate`, json('PATCH', { email: victim.email }, admin()));
    expect(res.status).toBe(200);
    const refused = await whoAmI(victim.token);
    expect(refused.status).toBe(401);
    expect(await bodyOf(refused)).toMatchObject({ code: 'auth.user_deactivated' });
  });
});

describe('a token and a revocation of all its user’s tokens, racing', () => {
  const setActive = (email: string, active: boolean) =>
    gateway.request(`${API}/users/${active ? 'activate' : 'deactivate'}`, json('PATCH', { email }, admin()));
  /** A person whose one token has the shape the previous version wrote: no generation on its metadata or secret record. */
  const holderOfOldShapedToken = async () => {
    const holder = await createPerson(tenant.table, tenant.tenantId);
    issued.push(holder.token);
    const { id } = await bodyOf(await listTokens(holder.token)).then((b) => b.data[0] as { id: string });
    const { hash } = (await tenant.table.get<{ hash: string }>(keys.pat(tenant.tenantId, holder.user.id, id)))!;
    for (const key of [keys.pat(tenant.tenantId, holder.user.id, id), keys.secret(hash)]) {
      await tenant.table.update({ Key: key, UpdateExpression: 'REMOVE generation' });
    }
    return { holder, secretKey: keys.secret(hash) };
  };
  /** The principal a request authenticating now would hold: the user and tenant as read at this moment. */
  const authenticatedNow = async (userId: string) => ({
    kind: 'user' as const,
    tenant: (await new TenantRepository(tenant.table).get(tenant.tenantId))!,
    user: (await new UserRepository(tenant.table).get(tenant.tenantId, userId))!,
    via: 'pat' as const,
  });
  const tokensOf = async (userId: string) => (await bodyOf(await listTokens(admin(), `?userId=${userId}&limit=1000`))).data as Array<{ name: string }>;

  it('refuses a token whose request authenticated before its user’s deactivation committed, and stores none', async () => {
    const victim = await createPerson(tenant.table, tenant.tenantId);
    issued.push(victim.token);
    // The request authenticated (read the user, active) and is about to write its token...
    const principal = await authenticatedNow(victim.user.id);
    // ...when the admin's deactivation commits.
    expect((await setActive(victim.email, false)).status).toBe(200);
    await expect(createPat(tenant.table, principal, { name: 'late-mint' })).rejects.toMatchObject({ status: 401, code: 'auth.session_revoked' });
    expect((await setActive(victim.email, true)).status).toBe(200);
    expect((await tokensOf(victim.user.id)).map((t) => t.name)).not.toContain('late-mint');
  });

  it('stops a token committed between the deactivation’s read and its commit, though its clock reads later than the stamp', async () => {
    const victim = await createPerson(tenant.table, tenant.tenantId);
    issued.push(victim.token);
    const users = new UserRepository(tenant.table);
    // The deactivation reads the user and takes its time...
    const before = (await users.get(tenant.tenantId, victim.user.id))!;
    const stampedAt = new Date().toISOString();
    await new Promise((resolve) => setTimeout(resolve, 5));
    // ...the user mints a token, dated after that time...
    const minted = await create({ name: 'mid-race' }, victim.token);
    expect(minted.status).toBe(201);
    const { token } = await bodyOf(minted);
    // ...and the deactivation commits.
    const tx = new Transaction(tenant.table);
    users.update(tx, before, { ...before, active: false, updatedAt: stampedAt });
    await tx.commit();
    expect((await setActive(victim.email, true)).status).toBe(200);
    const refused = await whoAmI(token);
    expect(refused.status).toBe(401);
    expect(await bodyOf(refused)).toMatchObject({ code: 'auth.invalid_token' });
    expect((await tokensOf(victim.user.id)).map((t) => t.name)).not.toContain('mid-race');
  });

  it('stops a token minted by a request that authenticated before a revoke-all committed, though the listing missed it', async () => {
    const holder = await createPerson(tenant.table, tenant.tenantId);
    issued.push(holder.token);
    const principal = await authenticatedNow(holder.user.id);
    const revokeAll = await gateway.request(`${API}/personal-access-tokens/revoke/all`, json('DELETE', { email: holder.email }, admin()));
    expect(await bodyOf(revokeAll)).toEqual({ data: { userId: holder.user.id, revoked: 1 } });
    await expect(createPat(tenant.table, principal, { name: 'outlives-revoke-all' })).rejects.toMatchObject({ status: 401, code: 'auth.session_revoked' });
    expect(await tokensOf(holder.user.id)).toEqual([]);
    // A token issued after the revocation works: only what was issued before it stops.
    const { token } = await issuePersonalAccessToken(tenant.table, { tenantId: tenant.tenantId, userId: holder.user.id, name: 'fresh' });
    issued.push(token);
    expect((await whoAmI(token)).status).toBe(200);
  });

  it('stops a token stored before generations were kept once any revocation advances the generation, its items left behind', async () => {
    const { holder, secretKey } = await holderOfOldShapedToken();
    expect((await whoAmI(holder.token)).status).toBe(200);
    // A revoke-all whose write committed and whose deletion of the items then failed.
    const users = new UserRepository(tenant.table);
    const before = (await users.get(tenant.tenantId, holder.user.id))!;
    const tx = new Transaction(tenant.table);
    users.update(tx, before, { ...before, patGeneration: 1 });
    await tx.commit();
    expect(await tenant.table.get(secretKey)).toBeDefined();
    expect((await whoAmI(holder.token)).status).toBe(401);
    expect(await tokensOf(holder.user.id)).toEqual([]);
  });

  it('keeps honouring a token stored before generations were kept, until its user’s next deactivation', async () => {
    const { holder, secretKey } = await holderOfOldShapedToken();
    expect((await tenant.table.get<Record<string, unknown>>(secretKey))!.generation).toBeUndefined();
    expect((await whoAmI(holder.token)).status).toBe(200);
    expect((await setActive(holder.email, false)).status).toBe(200);
    expect((await setActive(holder.email, true)).status).toBe(200);
    expect((await whoAmI(holder.token)).status).toBe(401);
    expect(await tokensOf(holder.user.id)).toEqual([]);
  });
});

describe('listing tokens', () => {
  it('lists the caller’s tokens newest first, filtered by name, with offset pagination', async () => {
    const all = await bodyOf(await listTokens(member.token, '?limit=1000'));
    const names: string[] = all.data.map((p: { name: string }) => p.name);
    expect(names).toEqual(expect.arrayContaining(['ci-deploy', 'ab1', 'utc-check', 'thirty-days']));
    const created: string[] = all.data.map((p: { createdAt: string }) => p.createdAt);
    expect([...created].sort().reverse()).toEqual(created);
    expect(all.pagination).toEqual({ total: names.length, offset: 0, limit: 1000 });
    const page = await bodyOf(await listTokens(member.token, '?limit=2&offset=1'));
    expect(page.data.map((p: { name: string }) => p.name)).toEqual(names.slice(1, 3));
    const search = await bodyOf(await listTokens(member.token, '?nameSearchQuery=DEPLOY'));
    expect(search.data.map((p: { name: string }) => p.name)).toEqual(['ci-deploy']);
    expect(JSON.stringify(all)).not.toMatch(/"hash"|"last4"/);
  });

  it('lets admins list anyone’s tokens by id or email, and members only their own', async () => {
    const byId = await bodyOf(await listTokens(admin(), `?userId=${member.user.id}&limit=1000`));
    const byEmail = await bodyOf(await listTokens(admin(), `?email=${encodeURIComponent(member.email.toUpperCase())}&limit=1000`));
    expect(byId.data.length).toBeGreaterThan(3);
    expect(byEmail.data).toEqual(byId.data);
    expect((await listTokens(member.token, `?userId=${member.user.id}`)).status).toBe(200);
    const foreign = await listTokens(member.token, `?userId=${other.user.id}`);
    expect(foreign.status).toBe(403);
    expect(await bodyOf(foreign)).toMatchObject({ code: 'pat.admin_required' });
    expect((await listTokens(admin(), '?email=ghost@nowhere.example')).status).toBe(404);
    expect((await listTokens(admin(), `?email=${member.email}&userId=${member.user.id}`)).status).toBe(400);
    for (const query of ['?limit=0', '?offset=-2', '?limit=x', '?email=not-an-email', `?nameSearchQuery=${'x'.repeat(37)}`]) {
      expect((await listTokens(member.token, query)).status, query).toBe(400);
    }
  });
});

describe('revoking tokens', () => {
  it('revokes one of the caller’s tokens: refused from the next request on', async () => {
    const { token, pat } = await bodyOf(await create({ name: 'short-lived' }, member.token));
    expect((await whoAmI(token)).status).toBe(200);
    const res = await revoke(pat.id, member.token);
    expect(res.status).toBe(200);
    expect((await bodyOf(res)).data).toMatchObject({ id: pat.id, name: 'short-lived' });
    expect((await whoAmI(token)).status).toBe(401);
    expect((await revoke(pat.id, member.token)).status).toBe(404);
    expect((await create({ name: 'short-lived' }, member.token)).status).toBe(201); // the name is free again
  });

  it('hides other users’ tokens from members (404) and lets admins revoke them by id', async () => {
    const { token, pat } = await bodyOf(await create({ name: 'revoked-by-admin' }, other.token));
    const byMember = await revoke(pat.id, member.token);
    expect(byMember.status).toBe(404);
    expect(await bodyOf(byMember)).toMatchObject({ code: 'pat.not_found' });
    expect((await whoAmI(token)).status).toBe(200);
    expect((await revoke(pat.id, admin())).status).toBe(200);
    expect((await whoAmI(token)).status).toBe(401);
    expect((await revoke('not-a-uuid', admin())).status).toBe(400);
  });

  it('revokes all of a user’s tokens (admins only)', async () => {
    const extra = await bodyOf(await create({ name: 'one-more' }, other.token));
    expect((await whoAmI(other.token)).status).toBe(200);
    const byMember = await gateway.request(`${API}/personal-access-tokens/revoke/all`, json('DELETE', { email: other.email }, member.token));
    expect(byMember.status).toBe(403);

    const remaining = (await bodyOf(await listTokens(admin(), `?userId=${other.user.id}&limit=1000`))).pagination.total as number;
    const res = await gateway.request(`${API}/personal-access-tokens/revoke/all`, json('DELETE', { email: other.email.toUpperCase() }, admin()));
    expect(res.status).toBe(200);
    expect(await bodyOf(res)).toEqual({ data: { userId: other.user.id, revoked: remaining } });
    expect((await whoAmI(other.token)).status).toBe(401);
    expect((await whoAmI(extra.token)).status).toBe(401);
    expect((await bodyOf(await listTokens(admin(), `?userId=${other.user.id}`))).data).toEqual([]);
    expect((await whoAmI(member.token)).status).toBe(200);

    const unknown = await gateway.request(`${API}/personal-access-tokens/revoke/all`, json('DELETE', { email: 'ghost@nowhere.example' }, admin()));
    expect(unknown.status).toBe(404);
    const missing = await gateway.request(`${API}/personal-access-tokens/revoke/all`, json('DELETE', {}, admin()));
    expect(missing.status).toBe(400);
  });
});

// The after-suite scan (test/setup/secret-scan.ts) proves none of these is stored in plaintext.
afterAll(() => rememberSecret(...issued));
