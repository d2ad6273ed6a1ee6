/**
 * A subject's state for events, built by picking named fields (never by
 * spreading a stored item), so a secret the storage holds (token hashes, SSO
 * client secrets, password material, Cognito usernames and federated ids)
 * cannot ride along. The shapes are the schemas of ./event-data.ts.
 */
import type { PatState, TeamState, TenantState, UserState, WebhookEndpointState } from './event-data.js';

/*
 * The builders take the fields they read, not the domain types: this module sits
 * below users, teams, tokens and tenants (lint/layers.js), and a domain object
 * (with its secrets) is assignable to these shapes, whose extra fields are dropped.
 */

/** A user's state for events: the fields a consumer may act on, nothing secret. */
export function userState(user: UserState): UserState {
  return {
    id: user.id,
    userName: user.userName,
    ...(user.email !== undefined ? { email: user.email } : {}),
    ...(user.displayName !== undefined ? { displayName: user.displayName } : {}),
    ...(user.externalId !== undefined ? { externalId: user.externalId } : {}),
    active: user.active,
    role: user.role,
    source: user.source,
    inviteAccepted: user.inviteAccepted,
    hasPassword: user.hasPassword,
    ...(user.ssoName !== undefined ? { ssoName: user.ssoName } : {}),
    createdAt: user.createdAt,
    updatedAt: user.updatedAt,
  };
}

export function teamState(team: TeamState): TeamState {
  return {
    id: team.id,
    name: team.name,
    ...(team.displayName !== undefined ? { displayName: team.displayName } : {}),
    ...(team.description !== undefined ? { description: team.description } : {}),
    source: team.source,
    ...(team.externalId !== undefined ? { externalId: team.externalId } : {}),
    memberCount: team.memberCount,
    createdAt: team.createdAt,
    updatedAt: team.updatedAt,
  };
}

export function patState(pat: Omit<PatState, 'revoked'>, revoked: boolean): PatState {
  return {
    id: pat.id,
    name: pat.name,
    userId: pat.userId,
    displayPrefix: pat.displayPrefix,
    createdAt: pat.createdAt,
    ...(pat.expiresAt !== undefined ? { expiresAt: pat.expiresAt } : {}),
    revoked,
  };
}

type TenantFields = Omit<TenantState, 'trustIdpEmails' | 'scimGroupNames' | 'ssoConfigured'> & {
  trustIdpEmails?: boolean;
  scimGroupNames?: TenantState['scimGroupNames'];
  sso?: unknown;
};

export function tenantState(tenant: TenantFields): TenantState {
  return {
    id: tenant.id,
    displayName: tenant.displayName,
    mode: tenant.mode,
    ssoEnforced: tenant.ssoEnforced,
    trustIdpEmails: tenant.trustIdpEmails === true,
    scimGroupNames: tenant.scimGroupNames ?? 'slug',
    patMaxLifetimeDays: tenant.patMaxLifetimeDays,
    ssoConfigured: tenant.sso !== undefined,
  };
}

export function webhookEndpointState(endpoint: WebhookEndpointState): WebhookEndpointState {
  return {
    id: endpoint.id,
    url: endpoint.url,
    ...(endpoint.description !== undefined ? { description: endpoint.description } : {}),
    eventTypes: endpoint.eventTypes,
    enabled: endpoint.enabled,
    ...(endpoint.disabledReason !== undefined ? { disabledReason: endpoint.disabledReason } : {}),
    createdAt: endpoint.createdAt,
    updatedAt: endpoint.updatedAt,
  };
}
