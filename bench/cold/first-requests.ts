/**
 * The first request each route bundle's cold-start probe sends: one a real
 * caller would send (a valid body, a credential allowed on the route, the id of
 * a resource that exists), so the cold function authenticates, validates, reads
 * and writes DynamoDB and answers as it would in production. A request refused
 * at validation would time the schema and the error mapping only, and flatter
 * the bundle.
 *
 * Every probe runs in a fresh process many times against its own tenant, so a
 * request that changes state is prepared afresh per run (a new user to delete, a
 * new userName to create). Routes whose success needs Cognito or a mailed link
 * (none runs beside the bench) get the request a holder of an expired link or a
 * wrong password sends: it reaches DynamoDB and is refused there, not at the
 * schema. `expect` is the status that request must get; the bench fails loudly
 * on any other, and on a probe that made no DynamoDB call.
 */
import { randomUUID } from 'node:crypto';
import type { ProvisioningMode } from '../../shared/tenants/tenant.js';
import { issueSecret } from '../../shared/tokens/secret-token.js';
import type { TestTenant } from '../../test/support/tenants.js';
import { ApiClient } from '../harness/api-client.js';

const USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
const GROUP = 'urn:ietf:params:scim:schemas:core:2.0:Group';
const PATCH_OP = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';
const SEARCH = 'urn:ietf:params:scim:api:messages:2.0:SearchRequest';
const BULK = 'urn:ietf:params:scim:api:messages:2.0:BulkRequest';

export interface FirstRequest {
  params?: Record<string, string>;
  query?: string;
  body?: unknown;
  /** The tenant's credential the request carries. */
  caller: 'admin' | 'scim' | 'none';
  /** The status the request must get. */
  expect: number;
}

/** What a plan's `prepare` gets: the bundle's own tenant and clients for making the resources its request names. */
export interface ProbeSetup {
  tenant: TestTenant;
  admin: ApiClient;
  scim: ApiClient;
  /** Differs per run, for names a run must not share with another. */
  unique: string;
}

export interface FirstRequestPlan {
  /** The tenant the bundle's requests run in (`scim` unless the route needs another mode). */
  mode?: ProvisioningMode;
  /** A tenant of its own for every run: the request changes what a second run in the same tenant would meet. */
  tenantPerRun?: boolean;
  prepare(setup: ProbeSetup): Promise<FirstRequest>;
}

/** Routes that answer without storage whatever the request: timed, reported apart, never counted against the target. */
export const NO_STORAGE: Readonly<Record<string, string>> = {
  'service.health': 'the liveness check answers from the process alone',
};

/**
 * Creates a SCIM resource for a run. On a loaded machine the client may retry a create
 * that timed out after it committed (and get 409): the resource is then found by name.
 */
async function scimCreate(s: ProbeSetup, resource: 'Users' | 'Groups', body: Record<string, unknown>, name: [string, string]): Promise<string> {
  const res = await s.scim.call<{ id: string }>('POST', `/${resource}`, body, [201, 409]);
  if (res.status === 201) return res.body.id;
  const filter = encodeURIComponent(`${name[0]} eq "${name[1]}"`);
  const found = await s.scim.call<{ Resources: Array<{ id: string }> }>('GET', `/${resource}?filter=${filter}`);
  const id = found.body.Resources[0]?.id;
  if (!id) throw new Error(`POST /${resource} answered 409 but no ${name[0]} ${name[1]} exists`);
  return id;
}

const scimUser = async (s: ProbeSetup, email = false) => {
  const userName = email ? `cold-${s.unique}@${s.tenant.tenantId}.example` : `cold-${s.unique}`;
  const body = { schemas: [USER], userName, ...(email ? { emails: [{ value: userName, primary: true }] } : {}) };
  return { id: await scimCreate(s, 'Users', body, ['userName', userName]), userName };
};
const scimGroup = async (s: ProbeSetup) => {
  const displayName = `cold-group-${s.unique}`;
  return { id: await scimCreate(s, 'Groups', { schemas: [GROUP], displayName }, ['displayName', displayName]), displayName };
};
const team = async (s: ProbeSetup) => {
  const name = `cold-team-${s.unique}`.slice(0, 36);
  const res = await s.admin.call<{ data: { id: string } }>('PUT', '/teams', { manifest: { type: 'team', name, members: [s.tenant.adminEmail] } }, [200, 201]);
  return { id: res.body.data.id, name };
};
const webhook = async (s: ProbeSetup) => {
  const res = await s.admin.call<{ data: { id: string } }>('POST', '/webhooks', { url: 'https://hooks.bench.example/in', eventTypes: ['*'] }, [201]);
  return res.body.data.id;
};

