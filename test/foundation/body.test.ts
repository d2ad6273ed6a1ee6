import { describe, expect, it } from 'vitest';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { MAX_BODY_BYTES, MAX_JSON_DEPTH, readJsonBody } from '../../shared/http/body.js';
import { BadRequestError, PayloadTooLargeError, UnsupportedMediaTypeError } from '../../shared/errors/app-error.js';

const event = (body: string | undefined, contentType = 'application/json', isBase64Encoded = false) =>
  ({ body, headers: { 'content-type': contentType }, isBase64Encoded }) as unknown as APIGatewayProxyEventV2;

describe('readJsonBody', () => {
  it('reads JSON and SCIM JSON, with or without charset', () => {
    expect(readJsonBody(event('{"a":1}'))).toEqual({ a: 1 });
    expect(readJsonBody(event('{"a":1}', 'application/scim+json; charset=utf-8'))).toEqual({ a: 1 });
    expect(readJsonBody(event(Buffer.from('{"b":2}').toString('base64'), 'application/json', true))).toEqual({ b: 2 });
    expect(readJsonBody(event(undefined))).toBeUndefined();
  });

  it('answers malformed JSON with a 400 invalidSyntax that says why', () => {
    const error = (() => {
      try {
        readJsonBody(event('{"a":'));
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(BadRequestError);
    expect(error).toMatchObject({ status: 400, code: 'request.malformed_json', scimType: 'invalidSyntax' });
  });

  it('refuses other media types with 415', () => {
    expect(() => readJsonBody(event('a=b', 'application/x-www-form-urlencoded'))).toThrow(UnsupportedMediaTypeError);
  });

  it('refuses bodies over the limit with 413 before parsing', () => {
    const big = `"${'x'.repeat(MAX_BODY_BYTES)}"`;
    expect(() => readJsonBody(event(big))).toThrow(PayloadTooLargeError);
  });

  it('refuses nesting beyond the depth limit, but not brackets inside strings', () => {
    const deep = '['.repeat(MAX_JSON_DEPTH + 1) + ']'.repeat(MAX_JSON_DEPTH + 1);
    expect(() => readJsonBody(event(deep))).toThrow(/nests deeper/);
    const shallow = '['.repeat(MAX_JSON_DEPTH) + ']'.repeat(MAX_JSON_DEPTH);
    expect(readJsonBody(event(shallow))).toBeInstanceOf(Array);
    expect(readJsonBody(event(JSON.stringify({ s: '[[[[[[[[[[[[[[[['.repeat(10) + '\\"' })))).toHaveProperty('s');
  });
});
