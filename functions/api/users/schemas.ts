/** Request and response schemas shared by the admin users routes (TrueFoundry's shapes). */
import * as z from '../../../shared/validation/zod.js';
import { TENANT_ROLES } from '../../../shared/users/user.js';
import { UserView } from '../../../shared/users/user-view.js';

export const Email = z.lazySchema(() =>
  z.string().check(z.trim(), z.minLength(1, 'email is required'), z.maxLength(254), z.email('must be a valid email address')),
);
export const ClientUrl = z.lazySchema(() => z.url({ protocol: /^https?$/, error: 'must be an absolute http(s) URL' }));
export const Limit = z.lazySchema(() =>
  z._default(
    z.coerce.number({ error: 'must be an integer' }).check(z.int('must be an integer'), z.gte(1, 'must be at least 1'), z.lte(1000, 'must be at most 1000')),
    100,
  ),
);
export const Offset = z.lazySchema(() =>
  z._default(z.coerce.number({ error: 'must be an integer' }).check(z.int('must be an integer'), z.gte(0, 'must be 0 or more')), 0),
);
/** Query-string booleans as clients send them. */
export const QueryBoolean = z.lazySchema(() =>
  z.pipe(
    z._default(z.enum(['true', 'false'], { error: 'must be true or false' }), 'false'),
    z.transform((v: 'true' | 'false') => v === 'true'),
  ),
);
export const TenantRoleName = z.lazySchema(() => z.enum(TENANT_ROLES as [string, ...string[]], { error: `must be one of ${TENANT_ROLES.join(', ')}` }));

/** The invitee's name, as SCIM has it: both parts optional. */
export const InviteeName = z.lazySchema(() => {
  const part = z.optional(z.string().check(z.trim(), z.maxLength(100, 'must be at most 100 characters')));
  return z.optional(z.strictObject({ givenName: part, familyName: part }));
});

/** Control, formatting and line-separator characters: never part of a name a person types. */
const NOT_IN_A_NAME = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/u;
/** A person's own name, typed on a public page: a given or a family name, each plain text of at most 100 characters. */
export const OwnName = z.lazySchema(() => {
  const part = z.optional(
    z.string().check(
      z.trim(),
      z.maxLength(100, 'must be at most 100 characters'),
      z.refine((v) => !NOT_IN_A_NAME.test(v), 'must not contain control or invisible formatting characters'),
    ),
  );
  return z
    .strictObject({ givenName: part, familyName: part })
    .check(z.refine((n) => Boolean(n.givenName || n.familyName), { message: 'a given or a family name is required', path: ['givenName'] }));
});

export const Pagination = z.lazySchema(() => z.object({ total: z.int(), offset: z.int(), limit: z.int() }));
export const UserResponse = z.lazySchema(() => z.object({ data: UserView }));
export const UserListResponse = z.lazySchema(() => z.object({ data: z.array(UserView), pagination: Pagination }));
export const MessageResponse = z.lazySchema(() => z.object({ data: z.object({ message: z.string() }) }));
export { AdminErrorSchema as ErrorResponse } from '../../../shared/http/envelopes.js';
