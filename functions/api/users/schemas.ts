/** Request and response schemas shared by the admin users routes (TrueFoundry's shapes). */
import * as z from 'zod';
import { TENANT_ROLES } from '../../../shared/users/user.js';
import { UserView } from '../../../shared/users/user-view.js';

export const Email = z.string().trim().min(1, 'email is required').max(254).email('must be a valid email address');
export const ClientUrl = z.url({ protocol: /^https?$/, error: 'must be an absolute http(s) URL' });
export const Limit = z.coerce.number().int('must be an integer').min(1, 'must be at least 1').max(1000, 'must be at most 1000').default(100);
export const Offset = z.coerce.number().int('must be an integer').min(0, 'must be 0 or more').default(0);
/** Query-string booleans as clients send them. */
export const QueryBoolean = z
  .enum(['true', 'false'], { error: 'must be true or false' })
  .default('false')
  .transform((v) => v === 'true');
export const TenantRoleName = z.enum(TENANT_ROLES as [string, ...string[]], { error: `must be one of ${TENANT_ROLES.join(', ')}` });

export const Pagination = z.object({ total: z.number().int(), offset: z.number().int(), limit: z.number().int() });
export const UserResponse = z.object({ data: UserView });
export const UserListResponse = z.object({ data: z.array(UserView), pagination: Pagination });
export const MessageResponse = z.object({ data: z.object({ message: z.string() }) });
export const ErrorResponse = z.object({
  statusCode: z.number().int(),
  message: z.string(),
  code: z.string(),
  details: z.unknown().optional(),
});
