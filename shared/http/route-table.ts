/**
 * The one route table. The CDK stack makes one Lambda and one API Gateway route
 * per entry; the local gateway serves the same entries with the same handler
 * modules. Adding a route is one line here plus its handler module.
 *
 * This file is plain data (no schemas, no imports of handlers) so that every
 * function bundle can include it without pulling in another route's code.
 */
import type { AuthKind } from '../auth/auth-kind.js';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** Error and body conventions: the admin API's `{statusCode, message}` or SCIM's error schema. */
export type Envelope = 'admin' | 'scim';

export interface RouteDefinition {
  /** Stable id; also the Lambda's logical name. */
  readonly name: string;
  readonly method: HttpMethod;
  /** API Gateway path with `{param}` segments. */
  readonly path: string;
  /** Handler module, relative to the repository root, exporting `handler`. */
  readonly handler: string;
  readonly auth: AuthKind;
}

const SCIM = '/scim/v2/{tenantId}';
const API = '/api/svc/v1';

export const routes = [
  // Service
  { name: 'service.health', method: 'GET', path: '/health', handler: 'functions/api/health.ts', auth: 'public' },

  // Tenant provisioning settings
  { name: 'provisioning.get', method: 'GET', path: `${API}/provisioning`, handler: 'functions/api/provisioning/get.ts', auth: 'admin' },
  { name: 'provisioning.put', method: 'PUT', path: `${API}/provisioning`, handler: 'functions/api/provisioning/put.ts', auth: 'admin' },
  { name: 'provisioning.sso', method: 'GET', path: `${API}/provisioning/sso`, handler: 'functions/api/provisioning/sso.ts', auth: 'admin' },
  { name: 'provisioning.health', method: 'GET', path: `${API}/provisioning/health`, handler: 'functions/api/provisioning/health.ts', auth: 'admin' },
  { name: 'scimToken.get', method: 'GET', path: `${API}/provisioning/scim-token`, handler: 'functions/api/provisioning/scim-token-get.ts', auth: 'admin' },
  {
    name: 'scimToken.create',
    method: 'POST',
    path: `${API}/provisioning/scim-token`,
    handler: 'functions/api/provisioning/scim-token-create.ts',
    auth: 'admin',
  },
  {
    name: 'scimToken.revoke',
    method: 'DELETE',
    path: `${API}/provisioning/scim-token`,
    handler: 'functions/api/provisioning/scim-token-revoke.ts',
    auth: 'admin',
  },

  // Sign-in
  { name: 'auth.login', method: 'GET', path: '/auth/{tenantId}/login', handler: 'functions/api/auth/login.ts', auth: 'public' },
  { name: 'auth.callback', method: 'GET', path: '/auth/{tenantId}/callback', handler: 'functions/api/auth/callback.ts', auth: 'public' },
  { name: 'auth.options', method: 'GET', path: '/auth/{tenantId}/options', handler: 'functions/api/auth/options.ts', auth: 'public' },
  { name: 'session.get', method: 'GET', path: `${API}/x/session`, handler: 'functions/api/session/get.ts', auth: 'user' },
  { name: 'session.ssoLink', method: 'POST', path: `${API}/x/session/sso-link`, handler: 'functions/api/session/sso-link.ts', auth: 'user' },
  {
    name: 'session.ssoLinkConfirm',
    method: 'POST',
    path: `${API}/x/session/sso-link/confirm`,
    handler: 'functions/api/session/sso-link-confirm.ts',
    auth: 'user',
  },

  // Admin API: users
  { name: 'users.list', method: 'GET', path: `${API}/users`, handler: 'functions/api/users/list.ts', auth: 'user' },
  { name: 'users.get', method: 'GET', path: `${API}/users/{id}`, handler: 'functions/api/users/get.ts', auth: 'user' },
  { name: 'users.delete', method: 'DELETE', path: `${API}/users/{id}`, handler: 'functions/api/users/delete.ts', auth: 'admin' },
  { name: 'users.register', method: 'POST', path: `${API}/users/register`, handler: 'functions/api/users/register.ts', auth: 'admin' },
  { name: 'users.invite', method: 'POST', path: `${API}/users/invite`, handler: 'functions/api/users/invite.ts', auth: 'admin' },
  { name: 'users.acceptInvite', method: 'POST', path: `${API}/users/accept-invite`, handler: 'functions/api/users/accept-invite.ts', auth: 'public' },
  { name: 'users.deactivate', method: 'PATCH', path: `${API}/users/deactivate`, handler: 'functions/api/users/deactivate.ts', auth: 'admin' },
  { name: 'users.activate', method: 'PATCH', path: `${API}/users/activate`, handler: 'functions/api/users/activate.ts', auth: 'admin' },
  { name: 'users.roles', method: 'PATCH', path: `${API}/users/roles`, handler: 'functions/api/users/roles.ts', auth: 'admin' },
  { name: 'users.forgotPassword', method: 'POST', path: `${API}/x/users/forgot-password`, handler: 'functions/api/users/forgot-password.ts', auth: 'user' },
  { name: 'users.resetPassword', method: 'POST', path: `${API}/users/reset-password`, handler: 'functions/api/users/reset-password.ts', auth: 'public' },
  { name: 'users.linkInfo', method: 'POST', path: `${API}/x/users/link-info`, handler: 'functions/api/users/link-info.ts', auth: 'public' },
  { name: 'users.changePassword', method: 'POST', path: `${API}/users/change-password`, handler: 'functions/api/users/change-password.ts', auth: 'user' },
  { name: 'auditLogs.list', method: 'GET', path: `${API}/audit-logs`, handler: 'functions/api/audit/list.ts', auth: 'user' },

  // Teams and resource role bindings
  { name: 'users.teams', method: 'GET', path: `${API}/x/users/{id}/teams`, handler: 'functions/api/users/teams.ts', auth: 'user' },
  { name: 'users.resources', method: 'GET', path: `${API}/x/users/{id}/resources`, handler: 'functions/api/users/resources.ts', auth: 'user' },
  { name: 'users.permissions', method: 'GET', path: `${API}/x/users/{id}/permissions`, handler: 'functions/api/users/permissions.ts', auth: 'user' },
  { name: 'users.auditLogs', method: 'GET', path: `${API}/x/users/{id}/audit-logs`, handler: 'functions/api/users/audit-logs.ts', auth: 'user' },
  { name: 'teams.listForUser', method: 'GET', path: `${API}/teams/user`, handler: 'functions/api/teams/list.ts', auth: 'user' },
  { name: 'teams.apply', method: 'PUT', path: `${API}/teams`, handler: 'functions/api/teams/apply.ts', auth: 'user' },
  { name: 'teams.get', method: 'GET', path: `${API}/teams/{id}`, handler: 'functions/api/teams/get.ts', auth: 'user' },
  { name: 'teams.delete', method: 'DELETE', path: `${API}/teams/{id}`, handler: 'functions/api/teams/delete.ts', auth: 'user' },
  { name: 'teams.members', method: 'GET', path: `${API}/teams/{id}/members`, handler: 'functions/api/teams/members.ts', auth: 'user' },
  { name: 'teams.managers', method: 'GET', path: `${API}/teams/{id}/managers`, handler: 'functions/api/teams/managers.ts', auth: 'user' },
  { name: 'collaborators.list', method: 'GET', path: `${API}/collaborators`, handler: 'functions/api/collaborators/list.ts', auth: 'user' },
  { name: 'collaborators.put', method: 'PUT', path: `${API}/collaborators`, handler: 'functions/api/collaborators/put.ts', auth: 'admin' },
  { name: 'collaborators.delete', method: 'DELETE', path: `${API}/collaborators`, handler: 'functions/api/collaborators/delete.ts', auth: 'admin' },

  // Personal access tokens
  { name: 'pats.list', method: 'GET', path: `${API}/personal-access-tokens`, handler: 'functions/api/pats/list.ts', auth: 'user' },
  { name: 'pats.create', method: 'POST', path: `${API}/personal-access-tokens`, handler: 'functions/api/pats/create.ts', auth: 'user' },
  { name: 'pats.delete', method: 'DELETE', path: `${API}/personal-access-tokens/{id}`, handler: 'functions/api/pats/delete.ts', auth: 'user' },
  { name: 'pats.revokeAll', method: 'DELETE', path: `${API}/personal-access-tokens/revoke/all`, handler: 'functions/api/pats/revoke-all.ts', auth: 'admin' },

  // Webhooks (Standard Webhooks), per tenant
  { name: 'webhooks.list', method: 'GET', path: `${API}/webhooks`, handler: 'functions/api/webhooks/list.ts', auth: 'admin' },
  { name: 'webhooks.create', method: 'POST', path: `${API}/webhooks`, handler: 'functions/api/webhooks/create.ts', auth: 'admin' },
  { name: 'webhooks.get', method: 'GET', path: `${API}/webhooks/{id}`, handler: 'functions/api/webhooks/get.ts', auth: 'admin' },
  { name: 'webhooks.update', method: 'PATCH', path: `${API}/webhooks/{id}`, handler: 'functions/api/webhooks/update.ts', auth: 'admin' },
  { name: 'webhooks.delete', method: 'DELETE', path: `${API}/webhooks/{id}`, handler: 'functions/api/webhooks/delete.ts', auth: 'admin' },
  {
    name: 'webhooks.rotateSecret',
    method: 'POST',
    path: `${API}/webhooks/{id}/rotate-secret`,
    handler: 'functions/api/webhooks/rotate-secret.ts',
    auth: 'admin',
  },
  { name: 'webhooks.test', method: 'POST', path: `${API}/webhooks/{id}/test`, handler: 'functions/api/webhooks/test.ts', auth: 'admin' },
  { name: 'webhooks.deliveries', method: 'GET', path: `${API}/webhooks/{id}/deliveries`, handler: 'functions/api/webhooks/deliveries.ts', auth: 'admin' },
  {
    name: 'webhooks.redeliver',
    method: 'POST',
    path: `${API}/webhooks/{id}/deliveries/{deliveryId}/redeliver`,
    handler: 'functions/api/webhooks/redeliver.ts',
    auth: 'admin',
  },

  // SCIM 2.0 (RFC 7644), per tenant
  { name: 'scim.serviceProviderConfig', method: 'GET', path: `${SCIM}/ServiceProviderConfig`, handler: 'functions/scim/discovery.ts', auth: 'scim' },
  { name: 'scim.resourceTypes', method: 'GET', path: `${SCIM}/ResourceTypes`, handler: 'functions/scim/discovery.ts', auth: 'scim' },
  { name: 'scim.resourceType', method: 'GET', path: `${SCIM}/ResourceTypes/{id}`, handler: 'functions/scim/discovery-item.ts', auth: 'scim' },
  { name: 'scim.schemas', method: 'GET', path: `${SCIM}/Schemas`, handler: 'functions/scim/discovery.ts', auth: 'scim' },
  { name: 'scim.schema', method: 'GET', path: `${SCIM}/Schemas/{id}`, handler: 'functions/scim/discovery-item.ts', auth: 'scim' },
  { name: 'scim.users.list', method: 'GET', path: `${SCIM}/Users`, handler: 'functions/scim/users-list.ts', auth: 'scim' },
  { name: 'scim.users.search', method: 'POST', path: `${SCIM}/Users/.search`, handler: 'functions/scim/users-list.ts', auth: 'scim' },
  { name: 'scim.users.create', method: 'POST', path: `${SCIM}/Users`, handler: 'functions/scim/users-create.ts', auth: 'scim' },
  { name: 'scim.users.get', method: 'GET', path: `${SCIM}/Users/{id}`, handler: 'functions/scim/users-get.ts', auth: 'scim' },
  { name: 'scim.users.replace', method: 'PUT', path: `${SCIM}/Users/{id}`, handler: 'functions/scim/users-replace.ts', auth: 'scim' },
  { name: 'scim.users.patch', method: 'PATCH', path: `${SCIM}/Users/{id}`, handler: 'functions/scim/users-patch.ts', auth: 'scim' },
  { name: 'scim.users.delete', method: 'DELETE', path: `${SCIM}/Users/{id}`, handler: 'functions/scim/users-delete.ts', auth: 'scim' },
  { name: 'scim.groups.list', method: 'GET', path: `${SCIM}/Groups`, handler: 'functions/scim/groups-list.ts', auth: 'scim' },
  { name: 'scim.groups.search', method: 'POST', path: `${SCIM}/Groups/.search`, handler: 'functions/scim/groups-list.ts', auth: 'scim' },
  { name: 'scim.groups.create', method: 'POST', path: `${SCIM}/Groups`, handler: 'functions/scim/groups-create.ts', auth: 'scim' },
  { name: 'scim.groups.get', method: 'GET', path: `${SCIM}/Groups/{id}`, handler: 'functions/scim/groups-get.ts', auth: 'scim' },
  { name: 'scim.groups.replace', method: 'PUT', path: `${SCIM}/Groups/{id}`, handler: 'functions/scim/groups-replace.ts', auth: 'scim' },
  { name: 'scim.groups.patch', method: 'PATCH', path: `${SCIM}/Groups/{id}`, handler: 'functions/scim/groups-patch.ts', auth: 'scim' },
  { name: 'scim.groups.delete', method: 'DELETE', path: `${SCIM}/Groups/{id}`, handler: 'functions/scim/groups-delete.ts', auth: 'scim' },
  { name: 'scim.search', method: 'POST', path: `${SCIM}/.search`, handler: 'functions/scim/root-search.ts', auth: 'scim' },
  { name: 'scim.bulk', method: 'POST', path: `${SCIM}/Bulk`, handler: 'functions/scim/bulk.ts', auth: 'scim' },
] as const satisfies readonly RouteDefinition[];

export type RouteName = (typeof routes)[number]['name'];

export const routeByName = (name: string): RouteDefinition | undefined => routes.find((r) => r.name === name);

export const envelopeOf = (route: Pick<RouteDefinition, 'path'>): Envelope => (route.path.startsWith('/scim/') ? 'scim' : 'admin');
