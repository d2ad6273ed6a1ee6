/**
 * The Cognito triggers on recorded events of every trigger source, against
 * DynamoDB Local: federated first sign-in (PreSignUp_ExternalProvider →
 * PostConfirmation_ConfirmSignUp → TokenGeneration_HostedAuth), later sign-in
 * (PreAuthentication → PostAuthentication → token generation), password
 * sign-in and refresh; per provisioning mode; retried and parallel deliveries.
 */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { handler as postAuthentication } from '../../functions/triggers/post-authentication.js';
import { handler as postConfirmation } from '../../functions/triggers/post-confirmation.js';
import { handler as preAuthentication } from '../../functions/triggers/pre-authentication.js';
import { handler as preSignUp } from '../../functions/triggers/pre-sign-up.js';
import { handler as preTokenGeneration } from '../../functions/triggers/pre-token-generation.js';
import { refuseSignIn, REFUSAL_DEDUP_SECONDS } from '../../shared/signin/sign-in-refusal.js';
import type { SignInIdentity } from '../../shared/signin/sign-in-identity.js';
import { keys } from '../../shared/storage/keys.js';
import { Transaction } from '../../shared/storage/transaction.js';
import { TenantRepository } from '../../shared/tenants/tenant-repository.js';
import type { ProvisioningMode } from '../../shared/tenants/tenant.js';
import { addActionRecord } from '../../shared/users/action-record.js';
import { resetPassword } from '../../shared/users/password-reset.js';
import { UserRepository } from '../../shared/users/user-repository.js';
import type { User } from '../../shared/users/user.js';
import { createTestTenant } from '../support/tenants.js';
import { auditEvents, createUser } from '../tenants/support.js';
import { fixtureEvent, withAttribute, type FixtureName } from './fixture-events.js';

const OKTA = { type: 'oidc' as const, providerName: 'Okta', issuer: 'https://acme.okta.example', clientId: 'c', scopes: ['openid'] };

async function tenantWithPool(mode: ProvisioningMode, extra: { ssoEnforced?: boolean; breakGlassEmails?: string[]; trustIdpEmails?: boolean } = {}) {
  const userPoolId = `eu-west-1_${randomUUID().replaceAll('-', '').slice(0, 9)}`;
  const tenant = await createTestTenant({
    prefix: 'sgn',
    mode,
    userPoolId,
    sso: OKTA,
    ssoEnforced: mode === 'jit' ? true : extra.ssoEnforced,
    breakGlassEmails: extra.breakGlassEmails,
    trustIdpEmails: extra.trustIdpEmails,
  });
  const domain = `${tenant.tenantId}.example`;
  const subject = `00u${randomUUID().replaceAll('-', '').slice(0, 17)}`;
  // A JIT tenant's IdP (Okta over OIDC) vouches for its emails, as a JIT tenant's must for its people to be created.
  const event = (name: FixtureName, edit?: Parameters<typeof fixtureEvent>[2]) =>
    fixtureEvent(name, { userPoolId, domain, subject }, (e) => {
      if (mode === 'jit') emailVerified(e);
      edit?.(e);
    });
  const users = new UserRepository(tenant.table);
  return { ...tenant, userPoolId, domain, subject, event, users, displayName: `Test tenant ${tenant.tenantId}` };
}

/** The IdP asserted the email verified (Cognito maps `email_verified` from an OIDC IdP as the string "true"). */
const emailVerified = withAttribute('email_verified', 'true');

const claimsOf = (event: { response: Record<string, unknown> }) =>
  (event.response.claimsOverrideDetails as { claimsToAddOrOverride: Record<string, string> }).claimsToAddOrOverride;

async function deactivate(t: Awaited<ReturnType<typeof tenantWithPool>>, user: User) {
  const tx = new Transaction(t.table);
  t.users.update(tx, user, { ...user, active: false });
  await tx.commit();
}

