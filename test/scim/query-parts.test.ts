/** Offline: list parameters, cursors, projection and resource validation. */
import { describe, expect, it } from 'vitest';
import { decodeCursor, encodeCursor, CURSOR_TIMEOUT_SECONDS } from '../../shared/scim/query/cursor.js';
import { listRequestFromQuery, listRequestFromSearch, MAX_PAGE_SIZE } from '../../shared/scim/query/list-request.js';
import { Projection } from '../../shared/scim/projection.js';
import { normalizeResource } from '../../shared/scim/resource-input.js';
import { GROUP_RESOURCE, USER_RESOURCE } from '../../shared/scim/schemas/resource-types.js';

const ENT = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';

describe('list parameters', () => {
  it('reads RFC defaults and bounds', () => {
    expect(listRequestFromQuery({})).toMatchObject({ startIndex: 1, count: 100, sortOrder: 'ascending' });
    expect(listRequestFromQuery({ startIndex: '0', count: '-5' })).toMatchObject({ startIndex: 1, count: 0 });
    expect(listRequestFromQuery({ COUNT: '99999' }).count).toBe(MAX_PAGE_SIZE);
    expect(listRequestFromQuery({ cursor: '' }).cursor).toBe('');
    expect(() => listRequestFromQuery({ count: '1.5' })).toThrow('"count" must be an integer');
    expect(() => listRequestFromQuery({ sortOrder: 'sideways' })).toThrow('sortOrder');
    expect(listRequestFromSearch({ attributes: ['userName', 'emails'], count: 5 })).toMatchObject({ attributes: 'userName,emails', count: 5 });
  });
});

describe('cursors', () => {
  it('round-trip, and are refused when altered, foreign, for another query or expired', () => {
    const cursor = encodeCursor('t1', 'User', 'q', { offset: 4 });
    expect(decodeCursor(cursor, 't1', 'User', 'q')).toEqual({ offset: 4 });
    const [body, mac] = cursor.split('.');
    const forged = `${Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(body!, 'base64url').toString()), offset: 0 })).toString('base64url')}.${mac}`;
    expect(() => decodeCursor(forged, 't1', 'User', 'q')).toThrow('not one this server issued');
    expect(() => decodeCursor(cursor, 't2', 'User', 'q')).toThrow('different query');
    expect(() => decodeCursor(cursor, 't1', 'Group', 'q')).toThrow('different query');
    expect(() => decodeCursor(cursor, 't1', 'User', 'other')).toThrow('different query');
    expect(() => decodeCursor(cursor, 't1', 'User', 'q', Date.now() + (CURSOR_TIMEOUT_SECONDS + 5) * 1000)).toThrow('expired');
    expect(() => decodeCursor('garbage', 't1', 'User', 'q')).toThrow('not one this server issued');
  });
});

describe('projection', () => {
  const doc = {
    schemas: ['s'],
    id: 'i',
    userName: 'u',
    name: { givenName: 'g', familyName: 'f' },
    emails: [{ value: 'a', type: 'work' }],
    [ENT]: { department: 'd', costCenter: 'c' },
    meta: { version: 'v' },
  };
  it('keeps always-returned attributes and the asked ones, in any case and qualified', () => {
    expect(new Projection(USER_RESOURCE, 'USERNAME,name.familyName,emails.type').apply(doc)).toEqual({
      schemas: ['s'],
      id: 'i',
      userName: 'u',
      name: { familyName: 'f' },
      emails: [{ type: 'work' }],
    });
    expect(new Projection(USER_RESOURCE, `${ENT}:department`).apply(doc)).toEqual({ schemas: ['s'], id: 'i', [ENT]: { department: 'd' } });
  });
  it('removes excluded attributes but never id', () => {
    expect(new Projection(USER_RESOURCE, undefined, `id,meta,name.givenName,${ENT}`).apply(doc)).toEqual({
      schemas: ['s'],
      id: 'i',
      userName: 'u',
      name: { familyName: 'f' },
      emails: doc.emails,
    });
  });
  it('tells whether members are wanted', () => {
    expect(new Projection(GROUP_RESOURCE, undefined, 'members').wants('members')).toBe(false);
    expect(new Projection(GROUP_RESOURCE, 'displayName').wants('members')).toBe(false);
    expect(new Projection(GROUP_RESOURCE).wants('members')).toBe(true);
  });
  it('returns groups (returned: "request") only when attributes names it', () => {
    const withGroups = { ...doc, groups: [{ value: 'g', display: 'G', type: 'direct' }] };
    expect(new Projection(USER_RESOURCE).wants('groups')).toBe(false);
    expect(new Projection(USER_RESOURCE).apply(withGroups).groups).toBeUndefined();
    expect(new Projection(USER_RESOURCE, undefined, 'emails').wants('groups')).toBe(false);
    expect(new Projection(USER_RESOURCE, undefined, 'emails').apply(withGroups).groups).toBeUndefined();
    expect(new Projection(USER_RESOURCE, 'GROUPS').wants('groups')).toBe(true);
    expect(new Projection(USER_RESOURCE, 'userName,groups').apply(withGroups)).toEqual({ schemas: ['s'], id: 'i', userName: 'u', groups: withGroups.groups });
    expect(new Projection(USER_RESOURCE, 'groups.value').apply(withGroups)).toEqual({ schemas: ['s'], id: 'i', groups: [{ value: 'g' }] });
    expect(new Projection(USER_RESOURCE, 'userName').wants('groups')).toBe(false);
  });
});

describe('resource validation', () => {
  it('canonicalises names and coerces booleans', () => {
    const { doc, password } = normalizeResource(USER_RESOURCE, {
      UserName: 'x',
      ACTIVE: 'False',
      password: 'p',
      id: 'ignored',
      meta: {},
      groups: [],
      [ENT.toUpperCase()]: { Department: 'D' },
    });
    expect(doc).toEqual({ userName: 'x', active: false, [ENT]: { department: 'D' } });
    expect(password).toBe('p');
  });
  it.each([
    [{ userName: 'x', emails: { value: 'a' } }, 'Attribute "emails" is multi-valued; send an array'],
    [{ userName: 'x', name: { nick: 'n' } }, 'Unknown sub-attribute "nick" of "name"'],
    [{ userName: 'x', 'urn:example:custom:1.0:User': { a: 1 } }, 'Unknown attribute "urn:example:custom:1.0:User"'],
    [
      {
        userName: 'x',
        phoneNumbers: [
          { value: '1', primary: true },
          { value: '2', primary: 'True' },
        ],
      },
      'has 2 values marked primary',
    ],
    [{ userName: 'x', schemas: 'nope' }, '"schemas" must be an array'],
    [[], 'must be a JSON object'],
  ])('refuses %j', (body, message) => {
    expect(() => normalizeResource(USER_RESOURCE, body)).toThrow(message);
  });
});
