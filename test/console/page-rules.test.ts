/**
 * Unit tests of what the pages derive from API data and form input: user tags
 * and actions, team manifests, token expiry, audit filters, passwords, and the
 * shared formatting.
 */
import { describe, expect, it } from 'vitest';
import { queryString } from '../../console/src/api/query.js';
import type { TeamMember, User } from '../../console/src/api/types.js';
import { parseConfig } from '../../console/src/config.js';
import { formatRelative, plural, rangeText } from '../../console/src/format.js';
import { auditQueryOf, NO_FILTERS } from '../../console/src/pages/audit/audit-filters.js';
import { passwordProblem } from '../../console/src/pages/public/password-rules.js';
import { manifestFrom, parseEmailList, peopleOf, withPerson, withoutPerson } from '../../console/src/pages/teams/team-form.js';
import { idpNameOf, teamNote } from '../../console/src/pages/teams/team-notes.js';
import { ownNameFrom } from '../../console/src/pages/public/own-name.js';
import { expirationFor } from '../../console/src/pages/tokens/token-form.js';
import { canResendInvite, canResetPassword, forceSummary, statusTags } from '../../console/src/pages/users/user-status.js';
import { user } from './support/user-fixture.js';

const labels = (u: User) => statusTags(u).map((t) => t.label);

describe('user rows', () => {
  it('tags pending invites, deactivation and where the user came from', () => {
    expect(labels(user())).toEqual([]);
    expect(labels(user({ inviteAccepted: false, hasPassword: false }))).toEqual(['Invite Pending']);
    expect(labels(user({ active: false }))).toEqual(['Deactivated']);
    // A deactivated user's invite cannot be accepted: only Deactivated shows.
    expect(labels(user({ active: false, inviteAccepted: false }))).toEqual(['Deactivated']);
    expect(labels(user({ source: 'scim', createdByScim: true }))).toEqual(['SCIM']);
    expect(labels(user({ source: 'jit', active: false }))).toEqual(['Deactivated', 'JIT']);
  });

  it('marks people invited from outside the IdP in SCIM mode, and only there', () => {
    expect(statusTags(user(), 'scim').map((t) => t.label)).toEqual(['Not in IdP']);
    expect(statusTags(user({ source: 'scim', createdByScim: true, registeredInIdp: true }), 'scim').map((t) => t.label)).toEqual(['SCIM']);
    expect(statusTags(user(), 'invite-only').map((t) => t.label)).toEqual([]);
  });

  it('offers a password reset only to active users who sign in with a password', () => {
    expect(canResetPassword(user())).toBe(true);
    expect(canResetPassword(user({ source: 'seed' }))).toBe(true);
    expect(canResetPassword(user({ active: false }))).toBe(false);
    expect(canResetPassword(user({ inviteAccepted: false, hasPassword: false }))).toBe(false);
    expect(canResetPassword(user({ hasPassword: false }))).toBe(false);
    expect(canResetPassword(user({ source: 'scim', createdByScim: true }))).toBe(false);
    expect(canResetPassword(user({ source: 'jit', hasPassword: false }))).toBe(false);
    expect(canResetPassword(user({ ssoName: 'DemoIdP' }))).toBe(false);
  });

  it('offers to resend an invite while it is pending and the user active', () => {
    expect(canResendInvite(user({ inviteAccepted: false }))).toBe(true);
    expect(canResendInvite(user())).toBe(false);
    expect(canResendInvite(user({ inviteAccepted: false, active: false }))).toBe(false);
  });

  it('says exactly what a forced delete removes', () => {
    expect(forceSummary('a@example.com', 1, 0)).toBe('This will remove a@example.com from 1 team, then delete the user.');
    expect(forceSummary('a@example.com', 2, 3)).toBe('This will remove a@example.com from 2 teams and revoke 3 resource roles, then delete the user.');
    expect(forceSummary('a@example.com', 0, 1)).toBe('This will revoke 1 resource role, then delete the user.');
  });
});

