/**
 * Offline: each function's role allows exactly what function-permissions.ts
 * declares. Two representative functions are read in full (a read-only route and
 * the mailer), the Cognito consumer for its pools (reached by tag, never listed), and the declarations are
 * checked against the tables so no function deploys without a decision.
 */
import { Stack } from 'aws-cdk-lib';
import type { CfnPolicy, CfnRole } from 'aws-cdk-lib/aws-iam';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { describe, expect, it } from 'vitest';
import { routes } from '../../shared/http/route-table.js';
import { streamConsumers } from '../../shared/streams/stream-consumers.js';
import { triggers } from '../../shared/triggers/trigger-table.js';
import { LAST_USED_ATTRIBUTES, PAGE_BOOKMARK_PARTITIONS, HEALTH_PARTITIONS, READ_ACTIONS, WRITE_ACTIONS } from '../../infra/constructs/function-role.js';
import { DEPLOYMENT_TAG_KEY } from '../../infra/constructs/deployment-tag.js';
import { functionPermissions, permissionsOf } from '../../infra/function-permissions.js';
import { exampleTenants, synth } from './synth.js';

interface Statement {
  Sid: string;
  Effect: string;
  Action: string | string[];
  Resource: unknown;
  Condition?: unknown;
}

const { stack, templates } = synth({ tenants: exampleTenants(), mailFrom: 'no-reply@service.example' });
const templateOf = new Map(
  [stack, ...stack.routeStacks].map((owner, i) => [owner as Stack, templates[i]!.toJSON() as { Resources: Record<string, Resource> }]),
);
type Resource = { Type: string; Properties: { Policies?: Array<{ PolicyDocument: { Statement: Statement[] } }>; PolicyDocument?: { Statement: Statement[] } } };

/** The statements of a function's role as synthesized: its inline policy. */
function statementsOf(fn: IFunction): Statement[] {
  const role = fn.role!;
  const owner = Stack.of(role);
  const logicalId = owner.resolve(owner.getLogicalId(role.node.defaultChild as CfnRole)) as string;
  return templateOf.get(owner)!.Resources[logicalId]!.Properties.Policies!.flatMap((p) => p.PolicyDocument.Statement);
}
const actionsOf = (statements: Statement[]) => statements.flatMap((s) => (Array.isArray(s.Action) ? s.Action : [s.Action])).sort();
const bySid = (statements: Statement[], sid: string) => statements.find((s) => s.Sid === sid);

describe('a read-only route (users.get)', () => {
  const statements = statementsOf(stack.routeFunctions.get('users.get')!);

  it('may read the table and its indexes, log and trace, and nothing else', () => {
    expect(statements.map((s) => s.Sid).sort()).toEqual(['IndexQuery', 'Logs', 'TableRead', 'TokenLastUsed', 'Tracing']);
    expect(actionsOf(statements)).toEqual(
      [
        ...READ_ACTIONS,
        'dynamodb:Query',
        'dynamodb:UpdateItem',
        'logs:CreateLogStream',
        'logs:PutLogEvents',
        'xray:PutTraceSegments',
        'xray:PutTelemetryRecords',
      ].sort(),
    );
    expect(statements.every((s) => s.Effect === 'Allow')).toBe(true);
  });

  it('gets no write action except the token-use update, limited to lastUsedAt', () => {
    const writes = statements.filter((s) => actionsOf([s]).some((a) => (WRITE_ACTIONS as readonly string[]).includes(a)));
    expect(writes.map((s) => s.Sid)).toEqual(['TokenLastUsed']);
    expect(bySid(statements, 'TokenLastUsed')!.Action).toBe('dynamodb:UpdateItem');
    expect(bySid(statements, 'TokenLastUsed')!.Condition).toEqual({
      'ForAllValues:StringEquals': { 'dynamodb:Attributes': [...LAST_USED_ATTRIBUTES] },
      StringEqualsIfExists: { 'dynamodb:ReturnValues': 'NONE' },
    });
  });

  it('names its resources: the table, each index by name, its own log group', () => {
    const rendered = JSON.stringify(statements);
    expect(rendered).not.toMatch(/cognito|ses:/);
    const indexQuery = bySid(statements, 'IndexQuery')!.Resource as unknown[];
    expect(indexQuery).toHaveLength(4);
    expect(JSON.stringify(indexQuery)).toMatch(/\/index\/GSI1.*\/index\/GSI2.*\/index\/GSI3.*\/index\/GSI4/);
    expect(JSON.stringify(bySid(statements, 'Logs')!.Resource)).toContain('RouteUsersGetLogs');
    expect(bySid(statements, 'Tracing')!.Resource).toBe('*');
  });
});

describe('a read-only listing route (scim.users.list)', () => {
  const statements = statementsOf(stack.routeFunctions.get('scim.users.list')!);

  it('may also write page bookmarks, and only in their partitions', () => {
    const writes = statements.filter((s) => actionsOf([s]).some((a) => (WRITE_ACTIONS as readonly string[]).includes(a)));
    expect(writes.map((s) => s.Sid).sort()).toEqual(['PageBookmarks', 'ScimTraffic', 'TokenLastUsed']);
    const bookmarks = bySid(statements, 'PageBookmarks')!;
    expect(bookmarks.Action).toBe('dynamodb:BatchWriteItem');
    expect(bookmarks.Condition).toEqual({ 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['PAGES#T#*'] } });
    expect(PAGE_BOOKMARK_PARTITIONS).toBe('PAGES#T#*');
  });

  it('may count itself on the health items, and only in their partitions', () => {
    const traffic = bySid(statements, 'ScimTraffic')!;
    expect([traffic.Action].flat().sort()).toEqual(['dynamodb:PutItem', 'dynamodb:UpdateItem']);
    expect(traffic.Condition).toEqual({ 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['HEALTH#T#*'] } });
    expect(HEALTH_PARTITIONS).toBe('HEALTH#T#*');
  });
});

