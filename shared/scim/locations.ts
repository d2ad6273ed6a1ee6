import { env } from '../config/env.js';

/** Absolute URL of a tenant's SCIM base, from the public API URL (meta.location, Location header, $ref). */
export const scimBaseUrl = (tenantId: string): string => `${env().PUBLIC_API_URL.replace(/\/+$/, '')}/scim/v2/${tenantId}`;

export const userLocation = (tenantId: string, id: string) => `${scimBaseUrl(tenantId)}/Users/${id}`;
export const groupLocation = (tenantId: string, id: string) => `${scimBaseUrl(tenantId)}/Groups/${id}`;