describe('team form', () => {
  const p = (email: string, displayName?: string) => ({ email, ...(displayName ? { displayName } : {}) });

  it('reads emails separated by lines, commas or spaces, once each', () => {
    expect(parseEmailList(' a@x.io\nB@x.io, b@X.io;c@x.io  \n\nnot-an-email')).toEqual({ emails: ['a@x.io', 'B@x.io', 'c@x.io'], invalid: ['not-an-email'] });
    expect(parseEmailList('')).toEqual({ emails: [], invalid: [] });
  });

  it('picks each person once, case-insensitively, and removes them by email', () => {
    const picked = [p('a@x.io', 'Ada'), p('B@x.io')].reduce(withPerson, [p('b@x.io')]);
    expect(picked).toEqual([p('b@x.io'), p('a@x.io', 'Ada')]);
    expect(withoutPerson(picked, 'A@X.IO')).toEqual([p('b@x.io')]);
  });

  it('builds the manifest: managers only in their list, optional fields left out when empty', () => {
    const result = manifestFrom({ name: ' eng ', displayName: '', description: ' Builds it ', members: [p('a@x.io'), p('m@x.io')], managers: [p('M@x.io')] });
    expect(result).toEqual({ manifest: { type: 'team', name: 'eng', description: 'Builds it', members: ['a@x.io'], managers: ['M@x.io'] } });
  });

  it('always sends managers, so emptying the list removes them', () => {
    expect(manifestFrom({ name: 'eng', displayName: 'Eng', description: '', members: [], managers: [] })).toEqual({
      manifest: { type: 'team', name: 'eng', displayName: 'Eng', members: [], managers: [] },
    });
  });

  it('refuses team names the API would refuse', () => {
    expect(manifestFrom({ name: 'has space', displayName: '', description: '', members: [], managers: [] })).toHaveProperty('problem');
    expect(manifestFrom({ name: 'x'.repeat(37), displayName: '', description: '', members: [], managers: [] })).toHaveProperty('problem');
  });

  it('fills the form from a team and counts people it cannot name', () => {
    const people: TeamMember[] = [
      { subjectId: '1', subjectSlug: 'a@x.io', subjectType: 'user', userId: '1', email: 'a@x.io', displayName: 'Ada', role: 'member' },
      { subjectId: '2', subjectSlug: 'm@x.io', subjectType: 'user', userId: '2', email: 'm@x.io', role: 'manager' },
      { subjectId: '3', subjectSlug: '3', subjectType: 'user', userId: '3', role: 'member' },
      { subjectId: '4', subjectSlug: 'b@x.io', subjectType: 'user', userId: '4', email: 'b@x.io', role: 'member' },
    ];
    expect(peopleOf(people)).toEqual({ members: [p('a@x.io', 'Ada'), p('b@x.io')], managers: [p('m@x.io')], withoutEmail: 1 });
  });

  it('explains why a team is read-only', () => {
    const team = {
      id: 't',
      teamName: 't',
      tenantName: 'g',
      memberCount: 0,
      isEditable: false,
      metadata: { createdByScim: false, implicit: false, membersInline: true },
    };
    expect(teamNote({ ...team, metadata: { createdByScim: true, implicit: false, membersInline: true } })).toBe(
      'Managed by your identity provider (SCIM); change it there.',
    );
    expect(teamNote({ ...team, metadata: { createdByScim: false, implicit: true, membersInline: false } })).toMatch(/Every active user/);
    expect(teamNote(team)).toMatch(/managers/);
    expect(teamNote({ ...team, isEditable: true })).toBeUndefined();
  });

  it("shows a SCIM group's name in the IdP only where it differs from the team name", () => {
    const scim = { teamName: 'Sales-EMEA', displayName: 'Sales (EMEA)', metadata: { createdByScim: true, implicit: false, membersInline: false } };
    expect(idpNameOf(scim)).toBe('Sales (EMEA)');
    expect(idpNameOf({ ...scim, displayName: 'Sales-EMEA' })).toBeUndefined();
    expect(idpNameOf({ ...scim, displayName: undefined })).toBeUndefined();
    expect(idpNameOf({ ...scim, metadata: { ...scim.metadata, createdByScim: false } })).toBeUndefined();
  });
});

describe('a name given on the accept-invite page', () => {
  it('sends the parts given, trimmed, and needs at least one', () => {
    expect(ownNameFrom(' Grace ', ' Hopper ')).toEqual({ name: { givenName: 'Grace', familyName: 'Hopper' } });
    expect(ownNameFrom('Cher', '')).toEqual({ name: { givenName: 'Cher' } });
    expect(ownNameFrom(' ', '\t')).toEqual({ problem: 'Enter your name.' });
  });

  it('refuses what the API refuses: over 100 characters, control and formatting characters', () => {
    expect(ownNameFrom('x'.repeat(101), '')).toEqual({ problem: 'Given name: at most 100 characters.' });
    expect(ownNameFrom('Eve', 'A\u0000B')).toEqual({ problem: 'Family name: only letters, spaces and punctuation.' });
    expect(ownNameFrom('evil\u202Etxt', '')).toHaveProperty('problem');
  });
});

