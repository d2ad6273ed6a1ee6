/** Unit tests of the console's routes: matching paths and where sign-in may send people back to. */
import { describe, expect, it } from 'vitest';
import { HOME_PATH, matchRoute, safeReturnTo, signInPath } from '../../console/src/router.js';

describe('matchRoute', () => {
  it.each([
    ['/users', 'users'],
    ['/teams', 'teams'],
    ['/settings/provisioning', 'provisioning'],
    ['/tokens', 'tokens'],
    ['/audit', 'audit'],
    ['/sign-in', 'sign-in'],
    ['/accept-invite', 'accept-invite'],
    ['/reset-password', 'reset-password'],
    ['/', 'users'],
    ['', 'users'],
    ['/teams/', 'teams'],
    ['/settings/provisioning///', 'provisioning'],
    ['/users?query=a', 'users'],
    ['/accept-invite?token=prv_inv_x#frag', 'accept-invite'],
    ['/users/123', 'user'],
    ['/users/a%20b/', 'user'],
    ['/teams/4f1c2d7e', 'team'],
    ['/teams/everyone/', 'team'],
  ])('matches %j to %s', (path, name) => {
    expect(matchRoute(path).name).toBe(name);
  });

  it.each([
    '/Users',
    '/users/1/2',
    '/users/%E0%A4%A',
    '/users/{id}x/y',
    '/teams/1/members',
    '/teams/%E0%A4%A',
    '/settings',
    '/provisioning',
    '/sign-in/extra',
    '/index.html',
  ])('does not know %j', (path) => {
    expect(matchRoute(path)).toMatchObject({ name: 'not-found', public: true });
  });

  it('tells public pages from those that need a session', () => {
    expect(['sign-in', 'accept-invite', 'reset-password'].map((p) => matchRoute(`/${p}`).public)).toEqual([true, true, true]);
    expect(['users', 'teams', 'settings/provisioning', 'tokens', 'audit'].map((p) => matchRoute(`/${p}`).public)).toEqual([false, false, false, false, false]);
  });

  it('gives every page the one title its h1 shows', () => {
    expect(
      ['/users', '/teams', '/settings/provisioning', '/tokens', '/audit', '/sign-in', '/accept-invite', '/reset-password'].map((p) => matchRoute(p).title),
    ).toEqual(['Users', 'Teams', 'Provisioning', 'Personal access tokens', 'Audit log', 'Sign in', 'Accept invite', 'Reset password']);
  });
});

describe('safeReturnTo', () => {
  it('returns to a page of the console, query kept', () => {
    expect(safeReturnTo('/teams')).toBe('/teams');
    expect(safeReturnTo('/users?query=ada')).toBe('/users?query=ada');
  });

  it.each([
    [null],
    [undefined],
    [''],
    ['https://evil.example/users'],
    ['//evil.example/users'],
    ['/\\evil.example'],
    ['javascript:alert(1)'],
    ['users'],
    ['/users\n'],
    ['/sign-in'],
    ['/accept-invite?token=x'],
    ['/nowhere'],
  ])('sends %j home instead', (value) => {
    expect(safeReturnTo(value)).toBe(HOME_PATH);
  });
});

describe('signInPath', () => {
  it('leaves out the home page and anything unsafe', () => {
    expect(signInPath()).toBe('/sign-in');
    expect(signInPath('/users')).toBe('/sign-in');
    expect(signInPath('//evil.example')).toBe('/sign-in');
  });

  it('carries where to come back to and extra parameters', () => {
    expect(signInPath('/teams?x=1', { reason: 'expired' })).toBe('/sign-in?reason=expired&returnTo=%2Fteams%3Fx%3D1');
    expect(signInPath(undefined, { tenant: 'globex' })).toBe('/sign-in?tenant=globex');
  });
});

describe('user and team pages', () => {
  it('round-trips a user or team id through its path, escaped', async () => {
    const { userIdOf, userPath } = await import('../../console/src/router.js');
    for (const id of ['4f1c2d7e-0000-4000-8000-000000000000', 'a b/c?d#e', 'ünï']) expect(userIdOf(userPath(id))).toBe(id);
    expect(userIdOf('/users')).toBeUndefined();
    expect(userIdOf('/users/%E0%A4%A')).toBeUndefined();
    const { teamIdOf, teamPath } = await import('../../console/src/router.js');
    for (const id of ['everyone', 'a b/c?d#e']) expect(teamIdOf(teamPath(id))).toBe(id);
    expect(teamIdOf('/teams')).toBeUndefined();
    expect(teamIdOf(userPath('x'))).toBeUndefined();
    expect(matchRoute(userPath('x')).public).toBe(false);
  });
});
