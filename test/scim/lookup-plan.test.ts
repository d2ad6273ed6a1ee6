/** Offline: which filters the planner answers with key lookups (the ones IdPs send) and which need a scan. */
import { describe, expect, it } from 'vitest';
import { parseFilter } from '../../shared/scim/filter/parser.js';
import { planLookups } from '../../shared/scim/query/lookup-plan.js';
import { GROUP_RESOURCE, USER_RESOURCE } from '../../shared/scim/schemas/resource-types.js';

const users = (f: string) => planLookups(parseFilter(f), USER_RESOURCE);
const groups = (f: string) => planLookups(parseFilter(f), GROUP_RESOURCE);

describe('planLookups', () => {
  it.each([
    ['userName eq "a@b.c"', [{ kind: 'userName', value: 'a@b.c' }]],
    ['urn:ietf:params:scim:schemas:core:2.0:User:userName eq "x"', [{ kind: 'userName', value: 'x' }]],
    ['externalId eq jyoung', [{ kind: 'externalId', value: 'jyoung' }]],
    ['externalId eq 12345', [{ kind: 'externalId', value: '12345' }]],
    ['emails.value eq "a@b.c"', [{ kind: 'email', value: 'a@b.c' }]],
    ['emails eq "a@b.c"', [{ kind: 'email', value: 'a@b.c' }]],
    ['emails[type eq "work"].value eq "a@b.c"', [{ kind: 'email', value: 'a@b.c' }]],
    ['emails[value eq "a@b.c" and type eq "work"]', [{ kind: 'email', value: 'a@b.c' }]],
    ['id eq "u1" and manager eq "m1"', [{ kind: 'id', value: 'u1' }]],
    ['active eq true and userName eq "x"', [{ kind: 'userName', value: 'x' }]],
    ['emails.value eq "e" and id eq "u1"', [{ kind: 'id', value: 'u1' }]],
    [
      'userName eq "a" or externalId eq "b"',
      [
        { kind: 'userName', value: 'a' },
        { kind: 'externalId', value: 'b' },
      ],
    ],
  ])('keys %s', (filter, expected) => {
    expect(users(filter)).toEqual(expected);
  });

  it.each([
    'userName sw "a"',
    'userName ne "a"',
    'not (userName eq "a")',
    'userName eq "a" or active eq true',
    'title eq "x"',
    'active eq true',
    'emails[type eq "work"]',
    'userName eq null',
    'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber eq "1"',
  ])('scans %s', (filter) => {
    expect(users(filter)).toBeUndefined();
  });

  it('keys the group lookups IdPs make', () => {
    expect(groups('displayName eq "eng"')).toEqual([{ kind: 'displayName', value: 'eng' }]);
    expect(groups('externalId eq "x"')).toEqual([{ kind: 'externalId', value: 'x' }]);
    expect(groups('id eq "g1" and members eq "u1"')).toEqual([{ kind: 'id', value: 'g1' }]);
    expect(groups('members.value eq "u1"')).toEqual([{ kind: 'member', value: 'u1' }]);
    expect(groups('members[value eq "u1"]')).toEqual([{ kind: 'member', value: 'u1' }]);
    expect(groups('displayName co "eng"')).toBeUndefined();
  });
});