describe('JIT: federated first sign-in', () => {
  it('lets the unknown person through pre sign-up, creates them at post confirmation and adds claims at token generation', async () => {
    const t = await tenantWithPool('jit');
    const gate = t.event('PreSignUp_ExternalProvider');
    expect(await preSignUp(gate)).toEqual(t.event('PreSignUp_ExternalProvider'));
    expect(await t.users.findByLoginEmail(t.tenantId, `ada@${t.domain}`)).toBeUndefined();

    await postConfirmation(t.event('PostConfirmation_ConfirmSignUp'));
    const user = (await t.users.findByLoginEmail(t.tenantId, `ada@${t.domain}`))!;
    expect(user).toMatchObject({
      userName: `ada@${t.domain}`,
      email: `ada@${t.domain}`,
      displayName: 'Ada Lovelace',
      name: { formatted: 'Ada Lovelace', givenName: 'Ada', familyName: 'Lovelace' },
      role: 'tenant-member',
      source: 'jit',
      active: true,
      hasPassword: false,
      ssoName: 'Okta',
      federatedId: `okta_${t.subject}`,
      cognitoUsername: `Okta_${t.subject}`,
    });
    expect(user.lastAccessedAt).toBeDefined();

    const tokens = await preTokenGeneration(t.event('TokenGeneration_HostedAuth'));
    expect(claimsOf(tokens)).toEqual({ tenant_id: t.tenantId, user_id: user.id, tenant_role: 'tenant-member' });

    const created = (await auditEvents(t.table, t.tenantId)).filter((e) => e.action === 'user.created' && e.target.id === user.id);
    expect(created).toHaveLength(1);
    expect(created[0]).toMatchObject({
      actor: { type: 'sign-in', id: `okta_${t.subject}` },
      details: { source: 'jit', trigger: 'PostConfirmation_ConfirmSignUp' },
    });
  });

  it('survives Cognito retrying post confirmation: the second delivery returns the same user', async () => {
    const t = await tenantWithPool('jit');
    await postConfirmation(t.event('PostConfirmation_ConfirmSignUp'));
    await postConfirmation(t.event('PostConfirmation_ConfirmSignUp'));
    const tokens = await preTokenGeneration(t.event('TokenGeneration_HostedAuth'));
    const all = await t.users.findByAnyEmail(t.tenantId, `ada@${t.domain}`);
    expect(all).toHaveLength(1);
    expect(claimsOf(tokens).user_id).toBe(all[0]!.id);
  });

  it('creates exactly one user when the same first sign-in arrives three times in parallel', async () => {
    const t = await tenantWithPool('jit');
    const before = await t.users.counts(t.tenantId);
    const results = await Promise.all([
      postConfirmation(t.event('PostConfirmation_ConfirmSignUp')),
      preTokenGeneration(t.event('TokenGeneration_HostedAuth')),
      postAuthentication(t.event('PostAuthentication_Authentication')),
    ]);
    expect(results).toHaveLength(3);
    const all = await t.users.findByAnyEmail(t.tenantId, `ada@${t.domain}`);
    expect(all).toHaveLength(1);
    expect(claimsOf(results[1]).user_id).toBe(all[0]!.id);
    expect((await t.users.counts(t.tenantId)).total).toBe(before.total + 1);
    const created = (await auditEvents(t.table, t.tenantId)).filter((e) => e.action === 'user.created' && e.details?.source === 'jit');
    expect(created).toHaveLength(1);
  });

  it('refuses to create a user with an email its IdP did not vouch for: nobody claims another person’s address before its owner', async () => {
    const t = await tenantWithPool('jit');
    const cfo = `cfo@${t.domain}`;
    // Someone who can set their own email at the IdP, which sends it unverified.
    const impostor = (name: FixtureName) =>
      fixtureEvent(name, { userPoolId: t.userPoolId, domain: t.domain, subject: `00uimpostor${randomUUID().slice(0, 8)}` }, (e) => {
        withAttribute('email', cfo)(e);
        withAttribute('email_verified', 'false')(e);
      });
    await expect(preSignUp(impostor('PreSignUp_ExternalProvider'))).rejects.toThrow(/did not confirm your email address/);
    await expect(postConfirmation(impostor('PostConfirmation_ConfirmSignUp'))).rejects.toThrow(/did not confirm your email address/);
    expect(await t.users.findByAnyEmail(t.tenantId, cfo)).toEqual([]);
    const refused = (await auditEvents(t.table, t.tenantId)).filter((e) => e.action === 'sign_in.refused');
    expect(refused.map((e) => e.details?.reason)).toEqual(['email_unverified', 'email_unverified']);
    // The address's owner, whom the IdP vouches for, signs in and gets it.
    const owner = (name: FixtureName) => t.event(name, withAttribute('email', cfo));
    await preSignUp(owner('PreSignUp_ExternalProvider'));
    await postConfirmation(owner('PostConfirmation_ConfirmSignUp'));
    expect(await t.users.findByLoginEmail(t.tenantId, cfo)).toMatchObject({ federatedId: `okta_${t.subject}`, source: 'jit' });
  });

  it('creates the user with an email its IdP did not vouch for when the tenant trusts its IdP’s emails (SAML)', async () => {
    const t = await tenantWithPool('jit', { trustIdpEmails: true });
    const unvouched = (e: Parameters<ReturnType<typeof withAttribute>>[0]) => delete e.request.userAttributes?.email_verified;
    await preSignUp(t.event('PreSignUp_ExternalProvider', unvouched));
    await postConfirmation(t.event('PostConfirmation_ConfirmSignUp', unvouched));
    expect(await t.users.findByLoginEmail(t.tenantId, `ada@${t.domain}`)).toMatchObject({ federatedId: `okta_${t.subject}` });
  });

  it('ends the links mailed to the old address when the IdP moves the login email', async () => {
    const t = await tenantWithPool('jit');
    await postConfirmation(t.event('PostConfirmation_ConfirmSignUp'));
    const user = (await t.users.findByLoginEmail(t.tenantId, `ada@${t.domain}`))!;
    const tx = new Transaction(t.table);
    const { token } = addActionRecord(tx, 'reset', t.tenantId, user.id);
    await tx.commit();
    const moved = withAttribute('email', `ada.king@${t.domain}`);
    await preAuthentication(t.event('PreAuthentication_Authentication', moved));
    await postAuthentication(t.event('PostAuthentication_Authentication', moved));
    expect(await t.users.get(t.tenantId, user.id)).toMatchObject({ email: `ada.king@${t.domain}` });
    await expect(resetPassword(t.table, { token, newPassword: 'whoever reads the old mailbox' })).rejects.toMatchObject({
      code: 'password_reset.invalid_token',
    });
  });

  it('keeps the stored email when a later sign-in brings one the IdP did not vouch for', async () => {
    const t = await tenantWithPool('jit');
    await postConfirmation(t.event('PostConfirmation_ConfirmSignUp'));
    const unvouchedDrift = (e: Parameters<ReturnType<typeof withAttribute>>[0]) => {
      withAttribute('email', `cfo@${t.domain}`)(e);
      withAttribute('email_verified', 'false')(e);
      withAttribute('name', 'Ada King')(e);
    };
    await preAuthentication(t.event('PreAuthentication_Authentication', unvouchedDrift));
    await postAuthentication(t.event('PostAuthentication_Authentication', unvouchedDrift));
    expect(await t.users.findByAnyEmail(t.tenantId, `cfo@${t.domain}`)).toEqual([]);
    expect(await t.users.findByLoginEmail(t.tenantId, `ada@${t.domain}`)).toMatchObject({ email: `ada@${t.domain}`, displayName: 'Ada King' });
  });

  it('follows name and email drift at later sign-ins, auditing it', async () => {
    const t = await tenantWithPool('jit');
    await postConfirmation(t.event('PostConfirmation_ConfirmSignUp'));
    const drift = (e: Parameters<ReturnType<typeof withAttribute>>[0]) => {
      withAttribute('email', `ada.king@${t.domain}`)(e);
      withAttribute('name', 'Ada King')(e);
      withAttribute('family_name', 'King')(e);
    };
    await preAuthentication(t.event('PreAuthentication_Authentication', drift));
    await postAuthentication(t.event('PostAuthentication_Authentication', drift));
    const user = (await t.users.findByLoginEmail(t.tenantId, `ada.king@${t.domain}`))!;
    expect(user).toMatchObject({ userName: `ada.king@${t.domain}`, displayName: 'Ada King', name: { familyName: 'King' }, version: 2 });
    expect(await t.users.findByLoginEmail(t.tenantId, `ada@${t.domain}`)).toBeUndefined();
    const updated = (await auditEvents(t.table, t.tenantId)).find((e) => e.action === 'user.updated' && e.target.id === user.id);
    expect(updated?.changes?.after).toMatchObject({ email: `ada.king@${t.domain}`, displayName: 'Ada King' });
  });

  it('regression: an unchanged later sign-in does not rewrite the user (DynamoDB returns maps in its own key order)', async () => {
    const t = await tenantWithPool('jit');
    await postConfirmation(t.event('PostConfirmation_ConfirmSignUp'));
    await postAuthentication(t.event('PostAuthentication_Authentication'));
    await preTokenGeneration(t.event('TokenGeneration_HostedAuth'));
    const user = (await t.users.findByLoginEmail(t.tenantId, `ada@${t.domain}`))!;
    expect(user.version).toBe(1);
    expect((await auditEvents(t.table, t.tenantId)).filter((e) => e.action === 'user.updated')).toEqual([]);
  });

  it('does not create anyone on refresh: there is no new IdP assertion', async () => {
    const t = await tenantWithPool('jit');
    await expect(preTokenGeneration(t.event('TokenGeneration_RefreshTokens'))).rejects.toThrow(
      `Your account has not been provisioned for ${t.displayName}. Ask your administrator.`,
    );
    expect(await t.users.findByLoginEmail(t.tenantId, `ada@${t.domain}`)).toBeUndefined();
  });
});

