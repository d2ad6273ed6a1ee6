/**
 * The one list of what the service records: every audit action is a domain
 * event type, named once here. The audit writer accepts only these names, the
 * event consumers publish them, the docs are generated from them, and the
 * console imports this module for its filter list, which is why it holds plain
 * data only (no zod, nothing a browser bundle should not carry).
 *
 * A type's `schemaVersion` changes only when its `data` changes incompatibly;
 * adding an optional field keeps it.
 */

/** What an event is about. Versioned subjects order their events by the subject's own version. */
export type SubjectType = 'user' | 'team' | 'pat' | 'scim_token' | 'tenant' | 'role_bindings' | 'identity' | 'webhook_endpoint';

export interface EventTypeInfo {
  /** What the event is about; its `data` is that subject's state after the change. */
  subject: SubjectType;
  schemaVersion: number;
  description: string;
}

export const EVENT_TYPES = {
  'user.created': { subject: 'user', schemaVersion: 1, description: 'A user was created by SCIM, a just-in-time sign-in or the deployment seed.' },
  'user.invited': { subject: 'user', schemaVersion: 1, description: 'An admin invited a user; the invite mail is on its way.' },
  'user.registered': { subject: 'user', schemaVersion: 1, description: 'An admin added a user without an invite mail.' },
  'user.invite_resent': { subject: 'user', schemaVersion: 1, description: "An admin sent a pending user's invite again." },
  'user.invite_accepted': { subject: 'user', schemaVersion: 1, description: 'The user accepted their invite (set a password or signed in with SSO).' },
  'user.updated': { subject: 'user', schemaVersion: 1, description: "The user's profile changed (SCIM, or the IdP's claims at sign-in)." },
  'user.role_changed': { subject: 'user', schemaVersion: 1, description: "The user's tenant role changed." },
  'user.deactivated': { subject: 'user', schemaVersion: 1, description: 'The user was deactivated: sessions revoked, sign-in refused.' },
  'user.activated': { subject: 'user', schemaVersion: 1, description: 'The user was activated again (admin API or SCIM).' },
  'user.deleted': { subject: 'user', schemaVersion: 1, description: 'The user was deleted; `data` is their last state.' },
  'user.sso_linked': { subject: 'user', schemaVersion: 1, description: "An SSO identity was linked to the user's account." },
  'user.login_email_changed': { subject: 'user', schemaVersion: 1, description: "The user's login email changed." },
  'user.password_reset_requested': { subject: 'user', schemaVersion: 1, description: 'An admin sent the user a password-reset link.' },
  'user.password_reset': { subject: 'user', schemaVersion: 1, description: 'The user set a new password through a reset link.' },
  'user.password_changed': { subject: 'user', schemaVersion: 1, description: 'The user changed their password.' },
  'team.created': { subject: 'team', schemaVersion: 1, description: 'A team was created (admin API or a SCIM group).' },
  'team.updated': { subject: 'team', schemaVersion: 1, description: "A team's name, display name or description changed." },
  'team.members_changed': { subject: 'team', schemaVersion: 1, description: 'Members were added to or removed from a team, or their team role changed.' },
  'team.members_removed': { subject: 'team', schemaVersion: 1, description: 'A deleted user was removed from the team.' },
  'team.deleted': { subject: 'team', schemaVersion: 1, description: 'The team was deleted; `data` is its last state.' },
  'role_binding.granted': { subject: 'role_bindings', schemaVersion: 1, description: 'Roles on a resource were granted to users or teams.' },
  'role_binding.revoked': { subject: 'role_bindings', schemaVersion: 1, description: 'Roles on a resource were revoked.' },
  'role_binding.subject_removed': { subject: 'role_bindings', schemaVersion: 1, description: 'A deleted user or team lost every role it held.' },
  'pat.created': { subject: 'pat', schemaVersion: 1, description: 'A personal access token was created (the token itself is never in an event).' },
  'pat.revoked': { subject: 'pat', schemaVersion: 1, description: 'A personal access token was revoked.' },
  'pat.revoked_all': {
    subject: 'user',
    schemaVersion: 1,
    description: "Every personal access token of a user was revoked (by an admin, or by the user's deactivation).",
  },
  'provisioning.mode_changed': { subject: 'tenant', schemaVersion: 1, description: "The tenant's provisioning mode changed (SCIM, JIT, invite-only)." },
  'provisioning.settings_changed': { subject: 'tenant', schemaVersion: 1, description: "The tenant's provisioning settings changed, its mode kept." },
  'scim_token.created': { subject: 'scim_token', schemaVersion: 1, description: "The tenant's first SCIM token was issued." },
  'scim_token.rotated': {
    subject: 'scim_token',
    schemaVersion: 1,
    description: 'A new SCIM token replaced the previous ones (at once or after a grace period).',
  },
  'scim_token.revoked': { subject: 'scim_token', schemaVersion: 1, description: "The tenant's SCIM tokens were revoked." },
  'sign_in.refused': { subject: 'identity', schemaVersion: 1, description: 'A sign-in was refused (deactivated user, unknown user, self sign-up off, ...).' },
  'tenant.created': { subject: 'tenant', schemaVersion: 1, description: 'The deployment created the tenant.' },
  'tenant.deployment_updated': { subject: 'tenant', schemaVersion: 1, description: "The deployment changed the tenant's configuration (SSO, sign-in client)." },
  'tenant.removed': { subject: 'tenant', schemaVersion: 1, description: 'The deployment removed the tenant.' },
  'webhook_endpoint.created': {
    subject: 'webhook_endpoint',
    schemaVersion: 1,
    description: 'An admin registered a webhook endpoint (its secret is never in an event).',
  },
  'webhook_endpoint.updated': {
    subject: 'webhook_endpoint',
    schemaVersion: 1,
    description: "A webhook endpoint's URL, event types, description or on/off state changed.",
  },
  'webhook_endpoint.deleted': { subject: 'webhook_endpoint', schemaVersion: 1, description: 'A webhook endpoint was deleted; `data` is its last state.' },
  'webhook_endpoint.secret_rotated': {
    subject: 'webhook_endpoint',
    schemaVersion: 1,
    description: "A webhook endpoint's signing secret was replaced (the old one may sign for an overlap).",
  },
  'webhook_endpoint.disabled': {
    subject: 'webhook_endpoint',
    schemaVersion: 1,
    description: 'Delivery turned a webhook endpoint off after a day of failures and mailed the admins.',
  },
} as const satisfies Record<string, EventTypeInfo>;

export type EventType = keyof typeof EVENT_TYPES;
/** Every audit action is an event type, and the other way round. */
export type AuditAction = EventType;

export const EVENT_TYPE_NAMES = Object.keys(EVENT_TYPES) as EventType[];

/**
 * Names stored by earlier versions for a change that now has another name.
 * Read paths map them, so old audit items list, filter and publish under the
 * current name.
 */
export const RENAMED_ACTIONS: Readonly<Record<string, EventType>> = {
  'user.reactivated': 'user.activated',
};

export const isEventType = (name: string): name is EventType => Object.hasOwn(EVENT_TYPES, name);

/** The current name of a stored action (a renamed one is mapped; an unknown one is returned as is). */
export const currentActionName = (stored: string): string => RENAMED_ACTIONS[stored] ?? stored;
