/**
 * The admin API's shapes the console reads and sends, under the console's
 * names. Each one is the server's own type (`import type`: erased at build, so
 * no server code reaches the bundle), so the console and the API it calls
 * cannot drift apart. Only the paging envelope is spelled out here: the server
 * has it as a zod schema, not a type.
 */
import type { AuditEvent as StoredAuditEvent } from '../../../shared/audit/audit-event.js';
import type { EffectivePermission, PermissionGrant } from '../../../shared/collaborators/effective-permissions.js';
import type { SessionResponse } from '../../../shared/auth/session-view.js';
import type { ProvisioningHealth } from '../../../shared/health/provisioning-health.js';
import type { PatView } from '../../../shared/pats/pat-view.js';
import type { SignInOptions } from '../../../shared/signin/sign-in-options.js';
import type { ApplyTeamManifestResult } from '../../../shared/teams/apply-team-manifest.js';
import type { TeamMemberPage, TeamMemberView } from '../../../shared/teams/list-team-members.js';
import type { TeamManifest } from '../../../shared/teams/team-manifest.js';
import type { TeamView } from '../../../shared/teams/team-view.js';
import type { UserTeam } from '../../../shared/teams/teams-of-user.js';
import type { CapabilityActor, ModeCapabilities } from '../../../shared/tenants/capabilities.js';
import type { ScimTokenList } from '../../../shared/tenants/provisioning-schemas.js';
import type { ModeOption, ProvisioningSettingsChange, ProvisioningSettingsView } from '../../../shared/tenants/provisioning-settings.js';
import type { IssuedScimCredential, ScimTokenMetadata } from '../../../shared/tenants/scim-credentials.js';
import type { ProvisioningMode } from '../../../shared/tenants/tenant.js';
import type { DeleteBlockers } from '../../../shared/removal/delete-user.js';
import type { TenantRole, UserSource } from '../../../shared/users/user.js';
import type { UserView } from '../../../shared/users/user-view.js';

export type {
  CapabilityActor,
  DeleteBlockers,
  EffectivePermission,
  ModeCapabilities,
  PermissionGrant,
  ModeOption,
  ProvisioningHealth,
  ScimTokenList,
  ScimTokenMetadata,
  SignInOptions,
  TeamManifest,
  TeamMemberPage,
  TenantRole,
  UserSource,
  UserTeam,
};

export type ProvisioningModeName = ProvisioningMode;
export type User = UserView;
export type Team = TeamView;
export type TeamMember = TeamMemberView;
export type PersonalAccessToken = PatView;
export type ProvisioningSettings = ProvisioningSettingsView;
/** `PUT /provisioning`: the page always sends every setting, not only the changed ones. */
export type ProvisioningChange = Required<ProvisioningSettingsChange>;
/** `POST /provisioning/scim-token`: the token is in this response only. */
export type ScimTokenCreated = IssuedScimCredential;
/** `GET /x/session`: who the console is signed in as. */
export type SessionInfo = SessionResponse;

/** `GET /audit-logs` answers the stored events without their tenant id. */
export type AuditEvent = Omit<StoredAuditEvent, 'tenantId'>;
/** `GET /x/users/{id}/audit-logs`: events about a user, newest first; `nextBefore` continues with older ones. */
export interface AuditEventsAbout {
  data: AuditEvent[];
  nextBefore?: string;
}
/** `GET /x/users/{id}/permissions`. */
export interface UserPermissions {
  userId: string;
  grants: PermissionGrant[];
  effective: EffectivePermission[];
}
/** An audit event's actor or target. */
export type AuditRef = AuditEvent['target'];

/** `PUT /teams` (200 updated, 201 created). */
export interface TeamApplyResult {
  data: Team;
  changes: ApplyTeamManifestResult['changes'];
  dryRun: boolean;
}

export interface Pagination {
  total: number;
  offset: number;
  limit: number;
}

export interface Page<T> {
  data: T[];
  pagination: Pagination;
}