describe('a password reset done in the directory', () => {
  it('is recorded on the user, audited, and ends the links this service mailed before it', async () => {
    const t = await tenantWithPool('invite-only');
    const cognitoUsername = randomUUID();
    const user = await createUser(t.table, t.tenantId, { email: `grace@${t.domain}`, cognitoUsername });
    const tx = new Transaction(t.table);
    // A reset link this service mailed, and leaked; the person then used the hosted page's "Forgot your password?".
    const { token } = addActionRecord(tx, 'reset', t.tenantId, user.id);
    await tx.commit();
    const confirmed = t.event('PostConfirmation_ConfirmSignUp', (e) => {
      e.triggerSource = 'PostConfirmation_ConfirmForgotPassword';
      e.userName = cognitoUsername;
      e.request.userAttributes = { sub: cognitoUsername, email: `grace@${t.domain}`, email_verified: 'true', 'cognito:user_status': 'CONFIRMED' };
    });
    expect(await postConfirmation(confirmed)).toBe(confirmed);
    expect(await t.users.get(t.tenantId, user.id)).toMatchObject({ version: 2, linkGeneration: 1 });
    const audited = (await auditEvents(t.table, t.tenantId)).filter((e) => e.action === 'user.password_reset' && e.target.id === user.id);
    expect(audited).toHaveLength(1);
    expect(audited[0]).toMatchObject({ actor: { type: 'user', id: user.id }, details: { via: 'directory' } });
    await expect(resetPassword(t.table, { token, newPassword: 'the leaked link’s password' })).rejects.toMatchObject({
      code: 'password_reset.invalid_token',
    });
  });

  it('changes nothing for an account bound to no user', async () => {
    const t = await tenantWithPool('invite-only');
    const stranger = t.event('PostConfirmation_ConfirmSignUp', (e) => {
      e.triggerSource = 'PostConfirmation_ConfirmForgotPassword';
      e.userName = randomUUID();
      e.request.userAttributes = { sub: e.userName, 'cognito:user_status': 'CONFIRMED' };
    });
    expect(await postConfirmation(stranger)).toBe(stranger);
    expect((await auditEvents(t.table, t.tenantId)).filter((e) => e.action === 'user.password_reset')).toEqual([]);
  });
});

