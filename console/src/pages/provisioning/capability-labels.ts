/** Words for the capability matrix of GET /provisioning. */
import type { CapabilityActor, ModeCapabilities, ProvisioningModeName } from '../../api/types.js';

/** The mode names the page shows (the API's own labels differ in hyphenation). */
export const MODE_LABELS: Readonly<Record<ProvisioningModeName, string>> = {
  scim: 'SCIM',
  jit: 'Just-in-time',
  'invite-only': 'Invite-only',
};

const ACTORS: Readonly<Record<CapabilityActor, string>> = {
  'scim-client': 'Identity provider (SCIM)',
  'sign-in': 'First SSO sign-in',
  'tenant-admin': 'Admins',
  user: 'The user',
};

const REQUIREMENTS = { 'sso-configured': 'SSO configured', 'sso-enforced': 'SSO enforced', 'scim-token': 'A SCIM token' } as const;

export type CapabilityRow = { label: string; value: (m: ModeCapabilities) => string };

/** The matrix rows, top to bottom. */
export const CAPABILITY_ROWS: CapabilityRow[] = [
  { label: 'Creates users', value: (m) => actors(m.createsUsers) },
  { label: 'Updates profiles', value: (m) => actors(m.updatesProfiles) },
  { label: 'Deactivates users', value: (m) => actors(m.deactivatesUsers) },
  { label: 'Deletes users', value: (m) => actors(m.deletesUsers) },
  { label: 'Syncs teams', value: (m) => actors(m.syncsTeams) },
  { label: 'Assigns roles', value: (m) => actors(m.assignsRoles) },
  { label: 'Invitations', value: (m) => (m.invitations ? 'Yes' : 'No') },
  { label: 'SCIM endpoint', value: (m) => (m.scimEndpoint ? 'On' : 'Off') },
  { label: 'Requires', value: (m) => (m.requires.length ? m.requires.map((r) => REQUIREMENTS[r]).join(', ') : 'Nothing') },
];

/** "Identity provider (SCIM), Admins"; "Nobody" for an empty list. */
export const actors = (list: readonly CapabilityActor[]): string => (list.length ? list.map((a) => ACTORS[a] ?? a).join(', ') : 'Nobody');
