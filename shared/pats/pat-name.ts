/**
 * The PAT name rule: 3 to 36 characters, lowercase letters, digits and "-",
 * starting with a letter and ending with a letter or digit (it shows up in
 * audit logs and CLI config files, so it stays a plain slug). Unique per user.
 */
import * as z from '../validation/zod.js';

export const PAT_NAME_PATTERN = /^[a-z][a-z0-9-]{1,34}[a-z0-9]$/;
export const PAT_NAME_RULE =
  'token names are 3 to 36 characters of lowercase letters, digits and "-", starting with a letter and ending with a letter or digit';

export const PatName = z.string().check(z.regex(PAT_NAME_PATTERN, PAT_NAME_RULE));
