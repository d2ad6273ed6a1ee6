/**
 * The client URLs invite and reset mails link to: this console's public page,
 * naming the signed-in tenant. The page passes the tenant on when it asks what
 * the link is for (the API refuses a token of another tenant) and prefills it
 * on the sign-in page it offers afterwards.
 */
import { ROUTES } from '../../router.js';
import { loadSession } from '../../session/store.js';

export function linkPageUrl(route: 'accept-invite' | 'reset-password'): string {
  const url = new URL(ROUTES[route].path, location.origin);
  const tenantId = loadSession()?.tenantId;
  if (tenantId) url.searchParams.set('tenant', tenantId);
  return url.toString();
}
