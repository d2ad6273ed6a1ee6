/** Unit tests of where SSO starts, what the SSO callback hands over in the fragment (a session or a refusal), and of reading credentials. */
import { describe, expect, it } from 'vitest';
import { ssoLoginUrl } from '../../console/src/api/session.js';
import { credentialKindOf, jwtExpiry } from '../../console/src/session/credential.js';
import { isCallbackFragment, MAX_REFUSAL_LENGTH, parseRefusalFragment, parseSessionFragment } from '../../console/src/session/fragment.js';

describe('ssoLoginUrl', () => {
  it("goes to the options' absolute login URL, on the API's host, with the page to come back to and the console's nonce", () => {
    expect(ssoLoginUrl('https://api.example.com/auth/globex/login', '/users', 'n0nce')).toBe(
      'https://api.example.com/auth/globex/login?returnTo=%2Fusers&consoleNonce=n0nce',
    );
    expect(ssoLoginUrl('http://127.0.0.1:3000/auth/globex/login', '/teams?q=a b&x=1', 'n0nce')).toBe(
      'http://127.0.0.1:3000/auth/globex/login?returnTo=%2Fteams%3Fq%3Da+b%26x%3D1&consoleNonce=n0nce',
    );
  });

  it('keeps what the login URL already asks and replaces a returnTo it carries', () => {
    expect(ssoLoginUrl('https://api.example.com/prod/auth/acme/login?returnTo=/old&hint=x', '/audit', 'n0nce')).toBe(
      'https://api.example.com/prod/auth/acme/login?returnTo=%2Faudit&hint=x&consoleNonce=n0nce',
    );
  });
});

const base64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
const jwt = (claims: Record<string, unknown>) => `${base64url({ alg: 'RS256', typ: 'JWT' })}.${base64url(claims)}.c2lnbmF0dXJl`;

describe('parseSessionFragment', () => {
  it("reads the callback's fragment, with or without its #", () => {
    const hash = '#id_token=eyJ.a.b&token_type=Bearer&tenant_id=globex';
    expect(parseSessionFragment(hash)).toEqual({ idToken: 'eyJ.a.b', tenantId: 'globex' });
    expect(parseSessionFragment(hash.slice(1))).toEqual({ idToken: 'eyJ.a.b', tenantId: 'globex' });
  });

  it('decodes escaped values', () => {
    expect(parseSessionFragment('#id_token=a%2Bb%3D&tenant_id=ac%20me')).toEqual({ idToken: 'a+b=', tenantId: 'ac me' });
  });

  it('needs no tenant and accepts the token type in any case', () => {
    expect(parseSessionFragment('#id_token=tok&token_type=bearer')).toEqual({ idToken: 'tok' });
  });

  it.each(['', '#', '#section-2', '#token_type=Bearer&tenant_id=globex', '#id_token=', '#id_token=%20', '#id_token=tok&token_type=mac'])(
    'finds no session in %j',
    (hash) => {
      expect(parseSessionFragment(hash)).toBeUndefined();
    },
  );
});

describe('parseRefusalFragment', () => {
  it("reads the callback's refusal: the API's message verbatim, its code and the tenant", () => {
    const hash = `#${new URLSearchParams({
      error: 'Your account is deactivated. Ask your administrator of Globex & Co to reactivate it.',
      error_code: 'signin.deactivated',
      tenant_id: 'globex',
    })}`;
    expect(parseRefusalFragment(hash)).toEqual({
      message: 'Your account is deactivated. Ask your administrator of Globex & Co to reactivate it.',
      code: 'signin.deactivated',
      tenantId: 'globex',
    });
    expect(parseRefusalFragment(hash.slice(1))).toEqual(parseRefusalFragment(hash));
  });

  it('decodes %20 and + alike, and needs neither code nor tenant', () => {
    expect(parseRefusalFragment('#error=Start%20the+sign-in%20again.')).toEqual({ message: 'Start the sign-in again.' });
  });

  it('leaves out a code or tenant id that does not look like one', () => {
    expect(parseRefusalFragment('#error=No.&error_code=<b>x</b>&tenant_id=Not_A_Tenant')).toEqual({ message: 'No.' });
    expect(parseRefusalFragment('#error=No.&error_code=signin&tenant_id=-globex')).toEqual({ message: 'No.' });
  });

  it('turns control characters into spaces and bounds the message', () => {
    expect(parseRefusalFragment('#error=line%0Aone%00%09two%7F')?.message).toBe('line one two');
    const long = parseRefusalFragment(`#error=${'a'.repeat(5000)}`)!.message;
    expect(long).toHaveLength(MAX_REFUSAL_LENGTH);
    expect(long.endsWith('…')).toBe(true);
  });

  it.each(['', '#', '#main', '#error=', '#error=%20%0A', '#error_code=signin.deactivated&tenant_id=globex', '#id_token=tok&error=x'])(
    'finds no refusal in %j',
    (hash) => {
      expect(parseRefusalFragment(hash)).toBeUndefined();
    },
  );
});

describe('isCallbackFragment', () => {
  it("spots the callback's parameters, so they are removed from the URL even when unusable", () => {
    expect(isCallbackFragment('#id_token=x')).toBe(true);
    expect(isCallbackFragment('#token_type=mac&id_token=x')).toBe(true);
    expect(isCallbackFragment('#tenant_id=globex')).toBe(true);
    expect(isCallbackFragment('#error=Refused')).toBe(true);
    expect(isCallbackFragment('#x=1&error_code=signin.deactivated')).toBe(true);
    expect(isCallbackFragment('#main')).toBe(false);
    expect(isCallbackFragment('#my_id_token=x')).toBe(false);
    expect(isCallbackFragment('#no_error=x')).toBe(false);
    expect(isCallbackFragment('')).toBe(false);
  });
});

describe('credentials', () => {
  it('tells personal access tokens from ID tokens', () => {
    expect(credentialKindOf('prv_pat_abc')).toBe('pat');
    expect(credentialKindOf(jwt({ sub: 'x' }))).toBe('jwt');
  });

  it("reads a JWT's expiry in milliseconds", () => {
    expect(jwtExpiry(jwt({ exp: 1_900_000_000, email: 'zoë@example.com' }))).toBe(1_900_000_000_000);
  });

  it.each(['prv_pat_abc', 'a.b.c', `x.${base64url({ exp: 'soon' })}.y`, `x.${base64url({})}.y`, ''])('has no expiry for %j', (token) => {
    expect(jwtExpiry(token)).toBeUndefined();
  });
});
