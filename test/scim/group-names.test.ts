/**
 * Any IdP group name syncs: the displayName is kept as sent and returned
 * unchanged; the team name is its slug (shared/teams/team-slug.ts), unique in the
 * tenant with a stable suffix on collision, and it follows when the IdP renames
 * the group. Filters on displayName match the IdP's string. A tenant that switches
 * its provisioning settings to `strict` refuses such names (400) as before, and
 * groups stored before displayNames were kept still read and filter by name.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Transaction } from '../../shared/storage/transaction.js';
import { TeamRepository } from '../../shared/teams/team-repository.js';
import { slugOf, suffixedSlugOf } from '../../shared/teams/team-slug.js';
import { startTestGateway, type TestGateway } from '../support/gateway.js';
import { API, bodyOf, json } from '../teams/support.js';
import { GROUP_SCHEMA, PATCH_OP, startScimClient, type ScimTestClient } from './scim-client.js';

let gateway: TestGateway;
let c: ScimTestClient;

beforeAll(async () => {
  gateway = await startTestGateway();
  c = await startScimClient('gnames', gateway);
}, 60_000);
afterAll(() => gateway?.close());

const createGroup = (displayName: string) => c.call('POST', '/Groups', { schemas: [GROUP_SCHEMA], displayName });
const filterByName = async (displayName: string) =>
  (await c.call('GET', `/Groups?filter=${encodeURIComponent(`displayName eq ${JSON.stringify(displayName)}`)}`)).body.Resources.map(
    (g: { id: string }) => g.id,
  );
const teamOf = (id: string) => new TeamRepository(c.tenant.table).get(c.tenant.tenantId, id);

describe('the slug rule', () => {
  it.each([
    ['Data Science (EU)', 'Data-Science-EU'],
    ['Group 1', 'Group-1'],
    ['josé’s team', 'jose-s-team'],
    ['  --Ops--  ', 'Ops'],
    ['already_valid-Name', 'already_valid-Name'],
    ['!!!', 'group'],
    ['Everyone', 'group'],
    ['x'.repeat(50), 'x'.repeat(36)],
  ])('%j → %j', (displayName, slug) => {
    expect(slugOf(displayName)).toBe(slug);
  });

  it('suffixes deterministically within the rule', () => {
    const suffixed = suffixedSlugOf('Data Science (EU)');
    expect(suffixed).toMatch(/^Data-Science-EU-[a-z2-7]{6}$/);
    expect(suffixedSlugOf('Data Science (EU)')).toBe(suffixed);
    expect(suffixedSlugOf('Data Science [EU]')).not.toBe(suffixed);
    expect(suffixedSlugOf('y'.repeat(80))).toMatch(/^y{29}-[a-z2-7]{6}$/);
  });
});

describe('groups named freely by the IdP', () => {
  it('keeps the displayName as sent, derives the team name, and filters by the IdP string', async () => {
    const res = await createGroup('Data Science (EU)');
    expect(res.status).toBe(201);
    expect(res.body.displayName).toBe('Data Science (EU)');
    expect((await c.call('GET', `/Groups/${res.body.id}`)).body.displayName).toBe('Data Science (EU)');
    expect(await teamOf(res.body.id)).toMatchObject({ name: 'Data-Science-EU', displayName: 'Data Science (EU)' });
    expect(await filterByName('Data Science (EU)')).toEqual([res.body.id]);

    const view = await bodyOf(await gateway.request(`${API}/teams/${res.body.id}`, { token: c.tenant.adminToken }));
    expect(view.data).toMatchObject({ teamName: 'Data-Science-EU', displayName: 'Data Science (EU)', createdBySubject: { subjectType: 'serviceaccount' } });
  });

  it('gives a colliding name a short stable suffix, and refuses the same displayName twice', async () => {
    const other = await createGroup('Data Science [EU]');
    expect(other.status).toBe(201);
    expect((await teamOf(other.body.id))!.name).toBe(suffixedSlugOf('Data Science [EU]'));
    expect(await filterByName('Data Science [EU]')).toEqual([other.body.id]);

    const again = await createGroup('Data Science (EU)');
    expect(again.status).toBe(409);
    expect(again.body.scimType).toBe('uniqueness');
  });

  it('refuses a displayName that is a taken one in another normal form or case, on create and rename', async () => {
    const composed = 'Caf\u00e9'; // NFC
    const decomposed = 'Cafe\u0301'; // NFD of the same name
    const first = await createGroup(composed);
    expect(first.status).toBe(201);
    const variants = [decomposed, 'CAF\u00c9', 'CAFE\u0301'];
    for (const variant of variants) {
      const again = await createGroup(variant);
      expect(again.status, variant).toBe(409);
      expect(again.body.scimType).toBe('uniqueness');
    }
    // Nothing written: no group under a variant's suffixed team name, one group for either form.
    expect(await filterByName(composed)).toEqual([first.body.id]);
    expect(await filterByName(decomposed)).toEqual([first.body.id]);
    for (const variant of variants) {
      expect(await new TeamRepository(c.tenant.table).getByName(c.tenant.tenantId, suffixedSlugOf(variant))).toBeUndefined();
    }

    const other = await createGroup('Tea Room');
    const patched = await c.call('PATCH', `/Groups/${other.body.id}`, {
      schemas: [PATCH_OP],
      Operations: [{ op: 'replace', path: 'displayName', value: decomposed }],
    });
    expect(patched.status).toBe(409);
    expect(patched.body.scimType).toBe('uniqueness');
    const put = await c.call('PUT', `/Groups/${other.body.id}`, { schemas: [GROUP_SCHEMA], displayName: 'CAF\u00c9' });
    expect(put.status).toBe(409);
    expect(put.body.scimType).toBe('uniqueness');
    expect(await teamOf(other.body.id)).toMatchObject({ name: 'Tea-Room', displayName: 'Tea Room' });

    // The reverse order, and a genuinely different name that shares the slug.
    const nfdFirst = await createGroup('Ni\u00f1o Lab'.normalize('NFD'));
    expect(nfdFirst.status).toBe(201);
    const nfcSecond = await createGroup('Ni\u00f1o Lab');
    expect(nfcSecond.status).toBe(409);
    expect(nfcSecond.body.scimType).toBe('uniqueness');
    const distinct = await createGroup('Nino Lab');
    expect(distinct.status).toBe(201);
    expect((await teamOf(distinct.body.id))!.name).toBe(suffixedSlugOf('Nino Lab'));
  });

  it('takes a suffix when an admin-made team already holds the slug', async () => {
    const made = await gateway.request(`${API}/teams`, json('PUT', { manifest: { type: 'team', name: 'Group-1', members: [] } }, c.tenant.adminToken));
    expect(made.status).toBe(201);
    const res = await createGroup('Group 1');
    expect(res.status).toBe(201);
    expect((await teamOf(res.body.id))!.name).toBe(suffixedSlugOf('Group 1'));
  });

  it('follows an IdP rename in the displayName and the team name (PATCH and PUT)', async () => {
    const res = await createGroup('Platform Team');
    const id: string = res.body.id;
    const patched = await c.call('PATCH', `/Groups/${id}`, {
      schemas: [PATCH_OP],
      Operations: [{ op: 'replace', path: 'displayName', value: 'Platform & SRE' }],
    });
    expect(patched.status).toBe(204);
    expect((await c.call('GET', `/Groups/${id}`)).body.displayName).toBe('Platform & SRE');
    expect(await teamOf(id)).toMatchObject({ name: 'Platform-SRE', displayName: 'Platform & SRE' });
    expect(await filterByName('Platform & SRE')).toEqual([id]);
    expect(await filterByName('Platform Team')).toEqual([]);

    const put = await c.call('PUT', `/Groups/${id}`, { schemas: [GROUP_SCHEMA], displayName: 'Platform (all)' });
    expect(put.status).toBe(200);
    expect(await teamOf(id)).toMatchObject({ name: 'Platform-all', displayName: 'Platform (all)' });
    expect(await filterByName('Platform (all)')).toEqual([id]);
    // The old name is free again.
    expect(await new TeamRepository(c.tenant.table).getByName(c.tenant.tenantId, 'Platform-SRE')).toBeUndefined();
  });

  it('refuses an empty or overlong displayName with a 400', async () => {
    expect((await createGroup('   ')).status).toBe(400);
    expect((await createGroup('z'.repeat(257))).status).toBe(400);
  });

  it('reads a group stored before displayNames were kept by its name, and a member change leaves it as stored', async () => {
    const now = new Date().toISOString();
    const old = {
      tenantId: c.tenant.tenantId,
      id: randomUUID(),
      name: 'legacy-ops',
      source: 'scim' as const,
      memberCount: 0,
      createdAt: now,
      updatedAt: now,
      version: 1,
    };
    const tx = new Transaction(c.tenant.table);
    new TeamRepository(c.tenant.table).create(tx, old);
    await tx.commit();
    expect((await c.call('GET', `/Groups/${old.id}`)).body.displayName).toBe('legacy-ops');
    expect(await filterByName('legacy-ops')).toEqual([old.id]);
    const patched = await c.call('PATCH', `/Groups/${old.id}`, { schemas: [PATCH_OP], Operations: [{ op: 'replace', path: 'externalId', value: 'ext-1' }] });
    expect(patched.status).toBe(204);
    expect(await teamOf(old.id)).toMatchObject({ name: 'legacy-ops', externalId: 'ext-1' });
    expect((await teamOf(old.id))!.displayName).toBeUndefined();
  });
});

describe('the strict setting', () => {
  it('refuses a name that breaks the team-name rule once switched on, and renames follow the name', async () => {
    const set = await gateway.request(`${API}/provisioning`, json('PUT', { mode: 'scim', scimGroupNames: 'strict' }, c.tenant.adminToken));
    expect(set.status).toBe(200);
    expect((await bodyOf(set)).scimGroupNames).toBe('strict');

    const refused = await createGroup('Finance (US)');
    expect(refused.status).toBe(400);
    expect(refused.body.scimType).toBe('invalidValue');
    expect(refused.body.detail).toContain('not a valid team name');

    const ok = await createGroup('finance-us');
    expect(ok.status).toBe(201);
    const renamed = await c.call('PATCH', `/Groups/${ok.body.id}`, {
      schemas: [PATCH_OP],
      Operations: [{ op: 'replace', path: 'displayName', value: 'finance-north-america' }],
    });
    expect(renamed.status).toBe(204);
    expect((await teamOf(ok.body.id))!.name).toBe('finance-north-america');

    // Groups named freely before the switch keep working for member changes.
    const [existing] = await filterByName('Data Science (EU)');
    const touched = await c.call('PATCH', `/Groups/${existing}`, { schemas: [PATCH_OP], Operations: [{ op: 'replace', path: 'externalId', value: 'ds-eu' }] });
    expect(touched.status).toBe(204);
  });
});
