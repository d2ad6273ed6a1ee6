/** Connected: membership edges, chunked changes and the team's count and version. */
import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { Table } from '../../shared/storage/table.js';
import { Transaction } from '../../shared/storage/transaction.js';
import { TeamRepository, TeamVersionConflictError } from '../../shared/teams/team-repository.js';
import { MembershipRepository } from '../../shared/teams/membership-repository.js';
import type { Team } from '../../shared/teams/team.js';
import { countRequests } from '../scim/request-counter.js';

const tenantId = `mem-${randomUUID().slice(0, 8)}`;
let teams: TeamRepository;
let memberships: MembershipRepository;
let table: Table;

async function newTeam(name: string): Promise<Team> {
  const now = new Date().toISOString();
  const team: Team = { tenantId, id: randomUUID(), name, source: 'api', memberCount: 0, createdAt: now, updatedAt: now, version: 1 };
  const tx = new Transaction(table);
  teams.create(tx, team);
  await tx.commit();
  return team;
}

beforeAll(() => {
  table = new Table();
  teams = new TeamRepository(table);
  memberships = new MembershipRepository(table);
});

describe('MembershipRepository', () => {
  it('adds 250 members in chunked transactions and keeps count and version exact', async () => {
    const team = await newTeam('chunked');
    const ids = Array.from({ length: 250 }, () => randomUUID());
    const result = await memberships.apply(team, { add: ids.map((userId) => ({ userId })) });
    expect(result.added).toHaveLength(250);
    expect(result.version).toBe(team.version + 3);
    const stored = await teams.get(tenantId, team.id);
    expect(stored).toMatchObject({ memberCount: 250, version: team.version + 3 });

    const page1 = await memberships.listMembersPage(tenantId, team.id, 100);
    const page2 = await memberships.listMembersPage(tenantId, team.id, 100, page1.lastKey);
    expect(page1.members).toHaveLength(100);
    expect(new Set([...page1.members, ...page2.members].map((m) => m.userId)).size).toBe(200);
    expect((await memberships.listTeamsOfUser(tenantId, ids[0]!)).map((m) => m.teamId)).toEqual([team.id]);
  });

  it('treats adding a present member and removing an absent one as no-ops', async () => {
    const team = await newTeam('noops');
    const [a, b] = [randomUUID(), randomUUID()];
    const first = await memberships.apply(team, { add: [{ userId: a }] });
    const second = await memberships.apply({ ...team, version: first.version }, { add: [{ userId: a }, { userId: b }], remove: [randomUUID()] });
    expect(second.added).toEqual([b]);
    expect(second.removed).toEqual([]);
    expect((await teams.get(tenantId, team.id))?.memberCount).toBe(2);
  });

  it('writes new members without reading their edges: one transaction per chunk', async () => {
    const team = await newTeam('guessed');
    const ids = Array.from({ length: 120 }, () => randomUUID());
    const { result, requests } = await countRequests(() => memberships.apply(team, { add: ids.map((userId) => ({ userId })) }));
    expect(requests.map((r) => r.command)).toEqual(['TransactWriteCommand', 'TransactWriteCommand']);
    expect(result).toMatchObject({ version: team.version + 2, removed: [] });
    expect(result.added).toHaveLength(120);
    expect(await teams.get(tenantId, team.id)).toMatchObject({ memberCount: 120, version: team.version + 2 });
  });

  it('after a wrong guess (members already there) reads the edges, writes only what changes, and reads first for the rest', async () => {
    const team = await newTeam('wrong-guess');
    const present = Array.from({ length: 100 }, () => randomUUID());
    const first = await memberships.apply(team, { add: present.map((userId) => ({ userId })) });
    const fresh = randomUUID();
    const gone = randomUUID();
    const { result, requests } = await countRequests(() =>
      memberships.apply({ ...team, version: first.version }, { add: [...present, fresh].map((userId) => ({ userId })), remove: [gone] }),
    );
    // Chunk 1 (98 present): the guessed transaction is cancelled, then read, nothing to write.
    // Chunk 2 (2 present, the new one, the absent removal): read first, then one transaction.
    expect(requests.map((r) => r.command)).toEqual(['TransactWriteCommand', 'BatchGetCommand', 'BatchGetCommand', 'TransactWriteCommand']);
    expect(result).toMatchObject({ added: [fresh], removed: [], version: first.version + 1 });
    expect(await teams.get(tenantId, team.id)).toMatchObject({ memberCount: 101, version: first.version + 1 });
  });

  it('removes members without reading their edges, and a repeated removal changes nothing', async () => {
    const team = await newTeam('removals');
    const ids = Array.from({ length: 3 }, () => randomUUID());
    const added = await memberships.apply(team, { add: ids.map((userId) => ({ userId })) });
    const { result, requests } = await countRequests(() => memberships.apply({ ...team, version: added.version }, { remove: ids }));
    expect(requests.map((r) => r.command)).toEqual(['TransactWriteCommand']);
    expect(result).toMatchObject({ removed: ids, version: added.version + 1 });
    const again = await memberships.apply({ ...team, version: result.version }, { remove: ids });
    expect(again).toMatchObject({ removed: [], version: result.version });
    expect(await teams.get(tenantId, team.id)).toMatchObject({ memberCount: 0, version: result.version });
  });

  it('keeps the role of a present member, and changes it when asked, after a wrong guess', async () => {
    const team = await newTeam('roles');
    const [manager, member] = [randomUUID(), randomUUID()];
    const first = await memberships.apply(team, { add: [{ userId: manager, role: 'manager' }, { userId: member }] });
    const second = await memberships.apply(
      { ...team, version: first.version },
      {
        add: [
          { userId: manager, role: 'manager' },
          { userId: member, role: 'manager' },
        ],
      },
    );
    expect(second).toMatchObject({ added: [], roleChanged: [member], version: first.version + 1 });
    expect((await memberships.get(tenantId, team.id, manager))?.role).toBe('manager');
    expect((await memberships.get(tenantId, team.id, member))?.role).toBe('manager');
    expect((await teams.get(tenantId, team.id))?.memberCount).toBe(2);
  });

  it('refuses a stale If-Match version and changes nothing', async () => {
    const team = await newTeam('if-match');
    await memberships.apply(team, { add: [{ userId: randomUUID() }] });
    const error = await memberships.apply(team, { add: [{ userId: randomUUID() }] }, { expectedVersion: team.version }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TeamVersionConflictError);
    expect((await teams.get(tenantId, team.id))?.memberCount).toBe(1);
  });

  it('keeps every member of parallel disjoint additions', async () => {
    const team = await newTeam('parallel');
    const batches = Array.from({ length: 8 }, () => Array.from({ length: 5 }, () => randomUUID()));
    await Promise.all(batches.map((batch) => memberships.apply(team, { add: batch.map((userId) => ({ userId })) })));
    const stored = await teams.get(tenantId, team.id);
    expect(stored?.memberCount).toBe(40);
    expect(stored?.version).toBe(team.version + 8);
    const all = await memberships.listMembersPage(tenantId, team.id, 100);
    expect(all.members).toHaveLength(40);
  });
});
