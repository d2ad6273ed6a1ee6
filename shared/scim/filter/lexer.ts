/**
 * Tokenizer of SCIM filters. Words are runs of anything but blanks, brackets,
 * parentheses and quotes, so URN-qualified paths (`urn:...:2.0:User:name.givenName`)
 * and unquoted values (`externalId eq jyoung`, sent by some IdPs) are one token.
 * Every token keeps its offset for error messages.
 */
import { InvalidFilterError } from './filter-error.js';

export type TokenKind = 'word' | 'string' | '(' | ')' | '[' | ']' | 'end';

export interface Token {
  kind: TokenKind;
  text: string;
  /** The decoded value of a string token. */
  value?: string;
  pos: number;
}

const SPECIAL = new Set(['(', ')', '[', ']']);

export function tokenize(input: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < input.length) {
    const c = input[i]!;
    // Exactly the characters the word scanner below stops at: skipping fewer made it loop forever (OOM).
    if (/\s/.test(c)) {
      i++;
    } else if (SPECIAL.has(c)) {
      tokens.push({ kind: c as TokenKind, text: c, pos: i });
      i++;
    } else if (c === '"') {
      const start = i;
      i++;
      while (i < input.length && input[i] !== '"') i += input[i] === '\\' ? 2 : 1;
      if (i >= input.length) throw new InvalidFilterError(`Invalid filter: unterminated string starting at position ${start}`);
      i++;
      const text = input.slice(start, i);
      let value: string;
      try {
        value = JSON.parse(text) as string;
      } catch {
        throw new InvalidFilterError(`Invalid filter: malformed string ${text} at position ${start}`);
      }
      tokens.push({ kind: 'string', text, value, pos: start });
    } else {
      const start = i;
      while (i < input.length && !/[\s()[\]"]/.test(input[i]!)) i++;
      tokens.push({ kind: 'word', text: input.slice(start, i), pos: start });
    }
  }
  tokens.push({ kind: 'end', text: '', pos: input.length });
  return tokens;
}
