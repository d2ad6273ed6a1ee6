/**
 * The implicit `everyone` team: every active user of the tenant is in it. It is
 * computed, never stored, so it cannot drift from the users; it has the fixed id
 * `everyone` (stored team ids are UUIDs) so role bindings can name it.
 */
import { EVERYONE_TEAM_NAME } from './team.js';

export const EVERYONE_TEAM_ID = 'everyone';

/** True for the id or the (case-insensitive) name of the implicit team. */
export const isEveryoneTeam = (idOrName: string): boolean => idOrName === EVERYONE_TEAM_ID || idOrName.toLowerCase() === EVERYONE_TEAM_NAME;
