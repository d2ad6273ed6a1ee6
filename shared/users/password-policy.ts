/** The password policy, one place: zod at the edges and the domain both use it. */
import * as z from '../validation/zod.js';

export const PASSWORD_MIN_LENGTH = 8;
/** Cognito's own maximum. */
export const PASSWORD_MAX_LENGTH = 256;

export const Password = z
  .string()
  .check(
    z.minLength(PASSWORD_MIN_LENGTH, `password must be at least ${PASSWORD_MIN_LENGTH} characters`),
    z.maxLength(PASSWORD_MAX_LENGTH, `password must be at most ${PASSWORD_MAX_LENGTH} characters`),
  );
