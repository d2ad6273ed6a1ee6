/**
 * A warm function trusts a SCIM token it verified for a bounded time
 * (`SCIM_AUTH_CACHE_SECONDS`, 5 s by default), and no longer: a token revoked
 * by a rotation, or a tenant switched out of SCIM mode through the admin API,
 * is refused by a container that had verified it once that bound has passed,
 * and a grace period's end is never stretched. Each container here is a
 * `VerifiedScimTokens` on a clock the test moves; the revocations go through
 * the real admin API against DynamoDB Local, and the refusals through the
 * real authentication.
 */
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { authenticateScimClient, VerifiedScimTokens } from '../../shared/auth/scim-client-auth.js';
import { AppError } from '../../shared/errors/app-error.js';
import { issueSecret } from '../../shared/tokens/secret-token.js';
import { rememberSecret } from '../support/secret-ledger.js';
import { createTestTenant, type TestTenant } from '../support/tenants.js';
import { call } from './in-process-api.js';

const BOUND_MS = 5_000;
const SLOW_OK = { timeoutSeconds: 60 };

/** A container's memory of verified tokens, on a clock the test sets. */
function container(start = Date.now()) {
  const clock = { now: start };
  const tokens = new VerifiedScimTokens(16, { now: () => clock.now, maxAgeMs: () => BOUND_MS });
  return { clock, tokens };
}

const event = (tenantId: string, token: string) => ({ headers: { authorization: `Bearer ${token}` }, pathParameters: { tenantId } });

/** The outcome of authenticating: the token id, or the refusal's status and code. */
async function outcome(t: TestTenant, token: string, tokens: VerifiedScimTokens, tenantId = t.tenantId) {
  try {
    return { tokenId: (await authenticateScimClient(t.table, event(tenantId, token), tokens)).tokenId };
  } catch (error) {
    if (error instanceof AppError) return { status: error.status, code: error.code };
    throw error;
  }
}

async function rotate(t: TestTenant, graceSeconds: number): Promise<string> {
  const res = await call({ method: 'POST', url: '/api/svc/v1/provisioning/scim-token', token: t.adminToken, body: { graceSeconds } }, SLOW_OK);
  expect(res.status, res.text).toBe(201);
  rememberSecret(res.json.token);
  return res.json.token;
}

let tenant: TestTenant;
let other: TestTenant;
beforeAll(async () => {
  [tenant, other] = await Promise.all([createTestTenant({ prefix: 'tcache', mode: 'scim' }), createTestTenant({ prefix: 'tcachex', mode: 'scim' })]);
  rememberSecret(tenant.adminToken, tenant.scimToken!, other.adminToken, other.scimToken!);
}, 60_000);

describe('a SCIM token verified by a warm function', () => {
  it('is served without a read inside the bound', async () => {
    const { clock, tokens } = container();
    const reads = vi.spyOn(tenant.table, 'batchGet');
    try {
      const first = await outcome(tenant, tenant.scimToken!, tokens);
      clock.now += BOUND_MS - 1;
      expect(await outcome(tenant, tenant.scimToken!, tokens)).toEqual(first);
      expect(reads).toHaveBeenCalledTimes(1);
      clock.now += 1;
      expect(await outcome(tenant, tenant.scimToken!, tokens)).toEqual(first);
      expect(reads).toHaveBeenCalledTimes(2);
    } finally {
      reads.mockRestore();
    }
  });

  it('is refused once the bound has passed after a rotation ended it', async () => {
    const { clock, tokens } = container();
    const old = tenant.scimToken!;
    const accepted = await outcome(tenant, old, tokens);
    expect(accepted).toHaveProperty('tokenId');
    tenant.scimToken = await rotate(tenant, 0);
    // The documented window: this container verified the old token less than the bound ago.
    clock.now += BOUND_MS - 1;
    expect(await outcome(tenant, old, tokens)).toEqual(accepted);
    clock.now += 1;
    expect(await outcome(tenant, old, tokens)).toEqual({ status: 401, code: 'auth.invalid_token' });
    // A container that had not verified it refuses at once.
    expect(await outcome(tenant, old, container().tokens)).toEqual({ status: 401, code: 'auth.invalid_token' });
    expect(await outcome(tenant, tenant.scimToken, tokens)).toHaveProperty('tokenId');
  });

  it('never outlives the end of a grace period, whatever the bound', async () => {
    const graced = tenant.scimToken!;
    tenant.scimToken = await rotate(tenant, 60);
    const list = await call({ method: 'GET', url: '/api/svc/v1/provisioning/scim-token', token: tenant.adminToken }, SLOW_OK);
    const ends = Date.parse((list.json.tokens as Array<{ status: string; expiresAt?: string }>).find((t) => t.status === 'grace')!.expiresAt!);
    // Verified two seconds before the grace ends: the bound would run three seconds past it.
    const { clock, tokens } = container(ends - 2_000);
    expect(await outcome(tenant, graced, tokens)).toHaveProperty('tokenId');
    clock.now = ends - 1;
    expect(await outcome(tenant, graced, tokens)).toHaveProperty('tokenId');
    clock.now = ends;
    expect(await outcome(tenant, graced, tokens)).toEqual({ status: 401, code: 'auth.invalid_token' });
  });

  it('is refused once the bound has passed after the tenant left SCIM mode', async () => {
    const { clock, tokens } = container();
    expect(await outcome(other, other.scimToken!, tokens)).toHaveProperty('tokenId');
    const res = await call({ method: 'PUT', url: '/api/svc/v1/provisioning', token: other.adminToken, body: { mode: 'invite-only' } }, SLOW_OK);
    expect(res.status, res.text).toBe(200);
    clock.now += BOUND_MS;
    expect(await outcome(other, other.scimToken!, tokens)).toMatchObject({ status: 403, code: 'scim.not_enabled' });
  });

  it('proves nothing for another tenant, cached or not, and a refusal is never remembered', async () => {
    const { tokens } = container();
    expect(await outcome(tenant, tenant.scimToken!, tokens)).toHaveProperty('tokenId');
    expect(await outcome(tenant, tenant.scimToken!, tokens, other.tenantId)).toEqual({ status: 401, code: 'auth.invalid_token' });
    const reads = vi.spyOn(tenant.table, 'batchGet');
    try {
      // Well formed, so it is looked up, but issued to no one.
      const forged = issueSecret('scim').token;
      for (let i = 0; i < 2; i++) expect(await outcome(tenant, forged, tokens)).toEqual({ status: 401, code: 'auth.invalid_token' });
      expect(reads).toHaveBeenCalledTimes(2);
    } finally {
      reads.mockRestore();
    }
  });

  it('is not kept at all when the bound is 0', async () => {
    const tokens = new VerifiedScimTokens(16, { maxAgeMs: () => 0 });
    const reads = vi.spyOn(tenant.table, 'batchGet');
    try {
      for (let i = 0; i < 2; i++) expect(await outcome(tenant, tenant.scimToken!, tokens)).toHaveProperty('tokenId');
      expect(reads).toHaveBeenCalledTimes(2);
    } finally {
      reads.mockRestore();
    }
  });
});
