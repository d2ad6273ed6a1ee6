/**
 * Inviting many people at once: the list an admin pastes or loads from a CSV
 * file (one person a line: `email[, given name[, family name]]`, an optional
 * header line), what the API said of each address in the preview, and the
 * outcome of each after sending. Each address is its own request, so one that
 * fails leaves the others done and itself untouched. Kept free of React so it
 * is tested directly.
 */
import { ApiError, messageOf } from '../../api/errors.js';

/** Addresses per list: a list beyond it is an import, not an invite. */
export const MAX_INVITES = 500;
/** Requests in flight at once: quick for a long list, gentle on the tenant's write capacity. */
export const CONCURRENCY = 4;

export interface InviteLine {
  /** 1-based line of the list, for messages. */
  line: number;
  email: string;
  givenName?: string;
  familyName?: string;
  /** Why this line cannot be sent (not an address, listed twice). */
  problem?: string;
}

/** The cells of one CSV line: commas separate, double quotes quote, `""` is a quote. */
export function csvCells(line: string): string[] {
  const cells: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',' || c === ';' || c === '\t') {
      cells.push(cell.trim());
      cell = '';
    } else cell += c;
  }
  cells.push(cell.trim());
  return cells;
}

// What the API's email check takes, near enough to catch typos before a request is spent.
const EMAIL = /^[^\s@",;<>]+@[^\s@",;<>]+\.[^\s@",;<>]+$/;

/** Each non-blank line as a person to invite, in order; problems are marked, not dropped. */
export function parseInviteList(text: string): InviteLine[] {
  const seen = new Map<string, number>();
  const out: InviteLine[] = [];
  text.split(/\r?\n/).forEach((raw, index) => {
    const cells = csvCells(raw);
    const email = cells[0] ?? '';
    if (!email && cells.every((c) => !c)) return;
    if (index === 0 && /^e-?mail( address)?$/i.test(email)) return;
    const row: InviteLine = { line: index + 1, email, ...(cells[1] ? { givenName: cells[1] } : {}), ...(cells[2] ? { familyName: cells[2] } : {}) };
    const key = email.toLowerCase();
    if (!EMAIL.test(email) || email.length > 254) row.problem = 'Not an email address';
    else if (seen.has(key)) row.problem = `Listed twice (first on line ${seen.get(key)})`;
    else seen.set(key, row.line);
    out.push(row);
  });
  return out;
}

export type PreviewState = { kind: 'new' } | { kind: 'member' } | { kind: 'invalid'; message: string };

/** What the dry run (`POST /users/register` with `dryRun`) said of an address. */
export function previewOf(outcome: { ok: true } | { ok: false; error: unknown }): PreviewState {
  if (outcome.ok) return { kind: 'new' };
  if (outcome.error instanceof ApiError && outcome.error.code === 'user.exists') return { kind: 'member' };
  return { kind: 'invalid', message: messageOf(outcome.error) };
}

export const PREVIEW_TEXT: Record<PreviewState['kind'], string> = {
  new: 'New: will be invited',
  member: 'Already a member',
  invalid: 'Cannot be invited',
};

/** `skipped`: refused in the preview, so never sent. */
export type SendResult = { kind: 'invited' | 'resent' | 'added' | 'member' } | { kind: 'failed' | 'skipped'; message: string };

export const RESULT_TEXT: Record<Exclude<SendResult['kind'], 'failed' | 'skipped'>, string> = {
  invited: 'Invited',
  resent: 'Invite resent',
  added: 'Added, no email',
  member: 'Already a member',
};

/** The outcome of one address's request. */
export function resultOf(outcome: { ok: true; kind: 'invited' | 'resent' | 'added' } | { ok: false; error: unknown }): SendResult {
  if (outcome.ok) return { kind: outcome.kind };
  if (outcome.error instanceof ApiError && outcome.error.code === 'user.exists') return { kind: 'member' };
  return { kind: 'failed', message: messageOf(outcome.error) };
}

/** Runs `fn` over `items` with at most `limit` calls in flight, keeping results in input order. */
export async function mapBounded<T, R>(items: readonly T[], limit: number, fn: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await fn(items[index]!, index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

/** A one-line summary of the results: "3 invited, 1 already a member, 1 failed, 2 not sent." */
export function resultSummary(results: readonly SendResult[]): string {
  const count = (kinds: Array<SendResult['kind']>) => results.filter((r) => kinds.includes(r.kind)).length;
  const parts = [
    [count(['invited', 'resent', 'added']), 'invited'],
    [count(['member']), 'already a member'],
    [count(['failed']), 'failed'],
    [count(['skipped']), 'not sent'],
  ] as const;
  return `${
    parts
      .filter(([n]) => n > 0)
      .map(([n, text]) => `${n} ${text}`)
      .join(', ') || 'Nothing sent'
  }.`;
}
