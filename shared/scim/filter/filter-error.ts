import { BadRequestError } from '../../errors/app-error.js';

/** 400 `invalidFilter`: the detail names the position or the term at fault. */
export class InvalidFilterError extends BadRequestError {
  constructor(message: string) {
    super('scim.invalid_filter', message, { scimType: 'invalidFilter' });
  }
}
