/**
 * `attributes` / `excludedAttributes` (RFC 7644 §3.4.2.5, §3.9) applied to a
 * resource document. `id` and `schemas` are always returned, `password` never,
 * and attributes whose schema says `returned: "request"` (a User's `groups`)
 * only when `attributes` names them. Names are case-insensitive and may be
 * URN-qualified or dotted. Unknown names select nothing (a client asking for an
 * attribute this server lacks gets the rest of the answer, as IdPs expect).
 *
 * `wants` lets a handler skip work: a Group GET with `excludedAttributes=members`
 * never reads the member edges, a User answer reads no groups unless asked.
 */
import type { ScimDocument } from './filter/evaluator.js';
import type { AttributeDef } from './schemas/attribute.js';
import { resolveAttribute, splitAttrPath, extensionOf, type ResourceTypeDef } from './schemas/resource-types.js';
import { invalidValue } from './scim-errors.js';

/** A selected attribute: the key of its container (an extension URN or the document) and its name. */
interface Selection {
  extension?: string;
  attr: string;
  sub?: string;
  /** The whole extension object. */
  wholeExtension?: boolean;
}

const MAX_LIST_LENGTH = 2048;

export class Projection {
  private readonly include?: Selection[];
  private readonly exclude: Selection[];
  private readonly onRequest: Selection[];

  constructor(
    private readonly resource: ResourceTypeDef,
    attributes?: string,
    excludedAttributes?: string,
  ) {
    this.include = attributes ? this.parse(attributes, 'attributes') : undefined;
    this.exclude = excludedAttributes ? this.parse(excludedAttributes, 'excludedAttributes') : [];
    this.onRequest = onRequestOf(resource);
  }

  /** From a query string, whose parameter names IdPs spell in any case. */
  static fromQuery(resource: ResourceTypeDef, query: Record<string, string | undefined>): Projection {
    const get = (name: string) => Object.entries(query).find(([k]) => k.toLowerCase() === name)?.[1];
    return new Projection(resource, get('attributes'), get('excludedattributes'));
  }

  /** Whether a top-level core attribute (e.g. `members`, `groups`) appears in the answer. */
  wants(attr: string): boolean {
    if (this.include) return this.include.some((s) => !s.extension && !s.wholeExtension && s.attr === attr);
    if (this.onRequest.some((s) => !s.extension && s.attr === attr)) return false;
    return !this.exclude.some((s) => !s.extension && !s.wholeExtension && s.attr === attr && s.sub === undefined);
  }

  apply(doc: ScimDocument): ScimDocument {
    let out: ScimDocument;
    if (this.include) {
      out = { schemas: doc.schemas, id: doc.id };
      for (const s of this.include) copySelection(doc, out, s);
    } else {
      out = structuredClone(doc);
      for (const s of [...this.onRequest, ...this.exclude]) removeSelection(out, s);
    }
    return out;
  }

  private parse(list: string, label: string): Selection[] {
    if (list.length > MAX_LIST_LENGTH) throw invalidValue(`"${label}" is longer than ${MAX_LIST_LENGTH} characters`);
    const selections: Selection[] = [];
    for (const raw of list.split(',')) {
      const name = raw.trim();
      if (!name) continue;
      const ext = extensionOf(this.resource, name);
      if (ext) {
        selections.push({ extension: ext.id, attr: '', wholeExtension: true });
        continue;
      }
      const resolved = resolveAttribute(this.resource, splitAttrPath(name, this.resource));
      if (!resolved || resolved.attribute.returned === 'always' || resolved.attribute.returned === 'never') continue;
      selections.push({ extension: resolved.extension, attr: resolved.attribute.name, sub: resolved.sub?.name });
    }
    return selections;
  }
}

/** The attributes returned only when `attributes` names them (RFC 7643 §7 `returned: "request"`). */
function onRequestOf(resource: ResourceTypeDef): Selection[] {
  const pick = (attributes: readonly AttributeDef[], extension?: string) =>
    attributes.filter((a) => a.returned === 'request').map((a): Selection => ({ extension, attr: a.name }));
  return [...pick(resource.schema.attributes), ...resource.extensions.flatMap((e) => pick(e.attributes, e.id))];
}

function copySelection(from: ScimDocument, to: ScimDocument, s: Selection): void {
  if (s.wholeExtension) {
    if (from[s.extension!] !== undefined) to[s.extension!] = structuredClone(from[s.extension!]);
    return;
  }
  const source = s.extension ? (from[s.extension] as ScimDocument | undefined) : from;
  const value = source?.[s.attr];
  if (value === undefined) return;
  const target = s.extension ? ((to[s.extension] ??= {}) as ScimDocument) : to;
  if (s.sub === undefined) {
    target[s.attr] = structuredClone(value);
    return;
  }
  const sub = s.sub;
  if (Array.isArray(value)) {
    const existing = (target[s.attr] as ScimDocument[] | undefined) ?? value.map((): ScimDocument => ({}));
    value.forEach((element, i) => {
      const v = (element as ScimDocument)[sub];
      if (v !== undefined) existing[i]![sub] = structuredClone(v);
    });
    target[s.attr] = existing;
  } else if (typeof value === 'object' && value !== null) {
    const v = (value as ScimDocument)[sub];
    if (v !== undefined) target[s.attr] = { ...((target[s.attr] as ScimDocument | undefined) ?? {}), [sub]: structuredClone(v) };
  }
}

function removeSelection(doc: ScimDocument, s: Selection): void {
  if (s.wholeExtension) {
    delete doc[s.extension!];
    return;
  }
  const container = s.extension ? (doc[s.extension] as ScimDocument | undefined) : doc;
  if (!container) return;
  if (s.sub === undefined) {
    delete container[s.attr];
    return;
  }
  const value = container[s.attr];
  for (const element of Array.isArray(value) ? value : [value]) {
    if (element && typeof element === 'object') delete (element as ScimDocument)[s.sub];
  }
}
