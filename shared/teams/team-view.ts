/**
 * The admin API's team shape (TrueFoundry's `Team`): the stored team plus what the
 * caller may do with it, with every key TrueFoundry's SDK requires.
 *
 * Members are inline in `manifest.members` (and `manifest.managers`) for teams of
 * at most {@link MAX_INLINE_MEMBERS} people, so `GET /teams/{id}` then `PUT /teams`
 * of its manifest changes nothing. Larger teams (SCIM groups, `everyone`) carry
 * `manifest.members: []` with `metadata.membersInline: false`; their people are
 * listed by page from `/teams/{id}/members` and `/managers`, and `PUT /teams`
 * refuses to apply a manifest to them. List rows never inline members
 * (`membersInline: false`): read the team itself before applying its manifest.
 */
import * as z from '../validation/zod.js';
import type { Tenant } from '../tenants/tenant.js';
import { EVERYONE_TEAM_NAME, type Team, type TeamCreator } from './team.js';
import { EVERYONE_TEAM_ID } from './everyone-team.js';
import { MAX_MANIFEST_EMAILS } from './team-manifest.js';

/** The most people a team view carries inline: the manifest's own cap, ~15 KB of emails, far inside a Lambda response. */
export const MAX_INLINE_MEMBERS = MAX_MANIFEST_EMAILS;

const SubjectSchema = z.lazySchema(() =>
  z.object({
    subjectId: z.string(),
    subjectType: z.enum(['user', 'serviceaccount']),
    subjectSlug: z.optional(z.string()),
    subjectDisplayName: z.optional(z.string()),
  }),
);

export const TeamViewSchema = z.lazySchema(() =>
  z.object({
    id: z.string(),
    teamName: z.string(),
    displayName: z.optional(z.string()),
    /** Always present (empty when the team has none): TrueFoundry's SDK requires it. */
    description: z.string(),
    tenantName: z.string(),
    /** The account a team belongs to is its tenant. */
    accountId: z.string(),
    createdBySubject: SubjectSchema,
    createdAt: z.string(),
    updatedAt: z.string(),
    manifest: z.object({
      type: z.literal('team'),
      name: z.string(),
      displayName: z.optional(z.string()),
      description: z.optional(z.string()),
      managers: z.optional(z.array(z.string())),
      members: z.array(z.string()),
    }),
    /** Whether the caller may change this team here. */
    isEditable: z.boolean(),
    memberCount: z.int().check(z.nonnegative()),
    totalMemberCount: z.int().check(z.nonnegative()),
    metadata: z.object({
      createdByScim: z.boolean(),
      implicit: z.boolean(),
      scimExternalId: z.optional(z.string()),
      /** False when `manifest.members` is not the whole membership: never apply that manifest back. */
      membersInline: z.boolean(),
    }),
    version: z.optional(z.int()),
  }),
);
export type TeamView = z.infer<typeof TeamViewSchema>;

/** The people of a team by login email, when it is small enough to inline. */
export interface InlineMembers {
  members: string[];
  managers: string[];
}

/** TrueFoundry's `createdBySubject`. Teams stored before creators were recorded show an unrecorded user. */
export function teamCreatorOf(team: Pick<Team, 'source' | 'createdBy' | 'tenantId'>): z.infer<typeof SubjectSchema> {
  const creator: TeamCreator | undefined = team.createdBy ?? (team.source === 'scim' ? { subjectType: 'scim-client', subjectId: 'scim' } : undefined);
  if (!creator) return { subjectId: 'unrecorded', subjectType: 'user', subjectDisplayName: 'not recorded' };
  if (creator.subjectType === 'scim-client') {
    return { subjectId: `scim:${team.tenantId}`, subjectType: 'serviceaccount', subjectSlug: 'scim', subjectDisplayName: 'SCIM client' };
  }
  return { subjectId: creator.subjectId, subjectType: 'user', ...(creator.subjectSlug ? { subjectSlug: creator.subjectSlug } : {}) };
}

export function teamView(team: Team, callerCanManage: boolean, inline?: InlineMembers): TeamView {
  const createdByScim = team.source === 'scim';
  const memberCount = Math.max(0, team.memberCount ?? 0);
  return {
    id: team.id,
    teamName: team.name,
    displayName: team.displayName,
    description: team.description ?? '',
    tenantName: team.tenantId,
    accountId: team.tenantId,
    createdBySubject: teamCreatorOf(team),
    createdAt: team.createdAt,
    updatedAt: team.updatedAt,
    manifest: {
      type: 'team',
      name: team.name,
      displayName: team.displayName,
      description: team.description,
      ...(inline ? { managers: inline.managers } : {}),
      members: inline?.members ?? [],
    },
    isEditable: callerCanManage && !createdByScim,
    memberCount,
    totalMemberCount: memberCount,
    metadata: { createdByScim, implicit: false, ...(team.externalId ? { scimExternalId: team.externalId } : {}), membersInline: inline !== undefined },
    version: team.version,
  };
}

export function everyoneTeamView(tenant: Pick<Tenant, 'id' | 'createdAt'>, activeUsers: number): TeamView {
  const description = 'Every active user of the tenant';
  return {
    id: EVERYONE_TEAM_ID,
    teamName: EVERYONE_TEAM_NAME,
    description,
    tenantName: tenant.id,
    accountId: tenant.id,
    createdBySubject: { subjectId: `tenant:${tenant.id}`, subjectType: 'serviceaccount', subjectSlug: 'tenant', subjectDisplayName: 'the tenant' },
    createdAt: tenant.createdAt,
    // Computed, never edited: it is as old as the tenant.
    updatedAt: tenant.createdAt,
    manifest: { type: 'team', name: EVERYONE_TEAM_NAME, description, members: [] },
    isEditable: false,
    memberCount: activeUsers,
    totalMemberCount: activeUsers,
    metadata: { createdByScim: false, implicit: true, membersInline: false },
  };
}
