/**
 * The name a person gives while accepting an invite, checked as the API checks
 * it (the API is the authority): a given or a family name, each at most 100
 * characters of plain text.
 */

export const NAME_PART_MAX = 100;

export interface OwnName {
  givenName?: string;
  familyName?: string;
}

const NOT_IN_A_NAME = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/u;

/** The name to send (blank parts left out), or the first problem with it. */
export function ownNameFrom(givenName: string, familyName: string): { name: OwnName } | { problem: string } {
  const given = givenName.trim();
  const family = familyName.trim();
  if (!given && !family) return { problem: 'Enter your name.' };
  for (const [label, part] of [
    ['Given name', given],
    ['Family name', family],
  ] as const) {
    if (part.length > NAME_PART_MAX) return { problem: `${label}: at most ${NAME_PART_MAX} characters.` };
    if (NOT_IN_A_NAME.test(part)) return { problem: `${label}: only letters, spaces and punctuation.` };
  }
  return { name: { ...(given ? { givenName: given } : {}), ...(family ? { familyName: family } : {}) } };
}
