/**
 * The SCIM-specific 4xx errors; each code's registry entry gives it the
 * `scimType` RFC 7644 §3.12 names.
 */
import { BadRequestError } from '../errors/app-error.js';

export const invalidValue = (message: string) => new BadRequestError('scim.invalid_value', message);
export const invalidPath = (message: string) => new BadRequestError('scim.invalid_path', message);
export const noTarget = (message: string) => new BadRequestError('scim.no_target', message);
export const mutability = (message: string) => new BadRequestError('scim.mutability', message);
export const invalidSyntax = (message: string) => new BadRequestError('scim.invalid_syntax', message);
export const tooMany = (message: string) => new BadRequestError('scim.too_many', message);
