/**
 * Who is signing in, as the triggers and the callback route learn it, reduced to
 * one shape the provisioning function reads. Two quirks of Cognito shape this:
 * - a federated user's Cognito username is `<Provider>_<subject>`, and the
 *   `identities` attribute arrives as a JSON *string*, absent on the very first
 *   sign-in (PreSignUp_ExternalProvider) where only the username tells;
 * - the provider part's case is not something to rely on across triggers, so the
 *   federated id is keyed with the provider name lower-cased and the subject as
 *   issued (subjects are case-sensitive: Okta's `00uAbC...`).
 */
import type { UserName } from '../users/user.js';
import { isEmailAddress, normalizeEmail } from '../users/identity-string.js';

export interface SignInIdentity {
  /** Through the tenant's IdP (SAML/OIDC), or with a password of the tenant's user pool. */
  method: 'federated' | 'password';
  /** `<provider>_<subject>`: the key of a federated identity (see module comment). */
  federatedId?: string;
  providerName?: string;
  subject?: string;
  /** The Cognito username, when the sign-in went through the user pool. */
  cognitoUsername?: string;
  /**
   * What the IdP (or pool) says the email is. Never evidence of who signs in: a pool user can set
   * their own, and an IdP asserts whatever its admins typed. It only names a candidate for linking.
   */
  email?: string;
  /** The IdP asserted `email_verified` (true, or the string "true" as Cognito passes attributes). */
  emailVerified?: boolean;
  displayName?: string;
  name?: UserName;
}

interface CognitoIdentityEntry {
  userId?: unknown;
  providerName?: unknown;
  primary?: unknown;
}

export const federatedIdOf = (providerName: string, subject: string): string => `${providerName.toLowerCase()}_${subject}`;

/** The `identities` attribute (a JSON string in trigger events, an array in ID tokens), tolerating garbage. */
export function parseIdentities(raw: unknown): Array<{ providerName: string; userId: string; primary: boolean }> {
  let value = raw;
  if (typeof raw === 'string') {
    try {
      value = JSON.parse(raw);
    } catch {
      return [];
    }
  }
  if (!Array.isArray(value)) return [];
  return (value as CognitoIdentityEntry[]).flatMap((e) =>
    typeof e?.providerName === 'string' && typeof e.userId === 'string' && e.providerName && e.userId
      ? [{ providerName: e.providerName, userId: e.userId, primary: e.primary === true || e.primary === 'true' }]
      : [],
  );
}

const text = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() ? v.trim() : undefined);
/** The claimed email in its identity-string form; a claim that is no email address counts as none. */
const emailClaim = (v: unknown): string | undefined => {
  const claimed = text(v);
  return claimed !== undefined && isEmailAddress(claimed) ? normalizeEmail(claimed) : undefined;
};
const verified = (v: unknown): boolean => v === true || v === 'true';

function nameOf(attrs: Record<string, unknown>, nameClaim = 'name'): Pick<SignInIdentity, 'displayName' | 'name'> {
  const givenName = text(attrs.given_name);
  const familyName = text(attrs.family_name);
  const formatted = text(attrs[nameClaim]) ?? ([givenName, familyName].filter(Boolean).join(' ') || undefined);
  const name: UserName = {};
  if (formatted) name.formatted = formatted;
  if (givenName) name.givenName = givenName;
  if (familyName) name.familyName = familyName;
  return { displayName: formatted, name: Object.keys(name).length ? name : undefined };
}

/** The identity of a Cognito trigger event (`userName`, `request.userAttributes`, `triggerSource`). */
export function identityFromCognitoEvent(event: {
  triggerSource: string;
  userName: string;
  request: { userAttributes?: Record<string, string | undefined> };
}): SignInIdentity {
  const attrs = event.request.userAttributes ?? {};
  const identities = parseIdentities(attrs.identities);
  const federated = event.triggerSource === 'PreSignUp_ExternalProvider' || identities.length > 0 || attrs['cognito:user_status'] === 'EXTERNAL_PROVIDER';
  const base: SignInIdentity = {
    method: federated ? 'federated' : 'password',
    cognitoUsername: event.userName,
    email: emailClaim(attrs.email),
    emailVerified: verified(attrs.email_verified),
    ...nameOf(attrs),
  };
  if (!federated) return base;
  const primary = identities.find((i) => i.primary) ?? identities[0];
  const separator = event.userName.indexOf('_');
  const providerName = primary?.providerName ?? (separator > 0 ? event.userName.slice(0, separator) : undefined);
  const subject = primary?.userId ?? (separator > 0 ? event.userName.slice(separator + 1) : undefined);
  if (!providerName || !subject) return { ...base, method: 'federated', federatedId: undefined };
  return { ...base, providerName, subject, federatedId: federatedIdOf(providerName, subject) };
}

/**
 * The identity of a verified ID token, read as its issuer speaks. A token of the
 * tenant's pool names the federated identity in `identities` (or is a password
 * user of the pool, by `cognito:username`): Cognito writes both, and no one
 * else can. A token straight from the tenant's IdP (`issuedBy: 'idp'`, the
 * local demo provider or any IdP wired without Cognito) is federated through
 * `ssoProviderName` by its `sub` alone: an IdP's admins may map any attribute,
 * one a person can edit included, to a claim of any name, so a claim spelled
 * like Cognito's names nobody there. Email and name come from the tenant's
 * claim mapping.
 */
export function identityFromIdToken(
  claims: Record<string, unknown>,
  options: { issuedBy: 'pool' | 'idp'; ssoProviderName?: string; mapping: { email: string; name: string } },
): SignInIdentity | undefined {
  const email = emailClaim(claims[options.mapping.email]);
  const emailVerified = verified(claims.email_verified);
  const names = nameOf(claims, options.mapping.name);
  if (options.issuedBy === 'idp') {
    // Exactly as issued, as the API's JWT authentication keys it: a trimmed " alice" would be alice.
    const subject = typeof claims.sub === 'string' && claims.sub !== '' ? claims.sub : undefined;
    if (!subject || !options.ssoProviderName) return undefined;
    return {
      method: 'federated',
      providerName: options.ssoProviderName,
      subject,
      federatedId: federatedIdOf(options.ssoProviderName, subject),
      email,
      emailVerified,
      ...names,
    };
  }
  const identities = parseIdentities(claims.identities);
  const cognitoUsername = text(claims['cognito:username']);
  const primary = identities.find((i) => i.primary) ?? identities[0];
  if (primary) {
    return {
      method: 'federated',
      providerName: primary.providerName,
      subject: primary.userId,
      federatedId: federatedIdOf(primary.providerName, primary.userId),
      cognitoUsername,
      email,
      emailVerified,
      ...names,
    };
  }
  return cognitoUsername ? { method: 'password', cognitoUsername, email, emailVerified, ...names } : undefined;
}
