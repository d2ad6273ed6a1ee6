/**
 * The identity strings of a user: the `userName` and the email addresses. Two
 * strings that a person cannot tell apart must name one user, so every path that
 * creates, changes or looks up a user (SCIM, the admin API's invite, JIT sign-in,
 * tenant seeding) passes them through this module, and every key is built with
 * {@link identityKey}.
 *
 * The rule:
 * - a value is stored in Unicode NFC with surrounding whitespace trimmed, its
 *   case kept as sent (NFC also turns compatibility look-alikes that have a
 *   canonical decomposition into their letter: the Kelvin sign K is K);
 * - a value holding a control character, an invisible formatting character
 *   (General Category Cf: zero-width spaces and joiners, the BOM, soft hyphen,
 *   every bidi control), a line or paragraph separator, any whitespace other than
 *   U+0020, or an unpaired surrogate is refused;
 * - an email must be an address (`local@domain`, RFC 5321 dot-atom local part
 *   with the UTF-8 letters RFC 6531 allows, domain labels of letters, digits and
 *   inner hyphens);
 * - keys compare the stored value with the Unicode default lower-case mapping
 *   (`String.prototype.toLowerCase`, locale independent).
 *
 * Keys written before this rule lower-cased the value as sent. For every value
 * stored under this rule the old key and the new one are the same string, so a
 * stored item's markers are at {@link storedIdentityKey}; a value stored before
 * the rule may differ from its normal form, and lookups and creates also try the
 * key of the raw form ({@link legacyIdentityKey}) so such items keep blocking
 * duplicates and being found.
 */
import { BadRequestError } from '../errors/app-error.js';

/** Longest userName accepted. */
export const MAX_USER_NAME_LENGTH = 256;
/** RFC 5321 caps a path at 256 octets, so a mailbox at 254 characters. */
export const MAX_EMAIL_LENGTH = 254;
const MAX_LOCAL_PART_BYTES = 64;
const MAX_DOMAIN_LABEL_LENGTH = 63;

/** A value that is not an acceptable identity string; 400 `invalidValue` in SCIM. */
export class InvalidIdentityStringError extends BadRequestError {
  constructor(code: 'user.invalid_user_name' | 'user.invalid_email', message: string) {
    super(code, message, { scimType: 'invalidValue' });
  }
}

const FORBIDDEN = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]|[^\S ]/u;
/** Trims Unicode White_Space only: a BOM or zero-width space at an end is refused, never silently dropped. */
const trimSpace = (value: string): string => value.replace(/^\p{White_Space}+|\p{White_Space}+$/gu, '');
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Why a character is refused, for the error message (code point shown, never the raw character). */
function describe(char: string): string {
  const code = `U+${char.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
  if (/\p{Cc}/u.test(char)) return `the control character ${code}`;
  if (/\p{Cf}/u.test(char)) return `the invisible formatting character ${code}`;
  return `the whitespace character ${code}`;
}

/** NFC, trimmed; refuses what no identity string may hold. `label` names the attribute in the error. */
function normalizeText(value: string, label: string, code: 'user.invalid_user_name' | 'user.invalid_email'): string {
  if (LONE_SURROGATE.test(value)) throw new InvalidIdentityStringError(code, `Attribute "${label}" holds an unpaired UTF-16 surrogate`);
  const normal = trimSpace(value.normalize('NFC'));
  const bad = FORBIDDEN.exec(normal);
  if (bad) throw new InvalidIdentityStringError(code, `Attribute "${label}" holds ${describe(bad[0])}, which no user name or email may contain`);
  if (normal === '') throw new InvalidIdentityStringError(code, `Attribute "${label}" is empty`);
  return normal;
}

/**
 * The stored form of a userName: NFC, trimmed, case kept. Throws
 * {@link InvalidIdentityStringError} naming `label` when it cannot be one.
 */
export function normalizeUserName(value: string, label = 'userName'): string {
  const normal = normalizeText(value, label, 'user.invalid_user_name');
  if (normal.length > MAX_USER_NAME_LENGTH) {
    throw new InvalidIdentityStringError('user.invalid_user_name', `Attribute "${label}" is longer than ${MAX_USER_NAME_LENGTH} characters`);
  }
  return normal;
}

const ATEXT = /^[\p{L}\p{M}\p{N}!#$%&'*+/=?^_`{|}~-]+$/u;
const LABEL = /^[\p{L}\p{M}\p{N}](?:[\p{L}\p{M}\p{N}-]*[\p{L}\p{M}\p{N}])?$/u;

