/**
 * The errors of team management, with stable codes. Teams an IdP pushes through
 * SCIM and the implicit `everyone` team are not editable here, whoever asks.
 */
import { ConflictError, ForbiddenError, NotFoundError } from '../errors/app-error.js';
import type { Team } from './team.js';
import { MAX_MANIFEST_EMAILS } from './team-manifest.js';

/** 409: the team is owned by the IdP (SCIM); its SCIM group is the source of truth. */
export class ScimManagedTeamError extends ConflictError {
  constructor(team: Pick<Team, 'id' | 'name'>) {
    super('team.scim_managed', `Team "${team.name}" is managed by your identity provider through SCIM; change it in the IdP, not here`, {
      details: [{ subject: `team:${team.name}`, id: team.id, message: 'managed by the identity provider through SCIM' }],
    });
  }
}

/** 409: `everyone` is computed from the active users; it has no editable state. */
export class EveryoneTeamImmutableError extends ConflictError {
  constructor() {
    super('team.everyone_immutable', 'The "everyone" team contains every active user automatically; it cannot be created, edited or deleted');
  }
}

export class TeamNotFoundError extends NotFoundError {
  constructor(teamId: string) {
    super('team.not_found', `Team ${teamId} not found`);
  }
}

/**
 * 409: the team has more people than a manifest may name (stored before the cap
 * was lowered): its GET cannot carry the whole membership, so applying a manifest
 * would drop people nobody listed. SCIM or deleting and recreating it are the ways on.
 */
export class TeamTooLargeForManifestError extends ConflictError {
  constructor(team: Pick<Team, 'name' | 'id' | 'memberCount'>) {
    super(
      'team.too_large_for_manifest',
      `Team "${team.name}" has ${team.memberCount} members, more than the ${MAX_MANIFEST_EMAILS} a manifest may name; manage it through SCIM`,
      { details: [{ subject: `team:${team.name}`, id: team.id, memberCount: team.memberCount, message: `more than ${MAX_MANIFEST_EMAILS} members` }] },
    );
  }
}

/** 403: the caller is neither a tenant admin nor a manager of the team. */
export class TeamManagerRequiredError extends ForbiddenError {
  constructor(team: Pick<Team, 'name'>) {
    super('team.manager_required', `Only tenant admins and managers of team "${team.name}" may change it`);
  }
}
