/**
 * Connected, over HTTP: what deleting a team costs in DynamoDB requests.
 * The team read to check the caller may see it is the version the delete is
 * guarded by, and the two sweeps (its role bindings, its membership edges) run
 * side by side; nothing of the team is left, and the audit event is written.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listBindingsOfSubject } from '../../shared/collaborators/role-binding-repository.js';
import { MembershipRepository } from '../../shared/teams/membership-repository.js';
import { startTestGateway, type TestGateway } from '../support/gateway.js';
import { createTestTenant, type TestTenant } from '../support/tenants.js';
import { dynamoDocumentClient } from '../../shared/storage/client.js';
import { withDynamoFaults } from '../support/faults.js';
import { countOwnRequests, sequentialDepth, tally } from '../scim/request-counter.js';
import { API, auditEvents, bodyOf, createPerson, json, type Person } from './support.js';

let gateway: TestGateway;
let tenant: TestTenant;
let bob: Person;
let carol: Person;
let dave: Person;

const putTeam = (name: string, members: string[]) =>
  gateway.request(`${API}/teams`, json('PUT', { manifest: { type: 'team', name, members } }, tenant.adminToken));
const deleteTeam = (teamId: string) => gateway.request(`${API}/teams/${teamId}`, { method: 'DELETE', token: tenant.adminToken });

/** Nothing of the team is left: no binding, no edge. */
async function expectNothingLeft(teamId: string) {
  expect(await listBindingsOfSubject(tenant.table, tenant.tenantId, 'team', teamId)).toEqual([]);
  expect((await new MembershipRepository(tenant.table).listMembersPage(tenant.tenantId, teamId, 10)).members).toEqual([]);
}

beforeAll(async () => {
  tenant = await createTestTenant({ prefix: 'delcost', mode: 'invite-only' });
  gateway = await startTestGateway();
  const person = (name: string) => createPerson(tenant.table, tenant.tenantId, { email: `${name}@${tenant.tenantId}.example` });
  [bob, carol, dave] = await Promise.all([person('bob'), person('carol'), person('dave')]);
});
afterAll(async () => {
  await gateway?.close();
});

describe('DELETE /teams/{id}', () => {
  it('sweeps bindings and edges side by side, guarded by the version it read first', async () => {
    const created = await gateway.request(
      `${API}/teams`,
      json('PUT', { manifest: { type: 'team', name: 'doomed', members: [bob.email, carol.email] } }, tenant.adminToken),
    );
    expect(created.status).toBe(201);
    const teamId: string = (await bodyOf(created)).data.id;
    for (const resourceId of ['ws-1', 'ws-2']) {
      const granted = await gateway.request(
        `${API}/collaborators`,
        json('PUT', { resourceType: 'workspace', resourceId, collaborators: [{ subject: 'team:doomed', role: 'viewer' }] }, tenant.adminToken),
      );
      expect(granted.status).toBe(200);
    }

    const { result, requests } = await countOwnRequests(async () => {
      const res = await gateway.request(`${API}/teams/${teamId}`, { method: 'DELETE', token: tenant.adminToken });
      return { status: res.status, body: await bodyOf(res) };
    });
    expect(result).toEqual({ status: 200, body: { data: { id: teamId, teamName: 'doomed', deleted: true, removedMembers: 2, removedBindings: 2 } } });
    // Auth; the team; bindings and edges listed at once; their removals at once; the team's delete; the late-grant sweep.
    expect(tally(requests)).toEqual({ BatchGetCommand: 1, GetCommand: 1, QueryCommand: 3, TransactWriteCommand: 2, BatchWriteCommand: 1 });
    expect(sequentialDepth(requests)).toBe(6);

    await expectNothingLeft(teamId);
    const deleted = (await auditEvents(tenant.table, tenant.tenantId)).filter((e) => e.target.id === teamId && e.action === 'team.deleted');
    expect(deleted).toHaveLength(1);
    expect(deleted[0]!.details).toEqual({ removedMembers: 2, removedBindings: 2 });
  });

  it('leaves no edge of a member added while the edges are swept (the version was read after the sweep): it starts over', async () => {
    const teamId: string = (await bodyOf(await putTeam('raced', [bob.email, carol.email]))).data.id;
    const client = dynamoDocumentClient();
    const original = client.send;
    let added: Promise<Response> | undefined;
    // Just before the edges' BatchWrite leaves, dave joins: his edge is not in the listed page, and the version moves.
    client.send = ((command: { constructor: { name: string } }, ...rest: unknown[]) => {
      const go = () => (original as (...a: unknown[]) => Promise<unknown>).call(client, command, ...rest);
      if (command.constructor.name !== 'BatchWriteCommand' || added) return go();
      added = putTeam('raced', [bob.email, carol.email, dave.email]);
      return added.then(go);
    }) as typeof client.send;
    let res: Response;
    try {
      res = await deleteTeam(teamId);
    } finally {
      client.send = original;
    }
    expect((await added)!.status).toBe(200);
    expect(res.status).toBe(200);
    expect(await bodyOf(res)).toEqual({ data: { id: teamId, teamName: 'raced', deleted: true, removedMembers: 3, removedBindings: 0 } });
    await expectNothingLeft(teamId);
  });

  it('keeps the team when a sweep fails, and a second delete finishes the job', async () => {
    const teamId: string = (await bodyOf(await putTeam('half-swept', [bob.email, carol.email]))).data.id;
    const granted = await gateway.request(
      `${API}/collaborators`,
      json('PUT', { resourceType: 'workspace', resourceId: 'ws-3', collaborators: [{ subject: 'team:half-swept', role: 'viewer' }] }, tenant.adminToken),
    );
    expect(granted.status).toBe(200);
    const failed = await withDynamoFaults({ command: /^TransactWriteItemsCommand$/, nth: 1, kind: 'server-error', when: 'before' }, () => deleteTeam(teamId));
    expect(failed.status).toBeGreaterThanOrEqual(500);
    expect((await gateway.request(`${API}/teams/${teamId}`, { token: tenant.adminToken })).status).toBe(200);
    const again = await deleteTeam(teamId);
    expect(again.status).toBe(200);
    expect((await bodyOf(again)).data).toMatchObject({ removedBindings: 1 });
    await expectNothingLeft(teamId);
  });
});
