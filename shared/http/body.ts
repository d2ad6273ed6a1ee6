/**
 * Request body reading for API Gateway HTTP API (v2) events: size limit, media
 * type and JSON syntax, each failing with its own 4xx before any handler runs.
 */
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { BadRequestError, PayloadTooLargeError, UnsupportedMediaTypeError } from '../errors/app-error.js';
import { headerOf } from '../lambda/headers.js';

/** The most a request body may hold (advertised as SCIM `bulk.maxPayloadSize`). */
export const MAX_BODY_BYTES = 1_048_576;
/** JSON nested deeper than this is refused before it is walked. */
export const MAX_JSON_DEPTH = 64;

const JSON_MEDIA_TYPES = new Set(['application/json', 'application/scim+json']);

export function readJsonBody(event: APIGatewayProxyEventV2): unknown {
  const raw = event.body;
  if (raw === undefined || raw === null || raw === '') return undefined;
  const text = event.isBase64Encoded ? Buffer.from(raw, 'base64').toString('utf8') : raw;
  if (Buffer.byteLength(text, 'utf8') > MAX_BODY_BYTES) {
    throw new PayloadTooLargeError('request.too_large', `Request body exceeds ${MAX_BODY_BYTES} bytes`);
  }
  const contentType = headerOf(event, 'content-type');
  const mediaType = contentType?.split(';')[0]?.trim().toLowerCase();
  if (mediaType && !JSON_MEDIA_TYPES.has(mediaType)) {
    throw new UnsupportedMediaTypeError(
      'request.unsupported_media_type',
      `Content-Type ${mediaType} is not accepted; send application/json or application/scim+json`,
    );
  }
  assertDepth(text);
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new BadRequestError('request.malformed_json', `Request body is not valid JSON: ${(error as Error).message}`, {
      scimType: 'invalidSyntax',
    });
  }
}

/** Counts bracket depth outside strings, so a hostile `[[[[...` never reaches JSON.parse's recursion. */
function assertDepth(text: string): void {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92 /* \ */) i++;
      else if (c === 34 /* " */) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 123 || c === 91) {
      if (++depth > MAX_JSON_DEPTH) {
        throw new BadRequestError('request.too_deep', `Request body nests deeper than ${MAX_JSON_DEPTH} levels`, {
          scimType: 'invalidSyntax',
        });
      }
    } else if (c === 125 || c === 93) depth--;
  }
}
