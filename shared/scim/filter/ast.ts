/**
 * The filter AST of RFC 7644 §3.4.2.2, plus the form IdPs send that the ABNF
 * lacks: a value path followed by a sub-attribute test
 * (`emails[type eq "work"].value eq "x"`, Entra ID).
 */
import type { AttrPath } from '../schemas/resource-types.js';

export type CompareOp = 'eq' | 'ne' | 'co' | 'sw' | 'ew' | 'gt' | 'ge' | 'lt' | 'le';
export const COMPARE_OPS: readonly CompareOp[] = ['eq', 'ne', 'co', 'sw', 'ew', 'gt', 'ge', 'lt', 'le'];

export type Literal = string | number | boolean | null;

export type Test = { op: CompareOp; value: Literal } | { op: 'pr' };

export type Filter =
  | { kind: 'compare'; path: AttrPath; op: CompareOp; value: Literal }
  | { kind: 'present'; path: AttrPath }
  | { kind: 'and' | 'or'; left: Filter; right: Filter }
  | { kind: 'not'; filter: Filter }
  /** `attr[filter]`, optionally `attr[filter].sub <test>`. */
  | { kind: 'valuePath'; path: AttrPath; filter: Filter; sub?: string; test?: Test };

export const pathText = (p: AttrPath): string => `${p.urn ? `${p.urn}:` : ''}${p.attr}${p.sub !== undefined ? `.${p.sub}` : ''}`;
