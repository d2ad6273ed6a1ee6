/**
 * The same request delivered twice: a Lambda retried after a timeout gets the
 * identical event (request id included), one after the other or, when the first
 * is still running, at the same time. Neither may leave a duplicate user, team,
 * membership or mail behind.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { keys } from '../../shared/storage/keys.js';
import { TeamRepository } from '../../shared/teams/team-repository.js';
import { rememberSecret } from '../support/secret-ledger.js';
import { createTestTenant, type TestTenant } from '../support/tenants.js';
import { call, deliver, eventFor, type ApiRequest, type ApiResponse } from '../security/in-process-api.js';
import { figures } from './figures.js';

/** Generous: DynamoDB Local on a shared CI machine, not the service, sets the pace. */
const TEST_TIMEOUT_MS = 60_000;

const USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
const GROUP = 'urn:ietf:params:scim:schemas:core:2.0:Group';
const PATCH_OP = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';
const SLOW_OK = { timeoutSeconds: 120 };

let tenant: TestTenant;
const seen: Record<string, number[]> = {};

beforeAll(async () => {
  tenant = await createTestTenant({ prefix: 'reld' });
  rememberSecret(tenant.adminToken, tenant.scimToken!);
});
afterAll(() => {
  figures.record('duplicate-delivery', 'statuses (first, second) per case', seen);
  figures.flush('duplicate-delivery');
});

const scim = (method: string, path: string, body?: unknown): ApiRequest => ({
  method,
  url: `/scim/v2/${tenant.tenantId}${path}`,
  token: tenant.scimToken!,
  ...(body === undefined ? {} : { body, headers: { 'content-type': 'application/scim+json' } }),
});
const admin = (method: string, path: string, body?: unknown): ApiRequest => ({ method, url: `/api/svc/v1${path}`, token: tenant.adminToken, body });

/** Delivers one identical event twice, in sequence or at once. */
async function twice(name: string, request: ApiRequest, mode: 'sequential' | 'concurrent'): Promise<[ApiResponse, ApiResponse]> {
  const { event, route } = eventFor(request);
  const copy = (): APIGatewayProxyEventV2 => structuredClone(event);
  const answers: [ApiResponse, ApiResponse] =
    mode === 'sequential'
      ? [await deliver(copy(), route, SLOW_OK), await deliver(copy(), route, SLOW_OK)]
      : ((await Promise.all([deliver(copy(), route, SLOW_OK), deliver(copy(), route, SLOW_OK)])) as [ApiResponse, ApiResponse]);
  seen[`${name} (${mode})`] = answers.map((a) => a.status);
  return answers;
}

async function usersNamed(userName: string): Promise<number> {
  const res = await call(scim('GET', `/Users?filter=${encodeURIComponent(`userName eq "${userName}"`)}`), SLOW_OK);
  return res.json.totalResults as number;
}

async function mailIdsFor(email: string): Promise<string[]> {
  const res = await call(admin('GET', `/audit-logs?limit=1000`), SLOW_OK);
  const events = res.json.data as Array<{ action: string; target: { slug?: string }; details?: { mailId?: string } }>;
  return events.filter((e) => e.target.slug?.toLowerCase() === email.toLowerCase() && e.details?.mailId).map((e) => e.details!.mailId!);
}

describe.each(['sequential', 'concurrent'] as const)('a %s duplicate delivery', (mode) => {
  it(
    'of a SCIM user create stores one user; the copy is a 409',
    async () => {
      const userName = `dup-user-${mode}@dup.example`;
      const answers = await twice('SCIM POST /Users', scim('POST', '/Users', { schemas: [USER], userName, externalId: `dup-${mode}` }), mode);
      expect(answers.map((a) => a.status).sort()).toEqual([201, 409]);
      expect(await usersNamed(userName)).toBe(1);
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'of a SCIM group create stores one team; the copy is a 409',
    async () => {
      const answers = await twice('SCIM POST /Groups', scim('POST', '/Groups', { schemas: [GROUP], displayName: `dup-group-${mode}` }), mode);
      expect(answers.map((a) => a.status).sort()).toEqual([201, 409]);
      const found = await call(scim('GET', `/Groups?filter=${encodeURIComponent(`displayName eq "dup-group-${mode}"`)}`), SLOW_OK);
      expect(found.json.totalResults).toBe(1);
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'of a SCIM member add stores one membership edge and counts the member once',
    async () => {
      const user = await call(scim('POST', '/Users', { schemas: [USER], userName: `dup-member-${mode}@dup.example` }), SLOW_OK);
      const group = await call(scim('POST', '/Groups', { schemas: [GROUP], displayName: `dup-members-${mode}` }), SLOW_OK);
      const answers = await twice(
        'SCIM PATCH add member',
        scim('PATCH', `/Groups/${group.json.id}`, { schemas: [PATCH_OP], Operations: [{ op: 'add', path: 'members', value: [{ value: user.json.id }] }] }),
        mode,
      );
      expect(answers.map((a) => a.status)).toEqual([204, 204]);
      const team = await new TeamRepository(tenant.table).get(tenant.tenantId, group.json.id);
      expect(team?.memberCount).toBe(1);
      expect(await tenant.table.get(keys.membership(tenant.tenantId, group.json.id, user.json.id))).toBeDefined();
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'of a team manifest (PUT /teams) makes one team with each member once',
    async () => {
      const email = `dup-manifest-${mode}@dup.example`;
      await call(scim('POST', '/Users', { schemas: [USER], userName: email, emails: [{ value: email, primary: true }] }), SLOW_OK);
      const name = `dup-manifest-${mode}`;
      const answers = await twice('PUT /teams', admin('PUT', '/teams', { manifest: { type: 'team', name, members: [email] } }), mode);
      expect(answers.map((a) => a.status).sort()).toEqual([200, 201]);
      const teams = await call(admin('GET', '/teams/user?limit=100'), SLOW_OK);
      const matching = (teams.json.data as Array<{ id: string; teamName?: string; name?: string }>).filter((t) => (t.teamName ?? t.name) === name);
      expect(matching).toHaveLength(1);
      expect((await new TeamRepository(tenant.table).get(tenant.tenantId, matching[0]!.id))?.memberCount).toBe(1);
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'of a PAT create stores one token; the copy is a 409 and shows no second secret',
    async () => {
      const answers = await twice('POST /personal-access-tokens', admin('POST', '/personal-access-tokens', { name: `dup-pat-${mode}` }), mode);
      for (const a of answers) if (typeof a.json?.token === 'string') rememberSecret(a.json.token);
      expect(answers.map((a) => a.status).sort()).toEqual([201, 409]);
      const list = await call(admin('GET', `/personal-access-tokens?nameSearchQuery=dup-pat-${mode}`), SLOW_OK);
      expect(list.json.data).toHaveLength(1);
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'of an invite enqueues one invite mail',
    async () => {
      const email = `dup-invite-${mode}@dup.example`;
      const answers = await twice(
        'POST /users/invite',
        admin('POST', '/users/invite', { email, acceptInviteClientUrl: 'https://app.example.com/accept' }),
        mode,
      );
      for (const a of answers) if (typeof a.json?.link === 'string') rememberSecret(new URL(a.json.link).searchParams.get('token')!);
      expect(answers.some((a) => a.status === 201)).toBe(true);
      expect(await usersNamed(email)).toBe(1);
      const mails = await mailIdsFor(email);
      for (const id of mails) expect(await tenant.table.get(keys.outbox(id))).toBeDefined();
      expect(mails).toHaveLength(1);
    },
    TEST_TIMEOUT_MS,
  );
});
