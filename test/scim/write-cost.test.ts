/**
 * HTTP + connected: what the writes of an IdP's initial sync cost in DynamoDB
 * requests, pinned exactly. A create answers from what it wrote, with
 * no call after its commit (bug 6 in docs/reliability.md); a member add writes
 * the new edges without reading them first, and a repeated add falls back to
 * reading them and changes nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keys } from '../../shared/storage/keys.js';
import { countOwnRequests } from './request-counter.js';
import { GROUP_SCHEMA, PATCH_OP, startScimClient, USER_SCHEMA, type Json, type ScimTestClient } from './scim-client.js';

let c: ScimTestClient;

beforeAll(async () => {
  c = await startScimClient('wcost');
});
afterAll(() => c?.close());

async function commands(call: () => Promise<{ status: number; body: Json }>) {
  const { result, requests } = await countOwnRequests(call);
  return { result, commands: requests.map((r) => r.command.replace(/Command$/, '')) };
}

const newUser = async (userName: string): Promise<string> => {
  const res = await c.call('POST', '/Users', { schemas: [USER_SCHEMA], userName });
  expect(res.status).toBe(201);
  return res.body.id;
};

describe('the writes of an initial sync', () => {
  it('POST /Users is authentication and one transaction, and answers from the user it wrote', async () => {
    const { result, commands: calls } = await commands(() =>
      c.call('POST', '/Users', {
        schemas: [USER_SCHEMA],
        userName: 'w-created',
        externalId: 'ext-w-created',
        emails: [{ value: 'w-created@wcost.example', primary: true }],
      }),
    );
    expect(result.status).toBe(201);
    expect(calls).toEqual(['BatchGet', 'TransactWrite']);
    expect(result.body).toMatchObject({ userName: 'w-created', externalId: 'ext-w-created', active: true, meta: { version: 'W/"1"' } });
    expect(await c.tenant.table.get(keys.user(c.tenant.tenantId, result.body.id))).toMatchObject({ userName: 'w-created', version: 1 });
  });

  it('POST /Groups without members is authentication and one transaction: the slug is taken by a condition, not read', async () => {
    const { result, commands: calls } = await commands(() => c.call('POST', '/Groups', { schemas: [GROUP_SCHEMA], displayName: 'w-empty', members: [] }));
    expect(result.status).toBe(201);
    expect(calls).toEqual(['BatchGet', 'TransactWrite']);
  });

  it('POST /Groups on a taken slug reads its holder only then: the same displayName is the 409, another takes the suffix', async () => {
    const first = await c.call('POST', '/Groups', { schemas: [GROUP_SCHEMA], displayName: 'W Taken' });
    expect(first.status).toBe(201);
    const again = await countOwnRequests(() => c.call('POST', '/Groups', { schemas: [GROUP_SCHEMA], displayName: 'W Taken' }));
    expect(again.result.status).toBe(409);
    expect(again.result.body).toEqual({
      schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'],
      status: '409',
      scimType: 'uniqueness',
      detail: 'A group with displayName "W Taken" already exists in this tenant',
    });
    // The refused transaction (its name marker's condition), then the marker and the team it names.
    expect(again.requests.map((r) => [r.command.replace(/Command$/, ''), r.failed === true])).toEqual([
      ['BatchGet', false],
      ['TransactWrite', true],
      ['Get', false],
      ['Get', false],
    ]);

    const other = await commands(() => c.call('POST', '/Groups', { schemas: [GROUP_SCHEMA], displayName: 'W-Taken' }));
    expect(other.result.status).toBe(201);
    expect(other.result.body.displayName).toBe('W-Taken');
    expect(other.commands).toEqual(['BatchGet', 'TransactWrite', 'Get', 'Get', 'TransactWrite']);
  });

  it('PATCH adding new members reads the group and the users, then writes: no edge is read', async () => {
    const group = (await c.call('POST', '/Groups', { schemas: [GROUP_SCHEMA], displayName: 'w-add' })).body.id;
    const ids = [await newUser('w-m1'), await newUser('w-m2'), await newUser('w-m3')];
    const add = () =>
      c.call('PATCH', `/Groups/${group}`, { schemas: [PATCH_OP], Operations: [{ op: 'add', path: 'members', value: ids.map((value) => ({ value })) }] });
    const first = await commands(add);
    expect(first.result.status).toBe(204);
    expect(first.commands).toEqual(['BatchGet', 'Get', 'BatchGet', 'TransactWrite']);
    expect(first.result.body).toBeUndefined();

    // The same PATCH again (an IdP retrying): the guess fails inside its transaction, the edges are read, nothing is written.
    const again = await commands(add);
    expect(again.result.status).toBe(204);
    expect(again.commands).toEqual(['BatchGet', 'Get', 'BatchGet', 'TransactWrite', 'BatchGet']);
    const stored = await c.call('GET', `/Groups/${group}`);
    expect(stored.body.members.map((m: Json) => m.value).sort()).toEqual([...ids].sort());
    expect(stored.body.meta.version).toBe('W/"2"');
  });
});
