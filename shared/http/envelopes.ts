/**
 * The two error envelopes, produced from one error model:
 * - admin API: `{statusCode, message, code, details}` (TrueFoundry's shape);
 * - SCIM: RFC 7644 §3.12, `status` as a string, `scimType` where one applies.
 */
import * as z from '../validation/zod.js';
import type { AppError, ErrorDetail } from '../errors/app-error.js';
import type { Envelope } from './route-table.js';

export const SCIM_ERROR_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:Error';
export const SCIM_MEDIA_TYPE = 'application/scim+json';

export interface AdminErrorBody {
  statusCode: number;
  message: string;
  code: string;
  details?: ErrorDetail[];
}

/** One entry of `details`: names what blocked (`field` of the request or `subject` in the tenant) and says why. */
export const ErrorDetailSchema = z.lazySchema(() =>
  z
    .looseObject({ field: z.optional(z.string()), subject: z.optional(z.string()), message: z.string().check(z.minLength(1)) })
    .check(z.refine((d) => d.field !== undefined || d.subject !== undefined, 'a detail names a field or a subject')),
);

/** The admin API's error body, for every status of every route. */
export const AdminErrorSchema = z.lazySchema(() =>
  z.object({
    statusCode: z.int(),
    message: z.string(),
    code: z.string(),
    details: z.optional(z.array(ErrorDetailSchema)),
  }),
);

export interface ScimErrorBody {
  schemas: [typeof SCIM_ERROR_SCHEMA];
  status: string;
  scimType?: string;
  detail: string;
}

export function errorBody(envelope: Envelope, error: Pick<AppError, 'status' | 'message' | 'code' | 'details' | 'scimType'>) {
  if (envelope === 'scim') return scimErrorBody(error);
  const body: AdminErrorBody = { statusCode: error.status, message: error.message, code: error.code };
  if (error.details !== undefined) body.details = error.details;
  return body;
}

/** The SCIM error envelope (RFC 7644 §3.12), which carries no code: also one Bulk operation's answer. */
export function scimErrorBody(error: Pick<AppError, 'status' | 'message' | 'scimType'>): ScimErrorBody {
  const body: ScimErrorBody = { schemas: [SCIM_ERROR_SCHEMA], status: String(error.status), detail: error.message };
  if (error.scimType) body.scimType = error.scimType;
  return body;
}

export const contentTypeOf = (envelope: Envelope) => (envelope === 'scim' ? `${SCIM_MEDIA_TYPE}; charset=utf-8` : 'application/json; charset=utf-8');
