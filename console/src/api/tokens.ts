/** Personal access tokens (`/api/svc/v1/personal-access-tokens`): the signed-in user's, or for tenant admins anyone's. */
import { request } from './http.js';
import { queryString, segment } from './query.js';
import type { Page, PersonalAccessToken } from './types.js';

const PATS = '/api/svc/v1/personal-access-tokens';

/** The caller's tokens, or (tenant admins) those of the user `userId`. */
export const listTokens = (q: { limit: number; offset: number; userId?: string }, signal?: AbortSignal) =>
  request<Page<PersonalAccessToken>>('GET', `${PATS}${queryString(q)}`, { signal });

/** The token is in this response only. */
export const createToken = (name: string, expirationDate?: string) =>
  request<{ token: string; pat: PersonalAccessToken }>('POST', PATS, { body: expirationDate ? { name, expirationDate } : { name } });

export const revokeToken = (id: string) => request<{ data: PersonalAccessToken }>('DELETE', `${PATS}/${segment(id)}`);
