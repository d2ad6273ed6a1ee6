/**
 * The member operations of one Group request, folded in order into one change:
 * adds, removes, or a full replacement. Resolved against the store only at the
 * end, touching only the edges named (a replacement reads the current edges,
 * since it must remove the rest). Every added member is checked to be a user of
 * the tenant with one BatchGet before anything is written.
 */
import type { Filter } from '../filter/ast.js';
import type { MemberSink } from '../patch/patch-engine.js';
import { isObject } from '../resource-input.js';
import { invalidPath, invalidValue, tooMany } from '../scim-errors.js';
import type { Table } from '../../storage/table.js';
import { MembershipRepository, type MembershipChange } from '../../teams/membership-repository.js';
import { UserRepository } from '../../users/user-repository.js';

/** Most member values one request may name (advertised in docs/scim.md; a PATCH of 1,000 is well within). */
export const MAX_MEMBER_VALUES = 10_000;
const MAX_ID_LENGTH = 128;

export class MemberChangeSet implements MemberSink {
  private replacement?: Set<string>;
  private readonly adds = new Set<string>();
  private readonly removes = new Set<string>();
  private named = 0;

  get isEmpty(): boolean {
    return !this.replacement && this.adds.size === 0 && this.removes.size === 0;
  }

  add(values: unknown[]): void {
    for (const id of this.ids(values)) {
      this.removes.delete(id);
      if (this.replacement) this.replacement.add(id);
      else this.adds.add(id);
    }
  }

  remove(values: unknown[]): void {
    for (const id of this.ids(values)) {
      this.adds.delete(id);
      if (this.replacement) this.replacement.delete(id);
      else this.removes.add(id);
    }
  }

  removeWhere(filter: Filter, path: string): void {
    this.remove(valueEqualities(filter, path));
  }

  replaceAll(values: unknown[]): void {
    this.replacement = new Set(this.ids(values));
    this.adds.clear();
    this.removes.clear();
  }

  /**
   * The edge change for `teamId`, with every added member verified to exist in
   * the tenant (400 `invalidValue` naming the unknown ones).
   */
  async resolve(table: Table, tenantId: string, teamId: string): Promise<Required<Pick<MembershipChange, 'add' | 'remove'>>> {
    let add = [...this.adds];
    let remove = [...this.removes];
    if (this.replacement) {
      const current = new Set((await new MembershipRepository(table).listAllMembers(tenantId, teamId)).map((m) => m.userId));
      add = [...this.replacement].filter((id) => !current.has(id));
      remove = [...current].filter((id) => !this.replacement!.has(id));
    }
    if (add.length) await this.assertUsers(table, tenantId, add);
    return { add: add.map((userId) => ({ userId })), remove };
  }

  /** The members of a team being created (the replacement list, validated), de-duplicated. */
  async resolveForNewTeam(table: Table, tenantId: string): Promise<string[]> {
    const ids = [...(this.replacement ?? this.adds)];
    if (ids.length) await this.assertUsers(table, tenantId, ids);
    return ids;
  }

  private async assertUsers(table: Table, tenantId: string, add: string[]): Promise<void> {
    const found = new Set((await new UserRepository(table).getMany(tenantId, add)).map((u) => u.id));
    const unknown = add.filter((id) => !found.has(id));
    if (unknown.length) {
      const shown = unknown
        .slice(0, 10)
        .map((id) => `"${id}"`)
        .join(', ');
      throw invalidValue(
        `members: ${shown}${unknown.length > 10 ? ` and ${unknown.length - 10} more` : ''} ${unknown.length === 1 ? 'is not a user' : 'are not users'} of this tenant`,
      );
    }
  }

  private ids(values: unknown[]): string[] {
    this.named += values.length;
    if (this.named > MAX_MEMBER_VALUES) throw tooMany(`A request may name at most ${MAX_MEMBER_VALUES} members`);
    return values.map((v, i) => memberId(v, i));
  }
}

/** The user id of a member value: `{"value": id}` (type, if given, must be User) or a bare id string. */
export function memberId(v: unknown, index: number): string {
  const value = isObject(v) ? v.value : v;
  if (typeof value !== 'string' || value.trim() === '' || value.length > MAX_ID_LENGTH) {
    throw invalidValue(`members[${index}].value must be the id of a user, got ${JSON.stringify(value ?? v)}`);
  }
  if (isObject(v) && v.type !== undefined && (typeof v.type !== 'string' || v.type.toLowerCase() !== 'user')) {
    throw invalidValue(`members[${index}] "${value}": only users can be members (nested groups are not supported), got type ${JSON.stringify(v.type)}`);
  }
  return value;
}

/** The ids a member filter selects: `value eq "x"`, or several joined by `or`. */
function valueEqualities(filter: Filter, path: string): string[] {
  if (filter.kind === 'or') return [...valueEqualities(filter.left, path), ...valueEqualities(filter.right, path)];
  if (
    filter.kind === 'compare' &&
    filter.op === 'eq' &&
    !filter.path.urn &&
    filter.path.sub === undefined &&
    filter.path.attr.toLowerCase() === 'value' &&
    typeof filter.value === 'string'
  ) {
    return [filter.value];
  }
  throw invalidPath(`Path "${path}": members can be selected only by value eq "<id>" (joined by or)`);
}
