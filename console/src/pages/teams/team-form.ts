/**
 * The team form's rules, mirrored from the API so mistakes show before a
 * request: team names (letters, digits, "-", "_", at most 36), and people as a
 * list of emails typed one per line (commas and spaces also separate them).
 */
import type { TeamManifest, TeamMember } from '../../api/types.js';

export const TEAM_NAME_PATTERN = /^[A-Za-z0-9_-]{1,36}$/;
export const TEAM_NAME_HINT = 'Letters, digits, "-" and "_", at most 36 characters. It cannot be changed later.';

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** The distinct emails in `text` (case-insensitively, first spelling kept) and the entries that are not emails. */
export function parseEmailList(text: string): { emails: string[]; invalid: string[] } {
  const seen = new Set<string>();
  const emails: string[] = [];
  const invalid: string[] = [];
  for (const entry of text.split(/[\s,;]+/)) {
    if (!entry) continue;
    if (!EMAIL.test(entry)) {
      invalid.push(entry);
      continue;
    }
    const key = entry.toLowerCase();
    if (seen.has(key)) continue;
    seen.add(key);
    emails.push(entry);
  }
  return { emails, invalid };
}

export interface TeamFormValues {
  name: string;
  displayName: string;
  description: string;
  members: string;
  managers: string;
}

/**
 * The manifest for the form, or the first problem with it. Managers are members
 * with the manager role: someone listed in both is a manager. `managers` is
 * always sent, so removing a manager in the form removes them.
 */
export function manifestFrom(values: TeamFormValues): { manifest: TeamManifest } | { problem: string } {
  const name = values.name.trim();
  if (!TEAM_NAME_PATTERN.test(name)) return { problem: `Team name: ${TEAM_NAME_HINT.split('.')[0]}.` };
  const members = parseEmailList(values.members);
  const managers = parseEmailList(values.managers);
  const invalid = [...members.invalid, ...managers.invalid];
  if (invalid.length) return { problem: `Not an email address: ${invalid.join(', ')}` };
  const managerKeys = new Set(managers.emails.map((e) => e.toLowerCase()));
  return {
    manifest: {
      type: 'team',
      name,
      ...(values.displayName.trim() ? { displayName: values.displayName.trim() } : {}),
      ...(values.description.trim() ? { description: values.description.trim() } : {}),
      members: members.emails.filter((e) => !managerKeys.has(e.toLowerCase())),
      managers: managers.emails,
    },
  };
}

/** The form's text for a team's people: managers in their own list, one email per line. */
export function peopleText(people: readonly TeamMember[]): { members: string; managers: string; withoutEmail: number } {
  const withEmail = people.filter((p) => p.email);
  return {
    members: withEmail
      .filter((p) => p.role === 'member')
      .map((p) => p.email)
      .join('\n'),
    managers: withEmail
      .filter((p) => p.role === 'manager')
      .map((p) => p.email)
      .join('\n'),
    withoutEmail: people.length - withEmail.length,
  };
}
