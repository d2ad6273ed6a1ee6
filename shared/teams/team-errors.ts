/**
 * The errors of team management, with stable codes. Teams an IdP pushes through
 * SCIM and the implicit `everyone` team are not editable here, whoever asks.
 */
import { ConflictError, ForbiddenError, NotFoundError } from '../errors/app-error.js';
import type { Team } from './team.js';

/** 409: the team is owned by the IdP (SCIM); its SCIM group is the source of truth. */
export class ScimManagedTeamError extends ConflictError {
  constructor(team: Pick<Team, 'id' | 'name'>) {
    super(
      'team.scim_managed',
      `Team "${team.name}" is managed by your identity provider through SCIM; change it in the IdP, not here`,
      { details: { teamId: team.id } },
    );
  }
}

/** 409: `everyone` is computed from the active users; it has no editable state. */
export class EveryoneTeamImmutableError extends ConflictError {
  constructor() {
    super(
      'team.everyone_immutable',
      'The "everyone" team contains every active user automatically; it cannot be created, edited or deleted',
    );
  }
}

export class TeamNotFoundError extends NotFoundError {
  constructor(teamId: string) {
    super('team.not_found', `Team ${teamId} not found`);
  }
}

/** 403: the caller is neither a tenant admin nor a manager of the team. */
export class TeamManagerRequiredError extends ForbiddenError {
  constructor(team: Pick<Team, 'name'>) {
    super('team.manager_required', `Only tenant admins and managers of team "${team.name}" may change it`);
  }
}
