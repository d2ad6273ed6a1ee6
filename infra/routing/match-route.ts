/**
 * Route matching as API Gateway HTTP APIs do it: a request matches a route when
 * the method and every path segment match; among several matching routes the
 * most specific wins, comparing segment by segment from the left (a static
 * segment beats a `{param}`, which beats a greedy `{param+}`). Paths are
 * case-sensitive and a trailing slash is a segment of its own.
 */
import type { HttpMethod, RouteDefinition } from '../../shared/http/route-table.js';

/** A matched route and its URL-decoded path parameters. */
export interface RouteMatch<R extends RouteDefinition = RouteDefinition> {
  route: R;
  pathParameters: Record<string, string>;
}

type Segment = { kind: 'static'; value: string } | { kind: 'param'; name: string } | { kind: 'greedy'; name: string };

const RANK = { static: 0, param: 1, greedy: 2 } as const;

/**
 * The route serving `method rawPath`, or why there is none: `not-found` when no
 * route has the path, `method-not-allowed` (with the path's methods) when only the
 * method is wrong.
 */
export function matchRoute<R extends RouteDefinition>(
  routes: readonly R[],
  method: string,
  rawPath: string,
): ({ outcome: 'matched' } & RouteMatch<R>) | { outcome: 'not-found' } | { outcome: 'method-not-allowed'; allowed: HttpMethod[] } {
  const requestSegments = rawPath.split('/').slice(1);
  const candidates: Array<{ route: R; segments: Segment[]; params: Record<string, string> }> = [];
  for (const route of routes) {
    const segments = parsePath(route.path);
    const params = matchSegments(segments, requestSegments);
    if (params) candidates.push({ route, segments, params });
  }
  if (candidates.length === 0) return { outcome: 'not-found' };
  // The method is part of the route key: only routes with the request's method compete on specificity.
  const withMethod = candidates.filter((c) => c.route.method === method.toUpperCase());
  if (withMethod.length === 0) {
    return { outcome: 'method-not-allowed', allowed: [...new Set(candidates.map((c) => c.route.method))] };
  }
  withMethod.sort((a, b) => compareSpecificity(a.segments, b.segments));
  const hit = withMethod[0]!;
  return { outcome: 'matched', route: hit.route, pathParameters: hit.params };
}

/** `METHOD /path/{param}`, as API Gateway puts it in `event.routeKey`. */
export const routeKeyOf = (route: Pick<RouteDefinition, 'method' | 'path'>): string => `${route.method} ${route.path}`;

function parsePath(path: string): Segment[] {
  return path
    .split('/')
    .slice(1)
    .map((part): Segment => {
      const param = /^\{([^}]+?)(\+?)\}$/.exec(part);
      if (!param) return { kind: 'static', value: part };
      return param[2] ? { kind: 'greedy', name: param[1]! } : { kind: 'param', name: param[1]! };
    });
}

function matchSegments(segments: Segment[], request: string[]): Record<string, string> | undefined {
  const params: Record<string, string> = {};
  for (let i = 0; i < segments.length; i++) {
    const segment = segments[i]!;
    if (segment.kind === 'greedy') {
      const rest = request.slice(i);
      if (rest.length === 0 || rest.join('/') === '') return undefined;
      params[segment.name] = decode(rest.join('/'));
      return params;
    }
    const part = request[i];
    if (part === undefined) return undefined;
    if (segment.kind === 'static') {
      if (part !== segment.value) return undefined;
    } else {
      if (part === '') return undefined;
      params[segment.name] = decode(part);
    }
  }
  return segments.length === request.length ? params : undefined;
}

function compareSpecificity(a: Segment[], b: Segment[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const left = a[i];
    const right = b[i];
    if (!left || !right) return left ? -1 : 1;
    const diff = RANK[left.kind] - RANK[right.kind];
    if (diff !== 0) return diff;
  }
  return 0;
}

function decode(part: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    return part;
  }
}
