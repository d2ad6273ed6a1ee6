/** The provisioning settings and SCIM token routes (`/api/svc/v1/provisioning...`, tenant admins). */
import { request } from './http.js';
import type { ProvisioningChange, ProvisioningHealth, ProvisioningSettings, ScimTokenCreated, ScimTokenList } from './types.js';

const PROVISIONING = '/api/svc/v1/provisioning';

export const getProvisioning = (signal?: AbortSignal) => request<ProvisioningSettings>('GET', PROVISIONING, { signal });

/** Saves the settings if they are still at `version` (If-Match): a change made meanwhile is a 412, never overwritten. */
export const putProvisioning = (change: ProvisioningChange, version: number) =>
  request<ProvisioningSettings>('PUT', PROVISIONING, { body: change, headers: { 'if-match': `W/"${version}"` } });

export const getScimTokens = (signal?: AbortSignal) => request<ScimTokenList>('GET', `${PROVISIONING}/scim-token`, { signal });

/** A new token, shown once; the previous one ends now or after `graceSeconds`. */
export const createScimToken = (graceSeconds: number) =>
  request<ScimTokenCreated>('POST', `${PROVISIONING}/scim-token`, { body: graceSeconds > 0 ? { graceSeconds } : {} });

export const revokeScimTokens = () => request<undefined>('DELETE', `${PROVISIONING}/scim-token`);

/** SCIM traffic of the last 7 days, the latest SCIM errors, and the SSO provider's last sign-ins. */
export const getProvisioningHealth = (signal?: AbortSignal) => request<ProvisioningHealth>('GET', `${PROVISIONING}/health`, { signal });