describe('deactivated and deleted users', () => {
  it('refuses a deactivated user at every trigger, refresh included, with an audit event', async () => {
    const t = await tenantWithPool('jit');
    await postConfirmation(t.event('PostConfirmation_ConfirmSignUp'));
    const user = (await t.users.findByLoginEmail(t.tenantId, `ada@${t.domain}`))!;
    await deactivate(t, user);
    const message = `Your account is deactivated. Ask your administrator of ${t.displayName} to reactivate it.`;
    await expect(preAuthentication(t.event('PreAuthentication_Authentication'))).rejects.toThrow(message);
    await expect(postAuthentication(t.event('PostAuthentication_Authentication'))).rejects.toThrow(message);
    await expect(preTokenGeneration(t.event('TokenGeneration_HostedAuth'))).rejects.toThrow(message);
    await expect(preTokenGeneration(t.event('TokenGeneration_RefreshTokens'))).rejects.toThrow(message);
    await expect(preSignUp(t.event('PreSignUp_ExternalProvider'))).rejects.toThrow(message);
    const refused = (await auditEvents(t.table, t.tenantId)).filter((e) => e.action === 'sign_in.refused');
    expect(refused.map((e) => e.details?.trigger).sort()).toEqual([
      'PostAuthentication_Authentication',
      'PreAuthentication_Authentication',
      'PreSignUp_ExternalProvider',
      'TokenGeneration_HostedAuth',
      'TokenGeneration_RefreshTokens',
    ]);
    expect(refused.every((e) => e.details?.reason === 'deactivated' && e.target.id === user.id)).toBe(true);
    expect((await t.users.get(t.tenantId, user.id))?.version).toBe(2);
  });

  it('refuses a deleted user on refresh', async () => {
    const t = await tenantWithPool('jit');
    await postConfirmation(t.event('PostConfirmation_ConfirmSignUp'));
    const user = (await t.users.findByLoginEmail(t.tenantId, `ada@${t.domain}`))!;
    const tx = new Transaction(t.table);
    t.users.delete(tx, user);
    await tx.commit();
    await expect(preTokenGeneration(t.event('TokenGeneration_RefreshTokens'))).rejects.toThrow(/has not been provisioned/);
  });
});

