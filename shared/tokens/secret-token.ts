/**
 * Bearer secrets (PATs, SCIM tokens, invite and reset tokens): 256 bits of
 * randomness behind a recognisable prefix, with a CRC32 checksum so secret
 * scanners can tell a real token from noise without calling us. Only the SHA-256
 * of a token is stored; a high-entropy token needs no salt or slow hash.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

export type SecretKind = 'pat' | 'scim' | 'invite' | 'reset';

const PREFIX: Record<SecretKind, string> = {
  pat: 'prv_pat_',
  scim: 'prv_scim_',
  invite: 'prv_inv_',
  reset: 'prv_rst_',
};

const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

export interface IssuedSecret {
  /** The secret itself: shown once, never stored. */
  token: string;
  /** SHA-256 hex of the token: the only form that is stored. */
  hash: string;
  /** What the UI shows to recognise the token (prefix and first characters). */
  displayPrefix: string;
  last4: string;
}

export function issueSecret(kind: SecretKind): IssuedSecret {
  return secretFromBytes(kind, randomBytes(32));
}

/** A token of the kind's format built from 32 given bytes (HMAC-derived invite and reset links). */
export function secretFromBytes(kind: SecretKind, bytes: Buffer): IssuedSecret {
  const body = toBase62(bytes).padStart(43, '0');
  const token = `${PREFIX[kind]}${body}${checksum(body)}`;
  return { token, hash: hashSecret(token), displayPrefix: token.slice(0, PREFIX[kind].length + 4), last4: token.slice(-4) };
}

export const hashSecret = (token: string): string => createHash('sha256').update(token, 'utf8').digest('hex');

/** True when the string has the kind's prefix, length and a valid checksum (cheap rejection before any read). */
export function isWellFormedSecret(token: string, kind: SecretKind): boolean {
  const prefix = PREFIX[kind];
  if (!token.startsWith(prefix) || token.length !== prefix.length + 43 + 6) return false;
  const body = token.slice(prefix.length, prefix.length + 43);
  return checksum(body) === token.slice(prefix.length + 43);
}

export const secretKindOf = (token: string): SecretKind | undefined => (Object.keys(PREFIX) as SecretKind[]).find((kind) => token.startsWith(PREFIX[kind]));

/** Constant-time comparison of two hex digests of equal length. */
export function sameDigest(a: string, b: string): boolean {
  const left = Buffer.from(a, 'hex');
  const right = Buffer.from(b, 'hex');
  return left.length === right.length && left.length > 0 && timingSafeEqual(left, right);
}

function toBase62(bytes: Buffer): string {
  let n = BigInt(`0x${bytes.toString('hex')}`);
  let out = '';
  while (n > 0n) {
    out = ALPHABET[Number(n % 62n)] + out;
    n /= 62n;
  }
  return out;
}

function checksum(body: string): string {
  return toBase62Fixed(crc32(body), 6);
}

function toBase62Fixed(n: number, width: number): string {
  let out = '';
  let v = n;
  for (let i = 0; i < width; i++) {
    out = ALPHABET[v % 62] + out;
    v = Math.floor(v / 62);
  }
  return out;
}

const CRC_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let i = 0; i < 256; i++) {
    let c = i;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[i] = c >>> 0;
  }
  return t;
})();

function crc32(text: string): number {
  let crc = 0xffffffff;
  for (let i = 0; i < text.length; i++) crc = CRC_TABLE[(crc ^ text.charCodeAt(i)) & 0xff]! ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}
