/**
 * Team names from free-text group names. IdPs let admins name groups anything
 * ("Data Science (EU)", "Group 1"); a team name follows the one team-name rule
 * (letters, digits, `-`, `_`, at most 36). A SCIM group keeps its displayName as
 * sent, and its team name is derived from it by this rule, deterministically:
 *
 * 1. Unicode NFKD, combining marks dropped (`é` → `e`);
 * 2. every run of characters outside `[A-Za-z0-9_-]` becomes one `-`;
 * 3. leading and trailing `-` dropped, cut to 36 characters;
 * 4. nothing left (or the reserved `everyone`): `group`.
 *
 * When that name is taken in the tenant (names are unique case-insensitively),
 * the name is the slug cut to 29 characters, `-`, and the first 6 characters of
 * the SHA-256 of the displayName in base 32: short, and the same for the same
 * displayName every time. A name that already follows the rule is its own slug,
 * so groups named by the rule keep the names they always had.
 */
import { createHash } from 'node:crypto';
import { EVERYONE_TEAM_NAME } from './team.js';

const MAX = 36;
const SUFFIX_LENGTH = 6;
const BASE32 = 'abcdefghijklmnopqrstuvwxyz234567';

/** The name rule applied to a displayName (steps 1-4). */
export function slugOf(displayName: string): string {
  const ascii = displayName.normalize('NFKD').replace(/\p{M}+/gu, '');
  const slug = ascii
    .replace(/[^A-Za-z0-9_-]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, MAX)
    .replace(/-+$/, '');
  return slug === '' || slug.toLowerCase() === EVERYONE_TEAM_NAME ? 'group' : slug;
}

/** The collision form: the slug cut short, with a stable suffix from the displayName. */
export function suffixedSlugOf(displayName: string): string {
  const digest = createHash('sha256').update(displayName, 'utf8').digest();
  let suffix = '';
  for (let i = 0; i < SUFFIX_LENGTH; i++) suffix += BASE32[digest[i]! % 32];
  const head = slugOf(displayName)
    .slice(0, MAX - SUFFIX_LENGTH - 1)
    .replace(/-+$/, '');
  return `${head || 'group'}-${suffix}`;
}

/** The names a group with this displayName may hold, in the order they are tried. */
export const slugCandidates = (displayName: string): [string, string] => [slugOf(displayName), suffixedSlugOf(displayName)];
