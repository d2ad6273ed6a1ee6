/**
 * The users list's filters and sort as the toolbar holds them, and the API
 * query they make. Filtering and sorting happen in the API over the whole
 * tenant, never over the page on screen. Kept free of React so it is tested.
 */
import type { UserListQuery } from '../../api/users.js';

export interface UserFilters {
  /** `''`: active and invite-pending (the API's default); `all`: deactivated too. */
  status: '' | 'active' | 'invite-pending' | 'deactivated' | 'all';
  role: '' | 'tenant-admin' | 'tenant-member';
  source: '' | 'scim' | 'jit' | 'invite' | 'seed';
  sort: '' | 'email' | 'name' | 'lastAccess';
}

export const DEFAULT_FILTERS: UserFilters = { status: '', role: '', source: '', sort: '' };

export const STATUS_OPTIONS: Array<[UserFilters['status'], string]> = [
  ['', 'Active and invite pending'],
  ['active', 'Active'],
  ['invite-pending', 'Invite pending'],
  ['deactivated', 'Deactivated'],
  ['all', 'Everyone'],
];
export const ROLE_OPTIONS: Array<[UserFilters['role'], string]> = [
  ['', 'Any role'],
  ['tenant-admin', 'Admin'],
  ['tenant-member', 'Member'],
];
export const SOURCE_OPTIONS: Array<[UserFilters['source'], string]> = [
  ['', 'Any source'],
  ['scim', 'SCIM'],
  ['jit', 'Just-in-time'],
  ['invite', 'Invited'],
  ['seed', 'Seeded'],
];
export const SORT_OPTIONS: Array<[UserFilters['sort'], string]> = [
  ['', 'Default order'],
  ['email', 'Email (A–Z)'],
  ['name', 'Name (A–Z)'],
  ['lastAccess', 'Last access (latest first)'],
];

/** The API query of the filters (page and search aside). */
export function filterQuery(filters: UserFilters): Omit<UserListQuery, 'limit' | 'offset' | 'query'> {
  return {
    ...(filters.status === 'all' ? { showInvalidUsers: true } : filters.status ? { status: filters.status } : {}),
    ...(filters.role ? { role: filters.role } : {}),
    ...(filters.source ? { source: filters.source } : {}),
    ...(filters.sort ? { sort: filters.sort, ...(filters.sort === 'lastAccess' ? { order: 'desc' as const } : {}) } : {}),
  };
}
