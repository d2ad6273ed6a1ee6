/**
 * The router bound to the browser: `navigate` pushes history entries, and
 * `useLocation` re-renders on pushes and on back/forward.
 */
import { useSyncExternalStore } from 'react';

const listeners = new Set<() => void>();
const notify = () => listeners.forEach((listener) => listener());

window.addEventListener('popstate', notify);

/** Goes to an in-console path (`/teams?x=1`) without reloading the page. */
export function navigate(path: string, options: { replace?: boolean } = {}): void {
  const current = `${location.pathname}${location.search}`;
  if (path === current) return;
  if (options.replace) history.replaceState(null, '', path);
  else history.pushState(null, '', path);
  notify();
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

const snapshot = () => `${location.pathname}${location.search}`;

/** The current path and query, e.g. `/users?x=1`; components re-render when it changes. */
export function useLocation(): { pathname: string; search: URLSearchParams; href: string } {
  const href = useSyncExternalStore(subscribe, snapshot);
  const url = new URL(href, location.origin);
  return { pathname: url.pathname, search: url.searchParams, href };
}
