/**
 * A person's name as the admin API takes it (given and family name) and as
 * SCIM clients read it (`name.givenName` / `name.familyName`; Okta reads both
 * for every listed user). The display name is the two joined.
 */
import type { UserName } from './user.js';

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
