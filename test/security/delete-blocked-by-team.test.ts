/**
 * An admin never removes access they did not see: DELETE /users/{id} without
 * `forceDelete` is refused while the user is in a team, even when they hold no
 * resource role at all (the case a one-line mutation of the guard let through),
 * and nothing is removed. Through the local gateway and DynamoDB Local, the team
 * made with PUT /teams.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { listBindingsOfSubject } from '../../shared/collaborators/role-binding-repository.js';
import { MembershipRepository } from '../../shared/teams/membership-repository.js';
import { UserRepository } from '../../shared/users/user-repository.js';
import { startTestGateway, type TestGateway } from '../support/gateway.js';
import { createTestTenant, type TestTenant } from '../support/tenants.js';
import { API, createPerson, json } from '../teams/support.js';

let gateway: TestGateway;
let tenant: TestTenant;

beforeAll(async () => {
  tenant = await createTestTenant({ prefix: 'delblk', mode: 'invite-only' });
  gateway = await startTestGateway();
}, 60_000);
afterAll(() => gateway?.close());

it('refuses to delete a team member who holds no resource role, naming the team, and removes nothing', async () => {
  const { table, tenantId } = tenant;
  const person = await createPerson(table, tenantId);
  expect(await listBindingsOfSubject(table, tenantId, 'user', person.user.id)).toEqual([]);
  const made = await gateway.request(
    `${API}/teams`,
    json('PUT', { manifest: { type: 'team', name: 'quiet-team', members: [person.email] } }, tenant.adminToken),
  );
  expect(made.status).toBe(201);
  const teamId = ((await made.json()) as { data: { id: string } }).data.id;

  const refused = await gateway.request(`${API}/users/${person.user.id}`, { method: 'DELETE', token: tenant.adminToken });
  expect(refused.status).toBe(400);
  const body = (await refused.json()) as { code: string; message: string; details: unknown };
  expect(body.code).toBe('user.delete_blocked');
  expect(body.message).toContain('quiet-team');
  expect(body.details).toEqual([{ type: 'team', id: teamId, name: 'quiet-team', subject: 'team:quiet-team', message: 'the user is a member of this team' }]);
  expect(await new UserRepository(table).get(tenantId, person.user.id)).toMatchObject({ id: person.user.id, active: true });
  expect(await new MembershipRepository(table).get(tenantId, teamId, person.user.id)).toBeDefined();
  // The person's own credential still works: nothing of them was removed.
  expect((await gateway.request(`${API}/users`, { token: person.token })).status).toBe(200);
}, 60_000);
