/**
 * Prints a filter AST back to the canonical text form: quoted strings, lower-case
 * operators, and only the parentheses needed to rebuild the same tree, so
 * `parse(print(f))` equals `f` (checked by the property test).
 */
import { pathText, type Filter, type Literal, type Test } from '../../shared/scim/filter/ast.js';

export function printFilter(filter: Filter): string {
  switch (filter.kind) {
    case 'compare':
      return `${pathText(filter.path)} ${filter.op} ${printLiteral(filter.value)}`;
    case 'present':
      return `${pathText(filter.path)} pr`;
    case 'not':
      return `not (${printFilter(filter.filter)})`;
    case 'and':
      return `${wrapIf(filter.left, filter.left.kind === 'or')} and ${wrapIf(filter.right, filter.right.kind === 'or' || filter.right.kind === 'and')}`;
    case 'or':
      return `${printFilter(filter.left)} or ${wrapIf(filter.right, filter.right.kind === 'or')}`;
    case 'valuePath': {
      const base = `${pathText(filter.path)}[${printFilter(filter.filter)}]`;
      return filter.sub === undefined ? base : `${base}.${filter.sub} ${printTest(filter.test!)}`;
    }
  }
}

const wrapIf = (f: Filter, wrap: boolean) => (wrap ? `(${printFilter(f)})` : printFilter(f));

const printTest = (t: Test) => (t.op === 'pr' ? 'pr' : `${t.op} ${printLiteral(t.value)}`);

export const printLiteral = (v: Literal): string => (typeof v === 'string' ? JSON.stringify(v) : String(v));
