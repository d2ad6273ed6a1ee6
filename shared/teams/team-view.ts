/**
 * The admin API's team shape (TrueFoundry's `Team`): the stored team plus what the
 * caller may do with it. Members are not inlined, since a team may have 100,000;
 * they are listed by page from `/teams/{id}/members` and `/managers`.
 */
import * as z from '../validation/zod.js';
import type { Tenant } from '../tenants/tenant.js';
import { EVERYONE_TEAM_NAME, type Team } from './team.js';
import { EVERYONE_TEAM_ID } from './everyone-team.js';

export const TeamViewSchema = z.object({
  id: z.string(),
  teamName: z.string(),
  displayName: z.optional(z.string()),
  description: z.optional(z.string()),
  tenantName: z.string(),
  createdAt: z.optional(z.string()),
  updatedAt: z.optional(z.string()),
  manifest: z.object({
    type: z.literal('team'),
    name: z.string(),
    displayName: z.optional(z.string()),
    description: z.optional(z.string()),
  }),
  /** Whether the caller may change this team here. */
  isEditable: z.boolean(),
  memberCount: z.int().check(z.nonnegative()),
  metadata: z.object({ createdByScim: z.boolean(), implicit: z.boolean() }),
  version: z.optional(z.int()),
});
export type TeamView = z.infer<typeof TeamViewSchema>;

export function teamView(team: Team, callerCanManage: boolean): TeamView {
  const createdByScim = team.source === 'scim';
  return {
    id: team.id,
    teamName: team.name,
    displayName: team.displayName,
    description: team.description,
    tenantName: team.tenantId,
    createdAt: team.createdAt,
    updatedAt: team.updatedAt,
    manifest: { type: 'team', name: team.name, displayName: team.displayName, description: team.description },
    isEditable: callerCanManage && !createdByScim,
    memberCount: Math.max(0, team.memberCount ?? 0),
    metadata: { createdByScim, implicit: false },
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
    createdAt: tenant.createdAt,
    manifest: { type: 'team', name: EVERYONE_TEAM_NAME, description },
    isEditable: false,
    memberCount: activeUsers,
    metadata: { createdByScim: false, implicit: true },
  };
}
