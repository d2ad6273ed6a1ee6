/**
 * What each function may do in AWS, by the name it has in its table (route,
 * trigger, stream consumer) or below (the stack's own functions). The stack
 * turns each entry into that function's own role (`constructs/function-role.ts`);
 * nothing else grants a function anything, so a route missing here fails synth.
 *
 * Why a table of its own rather than fields on the route table: the route table
 * is bundled into every function and is shared with the local gateway, which has
 * no IAM; permissions are a deployment concern and change for other reasons.
 *
 * The levels are what the code does, checked by hand against the modules each
 * bundle contains (the bundle test asserts that only functions granted Cognito
 * or SES here contain those clients):
 * - `read`: GetItem, BatchGetItem, Query (table and its indexes), plus the one
 *   write every authenticated request makes: `lastUsedAt` on the caller's token
 *   (shared/auth/last-used.ts), allowed by an IAM condition that names the only
 *   attributes such an update may touch.
 * - `write`: read plus PutItem, UpdateItem, DeleteItem, BatchWriteItem and
 *   ConditionCheckItem (TransactWriteItems is authorized item by item with these).
 * - `pageBookmarks` (on `read`): BatchWriteItem on the page-bookmark partitions
 *   only, for the listings that page by offset (shared/storage/page-bookmarks.ts).
 * - `scimTraffic` (on `read`): UpdateItem and PutItem on the health partitions
 *   only, for the SCIM reads that count themselves (shared/health/scim-traffic.ts).
 */
import type { RouteName } from '../shared/http/route-table.js';
import type { streamConsumers } from '../shared/streams/stream-consumers.js';
import type { triggers } from '../shared/triggers/trigger-table.js';

export type TableAccess = 'none' | 'read' | 'write';

/** The Cognito admin calls the service makes (shared/identity/cognito-directory.ts). */
export type CognitoAction =
  'AdminCreateUser' | 'AdminDeleteUser' | 'AdminDisableUser' | 'AdminEnableUser' | 'AdminInitiateAuth' | 'AdminSetUserPassword' | 'AdminUserGlobalSignOut';

export interface FunctionPermissions {
  table: TableAccess;
  /** Admin actions on the tenants' user pools (and on nothing else). */
  cognito?: readonly CognitoAction[];
  /** ses:SendEmail as the configured sender identities. */
  sendMail?: boolean;
  /** A read-only listing that stores page bookmarks (offset pagination at constant cost). */
  pageBookmarks?: boolean;
  /** A read-only SCIM route that counts its request and records its errors for the Provisioning page. */
  scimTraffic?: boolean;
  /**
   * The webhook secrets' KMS key (shared/webhooks/secret-box.ts): `seal` makes data keys for new
   * secrets, `open` decrypts them to sign. Only for the webhook-secret encryption context.
   */
  webhookSecrets?: 'seal' | 'open';
  /** Invokes the webhook worker asynchronously (shared/webhooks/dispatch.ts). */
  invokeWebhookWorker?: boolean;
  /** events:PutEvents on the service's event bus, and on no other. */
  putEvents?: boolean;
}

/** Functions the stack adds besides the three tables. */
export type StackFunctionName = 'route.fallback' | 'tenant.seed' | 'outbox.sweeper' | 'webhooks.deliver' | 'webhooks.sweeper';
export type FunctionName = RouteName | (typeof triggers)[number]['name'] | (typeof streamConsumers)[number]['name'] | StackFunctionName;

const read: FunctionPermissions = { table: 'read' };
const write: FunctionPermissions = { table: 'write' };
/** Lists by offset or `startIndex`: reads, and writes page bookmarks. */
const listing: FunctionPermissions = { table: 'read', pageBookmarks: true };
/** SCIM reads count themselves on the tenant's health items. */
const scimRead: FunctionPermissions = { table: 'read', scimTraffic: true };
const scimListing: FunctionPermissions = { ...listing, scimTraffic: true };
/** Setting a password creates the Cognito user first when identity sync has not yet (cognito-directory.ts). */
const setPassword: readonly CognitoAction[] = ['AdminSetUserPassword', 'AdminCreateUser'];
/** Everything shared/identity/apply-identity-sync.ts may do to mirror a user into the tenant's pool. */
const identitySync: readonly CognitoAction[] = ['AdminCreateUser', 'AdminDisableUser', 'AdminEnableUser', 'AdminDeleteUser', 'AdminUserGlobalSignOut'];

