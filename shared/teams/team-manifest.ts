/**
 * The team manifest of `PUT /teams` (TrueFoundry's `TeamManifest`): the whole
 * desired state of a team, matched by name. Applying it twice changes nothing
 * the second time. Fields this service does not implement are refused, never
 * silently dropped.
 */
import * as z from '../validation/zod.js';
import { TEAM_NAME_PATTERN, TEAM_NAME_RULE, type TeamRole } from './team.js';

/**
 * The most people one manifest may name, and so the largest team the admin API
 * makes. Every email is a lookup and every changed edge a transaction item
 * (98 per transaction, applied in turn), so the cap is what a first apply of a
 * whole team finishes in well inside the 10 s function timeout on the local
 * stack (test/teams/manifest-cap.http.test.ts). Larger teams belong to SCIM.
 */
export const MAX_MANIFEST_EMAILS = 250;

const Email = z.lazySchema(() => z.email({ error: 'must be an email address' }).check(z.maxLength(320)));

export const TeamManifestSchema = z.lazySchema(() =>
  z
    .strictObject({
      type: z.literal('team', { error: 'manifest.type must be "team"' }),
      name: z.string().check(z.regex(TEAM_NAME_PATTERN, TEAM_NAME_RULE)),
      displayName: z.optional(z.string().check(z.trim(), z.minLength(1), z.maxLength(100))),
      description: z.optional(z.string().check(z.maxLength(1000))),
      managers: z.optional(z.array(Email).check(z.maxLength(MAX_MANIFEST_EMAILS))),
      members: z.array(Email).check(z.maxLength(MAX_MANIFEST_EMAILS)),
    })
    .check(
      z.refine((m) => new Set([...m.members, ...(m.managers ?? [])].map((e) => String(e).toLowerCase())).size <= MAX_MANIFEST_EMAILS, {
        message: `a manifest may name at most ${MAX_MANIFEST_EMAILS} distinct people; manage larger teams through SCIM`,
        path: ['members'],
      }),
    ),
);
export type TeamManifest = z.infer<typeof TeamManifestSchema>;

export const ApplyTeamBodySchema = z.lazySchema(() => z.strictObject({ manifest: TeamManifestSchema, dryRun: z.optional(z.boolean()) }));

/**
 * Each person's desired role, by lower-cased email: managers are members with the
 * manager role. `managers` absent keeps the current managers (`keepManagers`).
 */
export function desiredRolesByEmail(manifest: Pick<TeamManifest, 'members' | 'managers'>): Map<string, TeamRole> {
  const roles = new Map<string, TeamRole>();
  for (const email of manifest.members) roles.set(email.toLowerCase(), 'member');
  for (const email of manifest.managers ?? []) roles.set(email.toLowerCase(), 'manager');
  return roles;
}

export interface MembershipDiff {
  add: Array<{ userId: string; role: TeamRole }>;
  remove: string[];
}

/**
 * What takes the current edges to the desired ones: new people and changed roles
 * are adds, people no longer named are removals. When `keepManagers` is set, the
 * current managers stay managers whatever the manifest says about them.
 */
export function membershipDiff(
  current: ReadonlyArray<{ userId: string; role: TeamRole }>,
  desired: ReadonlyMap<string, TeamRole>,
  keepManagers: boolean,
): MembershipDiff {
  const target = new Map(desired);
  if (keepManagers) for (const edge of current) if (edge.role === 'manager') target.set(edge.userId, 'manager');
  const existing = new Map(current.map((e) => [e.userId, e.role]));
  const add = [...target].filter(([userId, role]) => existing.get(userId) !== role).map(([userId, role]) => ({ userId, role }));
  const remove = [...existing.keys()].filter((userId) => !target.has(userId));
  return { add, remove };
}
