/**
 * Collaborators name their subject as TrueFoundry manifests do: `user:<email>`
 * or `team:<name>` (`team:everyone` is the implicit team of all active users).
 * Resolution turns names into ids, reporting every unknown name in one 400.
 */
import * as z from '../validation/zod.js';
import { BadRequestError } from '../errors/app-error.js';
import type { Table } from '../storage/table.js';
import { TeamRepository } from '../teams/team-repository.js';
import { EVERYONE_TEAM_ID, isEveryoneTeam } from '../teams/everyone-team.js';
import { lookUpEmails } from '../teams/member-emails.js';
import { TEAM_NAME_PATTERN } from '../teams/team.js';
import type { SubjectType } from './role-binding.js';

const SUBJECT_RULE = 'subject must be "user:<email>" or "team:<team name>"';

export const SubjectSchema = z.string().check(
  z.maxLength(330, SUBJECT_RULE),
  z.refine((s) => parseSubject(s) !== undefined, SUBJECT_RULE),
);

export interface SubjectName {
  type: SubjectType;
  /** The email or team name as given. */
  name: string;
}

export interface ResolvedSubject extends SubjectName {
  id: string;
  /** `user:<email>` or `team:<name>`, canonical (email lower-cased). */
  subject: string;
}

export function parseSubject(subject: string): SubjectName | undefined {
  const colon = subject.indexOf(':');
  if (colon < 0) return undefined;
  const type = subject.slice(0, colon);
  const name = subject.slice(colon + 1);
  if (type === 'user' && z.email().safeParse(name).success) return { type, name: name.toLowerCase() };
  if (type === 'team' && TEAM_NAME_PATTERN.test(name)) return { type, name };
  return undefined;
}

/** Resolves every subject or throws one 400 naming all unknown users and teams. */
export async function resolveSubjects(table: Table, tenantId: string, names: readonly SubjectName[]): Promise<ResolvedSubject[]> {
  const emails = names.filter((n) => n.type === 'user').map((n) => n.name);
  const teamNames = [...new Set(names.filter((n) => n.type === 'team' && !isEveryoneTeam(n.name)).map((n) => n.name.toLowerCase()))];
  const teams = new TeamRepository(table);
  const [users, foundTeams] = await Promise.all([
    lookUpEmails(table, tenantId, emails),
    Promise.all(teamNames.map(async (name) => [name, await teams.getByName(tenantId, name)] as const)),
  ]);
  const unknownTeams = foundTeams.filter(([, team]) => !team).map(([name]) => name);
  if (users.missing.length || unknownTeams.length) {
    const parts = [
      users.missing.length ? `no user has the email ${users.missing.join(', ')}` : '',
      unknownTeams.length ? `no team is named ${unknownTeams.join(', ')}` : '',
    ].filter(Boolean);
    throw new BadRequestError('collaborator.unknown_subjects', `Unknown subjects: ${parts.join('; ')}`, {
      details: [
        ...users.missing.map((email) => ({ subject: `user:${email}`, email, message: 'no user of this tenant has this email' })),
        ...unknownTeams.map((name) => ({ subject: `team:${name}`, name, message: 'no team of this tenant has this name' })),
      ],
    });
  }
  const teamIds = new Map(foundTeams.map(([name, team]) => [name, team!]));
  return names.map((n) => {
    if (n.type === 'user') return { ...n, id: users.found.get(n.name)!.id, subject: `user:${n.name}` };
    if (isEveryoneTeam(n.name)) return { ...n, id: EVERYONE_TEAM_ID, subject: 'team:everyone' };
    const team = teamIds.get(n.name.toLowerCase())!;
    return { ...n, id: team.id, subject: `team:${team.name}` };
  });
}
