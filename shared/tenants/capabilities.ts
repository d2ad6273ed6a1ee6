/**
 * Who does what in each provisioning mode: the one statement of the rules that
 * the settings page renders (`GET /api/svc/v1/provisioning`) and that services
 * can consult. A mode names the system of record for people; the admin API keeps
 * the power to deactivate in every mode, because cutting someone off must never
 * wait for an IdP's next sync, and the power to invite in every mode, because
 * people outside the IdP (contractors, auditors) must be able to get in: such
 * users show `metadata.registeredInIdp: false`. What a cell leaves out, the API
 * refuses with a 403 naming the mode (the SCIM endpoint outside SCIM mode).
 */
import type { ProvisioningMode } from './tenant.js';

/** Who can perform an action: the IdP through SCIM, the sign-in itself (JIT), a tenant admin, the user themself. */
export type CapabilityActor = 'scim-client' | 'sign-in' | 'tenant-admin' | 'user';

export interface ModeCapabilities {
  mode: ProvisioningMode;
  label: string;
  description: string;
  createsUsers: CapabilityActor[];
  updatesProfiles: CapabilityActor[];
  deactivatesUsers: CapabilityActor[];
  deletesUsers: CapabilityActor[];
  syncsTeams: CapabilityActor[];
  assignsRoles: CapabilityActor[];
  /** Whether admins send invitations (email with a link to set a password or sign in with SSO): in every mode. */
  invitations: boolean;
  /** Whether the tenant's SCIM endpoint accepts requests. */
  scimEndpoint: boolean;
  /** What the mode needs before it can be selected. */
  requires: Array<'sso-configured' | 'sso-enforced' | 'scim-token'>;
}

export const CAPABILITY_MATRIX: Readonly<Record<ProvisioningMode, ModeCapabilities>> = {
  scim: {
    mode: 'scim',
    label: 'SCIM',
    description:
      'Your identity provider creates, updates, deactivates and deletes users and syncs teams through SCIM 2.0; admins may still invite people who are not in the IdP, and make teams beside the IdP’s groups.',
    createsUsers: ['scim-client', 'tenant-admin'],
    updatesProfiles: ['scim-client'],
    deactivatesUsers: ['scim-client', 'tenant-admin'],
    deletesUsers: ['scim-client', 'tenant-admin'],
    syncsTeams: ['scim-client', 'tenant-admin'],
    assignsRoles: ['tenant-admin'],
    invitations: true,
    scimEndpoint: true,
    requires: ['scim-token'],
  },
  jit: {
    mode: 'jit',
    label: 'Just-in-time',
    description:
      'A person your identity provider vouches for is created as a member on first sign-in; name and email follow the IdP at every sign-in. Admins may invite people who are not in the IdP.',
    createsUsers: ['sign-in', 'tenant-admin'],
    updatesProfiles: ['sign-in'],
    deactivatesUsers: ['tenant-admin'],
    deletesUsers: ['tenant-admin'],
    syncsTeams: ['tenant-admin'],
    assignsRoles: ['tenant-admin'],
    invitations: true,
    scimEndpoint: false,
    requires: ['sso-configured', 'sso-enforced'],
  },
  'invite-only': {
    mode: 'invite-only',
    label: 'Invite only',
    description: 'Only people a tenant admin invites can sign in; unknown people are refused.',
    createsUsers: ['tenant-admin'],
    updatesProfiles: ['tenant-admin', 'user'],
    deactivatesUsers: ['tenant-admin'],
    deletesUsers: ['tenant-admin'],
    syncsTeams: ['tenant-admin'],
    assignsRoles: ['tenant-admin'],
    invitations: true,
    scimEndpoint: false,
    requires: [],
  },
};

/** The matrix in a stable order (scim, jit, invite-only) for rendering. */
export const capabilityMatrix = (): ModeCapabilities[] => [CAPABILITY_MATRIX.scim, CAPABILITY_MATRIX.jit, CAPABILITY_MATRIX['invite-only']];
