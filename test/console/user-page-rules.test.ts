/** Unit tests of what a user's page and the audit tables derive from API data: actions, source, change rows, times. */
import { describe, expect, it } from 'vitest';
import { formatZonedDateTime, utcText } from '../../console/src/format.js';
import { changeRows, detailRows, valueText } from '../../console/src/pages/audit/audit-changes.js';
import { sourceLabel, userActions } from '../../console/src/pages/users/user-status.js';
import { user } from './support/user-fixture.js';

describe('userActions', () => {
  it('offers what applies to the user, in menu order, delete last and marked dangerous', () => {
    expect(userActions(user()).map((a) => a.label)).toEqual(['Change role', 'Deactivate', 'Reset password', 'Delete']);
    expect(userActions(user({ inviteAccepted: false, hasPassword: false })).map((a) => a.label)).toEqual([
      'Change role',
      'Deactivate',
      'Resend invite',
      'Delete',
    ]);
    expect(userActions(user({ active: false })).map((a) => a.action)).toEqual(['role', 'activate', 'delete']);
    expect(userActions(user({ source: 'scim' })).map((a) => a.label)).toEqual(['Change role', 'Deactivate', 'Delete']);
    expect(
      userActions(user())
        .filter((a) => a.danger)
        .map((a) => a.action),
    ).toEqual(['delete']);
  });
});

describe('sourceLabel', () => {
  it('names every source', () => {
    expect((['scim', 'jit', 'invite', 'seed'] as const).map((source) => sourceLabel(user({ source })))).toEqual([
      'SCIM (pushed by the identity provider)',
      'Just-in-time (created at first SSO sign-in)',
      'Invited by an admin',
      'Seeded with the tenant',
    ]);
  });
});

describe('audit changes', () => {
  it('makes one row per changed field, with absent values as a dash and structures as JSON', () => {
    expect(
      changeRows({
        before: { active: true, role: 'tenant-member', name: { givenName: 'Ada' } },
        after: { active: false, role: 'tenant-admin', emails: ['a@x'] },
      }),
    ).toEqual([
      { field: 'active', before: 'true', after: 'false' },
      { field: 'role', before: 'tenant-member', after: 'tenant-admin' },
      { field: 'name', before: '{"givenName":"Ada"}', after: '—' },
      { field: 'emails', before: '—', after: '["a@x"]' },
    ]);
    expect(changeRows(undefined)).toEqual([]);
    expect(changeRows({ after: { displayName: 'Ada' } })).toEqual([{ field: 'displayName', before: '—', after: 'Ada' }]);
  });

  it('lists details as field and value', () => {
    expect(detailRows({ reason: 'not_provisioned', attempts: 2, sso: null })).toEqual([
      { field: 'reason', value: 'not_provisioned' },
      { field: 'attempts', value: '2' },
      { field: 'sso', value: '—' },
    ]);
    expect(valueText('')).toBe('');
  });
});

describe('times', () => {
  it('gives the UTC instant to the second for hover, and names the zone of the local time', () => {
    expect(utcText('2026-12-07T08:15:02.123Z')).toBe('2026-12-07T08:15:02Z');
    expect(utcText('garbage')).toBe('garbage');
    expect(formatZonedDateTime('garbage')).toBe('—');
    // The zone's name is part of the text whatever the machine's zone is (UTC on CI reads "UTC").
    const zone = new Intl.DateTimeFormat(undefined, { timeZoneName: 'short' })
      .formatToParts(new Date('2026-12-07T08:15:02Z'))
      .find((p) => p.type === 'timeZoneName')!.value;
    expect(formatZonedDateTime('2026-12-07T08:15:02Z')).toContain(zone);
  });
});

describe('users list filters', () => {
  it('asks the API for exactly the filters set, latest access first when sorting by it', async () => {
    const { DEFAULT_FILTERS, filterQuery } = await import('../../console/src/pages/users/user-filters.js');
    expect(filterQuery(DEFAULT_FILTERS)).toEqual({});
    expect(filterQuery({ ...DEFAULT_FILTERS, status: 'all' })).toEqual({ showInvalidUsers: true });
    expect(filterQuery({ status: 'invite-pending', role: 'tenant-admin', source: 'scim', sort: 'name' })).toEqual({
      status: 'invite-pending',
      role: 'tenant-admin',
      source: 'scim',
      sort: 'name',
    });
    expect(filterQuery({ ...DEFAULT_FILTERS, sort: 'lastAccess' })).toEqual({ sort: 'lastAccess', order: 'desc' });
  });
});
