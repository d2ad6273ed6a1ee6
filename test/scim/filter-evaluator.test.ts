/** Offline: filter evaluation on SCIM documents — caseExact per attribute, multi-valued, value paths, types. */
import { describe, expect, it } from 'vitest';
import { compileFilter } from '../../shared/scim/filter/evaluator.js';
import { parseFilter } from '../../shared/scim/filter/parser.js';
import { GROUP_RESOURCE, USER_RESOURCE } from '../../shared/scim/schemas/resource-types.js';

const ENT = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
const user = {
  id: 'U-1',
  externalId: 'Ext-1',
  userName: 'BJensen@example.com',
  name: { givenName: 'Barbara', familyName: 'Jensen' },
  active: true,
  title: 'Tour Guide',
  emails: [
    { value: 'bjensen@example.com', type: 'work', primary: true },
    { value: 'babs@jensen.org', type: 'home' },
  ],
  [ENT]: { department: 'Tours', manager: { value: 'M-9' } },
  meta: { created: '2024-01-02T03:04:05Z', lastModified: '2024-06-01T00:00:00Z' },
};

const matches = (filter: string, doc: Record<string, unknown> = user) => compileFilter(parseFilter(filter), USER_RESOURCE)(doc);

describe('compileFilter on users', () => {
  it.each([
    ['userName eq "bjensen@EXAMPLE.com"', true], // userName is not caseExact
    ['USERNAME Eq "bjensen@example.com"', true], // attribute names are case-insensitive
    ['externalId eq "ext-1"', false], // externalId is caseExact
    ['externalId eq "Ext-1"', true],
    ['id eq "u-1"', false],
    ['name.familyName co "ens"', true],
    ['name.givenName sw "barb"', true],
    ['title ew "GUIDE"', true],
    ['emails eq "babs@jensen.org"', true], // multi-valued: any value
    ['emails.value eq "nobody@x.y"', false],
    ['emails[type eq "work" and primary eq true]', true],
    ['emails[type eq "home" and primary eq true]', false],
    ['emails[type eq "work"].value eq "BJENSEN@example.com"', true],
    ['emails[type eq "home"].value eq "bjensen@example.com"', false],
    ['active eq true', true],
    ['active eq "True"', true], // booleans as strings (Entra)
    ['active ne false', true],
    ['urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department eq "tours"', true],
    ['urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.value eq "M-9"', true],
    ['meta.created gt "2024-01-01T00:00:00Z"', true],
    ['meta.lastModified lt "2024-01-01T00:00:00+00:00"', false],
    ['meta.created eq "2024-01-02T04:04:05+01:00"', true], // same instant
    ['nickName pr', false],
    ['name pr', true],
    ['not (nickName pr)', true],
    ['nickName ne "x"', true], // absent is not equal
    ['userName eq "x" or (active eq true and title pr)', true],
    ['externalId eq Ext-1', true], // unquoted
  ])('%s → %s', (filter, expected) => {
    expect(matches(filter)).toBe(expected);
  });

  it.each([
    ['nosuch eq "x"', 'unknown attribute "nosuch"'],
    ['password eq "x"', 'unknown attribute "password"'],
    ['active gt true', 'supports only eq and ne'],
    ['active eq "maybe"', 'is boolean'],
    ['name eq "x"', 'is a complex attribute'],
    ['emails[nosuch eq "x"]', 'is not a sub-attribute of emails'],
    ['userName[value eq "x"]', 'is not a complex attribute'],
    ['meta.created gt "yesterday"', 'is a dateTime'],
    ['userName gt null', 'is not a valid comparison'],
  ])('refuses %s', (filter, message) => {
    expect(() => matches(filter)).toThrow(message);
  });

  it('evaluates group documents', () => {
    const group = { id: 'g', displayName: 'Eng', members: [{ value: 'u1' }, { value: 'u2' }] };
    const f = (text: string) => compileFilter(parseFilter(text), GROUP_RESOURCE)(group);
    expect(f('displayName eq "eng"')).toBe(true);
    expect(f('members eq "u2"')).toBe(true);
    expect(f('members.value eq "U2"')).toBe(false); // member ids are caseExact
    expect(f('members[value eq "u1"]')).toBe(true);
  });
});
