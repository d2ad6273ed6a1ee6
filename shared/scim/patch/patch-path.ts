/**
 * PATCH paths (RFC 7644 §3.5.2): `attr`, `attr.sub`, `urn:...:attr[.sub]`,
 * `attr[filter]` and `attr[filter].sub`, resolved against the resource type.
 * An unknown attribute or malformed path is a 400 `invalidPath`.
 */
import type { Filter } from '../filter/ast.js';
import { parseFilter } from '../filter/parser.js';
import { findAttribute, type AttributeDef } from '../schemas/attribute.js';
import { extensionOf, resolveAttribute, splitAttrPath, type ResourceTypeDef } from '../schemas/resource-types.js';
import { invalidPath } from '../scim-errors.js';

export interface PatchTarget {
  /** The extension holding the attribute, if any. */
  extension?: string;
  /** Undefined when the path names a whole extension (`urn:...:enterprise:2.0:User`). */
  attribute?: AttributeDef;
  filter?: Filter;
  sub?: AttributeDef;
  text: string;
}

const SUB = /^\.([A-Za-z$][\w$-]*)$/;

export function parsePatchPath(text: string, resource: ResourceTypeDef): PatchTarget {
  const open = text.indexOf('[');
  const base = open < 0 ? text : text.slice(0, open);
  const ext = extensionOf(resource, base);
  if (ext && open < 0) return { extension: ext.id, text };
  const split = splitAttrPath(base, resource);
  const resolved = resolveAttribute(resource, { urn: split.urn, attr: split.attr });
  if (!resolved) throw invalidPath(`Path "${text}": no attribute "${base}" on ${resource.name} resources`);
  let filter: Filter | undefined;
  let subName = split.sub;
  if (open >= 0) {
    if (split.sub !== undefined) throw invalidPath(`Path "${text}": a filter applies to a multi-valued attribute, not a sub-attribute`);
    const close = closingBracket(text, open);
    if (close < 0) throw invalidPath(`Path "${text}": missing "]"`);
    try {
      filter = parseFilter(text.slice(open + 1, close));
    } catch (error) {
      throw invalidPath(`Path "${text}": ${(error as Error).message}`);
    }
    const rest = text.slice(close + 1);
    if (rest) {
      const m = SUB.exec(rest);
      if (!m) throw invalidPath(`Path "${text}": unexpected "${rest}" after "]"`);
      subName = m[1];
    }
    if (!resolved.attribute.multiValued || resolved.attribute.type !== 'complex') {
      throw invalidPath(`Path "${text}": "${resolved.attribute.name}" is not a multi-valued complex attribute`);
    }
  }
  let sub: AttributeDef | undefined;
  if (subName !== undefined) {
    sub = findAttribute(resolved.attribute.subAttributes, subName);
    if (!sub) throw invalidPath(`Path "${text}": "${resolved.attribute.name}" has no sub-attribute "${subName}"`);
  }
  return { extension: resolved.extension, attribute: resolved.attribute, filter, sub, text };
}

function closingBracket(text: string, open: number): number {
  let inString = false;
  for (let i = open + 1; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === ']') return i;
  }
  return -1;
}
