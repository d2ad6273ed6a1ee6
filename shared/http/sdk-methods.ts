/**
 * TrueFoundry's TypeScript SDK (`truefoundry/truefoundry-typescript-sdk`) against
 * this service: each method of its users, teams and personal-access-tokens
 * clients, the route that serves it, and any deliberate difference. docs/api.md
 * renders it; the contract test (test/contract) checks every served method's
 * responses against the SDK's wire format.
 */
import type { RouteName } from './route-table.js';

export interface SdkMethod {
  /** `client.<resource>.<method>` in the SDK. */
  method: string;
  /** The route serving it; undefined when this service does not. */
  route?: RouteName;
  notes: string;
}

export const SDK_METHODS: readonly SdkMethod[] = [
  {
    method: 'users.list',
    route: 'users.list',
    notes:
      'limit, offset, query (case-insensitive email substring; beyond the SDK, it also matches the display name), showInvalidUsers; beyond the SDK, optional status, role, source, sort and order.',
  },
  {
    method: 'users.preRegisterUsers',
    route: 'users.register',
    notes: 'Returns the user as `data` besides the empty object the SDK reads. Optional `role` and `name` ({givenName, familyName}) beyond the SDK.',
  },
  {
    method: 'users.updateRoles',
    route: 'users.roles',
    notes: 'Tenant roles only (exactly one of tenant-admin, tenant-member); `resourceType` other than tenant is a 400.',
  },
  { method: 'users.get', route: 'users.get', notes: '`isEditable` is true for tenant admins (they change roles, activation, deletion).' },
  {
    method: 'users.delete',
    route: 'users.delete',
    notes: 'A 400 `user.delete_blocked` lists each blocking team and resource role in `details`; forceDelete=true removes them.',
  },
  {
    method: 'users.inviteUser',
    route: 'users.invite',
    notes:
      'Allowed in every provisioning mode; the invited user has `metadata.registeredInIdp: false`. Optional `role` and `name` ({givenName, familyName}) beyond the SDK.',
  },
  {
    method: 'users.deactivate',
    route: 'users.deactivate',
    notes: 'Also signs the user out and refuses their PATs. `tenantName` is not accepted: the tenant is the caller’s.',
  },
  { method: 'users.activate', route: 'users.activate', notes: 'As deactivate.' },
  { method: 'users.changePassword', route: 'users.changePassword', notes: 'Only for users who sign in with a password.' },
  {
    method: 'teams.list',
    route: 'teams.listForUser',
    notes:
      'Rows carry `manifest.members: []` (`metadata.membersInline: false`): read the team before applying its manifest. `role` and `attributes` are not accepted.',
  },
  {
    method: 'teams.createOrUpdate',
    route: 'teams.apply',
    notes: 'A manifest names at most 250 people; 201 on create. A retry after a 503 re-applies the same desired state, which is safe.',
  },
  {
    method: 'teams.get',
    route: 'teams.get',
    notes: 'Members inline in `manifest.members`/`managers` up to 250 people, so get-modify-apply changes nothing else.',
  },
  {
    method: 'teams.listMembers',
    route: 'teams.members',
    notes: '`offset` up to 10,000; `pagination.nextPageToken` pages further at constant cost. `filter` is not accepted.',
  },
  { method: 'teams.listManagers', route: 'teams.managers', notes: 'As listMembers.' },
  { method: 'teams.delete', route: 'teams.delete', notes: 'SCIM-managed teams and `everyone` are 409.' },
  { method: 'teams.getPermissions', notes: 'Not served (404): resource roles are read per user from `/x/users/{id}/permissions`.' },
  { method: 'personalAccessTokens.list', route: 'pats.list', notes: 'Rows are virtual accounts (`manifest.name` is the token name).' },
  {
    method: 'personalAccessTokens.create',
    route: 'pats.create',
    notes: 'The token is in this response only. `accountName`, `teamName`, `tokenType` are not accepted.',
  },
  { method: 'personalAccessTokens.delete', route: 'pats.delete', notes: '' },
  { method: 'personalAccessTokens.revokeAll', route: 'pats.revokeAll', notes: 'Tenant admins.' },
  { method: 'personalAccessTokens.get', notes: 'Not served (405 on that path): get-or-create by name would mint a token on a read.' },
];
