/**
 * The console's routes: a fixed table of paths, matched exactly (a trailing
 * slash is ignored). The static host answers index.html for every path, so a
 * deep link or a reload lands here and is matched the same way. Kept free of
 * the DOM so it can be tested in Node; `navigation.ts` binds it to history.
 */

export type RouteName =
  'sign-in' | 'users' | 'user' | 'teams' | 'team' | 'provisioning' | 'tokens' | 'audit' | 'webhooks' | 'accept-invite' | 'reset-password' | 'not-found';

export interface RouteInfo {
  name: RouteName;
  path: string;
  /** Public routes render without a session (sign-in, accepting an invite, resetting a password). */
  public: boolean;
  /** The page's one `<h1>` and document title. */
  title: string;
}

export const ROUTES: Readonly<Record<Exclude<RouteName, 'not-found'>, RouteInfo>> = {
  'sign-in': { name: 'sign-in', path: '/sign-in', public: true, title: 'Sign in' },
  users: { name: 'users', path: '/users', public: false, title: 'Users' },
  /** A user's page, `/users/{id}`: matched by pattern, not in the table of exact paths. */
  user: { name: 'user', path: '/users/{id}', public: false, title: 'User' },
  teams: { name: 'teams', path: '/teams', public: false, title: 'Teams' },
  /** A team's page, `/teams/{id}`: matched by pattern, as a user's page is. */
  team: { name: 'team', path: '/teams/{id}', public: false, title: 'Team' },
  provisioning: { name: 'provisioning', path: '/settings/provisioning', public: false, title: 'Provisioning' },
  tokens: { name: 'tokens', path: '/tokens', public: false, title: 'Personal access tokens' },
  audit: { name: 'audit', path: '/audit', public: false, title: 'Audit log' },
  webhooks: { name: 'webhooks', path: '/settings/webhooks', public: false, title: 'Webhooks' },
  'accept-invite': { name: 'accept-invite', path: '/accept-invite', public: true, title: 'Accept invite' },
  'reset-password': { name: 'reset-password', path: '/reset-password', public: true, title: 'Reset password' },
};

const NOT_FOUND: RouteInfo = { name: 'not-found', path: '', public: true, title: 'Page not found' };

/** Where a signed-in person lands by default. */
export const HOME_PATH = ROUTES.users.path;

const byPath = new Map(
  Object.values(ROUTES)
    .filter((r) => !r.path.includes('{'))
    .map((r) => [r.path, r]),
);

/** One path segment of an id: anything but a slash (ids are opaque to the console). */
const USER_PATH = /^\/users\/([^/]+)$/;
const TEAM_PATH = /^\/teams\/([^/]+)$/;

/** The path of a user's page. */
export const userPath = (userId: string): string => `/users/${encodeURIComponent(userId)}`;

/** The user id a `/users/{id}` pathname names, else undefined. */
export const userIdOf = (pathname: string): string | undefined => idIn(USER_PATH, pathname);

/** The path of a team's page. */
export const teamPath = (teamId: string): string => `/teams/${encodeURIComponent(teamId)}`;

/** The team id a `/teams/{id}` pathname names, else undefined. */
export const teamIdOf = (pathname: string): string | undefined => idIn(TEAM_PATH, pathname);

function idIn(pattern: RegExp, pathname: string): string | undefined {
  const match = pattern.exec(normalizePath(pathname));
  if (!match) return undefined;
  try {
    return decodeURIComponent(match[1]!);
  } catch {
    return undefined;
  }
}

/** The route of a pathname; `/` is the home page; anything unknown is `not-found`. */
export function matchRoute(pathname: string): RouteInfo {
  const path = normalizePath(pathname);
  if (path === '/') return ROUTES.users;
  if (userIdOf(path) !== undefined) return ROUTES.user;
  if (teamIdOf(path) !== undefined) return ROUTES.team;
  return byPath.get(path) ?? NOT_FOUND;
}

function normalizePath(pathname: string): string {
  const path = pathname.split(/[?#]/)[0] ?? '/';
  const trimmed = path.length > 1 ? path.replace(/\/+$/, '') : path;
  return trimmed || '/';
}

/**
 * `value` if it is a path of this console that is safe to return to after
 * sign-in, else the home path. Only same-origin absolute paths pass: no scheme,
 * no `//host`, no backslash tricks, and never back to a public page.
 */
export function safeReturnTo(value: string | null | undefined): string {
  if (!value || !value.startsWith('/') || value.startsWith('//') || value.includes('\\')) return HOME_PATH;
  if ([...value].some((c) => c.charCodeAt(0) < 0x20)) return HOME_PATH;
  const route = matchRoute(value);
  return route.public ? HOME_PATH : value;
}

/** The sign-in path that comes back to `returnTo` (omitted for the home page). */
export function signInPath(returnTo?: string, extra: Record<string, string> = {}): string {
  const params = new URLSearchParams(extra);
  const target = returnTo ? safeReturnTo(returnTo) : HOME_PATH;
  if (target !== HOME_PATH) params.set('returnTo', target);
  const query = params.toString();
  return `${ROUTES['sign-in'].path}${query ? `?${query}` : ''}`;
}