describe('token expiry', () => {
  const now = new Date('2026-03-01T12:00:00.000Z');
  it('is that many whole days from now', () => {
    expect(expirationFor('30', now)).toEqual({ expirationDate: '2026-03-31T12:00:00.000Z' });
    expect(expirationFor(' 1 ', now)).toEqual({ expirationDate: '2026-03-02T12:00:00.000Z' });
  });
  it("is the tenant's maximum when left empty", () => {
    expect(expirationFor('', now)).toEqual({});
  });
  it.each(['0', '-1', '1.5', 'ten', '1e3'])('refuses %j', (days) => {
    expect(expirationFor(days, now)).toHaveProperty('problem');
  });
});

describe('audit filters', () => {
  it('sends only the filters that are set', () => {
    expect(auditQueryOf(NO_FILTERS)).toEqual({ query: {} });
    expect(auditQueryOf({ ...NO_FILTERS, action: ' user.invited ', actor: 'admin@globex.example' })).toEqual({
      query: { action: 'user.invited', subjectSlug: 'admin@globex.example' },
    });
  });

  it('spans whole local days, both ends included', () => {
    const { query } = auditQueryOf({ ...NO_FILTERS, from: '2026-02-01', to: '2026-02-03' }) as { query: { start: string; end: string } };
    expect(query.start).toBe(new Date(2026, 1, 1).toISOString());
    expect(query.end).toBe(new Date(new Date(2026, 1, 4).getTime() - 1).toISOString());
    const single = auditQueryOf({ ...NO_FILTERS, from: '2026-02-01', to: '2026-02-01' }) as { query: { start: string; end: string } };
    expect(new Date(single.query.end).getTime() - new Date(single.query.start).getTime()).toBe(86_400_000 - 1);
  });

  it('refuses a range that ends before it starts, and dates it cannot read', () => {
    expect(auditQueryOf({ ...NO_FILTERS, from: '2026-02-03', to: '2026-02-01' })).toEqual({ problem: 'From must be on or before To.' });
    expect(auditQueryOf({ ...NO_FILTERS, from: '02/03/2026' })).toEqual({ problem: 'From must be a date.' });
  });
});

describe('set-password pages', () => {
  it('need 8 characters and the same password twice', () => {
    expect(passwordProblem('short', 'short')).toMatch(/at least 8/);
    expect(passwordProblem('long-enough', 'long-enougH')).toBe('The two passwords do not match.');
    expect(passwordProblem('long-enough', 'long-enough')).toBeUndefined();
  });
});

describe('shared formatting and config', () => {
  it('says which rows a page shows', () => {
    expect(rangeText(0, 25, 40)).toBe('1–25 of 40');
    expect(rangeText(25, 15, 40)).toBe('26–40 of 40');
    expect(rangeText(0, 0, 0)).toBe('0 of 0');
  });

  it('says how long ago something happened', () => {
    const now = Date.parse('2026-03-10T12:00:00Z');
    expect(formatRelative('2026-03-10T11:59:30Z', now)).toBe('just now');
    expect(formatRelative('2026-03-10T11:55:00Z', now)).toBe('5 minutes ago');
    expect(formatRelative('2026-03-09T12:00:00Z', now)).toBe('yesterday');
    expect(formatRelative('2026-03-03T12:00:00Z', now)).toBe('last week');
    expect(formatRelative('not a date', now)).toBe('—');
  });

  it('counts with the right noun', () => {
    expect([plural(1, 'member'), plural(2, 'member'), plural(0, 'person', 'people')]).toEqual(['1 member', '2 members', '0 people']);
  });

  it('builds query strings from the set values only', () => {
    expect(queryString({ limit: 25, offset: 0, query: '', showInvalidUsers: undefined, email: 'a+b@x.io' })).toBe('?limit=25&offset=0&email=a%2Bb%40x.io');
    expect(queryString({ query: undefined })).toBe('');
  });

  it('reads the runtime config, falling back to the same origin', () => {
    expect(parseConfig({ apiUrl: 'https://api.example.com/', defaultTenantId: ' globex ' })).toEqual({
      apiUrl: 'https://api.example.com',
      defaultTenantId: 'globex',
    });
    expect(parseConfig({ apiUrl: 42, defaultTenantId: '' })).toEqual({ apiUrl: '' });
    expect(parseConfig(null)).toEqual({ apiUrl: '' });
    expect(parseConfig('{"apiUrl":"x"}')).toEqual({ apiUrl: '' });
  });
});
