/**
 * Connected, over HTTP: what reading a user costs in DynamoDB requests.
 * A user's permissions are read in two waves after the user, not one per kind of
 * binding; and a caller reading their own record is answered from the record
 * authentication read in this same request, while reading anyone else still
 * reads theirs. Counts are taken on a warm PAT (authentication is one BatchGet).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UserRepository } from '../../shared/users/user-repository.js';
import { TenantRepository } from '../../shared/tenants/tenant-repository.js';
import { toUserView } from '../../shared/users/user-view.js';
import { startTestGateway, type TestGateway } from '../support/gateway.js';
import { createTestTenant, type TestTenant } from '../support/tenants.js';
import { countOwnRequests, sequentialDepth, tally } from '../scim/request-counter.js';
import { API, bodyOf, createPerson, json, type Person } from '../teams/support.js';

let gateway: TestGateway;
let tenant: TestTenant;
let bob: Person;
let carol: Person;

const grant = (resourceType: string, resourceId: string, collaborators: unknown) =>
  gateway.request(`${API}/collaborators`, json('PUT', { resourceType, resourceId, collaborators }, tenant.adminToken));
const putTeam = (name: string, members: string[]) =>
  gateway.request(`${API}/teams`, json('PUT', { manifest: { type: 'team', name, members } }, tenant.adminToken));

/** The second of two identical requests (the first teaches the container whose the PAT is), counted. */
async function measure(path: string, token: string) {
  await gateway.request(path, { token });
  const { result, requests } = await countOwnRequests(async () => {
    const res = await gateway.request(path, { token });
    return { status: res.status, body: await bodyOf(res) };
  });
  return { ...result, tally: tally(requests), depth: sequentialDepth(requests) };
}

beforeAll(async () => {
  tenant = await createTestTenant({ prefix: 'owncost', mode: 'invite-only' });
  gateway = await startTestGateway();
  const person = (name: string) => createPerson(tenant.table, tenant.tenantId, { email: `${name}@${tenant.tenantId}.example` });
  [bob, carol] = await Promise.all([person('bob'), person('carol')]);
  for (const [team, members] of [
    ['alpha', [bob.email]],
    ['beta', [bob.email, carol.email]],
  ] as const) {
    expect((await putTeam(team, [...members])).status).toBe(201);
  }
  for (const [type, id, subject, role] of [
    ['workspace', 'ws-1', `user:${bob.email}`, 'editor'],
    ['workspace', 'ws-1', 'team:alpha', 'viewer'],
    ['workspace', 'ws-2', 'team:beta', 'viewer'],
    ['cluster', 'c-1', 'team:everyone', 'viewer'],
  ] as const) {
    expect((await grant(type, id, [{ subject, role }])).status).toBe(200);
  }
});
afterAll(async () => {
  await gateway?.close();
});

describe('GET /x/users/{id}/permissions', () => {
  it('reads the memberships and every binding in two waves after authentication and the user', async () => {
    const asAdmin = await measure(`${API}/x/users/${bob.user.id}/permissions`, tenant.adminToken);
    expect(asAdmin.status).toBe(200);
    expect(asAdmin.body.data.grants).toHaveLength(4);
    // Auth BatchGet; the user; memberships, direct and `everyone` bindings at once; then the teams and their bindings at once.
    expect(asAdmin.tally).toEqual({ BatchGetCommand: 2, GetCommand: 1, QueryCommand: 5 });
    expect(asAdmin.depth).toBe(4);
  });

  it('skips reading the user when the caller asks about themselves, with the same answer', async () => {
    const asAdmin = await measure(`${API}/x/users/${bob.user.id}/permissions`, tenant.adminToken);
    const asBob = await measure(`${API}/x/users/${bob.user.id}/permissions`, bob.token);
    expect(asBob.body).toEqual(asAdmin.body);
    expect(asBob.tally).toEqual({ BatchGetCommand: 2, QueryCommand: 5 });
    expect(asBob.depth).toBe(3);
  });
});

describe('GET /users/{id}', () => {
  it('answers the caller’s own record from what authentication read: one BatchGet in all', async () => {
    const own = await measure(`${API}/users/${bob.user.id}`, bob.token);
    expect(own.status).toBe(200);
    expect(own.tally).toEqual({ BatchGetCommand: 1 });
    const stored = (await new UserRepository(tenant.table).get(tenant.tenantId, bob.user.id))!;
    const tenantRecord = (await new TenantRepository(tenant.table).get(tenant.tenantId))!;
    expect(own.body.data).toEqual(JSON.parse(JSON.stringify(toUserView(stored, tenantRecord, stored))));
  });

  it('still reads another user’s record', async () => {
    const other = await measure(`${API}/users/${carol.user.id}`, bob.token);
    expect(other.status).toBe(200);
    expect(other.body.data.id).toBe(carol.user.id);
    expect(other.tally).toEqual({ BatchGetCommand: 1, GetCommand: 1 });
  });
});
