/**
 * A person's name as the admin API takes it (given and family name) and as
 * SCIM clients read it (`name.givenName` / `name.familyName`; Okta reads both
 * for every listed user). The display name is the two joined.
 */
import { CAPABILITY_MATRIX } from '../tenants/capabilities.js';
import type { Tenant } from '../tenants/tenant.js';
import type { User, UserName } from './user.js';

export interface GivenFamilyName {
  givenName?: string;
  familyName?: string;
}

/** The stored name of the parts given, or undefined when none is (blank parts count as none). */
export function userNameOf(input: GivenFamilyName | undefined): UserName | undefined {
  const givenName = input?.givenName?.trim() || undefined;
  const familyName = input?.familyName?.trim() || undefined;
  if (!givenName && !familyName) return undefined;
  return { ...(givenName ? { givenName } : {}), ...(familyName ? { familyName } : {}) };
}

/** "Ada Lovelace" from its parts. */
export const displayNameFrom = (name: UserName): string => [name.givenName, name.familyName].filter(Boolean).join(' ');

/**
 * The name of a person known only by a display name (a seeded admin): the first
 * word as the given name, the rest as the family name. A guess, made only where
 * nothing better is known, so that SCIM clients see a name at all; a SCIM client
 * or the person replaces it with the real parts.
 */
export function nameFromDisplayName(displayName: string): UserName | undefined {
  const words = displayName.trim().split(/\s+/).filter(Boolean);
  if (words.length === 0) return undefined;
  const [first, ...rest] = words;
  return rest.length ? { givenName: first, familyName: rest.join(' ') } : { givenName: first };
}

/** Whether the user has a name of their own (given, family or display name). */
export const hasName = (user: Pick<User, 'name' | 'displayName'>): boolean =>
  Boolean(user.name?.givenName?.trim() || user.name?.familyName?.trim() || user.displayName?.trim());

/**
 * Whether people of `tenant` set their own name: only where its provisioning mode lets users
 * update their profile (invite-only). In SCIM and JIT modes the IdP owns names.
 */
export const namesSetBySelf = (tenant: Pick<Tenant, 'mode'>): boolean => CAPABILITY_MATRIX[tenant.mode].updatesProfiles.includes('user');
