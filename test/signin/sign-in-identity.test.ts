/** Pure: reading who signs in from Cognito events and ID tokens, and the settings ETag. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { identityFromCognitoEvent, identityFromIdToken, parseIdentities } from '../../shared/signin/sign-in-identity.js';
import { versionFromIfMatch } from '../../shared/tenants/settings-etag.js';
import { fixtureEvent } from './fixture-events.js';

const scope = { userPoolId: 'eu-west-1_Pool', domain: 'acme.example' };

describe('identityFromCognitoEvent', () => {
  it('reads a federated first sign-in from the username alone (no identities attribute yet)', () => {
    expect(identityFromCognitoEvent(fixtureEvent('PreSignUp_ExternalProvider', scope))).toEqual({
      method: 'federated',
      providerName: 'Okta',
      subject: '00u1a2b3c4D5e6F7g8h9',
      federatedId: 'okta_00u1a2b3c4D5e6F7g8h9',
      cognitoUsername: 'Okta_00u1a2b3c4D5e6F7g8h9',
      email: 'ada@acme.example',
      emailVerified: false,
      displayName: 'Ada Lovelace',
      name: { formatted: 'Ada Lovelace', givenName: 'Ada', familyName: 'Lovelace' },
    });
  });

  it('reads the same identity from the identities JSON string of later triggers', () => {
    for (const name of ['PostConfirmation_ConfirmSignUp', 'PreAuthentication_Authentication', 'TokenGeneration_RefreshTokens'] as const) {
      const identity = identityFromCognitoEvent(fixtureEvent(name, scope));
      expect(identity, name).toMatchObject({ method: 'federated', federatedId: 'okta_00u1a2b3c4D5e6F7g8h9', providerName: 'Okta' });
    }
  });

  it('reads a password user as such', () => {
    expect(identityFromCognitoEvent(fixtureEvent('TokenGeneration_Authentication', scope))).toMatchObject({
      method: 'password',
      cognitoUsername: 'grace@acme.example',
      email: 'grace@acme.example',
    });
  });
});

describe('identityFromIdToken', () => {
  const mapping = { email: 'email', name: 'name' };
  it('reads a Cognito federated token by its identities claim', () => {
    const claims = { sub: 'x', 'cognito:username': 'Okta_abc', identities: [{ providerName: 'Okta', userId: 'abc', primary: 'true' }], email: 'a@x.example' };
    expect(identityFromIdToken(claims, { issuedBy: 'pool', ssoProviderName: 'Other', mapping })).toMatchObject({
      method: 'federated',
      federatedId: 'okta_abc',
    });
  });
  it('reads a Cognito password token by its cognito:username, and a pool token with neither as no one', () => {
    expect(identityFromIdToken({ sub: 'x', 'cognito:username': 'grace' }, { issuedBy: 'pool', mapping })).toMatchObject({
      method: 'password',
      cognitoUsername: 'grace',
    });
    expect(identityFromIdToken({ sub: 'x' }, { issuedBy: 'pool', ssoProviderName: 'Entra', mapping })).toBeUndefined();
  });
  it('reads a direct IdP token through the tenant provider name and claim mapping', () => {
    const claims = { sub: 'S-1', mail: 'a@x.example', displayName: 'A B' };
    expect(identityFromIdToken(claims, { issuedBy: 'idp', ssoProviderName: 'Entra', mapping: { email: 'mail', name: 'displayName' } })).toMatchObject({
      method: 'federated',
      federatedId: 'entra_S-1',
      email: 'a@x.example',
      displayName: 'A B',
    });
  });
  it('reads a direct IdP token by its sub alone: claims spelled like Cognito’s name nobody there', () => {
    const claims = { sub: 'S-1', 'cognito:username': 'admin', identities: [{ providerName: 'Entra', userId: 'S-2', primary: true }] };
    const identity = identityFromIdToken(claims, { issuedBy: 'idp', ssoProviderName: 'Entra', mapping });
    expect(identity).toMatchObject({ method: 'federated', federatedId: 'entra_S-1', subject: 'S-1' });
    expect(identity).not.toHaveProperty('cognitoUsername');
  });
  it('keeps a direct IdP token’s subject exactly as issued, as the API keys it', () => {
    expect(identityFromIdToken({ sub: ' S-1 ' }, { issuedBy: 'idp', ssoProviderName: 'Entra', mapping })).toMatchObject({
      subject: ' S-1 ',
      federatedId: 'entra_ S-1 ',
    });
  });
  it('gives up on a token without subject', () => {
    expect(identityFromIdToken({ email: 'a@x.example' }, { issuedBy: 'idp', ssoProviderName: 'Entra', mapping })).toBeUndefined();
  });
});

describe('parseIdentities', () => {
  it('never throws, whatever Cognito or an attacker puts in the attribute', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.json(), fc.anything()), (raw) => {
        const parsed = parseIdentities(raw);
        expect(Array.isArray(parsed)).toBe(true);
        for (const p of parsed) expect(typeof p.providerName === 'string' && typeof p.userId === 'string').toBe(true);
      }),
    );
  });
});

describe('versionFromIfMatch', () => {
  it.each([
    ['W/"3"', 3],
    ['"3"', 3],
    ['3', 3],
    ['*', undefined],
    [undefined, undefined],
  ])('%s → %s', (header, version) => expect(versionFromIfMatch(header)).toBe(version));
  it.each(['W/"x"', 'yesterday', '"-1"'])('refuses %s with a 400', (header) => expect(() => versionFromIfMatch(header)).toThrow(/If-Match/));
});