export const functionPermissions: Record<FunctionName, FunctionPermissions> = {
  'service.health': { table: 'none' },
  'route.fallback': { table: 'none' },

  'provisioning.get': read,
  'provisioning.put': write,
  'provisioning.sso': read,
  'provisioning.health': read,
  'scimToken.get': read,
  'scimToken.create': write,
  'scimToken.revoke': write,

  // Stores the sign-in state and spends a link ticket.
  'auth.login': write,
  // Provisions the user on first sign-in (JIT) and records the sign-in.
  'auth.callback': write,
  'auth.options': read,
  // Reads nothing beyond what authentication already read (and its lastUsedAt touch).
  'session.get': read,
  // Stores the one-time link ticket.
  'session.ssoLink': write,
  // Spends the confirmation and binds the identity to the user.
  'session.ssoLinkConfirm': write,

  'users.list': listing,
  'users.get': read,
  'users.delete': write,
  'users.register': write,
  'users.invite': write,
  'users.acceptInvite': { table: 'write', cognito: setPassword },
  'users.deactivate': write,
  'users.activate': write,
  'users.roles': write,
  'users.forgotPassword': write,
  'users.resetPassword': { table: 'write', cognito: setPassword },
  /** Reads only: showing a link's page must never spend or claim its token. */
  'users.linkInfo': read,
  // Checks the old password with ADMIN_USER_PASSWORD_AUTH before setting the new one.
  'users.changePassword': { table: 'write', cognito: ['AdminInitiateAuth', ...setPassword] },
  'auditLogs.list': read,

  'users.teams': read,
  'users.resources': read,
  'users.permissions': read,
  'users.auditLogs': read,
  'teams.listForUser': read,
  'teams.apply': write,
  'teams.get': read,
  'teams.delete': write,
  'teams.members': read,
  'teams.managers': read,
  'collaborators.list': read,
  'collaborators.put': write,
  'collaborators.delete': write,

  'webhooks.list': read,
  'webhooks.create': { table: 'write', webhookSecrets: 'seal' },
  'webhooks.get': read,
  'webhooks.update': write,
  'webhooks.delete': write,
  'webhooks.rotateSecret': { table: 'write', webhookSecrets: 'seal' },
  'webhooks.test': { table: 'write', invokeWebhookWorker: true },
  'webhooks.deliveries': read,
  'webhooks.redeliver': { table: 'write', invokeWebhookWorker: true },

  'pats.list': read,
  'pats.create': write,
  'pats.delete': write,
  'pats.revokeAll': write,

  'scim.serviceProviderConfig': scimRead,
  'scim.resourceTypes': scimRead,
  'scim.resourceType': scimRead,
  'scim.schemas': scimRead,
  'scim.schema': scimRead,
  'scim.users.list': scimListing,
  // POST .search is a read: RFC 7644 §3.4.3 only moves the query into the body.
  'scim.users.search': scimListing,
  'scim.users.create': write,
  'scim.users.get': scimRead,
  'scim.users.replace': write,
  'scim.users.patch': write,
  'scim.users.delete': write,
  'scim.groups.list': scimListing,
  'scim.groups.search': scimListing,
  'scim.groups.create': write,
  'scim.groups.get': scimRead,
  'scim.groups.replace': write,
  'scim.groups.patch': write,
  'scim.groups.delete': write,
  'scim.search': scimListing,
  'scim.bulk': write,

  // Every sign-in trigger may provision or update the user (shared/signin/provision-on-sign-in.ts).
  'signin-pre-sign-up': write,
  'signin-post-confirmation': write,
  'signin-pre-authentication': write,
  'signin-post-authentication': write,
  'signin-pre-token-generation': write,

  'stream.mailer': { table: 'write', sendMail: true },
  'stream.identitySync': { table: 'write', cognito: identitySync },
  'stream.webhooks': { table: 'write', invokeWebhookWorker: true },
  'stream.events': { table: 'none', putEvents: true },
  'stream.health': { table: 'write' },
  // Records attempts, turns a failing endpoint off and enqueues the admins' mail; never sends mail itself.
  'webhooks.deliver': { table: 'write', webhookSecrets: 'open' },
  'webhooks.sweeper': { table: 'read', invokeWebhookWorker: true },
  'outbox.sweeper': { table: 'write', cognito: identitySync, sendMail: true },
  'tenant.seed': write,
};

/** The permissions of a function; throws for a name nobody declared, so a new route cannot deploy without a decision. */
export function permissionsOf(name: string, table: Readonly<Record<string, FunctionPermissions>> = functionPermissions): FunctionPermissions {
  const found = table[name];
  if (!found) throw new Error(`Function ${name} has no entry in infra/function-permissions.ts; declare what it may do`);
  return found;
}