describe('an admin read route (provisioning.health)', () => {
  it('gets no write beyond the token-use update', () => {
    const statements = statementsOf(stack.routeFunctions.get('provisioning.health')!);
    const writes = statements.filter((s) => actionsOf([s]).some((a) => (WRITE_ACTIONS as readonly string[]).includes(a)));
    expect(writes.map((s) => s.Sid)).toEqual(['TokenLastUsed']);
  });
});

describe('the mailer (stream.mailer)', () => {
  const statements = statementsOf(stack.consumerFunctions.get('stream.mailer')!);

  it('may send mail as the service sender, and as tenant senders by their deployment tag, and nothing on Cognito', () => {
    const send = bySid(statements, 'SendMail')!;
    expect(send.Action).toBe('ses:SendEmail');
    const identities = JSON.stringify(send.Resource);
    for (const identity of ['identity/no-reply@service.example', 'identity/service.example']) expect(identities).toContain(identity);
    expect(identities).not.toContain('*');
    // Tenant senders are never listed: a thousand tenants would outgrow the role's policy.
    expect(identities).not.toContain('acme');
    const tenantMail = bySid(statements, 'SendTenantMail')!;
    expect(tenantMail.Action).toBe('ses:SendEmail');
    const tenantMailResources = (tenantMail.Resource as unknown[]).map((r) => JSON.stringify(r));
    expect(tenantMailResources).toEqual([expect.stringMatching(/:configuration-set\/\*"\]\]\}$/), expect.stringMatching(/:identity\/\*"\]\]\}$/)]);
    expect(tenantMail.Condition).toEqual({ StringEquals: { [`aws:ResourceTag/${DEPLOYMENT_TAG_KEY}`]: 'Test' } });
    expect(actionsOf(statements).filter((a) => a.startsWith('cognito-idp:'))).toEqual([]);
    expect(actionsOf(statements).filter((a) => a.startsWith('ses:'))).toEqual(['ses:SendEmail', 'ses:SendEmail']);
  });

  it('reads the stream through the event source and writes the outbox', () => {
    expect(bySid(statements, 'TableWrite')).toBeDefined();
    const policy = stack.consumerFunctions.get('stream.mailer')!.role!.node.findChild('DefaultPolicy').node.defaultChild as CfnPolicy;
    const attached = templateOf.get(stack)!.Resources[stack.resolve(stack.getLogicalId(policy)) as string]!.Properties.PolicyDocument!;
    expect(actionsOf(attached.Statement)).toEqual(
      expect.arrayContaining(['dynamodb:DescribeStream', 'dynamodb:GetRecords', 'dynamodb:GetShardIterator', 'sqs:SendMessage']),
    );
  });
});

describe('the identity-sync consumer', () => {
  const statements = statementsOf(stack.consumerFunctions.get('stream.identitySync')!);

  it("may administer users of the tenants' pools only, and send no mail", () => {
    const pools = bySid(statements, 'TenantPools')!;
    expect(actionsOf([pools])).toEqual([
      'cognito-idp:AdminCreateUser',
      'cognito-idp:AdminDeleteUser',
      'cognito-idp:AdminDisableUser',
      'cognito-idp:AdminEnableUser',
      'cognito-idp:AdminUserGlobalSignOut',
    ]);
    // This account's pools that carry this deployment's tag: one pattern, the same at two tenants and at a thousand.
    expect(JSON.stringify(pools.Resource)).toMatch(/^\{"Fn::Join":.*":userpool\/\*"\]\]\}$/);
    expect(pools.Condition).toEqual({ StringEquals: { [`aws:ResourceTag/${DEPLOYMENT_TAG_KEY}`]: 'Test' } });
    expect(bySid(statements, 'SendMail')).toBeUndefined();
  });
});

describe('function-permissions.ts', () => {
  const names = [...routes, ...triggers, ...streamConsumers].map((entry) => entry.name);

  it('declares every function of the tables, and nothing that no longer exists', () => {
    for (const name of names) expect(() => permissionsOf(name), name).not.toThrow();
    const stackOwn = ['route.fallback', 'tenant.seed', 'outbox.sweeper', 'webhooks.deliver', 'webhooks.sweeper'];
    expect(Object.keys(functionPermissions).sort()).toEqual([...names, ...stackOwn].sort());
  });

  it('refuses a function nobody declared', () => {
    expect(() => permissionsOf('users.teleport')).toThrow(/no entry in infra\/function-permissions.ts/);
  });

  it('gives every GET route read access at most', () => {
    const writers = routes.filter((r) => r.method === 'GET' && permissionsOf(r.name).table === 'write').map((r) => r.name);
    // The sign-in login stores its state (and spends a link ticket); the callback provisions the user on first sign-in.
    expect(writers).toEqual(['auth.login', 'auth.callback']);
  });

  it('gives each function a role of its own', () => {
    const roles = [...stack.routeFunctions.values(), ...stack.triggerFunctions.values(), ...stack.consumerFunctions.values()].map((fn) => fn.role!.node.path);
    expect(new Set(roles).size).toBe(roles.length);
  });
});
