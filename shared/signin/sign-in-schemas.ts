/** Query and response schemas of the browser sign-in routes. */
import * as z from 'zod';
import { TenantId } from '../tenants/tenant.js';

export const SignInParams = z.object({ tenantId: TenantId });

/** Only a path of ours: an absolute or protocol-relative URL would make the login an open redirect. */
export const ReturnTo = z
  .string()
  .max(512)
  .regex(/^\/(?![/\\])[^\s]*$/, 'returnTo must be a path starting with a single "/"');

export const LoginQuery = z.object({ returnTo: ReturnTo.optional() });

export const CallbackQuery = z
  .object({
    state: z.string().min(16, 'state is missing or too short').max(512),
    code: z.string().min(1).max(4096).optional(),
    error: z.string().max(256).optional(),
    error_description: z.string().max(2048).optional(),
  })
  .refine((q) => q.code !== undefined || q.error !== undefined, { message: 'the callback needs a code or an error', path: ['code'] });

export const SignedInResponse = z.object({
  signedIn: z.literal(true),
  tenantId: z.string(),
  outcome: z.enum(['existing', 'created', 'linked', 'allowed']),
  user: z.object({
    id: z.string(),
    userName: z.string(),
    email: z.string().optional(),
    displayName: z.string().optional(),
    role: z.enum(['tenant-admin', 'tenant-member']),
    source: z.enum(['scim', 'jit', 'invite', 'seed']),
  }),
  session: z.object({ idToken: z.string(), expiresAt: z.string().optional() }),
});
