/** Reading the teams and resource roles that block a user's deletion out of the API's error. */
import type { ErrorCode } from '../../../shared/errors/error-codes.js';
import { ApiError } from './errors.js';
import type { DeleteBlockers } from './types.js';

export const DELETE_BLOCKED: ErrorCode = 'user.delete_blocked';

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null;

/**
 * The blockers of a `user.delete_blocked` error, or undefined for any other error.
 * Its details are the API's one list of `{subject, message, ...}` entries, typed
 * `team` or `resource-role`.
 */
export function deleteBlockersOf(error: unknown): DeleteBlockers | undefined {
  if (!(error instanceof ApiError) || error.code !== DELETE_BLOCKED || !Array.isArray(error.details)) return undefined;
  const entries = error.details.filter(isRecord);
  return {
    teams: entries.filter((d) => d.type === 'team').map((t) => ({ id: String(t.id ?? ''), name: String(t.name ?? t.id ?? '') })),
    resourceRoles: entries
      .filter((d) => d.type === 'resource-role')
      .map((r) => ({ resourceType: String(r.resourceType ?? ''), resourceId: String(r.resourceId ?? ''), role: String(r.role ?? '') })),
  };
}
