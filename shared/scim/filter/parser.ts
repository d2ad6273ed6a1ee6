/**
 * Recursive-descent parser of RFC 7644 §3.4.2.2 filters, precedence
 * `not` > `and` > `or`, with positions in every error. Bounded against hostile
 * input: length, nesting depth and number of terms.
 *
 * Tolerated beyond the ABNF, because IdPs send them: unquoted values
 * (`externalId eq jyoung`), operators and keywords in any case, `not` without a
 * space before `(`, and a sub-attribute test after a value path
 * (`emails[type eq "work"].value eq "x"`).
 */
import { splitAttrPath } from '../schemas/resource-types.js';
import { COMPARE_OPS, type CompareOp, type Filter, type Literal, type Test } from './ast.js';
import { InvalidFilterError } from './filter-error.js';
import { tokenize, type Token } from './lexer.js';

export const MAX_FILTER_LENGTH = 4096;
export const MAX_FILTER_DEPTH = 16;
export const MAX_FILTER_TERMS = 100;

const ATTR_PATH = /^(?:urn:[A-Za-z0-9.:_-]+:)?[A-Za-z$][\w$-]*(?:\.[A-Za-z$][\w$-]*)?$/;
const SUB_ATTR = /^\.[A-Za-z$][\w$-]*$/;
const NUMBER = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?$/;
const KEYWORDS = new Set(['and', 'or', 'not', 'pr', ...COMPARE_OPS]);

export function parseFilter(input: string): Filter {
  if (input.length > MAX_FILTER_LENGTH) {
    throw new InvalidFilterError(`Invalid filter: longer than ${MAX_FILTER_LENGTH} characters`);
  }
  if (input.trim() === '') throw new InvalidFilterError('Invalid filter: empty');
  return new Parser(tokenize(input)).parse();
}

class Parser {
  private at = 0;
  private depth = 0;
  private terms = 0;

  constructor(private readonly tokens: Token[]) {}

  parse(): Filter {
    const filter = this.parseOr(false);
    const next = this.peek();
    if (next.kind !== 'end') this.fail(next, 'expected "and", "or" or the end of the filter');
    return filter;
  }

  private parseOr(inValuePath: boolean): Filter {
    let left = this.parseAnd(inValuePath);
    while (this.isWord('or')) {
      this.next();
      left = { kind: 'or', left, right: this.parseAnd(inValuePath) };
    }
    return left;
  }

  private parseAnd(inValuePath: boolean): Filter {
    let left = this.parseUnary(inValuePath);
    while (this.isWord('and')) {
      this.next();
      left = { kind: 'and', left, right: this.parseUnary(inValuePath) };
    }
    return left;
  }

  private parseUnary(inValuePath: boolean): Filter {
    const token = this.peek();
    if (this.isWord('not')) {
      this.next();
      return this.nested(token, () => {
        this.expect('(', 'expected "(" after "not"');
        const inner = this.parseOr(inValuePath);
        this.expect(')', 'expected ")"');
        return { kind: 'not', filter: inner } as const;
      });
    }
    if (token.kind === '(') {
      this.next();
      return this.nested(token, () => {
        const inner = this.parseOr(inValuePath);
        this.expect(')', 'expected ")"');
        return inner;
      });
    }
    return this.parseAttributeExpression(inValuePath);
  }

  private parseAttributeExpression(inValuePath: boolean): Filter {
    const token = this.next();
    if (token.kind !== 'word' || KEYWORDS.has(token.text.toLowerCase())) this.fail(token, 'expected an attribute name');
    if (!ATTR_PATH.test(token.text)) this.fail(token, `"${token.text}" is not a valid attribute path`);
    if (++this.terms > MAX_FILTER_TERMS) this.fail(token, `more than ${MAX_FILTER_TERMS} terms`);
    const path = splitAttrPath(token.text);
    if (this.peek().kind === '[') {
      if (inValuePath) this.fail(this.peek(), 'value paths cannot be nested');
      if (path.sub !== undefined) this.fail(token, 'a value path applies to an attribute, not a sub-attribute');
      const open = this.next();
      const inner = this.nested(open, () => this.parseOr(true));
      this.expect(']', 'expected "]"');
      const subToken = this.peek();
      if (subToken.kind === 'word' && SUB_ATTR.test(subToken.text)) {
        this.next();
        return { kind: 'valuePath', path, filter: inner, sub: subToken.text.slice(1), test: this.parseTest() };
      }
      return { kind: 'valuePath', path, filter: inner };
    }
    const test = this.parseTest();
    return test.op === 'pr' ? { kind: 'present', path } : { kind: 'compare', path, op: test.op, value: test.value };
  }

  private parseTest(): Test {
    const opToken = this.next();
    const op = opToken.kind === 'word' ? opToken.text.toLowerCase() : '';
    if (op === 'pr') return { op: 'pr' };
    if (!(COMPARE_OPS as readonly string[]).includes(op)) {
      this.fail(opToken, 'expected an operator (eq, ne, co, sw, ew, gt, ge, lt, le, pr)');
    }
    return { op: op as CompareOp, value: this.parseValue() };
  }

  private parseValue(): Literal {
    const token = this.next();
    if (token.kind === 'string') return token.value!;
    if (token.kind !== 'word') this.fail(token, 'expected a value');
    const lower = token.text.toLowerCase();
    if (lower === 'true') return true;
    if (lower === 'false') return false;
    if (lower === 'null') return null;
    if (NUMBER.test(token.text)) return Number(token.text);
    if (KEYWORDS.has(lower)) this.fail(token, 'expected a value');
    // An unquoted value (`externalId eq jyoung`): read as a string.
    return token.text;
  }

  private nested<T>(token: Token, body: () => T): T {
    if (++this.depth > MAX_FILTER_DEPTH) this.fail(token, `nested deeper than ${MAX_FILTER_DEPTH} levels`);
    const result = body();
    this.depth--;
    return result;
  }

  private isWord(word: string): boolean {
    const token = this.peek();
    return token.kind === 'word' && token.text.toLowerCase() === word;
  }

  private expect(kind: Token['kind'], message: string): Token {
    const token = this.next();
    if (token.kind !== kind) this.fail(token, message);
    return token;
  }

  private peek(): Token {
    return this.tokens[this.at]!;
  }

  private next(): Token {
    const token = this.tokens[this.at]!;
    if (token.kind !== 'end') this.at++;
    return token;
  }

  private fail(token: Token, message: string): never {
    const near = token.kind === 'end' ? 'at the end' : `at position ${token.pos} ("${token.text}")`;
    throw new InvalidFilterError(`Invalid filter ${near}: ${message}`);
  }
}
