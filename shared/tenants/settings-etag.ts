/**
 * Entity tags of a tenant's settings: the version as a weak tag (`W/"7"`), so a
 * settings page can send If-Match and never overwrite a change it did not see.
 */
import { BadRequestError } from '../errors/app-error.js';

export const settingsEtag = (version: number): string => `W/"${version}"`;

/** The version an If-Match header names; undefined when absent or `*`; a 400 when it names no version. */
export function versionFromIfMatch(header: string | undefined): number | undefined {
  if (header === undefined || header.trim() === '*') return undefined;
  const match = /^\s*(?:W\/)?"?(\d{1,15})"?\s*$/.exec(header);
  if (!match) {
    throw new BadRequestError('request.invalid_if_match', `If-Match must be an entity tag from GET, such as W/"3"; got ${JSON.stringify(header.slice(0, 64))}`);
  }
  return Number(match[1]);
}
