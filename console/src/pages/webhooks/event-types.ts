/**
 * The event types an endpoint may subscribe to, for the picker. The names are
 * the server registry's (`shared/events/event-types.ts`): a value import would
 * bundle server code, so this list is typed against the registry instead, and a
 * type the registry adds or renames fails the console's type check until it is
 * listed here.
 */
import type { EventType } from '../../../../shared/events/event-types.js';

type Subscribable = Exclude<EventType, `webhook_endpoint.${string}`>;

const GROUPS = {
  'user.created': 'Users',
  'user.invited': 'Users',
  'user.registered': 'Users',
  'user.invite_resent': 'Users',
  'user.invite_accepted': 'Users',
  'user.updated': 'Users',
  'user.role_changed': 'Users',
  'user.deactivated': 'Users',
  'user.activated': 'Users',
  'user.deleted': 'Users',
  'user.sso_linked': 'Users',
  'user.login_email_changed': 'Users',
  'user.password_reset_requested': 'Users',
  'user.password_reset': 'Users',
  'user.password_changed': 'Users',
  'team.created': 'Teams',
  'team.updated': 'Teams',
  'team.members_changed': 'Teams',
  'team.members_removed': 'Teams',
  'team.deleted': 'Teams',
  'role_binding.granted': 'Resource roles',
  'role_binding.revoked': 'Resource roles',
  'role_binding.subject_removed': 'Resource roles',
  'pat.created': 'Tokens',
  'pat.revoked': 'Tokens',
  'pat.revoked_all': 'Tokens',
  'scim_token.created': 'Tokens',
  'scim_token.rotated': 'Tokens',
  'scim_token.revoked': 'Tokens',
  'provisioning.mode_changed': 'Tenant',
  'provisioning.settings_changed': 'Tenant',
  'tenant.created': 'Tenant',
  'tenant.deployment_updated': 'Tenant',
  'tenant.removed': 'Tenant',
  'sign_in.refused': 'Sign-in',
} as const satisfies Record<Subscribable, string>;

export type EventTypeGroup = { heading: string; types: string[] };

/** The types grouped by what they are about, in the registry's order. */
export const EVENT_TYPE_GROUPS: EventTypeGroup[] = Object.entries(GROUPS).reduce<EventTypeGroup[]>((groups, [type, heading]) => {
  const group = groups.find((g) => g.heading === heading);
  if (group) group.types.push(type);
  else groups.push({ heading, types: [type] });
  return groups;
}, []);
