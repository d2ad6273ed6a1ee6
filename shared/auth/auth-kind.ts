/**
 * The credential a route demands (the route table names one per route):
 * - `public`: no credential (accepting an invite, the sign-in callback).
 * - `scim`: the bearer SCIM token of the tenant named in the path.
 * - `user`: a PAT or Cognito JWT of any active user of the tenant.
 * - `admin`: a PAT or Cognito JWT of an active tenant admin.
 */
export type AuthKind = 'public' | 'scim' | 'user' | 'admin';
