/**
 * The SCIM-specific 4xx errors, each with the `scimType` RFC 7644 §3.12 gives it.
 */
import { BadRequestError, type ScimType } from '../errors/app-error.js';

export class ScimBadRequest extends BadRequestError {
  constructor(scimType: ScimType, code: string, message: string) {
    super(code, message, { scimType });
  }
}

export const invalidValue = (message: string) => new ScimBadRequest('invalidValue', 'scim.invalid_value', message);
export const invalidPath = (message: string) => new ScimBadRequest('invalidPath', 'scim.invalid_path', message);
export const noTarget = (message: string) => new ScimBadRequest('noTarget', 'scim.no_target', message);
export const mutability = (message: string) => new ScimBadRequest('mutability', 'scim.mutability', message);
export const invalidSyntax = (message: string) => new ScimBadRequest('invalidSyntax', 'scim.invalid_syntax', message);
export const tooMany = (message: string) => new ScimBadRequest('tooMany', 'scim.too_many', message);