describe('SCIM and invite-only: unknown people are refused, known ones linked', () => {
  it.each(['scim', 'invite-only'] as const)(
    '%s: refuses an unknown federated person with a message they understand, audited once per retry burst',
    async (mode) => {
      const t = await tenantWithPool(mode);
      const message = `Your account has not been provisioned for ${t.displayName}. Ask your administrator.`;
      await expect(preSignUp(t.event('PreSignUp_ExternalProvider'))).rejects.toThrow(message);
      await expect(preSignUp(t.event('PreSignUp_ExternalProvider'))).rejects.toThrow(message);
      await expect(postConfirmation(t.event('PostConfirmation_ConfirmSignUp'))).rejects.toThrow(message);
      await expect(preTokenGeneration(t.event('TokenGeneration_HostedAuth'))).rejects.toThrow(message);
      expect(await t.users.findByLoginEmail(t.tenantId, `ada@${t.domain}`)).toBeUndefined();
      const refused = (await auditEvents(t.table, t.tenantId)).filter((e) => e.action === 'sign_in.refused');
      expect(refused.map((e) => e.details?.trigger)).toEqual(['PreSignUp_ExternalProvider', 'PostConfirmation_ConfirmSignUp', 'TokenGeneration_HostedAuth']);
      expect(refused[0]).toMatchObject({ actor: { type: 'sign-in', id: `okta_${t.subject}` }, details: { reason: 'not_provisioned', method: 'federated' } });
    },
  );

  it('audits a retry burst once even when it straddles a minute, and the same refusal again once its span has passed', async () => {
    const t = await tenantWithPool('scim');
    const tenant = (await new TenantRepository(t.table).get(t.tenantId))!;
    const identity: SignInIdentity = { method: 'federated', federatedId: `okta_${t.subject}`, providerName: 'Okta', subject: t.subject };
    const refuseAt = (at: number) => refuseSignIn(t.table, tenant, identity, 'not_provisioned', { trigger: 'PreSignUp_ExternalProvider' }, at);
    const recorded = async () => (await auditEvents(t.table, t.tenantId)).filter((e) => e.action === 'sign_in.refused').length;
    const minute = Math.ceil(Date.now() / 60_000) * 60_000;
    for (const at of [minute - 1, minute + 1, minute + 30_000]) await refuseAt(at);
    expect(await recorded()).toBe(1);
    await refuseAt(minute - 1 + REFUSAL_DEDUP_SECONDS * 1000);
    expect(await recorded()).toBe(2);
  });

  it('scim: links a SCIM-provisioned user at their first SSO sign-in, by email', async () => {
    const t = await tenantWithPool('scim');
    const provisioned = await createUser(t.table, t.tenantId, { email: `ada@${t.domain}`, source: 'scim', hasPassword: false, displayName: 'A. Lovelace' });
    await preSignUp(t.event('PreSignUp_ExternalProvider', emailVerified));
    await postConfirmation(t.event('PostConfirmation_ConfirmSignUp', emailVerified));
    const linked = (await t.users.get(t.tenantId, provisioned.id))!;
    expect(linked).toMatchObject({ federatedId: `okta_${t.subject}`, ssoName: 'Okta', cognitoUsername: `Okta_${t.subject}`, displayName: 'A. Lovelace' });
    const tokens = await preTokenGeneration(t.event('TokenGeneration_HostedAuth'));
    expect(claimsOf(tokens).user_id).toBe(provisioned.id);
    expect((await t.table.get(keys.federatedIdentity(t.tenantId, `okta_${t.subject}`)))?.userId).toBe(provisioned.id);
    expect((await auditEvents(t.table, t.tenantId)).some((e) => e.action === 'user.sso_linked' && e.target.id === provisioned.id)).toBe(true);
  });

  it('invite-only: an invited person signing in through SSO is linked and the invite accepted', async () => {
    const t = await tenantWithPool('invite-only');
    const invited = await createUser(t.table, t.tenantId, { email: `ada@${t.domain}`, inviteAccepted: false, hasPassword: false, source: 'invite' });
    const tx = new Transaction(t.table);
    const { record } = addActionRecord(tx, 'invite', t.tenantId, invited.id);
    // A reset link an admin mailed while the invite was pending.
    const { token: resetLink } = addActionRecord(tx, 'reset', t.tenantId, invited.id);
    await tx.commit();

    await preSignUp(t.event('PreSignUp_ExternalProvider', emailVerified));
    await postConfirmation(t.event('PostConfirmation_ConfirmSignUp', emailVerified));
    const user = (await t.users.get(t.tenantId, invited.id))!;
    expect(user).toMatchObject({ inviteAccepted: true, federatedId: `okta_${t.subject}` });
    // Accepted through SSO: no link mailed before may give the account a password it never asked for.
    await expect(resetPassword(t.table, { token: resetLink, newPassword: 'a password never asked for' })).rejects.toMatchObject({
      code: 'password_reset.invalid_token',
    });
    expect((await t.table.get<{ usedAt?: string }>(keys.invite(t.tenantId, invited.id)))?.usedAt).toBeDefined();
    // The invite link is spent: its secret record is marked used, as when the link itself is redeemed.
    expect((await t.table.get<{ usedAt?: string }>(keys.secret(record.hash)))?.usedAt).toBeDefined();
    const actions = (await auditEvents(t.table, t.tenantId)).filter((e) => e.target.id === invited.id).map((e) => e.action);
    expect(actions).toEqual(expect.arrayContaining(['user.sso_linked', 'user.invite_accepted']));
  });

  it('links by an email Cognito passes as unverified (SAML, or an OIDC IdP that says so) only in a tenant that trusts its IdP’s emails', async () => {
    const t = await tenantWithPool('scim');
    const user = await createUser(t.table, t.tenantId, { email: `ada@${t.domain}`, source: 'scim', hasPassword: false });
    await expect(preSignUp(t.event('PreSignUp_ExternalProvider'))).rejects.toThrow(/did not confirm your email address/);
    expect((await t.users.get(t.tenantId, user.id))?.federatedId).toBeUndefined();

    const trusting = await tenantWithPool('scim', { trustIdpEmails: true });
    const trusted = await createUser(trusting.table, trusting.tenantId, { email: `ada@${trusting.domain}`, source: 'scim', hasPassword: false });
    await preSignUp(trusting.event('PreSignUp_ExternalProvider'));
    await postConfirmation(trusting.event('PostConfirmation_ConfirmSignUp'));
    expect((await trusting.users.get(trusting.tenantId, trusted.id))?.federatedId).toBe(`okta_${trusting.subject}`);
  });

  it('refuses an email match whose user is already bound to another IdP identity', async () => {
    const t = await tenantWithPool('scim');
    await createUser(t.table, t.tenantId, { email: `ada@${t.domain}`, source: 'scim', federatedId: 'okta_someone-else' });
    await expect(preSignUp(t.event('PreSignUp_ExternalProvider'))).rejects.toThrow(/linked to a different single sign-on identity/);
  });
});

