/**
 * Attack: someone with a user pool in the same AWS account points it at the
 * service's sign-in triggers. The triggers' resource policies allow every pool
 * of the account (one grant per trigger, so a thousand tenants fit Lambda's
 * 20 KB policy: constructs/tenant-shard.ts), so Cognito will deliver that
 * pool's events; the triggers must serve none of them. Every trigger source is
 * delivered, from the foreign pool, for the email of a real tenant's admin: each
 * is refused with the generic message, no token gets the tenant's claims, and
 * nothing is written to the tenant.
 */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { handler as postAuthentication } from '../../functions/triggers/post-authentication.js';
import { handler as postConfirmation } from '../../functions/triggers/post-confirmation.js';
import { handler as preAuthentication } from '../../functions/triggers/pre-authentication.js';
import { handler as preSignUp } from '../../functions/triggers/pre-sign-up.js';
import { handler as preTokenGeneration } from '../../functions/triggers/pre-token-generation.js';
import { UNAVAILABLE_MESSAGE, type CognitoTriggerEvent } from '../../shared/signin/trigger-kit.js';
import { fixtureEvent, withAttribute, type FixtureName } from '../signin/fixture-events.js';
import { keys } from '../../shared/storage/keys.js';
import type { Table } from '../../shared/storage/table.js';
import { auditEvents } from '../support/audit.js';
import { createTestTenant } from '../support/tenants.js';

const OKTA = { type: 'oidc' as const, providerName: 'Okta', issuer: 'https://victim.okta.example', clientId: 'c', scopes: ['openid'] };

/** The tenant's record and users, its counters and its audit trail. */
async function tenantState(table: Table, tenantId: string) {
  const partition = (pk: string) => table.queryAll({ KeyConditionExpression: 'PK = :pk', ExpressionAttributeValues: { ':pk': pk } });
  return {
    main: await partition(keys.tenant(tenantId).PK),
    counters: await partition(keys.counterShard(tenantId, 'users', 0).PK),
    audit: await auditEvents(table, tenantId),
  };
}

type Trigger = (event: CognitoTriggerEvent) => Promise<CognitoTriggerEvent>;
const deliveries: Array<[FixtureName, Trigger]> = [
  ['PreSignUp_ExternalProvider', preSignUp as Trigger],
  ['PreSignUp_SignUp', preSignUp as Trigger],
  ['PostConfirmation_ConfirmSignUp', postConfirmation as Trigger],
  ['PreAuthentication_Authentication', preAuthentication as Trigger],
  ['PostAuthentication_Authentication', postAuthentication as Trigger],
  ['TokenGeneration_HostedAuth', preTokenGeneration as Trigger],
  ['TokenGeneration_Authentication', preTokenGeneration as Trigger],
  ['TokenGeneration_RefreshTokens', preTokenGeneration as Trigger],
];

describe("a user pool of the same account wired to the service's triggers", () => {
  it.each(deliveries)('%s from it is refused, and the tenant it names gains nothing', async (fixture, trigger) => {
    // The victim: a JIT tenant whose own pool is mapped, so its people are provisioned at sign-in.
    const victimPool = `eu-west-1_${randomUUID().replaceAll('-', '').slice(0, 9)}`;
    const victim = await createTestTenant({ prefix: 'victim', mode: 'jit', userPoolId: victimPool, sso: OKTA, ssoEnforced: true });
    const foreignPool = `eu-west-1_${randomUUID().replaceAll('-', '').slice(0, 9)}`;
    const before = await tenantState(victim.table, victim.tenantId);
    const event = fixtureEvent(fixture, { userPoolId: foreignPool, domain: `${victim.tenantId}.example` }, withAttribute('email', victim.adminEmail));
    const delivered = structuredClone(event);

    await expect(trigger(event)).rejects.toThrow(UNAVAILABLE_MESSAGE);
    // No claims were added to the foreign pool's token, nothing in the event changed.
    expect(event).toEqual(delivered);
    expect(await tenantState(victim.table, victim.tenantId)).toEqual(before);
  });
});
