/** Pure: subject names, role strength, effective permissions and the request schemas' robustness. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { GrantCollaboratorsBody, RevokeCollaboratorsBody } from '../../shared/collaborators/collaborator-request.js';
import { effectivePermissions, type PermissionGrant } from '../../shared/collaborators/effective-permissions.js';
import { strongerRole } from '../../shared/collaborators/role-binding.js';
import { parseSubject } from '../../shared/collaborators/subject-ref.js';

describe('parseSubject', () => {
  it.each([
    ['user:Bob@Example.com', { type: 'user', name: 'bob@example.com' }],
    ['team:platform_1', { type: 'team', name: 'platform_1' }],
    ['team:everyone', { type: 'team', name: 'everyone' }],
  ])('reads %j', (subject, expected) => {
    expect(parseSubject(subject)).toEqual(expected);
  });

  it.each(['bob@example.com', 'user:bob', 'team:bad name', 'group:x', 'team:', ':x', `team:${'a'.repeat(37)}`])('refuses %j', (subject) => {
    expect(parseSubject(subject)).toBeUndefined();
  });
});

describe('effectivePermissions', () => {
  const grant = (resourceId: string, role: PermissionGrant['role'], origin: PermissionGrant['origin']): PermissionGrant => ({
    resourceType: 'workspace',
    resourceId,
    role,
    origin,
  });

  it('keeps the strongest role per resource with every origin', () => {
    const team = { type: 'team' as const, teamId: 't1', teamName: 'platform' };
    expect(
      effectivePermissions([
        grant('b', 'viewer', team),
        grant('a', 'viewer', { type: 'direct' }),
        grant('b', 'admin', { type: 'direct' }),
        grant('a', 'editor', team),
      ]),
    ).toEqual([
      {
        resourceType: 'workspace',
        resourceId: 'a',
        role: 'editor',
        origins: [
          { type: 'direct', role: 'viewer' },
          { ...team, role: 'editor' },
        ],
      },
      {
        resourceType: 'workspace',
        resourceId: 'b',
        role: 'admin',
        origins: [
          { ...team, role: 'viewer' },
          { type: 'direct', role: 'admin' },
        ],
      },
    ]);
  });

  it('orders roles viewer < editor < admin', () => {
    expect(strongerRole('viewer', 'editor')).toBe('editor');
    expect(strongerRole('admin', 'editor')).toBe('admin');
    expect(strongerRole('viewer', 'viewer')).toBe('viewer');
  });
});

describe('collaborator request schemas', () => {
  it('never throw on arbitrary JSON (a thrown error would be a 500)', () => {
    const item = fc.oneof(
      fc.jsonValue(),
      fc.record({ subject: fc.oneof(fc.string(), fc.constantFrom('user:a@b.co', 'team:x', 'user:')), role: fc.jsonValue() }),
    );
    fc.assert(
      fc.property(fc.jsonValue(), fc.array(item, { maxLength: 5 }), (anything, collaborators) => {
        for (const schema of [GrantCollaboratorsBody, RevokeCollaboratorsBody]) {
          expect(() => schema.safeParse(anything)).not.toThrow();
          expect(() => schema.safeParse({ resourceType: 'workspace', resourceId: 'w', collaborators })).not.toThrow();
        }
      }),
      { numRuns: 1000 },
    );
  });
});
