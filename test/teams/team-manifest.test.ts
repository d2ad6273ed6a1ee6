/** Pure: the team manifest schema and the membership diff that applies it. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ApplyTeamBodySchema, desiredRolesByEmail, MAX_MANIFEST_EMAILS, membershipDiff, TeamManifestSchema } from '../../shared/teams/team-manifest.js';
import type { TeamRole } from '../../shared/teams/team.js';

describe('desiredRolesByEmail', () => {
  it('lower-cases emails, and a manager listed as a member too is a manager', () => {
    const roles = desiredRolesByEmail({ members: ['A@x.io', 'b@x.io'], managers: ['a@X.io', 'c@x.io'] });
    expect([...roles]).toEqual([
      ['a@x.io', 'manager'],
      ['b@x.io', 'member'],
      ['c@x.io', 'manager'],
    ]);
  });
});

describe('membershipDiff', () => {
  const current: Array<{ userId: string; role: TeamRole }> = [
    { userId: 'm1', role: 'manager' },
    { userId: 'u1', role: 'member' },
    { userId: 'u2', role: 'member' },
  ];

  it('adds new people, changes roles, and removes people no longer named', () => {
    const desired = new Map<string, TeamRole>([
      ['u1', 'manager'],
      ['u3', 'member'],
    ]);
    expect(membershipDiff(current, desired, false)).toEqual({
      add: [
        { userId: 'u1', role: 'manager' },
        { userId: 'u3', role: 'member' },
      ],
      remove: ['m1', 'u2'],
    });
  });

  it('keeps current managers when asked, whatever the manifest says of them', () => {
    const desired = new Map<string, TeamRole>([
      ['m1', 'member'],
      ['u1', 'member'],
    ]);
    expect(membershipDiff(current, desired, true)).toEqual({ add: [], remove: ['u2'] });
  });

  it('is empty when the desired state is the current one, and applying it reaches the desired state', () => {
    const role = fc.constantFrom<TeamRole>('member', 'manager');
    const edges = fc.uniqueArray(fc.record({ userId: fc.constantFrom<string>('a', 'b', 'c', 'd', 'e', 'f'), role }), { selector: (e) => e.userId });
    fc.assert(
      fc.property(edges, edges, (now, wanted) => {
        const desired = new Map(wanted.map((e) => [e.userId, e.role]));
        const diff = membershipDiff(now, desired, false);
        const after = new Map(now.map((e) => [e.userId, e.role]));
        for (const id of diff.remove) after.delete(id);
        for (const a of diff.add) after.set(a.userId, a.role);
        expect(after).toEqual(desired);
        expect(
          membershipDiff(
            [...after].map(([userId, r]) => ({ userId, role: r })),
            desired,
            false,
          ),
        ).toEqual({ add: [], remove: [] });
      }),
    );
  });
});

describe('TeamManifestSchema', () => {
  it('accepts a full manifest and refuses unknown fields', () => {
    expect(TeamManifestSchema.safeParse({ type: 'team', name: 'a_b-1', displayName: 'A', description: '', managers: ['m@x.io'], members: [] }).success).toBe(
      true,
    );
    expect(TeamManifestSchema.safeParse({ type: 'team', name: 'ok', members: [], ownedBy: { account: 'x' } }).success).toBe(false);
  });

  it('caps the distinct people one manifest names', () => {
    const members = Array.from({ length: MAX_MANIFEST_EMAILS }, (_, i) => `u${i}@x.io`);
    expect(TeamManifestSchema.safeParse({ type: 'team', name: 'big', members }).success).toBe(true);
    const result = TeamManifestSchema.safeParse({ type: 'team', name: 'big', members, managers: ['one-more@x.io'] });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toContain('manage larger teams through SCIM');
  });

  it('never throws on arbitrary JSON (a thrown error would be a 500)', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.jsonValue(), (manifest, extra) => {
        expect(() => ApplyTeamBodySchema.safeParse({ manifest })).not.toThrow();
        expect(() => ApplyTeamBodySchema.safeParse({ manifest: { type: 'team', name: 'x', members: extra, managers: extra } })).not.toThrow();
      }),
      { numRuns: 1000 },
    );
  });
});