describe('password sign-in', () => {
  it('adds the claims for an active password user', async () => {
    const t = await tenantWithPool('invite-only');
    const user = await createUser(t.table, t.tenantId, { email: `grace@${t.domain}`, role: 'tenant-admin', cognitoUsername: `grace@${t.domain}` });
    const tokens = await preTokenGeneration(t.event('TokenGeneration_Authentication'));
    expect(claimsOf(tokens)).toEqual({ tenant_id: t.tenantId, user_id: user.id, tenant_role: 'tenant-admin' });
  });

  it('writes V2 claims (ID and access token) for a V2 event', async () => {
    const t = await tenantWithPool('invite-only');
    const user = await createUser(t.table, t.tenantId, { email: `grace@${t.domain}`, cognitoUsername: `grace@${t.domain}` });
    const event = t.event('TokenGeneration_Authentication', (e) => {
      e.version = '2';
      e.response = { claimsAndScopeOverrideDetails: null };
    });
    const out = await preTokenGeneration(event);
    const claims = { tenant_id: t.tenantId, user_id: user.id, tenant_role: 'tenant-member' };
    expect(out.response).toEqual({
      claimsAndScopeOverrideDetails: { idTokenGeneration: { claimsToAddOrOverride: claims }, accessTokenGeneration: { claimsToAddOrOverride: claims } },
    });
  });

  it('refuses a deactivated password user', async () => {
    const t = await tenantWithPool('scim');
    const user = await createUser(t.table, t.tenantId, { email: `grace@${t.domain}`, cognitoUsername: `grace@${t.domain}` });
    await deactivate(t, user);
    await expect(preTokenGeneration(t.event('TokenGeneration_Authentication'))).rejects.toThrow(/^Your account is deactivated\./);
  });

  it('refuses an unknown password user in every mode, JIT included (a pool password is not an IdP)', async () => {
    for (const mode of ['jit', 'scim', 'invite-only'] as const) {
      const t = await tenantWithPool(mode, { breakGlassEmails: [`grace@x.example`] });
      await expect(preTokenGeneration(t.event('TokenGeneration_Authentication'))).rejects.toThrow(/has not been provisioned/);
    }
  });

  it('with SSO enforced, refuses password sign-in to all but break-glass admins', async () => {
    const t = await tenantWithPool('invite-only', { ssoEnforced: true, breakGlassEmails: ['GRACE@' + 'x.example'] });
    const member = await createUser(t.table, t.tenantId, { email: `grace@${t.domain}`, cognitoUsername: `grace@${t.domain}` });
    const message = `Password sign-in is turned off for ${t.displayName}. Sign in with single sign-on (Okta).`;
    await expect(preTokenGeneration(t.event('TokenGeneration_Authentication'))).rejects.toThrow(message);
    const asPassword = (e: Parameters<ReturnType<typeof withAttribute>>[0]) => {
      e.userName = `grace@${t.domain}`;
      e.request.userAttributes = { sub: randomUUID(), email_verified: 'true', 'cognito:user_status': 'CONFIRMED', email: `grace@${t.domain}` };
    };
    await expect(preAuthentication(t.event('PreAuthentication_Authentication', asPassword))).rejects.toThrow(message);

    // A break-glass email only opens the door to an admin.
    const glass = await tenantWithPool('invite-only', { ssoEnforced: true, breakGlassEmails: [`grace@${t.domain}`] });
    const glassEvent = () => fixtureEvent('TokenGeneration_Authentication', { userPoolId: glass.userPoolId, domain: t.domain });
    await createUser(glass.table, glass.tenantId, { email: `grace@${t.domain}`, role: 'tenant-member', cognitoUsername: `grace@${t.domain}` });
    await expect(preTokenGeneration(glassEvent())).rejects.toThrow(message.replace(t.displayName, glass.displayName));
    const admin = await tenantWithPool('invite-only', { ssoEnforced: true, breakGlassEmails: [`grace@${t.domain}`] });
    const adminUser = await createUser(admin.table, admin.tenantId, { email: `grace@${t.domain}`, role: 'tenant-admin', cognitoUsername: `grace@${t.domain}` });
    const out = await preTokenGeneration(fixtureEvent('TokenGeneration_Authentication', { userPoolId: admin.userPoolId, domain: t.domain }));
    expect(claimsOf(out).user_id).toBe(adminUser.id);
    expect(member.id).toBeDefined();
  });

  it('lets our own AdminCreateUser through pre sign-up and refuses self sign-up, of strangers and of known people alike', async () => {
    const t = await tenantWithPool('invite-only');
    const adminCreate = t.event('PreSignUp_SignUp', (e) => (e.triggerSource = 'PreSignUp_AdminCreateUser'));
    expect(await preSignUp(adminCreate)).toBe(adminCreate);
    const message = `Accounts for ${t.displayName} are created by its administrators. Ask your administrator for an invitation.`;
    await expect(preSignUp(t.event('PreSignUp_SignUp'))).rejects.toThrow(message);
    // A self-made account named like a user's would be bound to that user: only the service names accounts.
    const signUp = t.event('PreSignUp_SignUp');
    await createUser(t.table, t.tenantId, { email: signUp.request.userAttributes!.email!, cognitoUsername: signUp.userName });
    await expect(preSignUp(signUp)).rejects.toThrow(message);
    const refused = (await auditEvents(t.table, t.tenantId)).filter((e) => e.action === 'sign_in.refused');
    expect(refused.map((e) => e.details?.reason)).toEqual(['self_sign_up']);
  });
});

describe('tenant resolution', () => {
  it('fails closed, without internals, for a pool no tenant owns', async () => {
    const event = fixtureEvent('TokenGeneration_Authentication', { userPoolId: 'eu-west-1_NoSuchPool', domain: 'x.example' });
    await expect(preTokenGeneration(event)).rejects.toThrow('Sign-in is temporarily unavailable. Try again in a moment.');
  });
});
