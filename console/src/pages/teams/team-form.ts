/**
 * The team form's rules, mirrored from the API so mistakes show before a
 * request: team names (letters, digits, "-", "_", at most 36), lists of
 * emails typed as text (the provisioning page's break-glass list), and people
 * picked from the tenant's users (by email, which the manifest names them by),
 * each once, case-insensitively.
 */
import type { TeamManifest, TeamMember } from '../../api/types.js';

export const TEAM_NAME_PATTERN = /^[A-Za-z0-9_-]{1,36}$/;
export const TEAM_NAME_HINT = 'Letters, digits, "-" and "_", at most 36 characters. It cannot be changed later.';

/** A person picked for a team: their login email and, to tell people apart, their name. */
export interface PickedPerson {
  email: string;
  displayName?: string;
}

export interface TeamFormValues {
  name: string;
  displayName: string;
  description: string;
  members: PickedPerson[];
  managers: PickedPerson[];
}

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

const keyOf = (person: PickedPerson) => person.email.toLowerCase();

/** `people` with `person` added at the end, unless someone with that email is in it already. */
export function withPerson(people: readonly PickedPerson[], person: PickedPerson): PickedPerson[] {
  return people.some((p) => keyOf(p) === keyOf(person)) ? [...people] : [...people, person];
}

/** `people` without the person of `email`. */
export const withoutPerson = (people: readonly PickedPerson[], email: string): PickedPerson[] => people.filter((p) => keyOf(p) !== email.toLowerCase());

/**
 * The manifest for the form, or the first problem with it. Managers are members
 * with the manager role: someone picked in both is a manager. `managers` is
 * always sent, so removing a manager in the form removes them.
 */
export function manifestFrom(values: TeamFormValues): { manifest: TeamManifest } | { problem: string } {
  const name = values.name.trim();
  if (!TEAM_NAME_PATTERN.test(name)) return { problem: `Team name: ${TEAM_NAME_HINT.split('.')[0]}.` };
  const managers = values.managers.reduce<PickedPerson[]>(withPerson, []);
  const managerKeys = new Set(managers.map(keyOf));
  const members = values.members.reduce<PickedPerson[]>(withPerson, []).filter((p) => !managerKeys.has(keyOf(p)));
  return {
    manifest: {
      type: 'team',
      name,
      ...(values.displayName.trim() ? { displayName: values.displayName.trim() } : {}),
      ...(values.description.trim() ? { description: values.description.trim() } : {}),
      members: members.map((p) => p.email),
      managers: managers.map((p) => p.email),
    },
  };
}

/** The form's people from a team's: managers in their own list, and how many have no email to be named by. */
export function peopleOf(people: readonly TeamMember[]): { members: PickedPerson[]; managers: PickedPerson[]; withoutEmail: number } {
  const picked = (role: TeamMember['role']) =>
    people.filter((p) => p.email && p.role === role).map((p): PickedPerson => ({ email: p.email!, ...(p.displayName ? { displayName: p.displayName } : {}) }));
  return { members: picked('member'), managers: picked('manager'), withoutEmail: people.filter((p) => !p.email).length };
}