/**
 * The stored form of an email address: NFC, trimmed, case kept, and a syntactically
 * valid address. Throws {@link InvalidIdentityStringError} naming `label` otherwise.
 */
export function normalizeEmail(value: string, label = 'email'): string {
  const normal = normalizeText(value, label, 'user.invalid_email');
  const invalid = (why: string) => new InvalidIdentityStringError('user.invalid_email', `Attribute "${label}" is not an email address: ${why}`);
  if (normal.length > MAX_EMAIL_LENGTH) throw invalid(`it is longer than ${MAX_EMAIL_LENGTH} characters`);
  const at = normal.lastIndexOf('@');
  if (at < 0) throw invalid('it has no "@"');
  const local = normal.slice(0, at);
  const domain = normal.slice(at + 1);
  if (local === '') throw invalid('nothing precedes the "@"');
  if (Buffer.byteLength(local, 'utf8') > MAX_LOCAL_PART_BYTES) throw invalid(`the part before "@" is longer than ${MAX_LOCAL_PART_BYTES} bytes`);
  if (!local.split('.').every((atom) => ATEXT.test(atom))) {
    throw invalid('the part before "@" must be dot-separated runs of letters, digits and !#$%&\'*+/=?^_`{|}~-');
  }
  if (domain === '') throw invalid('nothing follows the "@"');
  const labels = domain.split('.');
  if (!labels.every((l) => l.length <= MAX_DOMAIN_LABEL_LENGTH && LABEL.test(l))) {
    throw invalid('the domain must be dot-separated labels of letters, digits and inner hyphens');
  }
  return normal;
}

/** Whether a value is an email address under {@link normalizeEmail}. */
export function isEmailAddress(value: string): boolean {
  try {
    normalizeEmail(value);
    return true;
  } catch (error) {
    if (error instanceof InvalidIdentityStringError) return false;
    throw error;
  }
}

/**
 * The one case fold: NFC, then the Unicode default lower-case mapping (locale
 * independent). Case-insensitive comparisons (SCIM filters on attributes that are
 * not `caseExact`) use it, so canonically equivalent strings compare equal.
 */
export function caseFold(value: string): string {
  return value.normalize('NFC').toLowerCase();
}

/**
 * The key of an identity string: {@link caseFold} of the trimmed value. Every
 * uniqueness marker and index key of a userName or email is built from it.
 */
export function identityKey(value: string): string {
  return caseFold(trimSpace(value));
}

/**
 * The key an item stored with this value sits under. Every value stored under the
 * rule is normal, so this is its {@link identityKey}; a value stored before the rule
 * keeps the key it was written with (lower-cased as sent), so its markers are found
 * and moved by the write that first changes it.
 */
export function storedIdentityKey(stored: string): string {
  return stored.toLowerCase();
}

/**
 * Keys items stored before the rule may sit under for a value an IdP sends now,
 * beside its {@link identityKey}: the value lower-cased as sent (an IdP that
 * stored `jose\u0301` looks it up the same way), and for a create, its
 * decomposed (NFD) form, the one non-NFC form clients commonly send.
 */
export function legacyIdentityKeys(value: string): string[] {
  const key = identityKey(value);
  return [...new Set([value.toLowerCase(), value.normalize('NFD').toLowerCase()])].filter((k) => k !== key);
}
