/**
 * Versions as weak ETags (`W/"3"`): `meta.version`, the ETag header, and the
 * If-Match / If-None-Match checks of RFC 7644 §3.14 and RFC 9110 §13.1.
 */
import { PreconditionFailedError } from '../errors/app-error.js';

export const etagOf = (version: number): string => `W/"${version}"`;

function tags(header: string): string[] {
  return header
    .split(',')
    .map((t) => t.trim())
    .filter(Boolean)
    .map((t) => t.replace(/^W\//i, ''));
}

/** True when an If-None-Match header names the current version (the GET answers 304). */
export function matchesNoneMatch(header: string | undefined, version: number): boolean {
  if (!header) return false;
  const current = `"${version}"`;
  return tags(header).some((t) => t === '*' || t === current);
}

/**
 * The version an If-Match header requires, undefined when there is no header or
 * it is `*`; a 412 when it names a version other than the current one.
 */
export function requiredVersion(header: string | undefined, currentVersion: number, what: string): number | undefined {
  if (!header) return undefined;
  const list = tags(header);
  if (list.includes('*')) return undefined;
  if (!list.includes(`"${currentVersion}"`)) {
    throw new PreconditionFailedError('scim.version_mismatch', `${what} has version ${etagOf(currentVersion)}, not ${header}`);
  }
  return currentVersion;
}
