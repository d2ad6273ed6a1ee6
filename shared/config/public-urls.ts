/** The service's public URLs, built in one place from `PUBLIC_API_URL` (with or without a trailing slash). */
import { env } from './env.js';

const apiUrl = (): string => env().PUBLIC_API_URL.replace(/\/+$/, '');

/** A tenant's SCIM base URL: what an IdP is given, and the root of meta.location, Location and $ref. */
export const scimBaseUrl = (tenantId: string): string => `${apiUrl()}/scim/v2/${tenantId}`;

/** A tenant's browser sign-in endpoints: where SSO starts, and where the IdP returns. */
export const signInUrl = (tenantId: string, step: 'login' | 'callback'): string => `${apiUrl()}/auth/${tenantId}/${step}`;