/** A request on a new group naming a new user as its member. */
function groupWithMember(request: (group: { id: string; displayName: string }, memberId: string) => { body: unknown; expect: number }): FirstRequestPlan {
  return {
    prepare: async (s) => {
      const group = await scimGroup(s);
      const member = await scimUser(s);
      return { caller: 'scim', params: { id: group.id }, ...request(group, member.id) };
    },
  };
}

const plans: Record<string, FirstRequestPlan> = {
  'service.health': { prepare: async () => ({ caller: 'none', expect: 200 }) },

  'provisioning.get': { prepare: async () => ({ caller: 'admin', expect: 200 }) },
  'provisioning.put': { prepare: async () => ({ caller: 'admin', body: { mode: 'scim' }, expect: 200 }) },
  'provisioning.sso': { prepare: async () => ({ caller: 'admin', expect: 200 }) },
  'provisioning.health': { prepare: async () => ({ caller: 'admin', expect: 200 }) },
  'scimToken.get': { prepare: async () => ({ caller: 'admin', expect: 200 }) },
  'scimToken.create': { prepare: async () => ({ caller: 'admin', body: { graceSeconds: 0 }, expect: 201 }) },
  'scimToken.revoke': { tenantPerRun: true, prepare: async () => ({ caller: 'admin', expect: 204 }) },

  // A sign-in that succeeds needs the IdP's discovery document over the network; these reach
  // the tenant's record in storage and are refused there (the tenant has no single sign-on).
  'auth.login': { prepare: async () => ({ caller: 'none', expect: 404 }) },
  'auth.callback': { prepare: async () => ({ caller: 'none', query: `code=${randomUUID()}&state=${randomUUID()}`, expect: 404 }) },
  'auth.options': { prepare: async () => ({ caller: 'none', expect: 200 }) },
  'session.get': { prepare: async () => ({ caller: 'admin', expect: 200 }) },
  // Needs an ID token, not a PAT: the PAT is authenticated against storage, then refused.
  'session.ssoLink': { prepare: async () => ({ caller: 'admin', expect: 403 }) },
  'session.ssoLinkConfirm': { prepare: async () => ({ caller: 'admin', body: { confirmation: 'x'.repeat(43) }, expect: 403 }) },

  'users.list': { prepare: async () => ({ caller: 'admin', query: 'query=cold', expect: 200 }) },
  'users.get': { prepare: async (s) => ({ caller: 'admin', params: { id: s.tenant.adminUserId }, expect: 200 }) },
  'users.delete': { prepare: async (s) => ({ caller: 'admin', params: { id: (await scimUser(s, true)).id }, expect: 200 }) },
  'users.register': { mode: 'invite-only', prepare: async (s) => ({ caller: 'admin', body: { email: `cold-${s.unique}@bench.example` }, expect: 201 }) },
  'users.invite': {
    mode: 'invite-only',
    prepare: async (s) => ({
      caller: 'admin',
      body: { email: `cold-${s.unique}@bench.example`, acceptInviteClientUrl: 'https://app.example.com/accept' },
      expect: 201,
    }),
  },
  // A well-formed invite token no record holds (an expired or superseded link).
  'users.acceptInvite': {
    prepare: async () => ({ caller: 'none', body: { token: issueSecret('invite').token, password: 'a long new password 1' }, expect: 400 }),
  },
  // The same kind of link, shown before use: read from storage, then the one answer for every unusable link.
  'users.linkInfo': { prepare: async () => ({ caller: 'none', body: { kind: 'invite', token: issueSecret('invite').token }, expect: 400 }) },
  'users.deactivate': { prepare: async (s) => ({ caller: 'admin', body: { email: (await scimUser(s, true)).userName }, expect: 200 }) },
  'users.activate': { prepare: async (s) => ({ caller: 'admin', body: { email: (await scimUser(s, true)).userName }, expect: 200 }) },
  'users.roles': { prepare: async (s) => ({ caller: 'admin', body: { email: (await scimUser(s, true)).userName, roles: ['tenant-admin'] }, expect: 200 }) },
  // A reset is mailed only by a tenant with password sign-in (a Cognito pool): the tenant is read from storage and the request refused.
  'users.forgotPassword': {
    prepare: async (s) => ({ caller: 'admin', body: { email: s.tenant.adminEmail, resetPasswordClientUrl: 'https://app.example.com/reset' }, expect: 400 }),
  },
  'users.resetPassword': {
    prepare: async () => ({ caller: 'none', body: { token: issueSecret('reset').token, newPassword: 'a long new password 1' }, expect: 400 }),
  },
  // Password sign-in needs the tenant's Cognito pool: the tenant is read from storage and the change refused there.
  'users.changePassword': {
    prepare: async (s) => ({
      caller: 'admin',
      body: { loginId: s.tenant.adminEmail, oldPassword: 'not the password', newPassword: 'a long new password 1' },
      expect: 400,
    }),
  },
  'auditLogs.list': { prepare: async () => ({ caller: 'admin', expect: 200 }) },

  'users.teams': { prepare: async (s) => ({ caller: 'admin', params: { id: s.tenant.adminUserId }, expect: 200 }) },
  'users.resources': { prepare: async (s) => ({ caller: 'admin', params: { id: s.tenant.adminUserId }, expect: 200 }) },
  'users.permissions': { prepare: async (s) => ({ caller: 'admin', params: { id: s.tenant.adminUserId }, expect: 200 }) },
  'users.auditLogs': { prepare: async (s) => ({ caller: 'admin', params: { id: s.tenant.adminUserId }, expect: 200 }) },
  'teams.listForUser': { prepare: async () => ({ caller: 'admin', expect: 200 }) },
  'teams.apply': {
    prepare: async (s) => ({
      caller: 'admin',
      body: { manifest: { type: 'team', name: `cold-team-${s.unique}`.slice(0, 36), members: [s.tenant.adminEmail] } },
      expect: 201,
    }),
  },
  'teams.get': { prepare: async (s) => ({ caller: 'admin', params: { id: (await team(s)).id }, expect: 200 }) },
  'teams.delete': { prepare: async (s) => ({ caller: 'admin', params: { id: (await team(s)).id }, expect: 200 }) },
  'teams.members': { prepare: async (s) => ({ caller: 'admin', params: { id: (await team(s)).id }, expect: 200 }) },
  'teams.managers': { prepare: async (s) => ({ caller: 'admin', params: { id: (await team(s)).id }, expect: 200 }) },
  'collaborators.list': { prepare: async () => ({ caller: 'admin', query: 'resourceType=workspace&resourceId=cold-ws', expect: 200 }) },
  'collaborators.put': {
    prepare: async (s) => ({
      caller: 'admin',
      body: { resourceType: 'workspace', resourceId: `cold-ws-${s.unique}`, collaborators: [{ subject: `user:${s.tenant.adminEmail}`, role: 'viewer' }] },
      expect: 200,
    }),
  },
  'collaborators.delete': {
    prepare: async (s) => {
      const resource = { resourceType: 'workspace', resourceId: `cold-ws-${s.unique}` };
      const subject = `user:${s.tenant.adminEmail}`;
      await s.admin.call('PUT', '/collaborators', { ...resource, collaborators: [{ subject, role: 'viewer' }] }, [200]);
      return { caller: 'admin', body: { ...resource, collaborators: [{ subject }] }, expect: 200 };
    },
  },
  'pats.list': { prepare: async () => ({ caller: 'admin', expect: 200 }) },
  'pats.create': { prepare: async (s) => ({ caller: 'admin', body: { name: `cold-${s.unique}`.slice(0, 36).toLowerCase() }, expect: 201 }) },
  'pats.delete': {
    prepare: async (s) => {
      const res = await s.admin.call<{ pat: { id: string } }>('POST', '/personal-access-tokens', { name: `gone-${s.unique}`.slice(0, 36) }, [201]);
      return { caller: 'admin', params: { id: res.body.pat.id }, expect: 200 };
    },
  },
  'pats.revokeAll': { prepare: async (s) => ({ caller: 'admin', body: { email: (await scimUser(s, true)).userName }, expect: 200 }) },

  'webhooks.list': { prepare: async () => ({ caller: 'admin', expect: 200 }) },
  'webhooks.create': { prepare: async () => ({ caller: 'admin', body: { url: 'https://hooks.bench.example/in', eventTypes: ['*'] }, expect: 201 }) },
  'webhooks.get': { prepare: async (s) => ({ caller: 'admin', params: { id: await webhook(s) }, expect: 200 }) },
  'webhooks.update': { prepare: async (s) => ({ caller: 'admin', params: { id: await webhook(s) }, body: { enabled: false }, expect: 200 }) },
  'webhooks.delete': { prepare: async (s) => ({ caller: 'admin', params: { id: await webhook(s) }, expect: 200 }) },
  'webhooks.rotateSecret': { prepare: async (s) => ({ caller: 'admin', params: { id: await webhook(s) }, body: { overlapSeconds: 0 }, expect: 200 }) },
  'webhooks.test': { prepare: async (s) => ({ caller: 'admin', params: { id: await webhook(s) }, expect: 202 }) },
  'webhooks.deliveries': { prepare: async (s) => ({ caller: 'admin', params: { id: await webhook(s) }, expect: 200 }) },
  'webhooks.redeliver': {
    prepare: async (s) => {
      const id = await webhook(s);
      const delivery = await s.admin.call<{ data: { id: string } }>('POST', `/webhooks/${id}/test`, undefined, [202]);
      // No delivery worker runs beside the bench, so the delivery is still pending: read from storage and refused.
      return { caller: 'admin', params: { id, deliveryId: delivery.body.data.id }, expect: 409 };
    },
  },

  'scim.serviceProviderConfig': { prepare: async () => ({ caller: 'scim', expect: 200 }) },
  'scim.resourceType': { prepare: async () => ({ caller: 'scim', params: { id: 'User' }, expect: 200 }) },
  'scim.users.list': { prepare: async (s) => ({ caller: 'scim', query: `filter=${encodeURIComponent(`userName eq "${s.tenant.adminEmail}"`)}`, expect: 200 }) },
  'scim.users.create': { prepare: async (s) => ({ caller: 'scim', body: { schemas: [USER], userName: `cold-new-${s.unique}` }, expect: 201 }) },
  'scim.users.get': { prepare: async (s) => ({ caller: 'scim', params: { id: s.tenant.adminUserId }, expect: 200 }) },
  'scim.users.replace': {
    prepare: async (s) => {
      const user = await scimUser(s);
      return { caller: 'scim', params: { id: user.id }, body: { schemas: [USER], userName: user.userName, displayName: 'Replaced' }, expect: 200 };
    },
  },
  'scim.users.patch': {
    prepare: async (s) => ({
      caller: 'scim',
      params: { id: (await scimUser(s)).id },
      body: { schemas: [PATCH_OP], Operations: [{ op: 'replace', path: 'active', value: false }] },
      expect: 200,
    }),
  },
  'scim.users.delete': { prepare: async (s) => ({ caller: 'scim', params: { id: (await scimUser(s)).id }, expect: 204 }) },
  'scim.groups.list': { prepare: async () => ({ caller: 'scim', query: `filter=${encodeURIComponent('displayName eq "cold"')}`, expect: 200 }) },
  'scim.groups.create': { prepare: async (s) => ({ caller: 'scim', body: { schemas: [GROUP], displayName: `cold-new-${s.unique}` }, expect: 201 }) },
  'scim.groups.get': { prepare: async (s) => ({ caller: 'scim', params: { id: (await scimGroup(s)).id }, expect: 200 }) },
  'scim.groups.replace': groupWithMember((group, memberId) => ({
    body: { schemas: [GROUP], displayName: group.displayName, members: [{ value: memberId }] },
    expect: 200,
  })),
  'scim.groups.patch': groupWithMember((_, memberId) => ({
    body: { schemas: [PATCH_OP], Operations: [{ op: 'add', path: 'members', value: [{ value: memberId }] }] },
    expect: 204,
  })),
  'scim.groups.delete': { prepare: async (s) => ({ caller: 'scim', params: { id: (await scimGroup(s)).id }, expect: 204 }) },
  'scim.search': { prepare: async () => ({ caller: 'scim', body: { schemas: [SEARCH], count: 10 }, expect: 200 }) },
  'scim.bulk': {
    prepare: async (s) => ({
      caller: 'scim',
      body: { schemas: [BULK], Operations: [{ method: 'POST', path: '/Users', bulkId: 'u1', data: { schemas: [USER], userName: `cold-bulk-${s.unique}` } }] },
      expect: 200,
    }),
  },
};

/** The plan of a route bundle's first request: the bundle's first route in the route table. */
export function firstRequestPlan(routeName: string): FirstRequestPlan {
  const plan = plans[routeName];
  if (!plan) throw new Error(`bench/cold/first-requests.ts has no first request for route ${routeName}: add one that reaches DynamoDB`);
  return plan;
}
