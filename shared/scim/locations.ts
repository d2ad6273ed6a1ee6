import { scimBaseUrl } from '../config/public-urls.js';

/** Absolute URLs of a user and a group (meta.location, the Location header, $ref). */
export const userLocation = (tenantId: string, id: string) => `${scimBaseUrl(tenantId)}/Users/${id}`;
export const groupLocation = (tenantId: string, id: string) => `${scimBaseUrl(tenantId)}/Groups/${id}`;
