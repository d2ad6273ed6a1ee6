/**
 * Extra checks of every response a route kit sends, for test runs
 * (`VALIDATE_RESPONSES=1`): the test setup registers the client contract here
 * (`test/contract/`), and the kit runs it on success and error bodies alike.
 *
 * The registry lives on `globalThis` under a registered symbol, not in a module
 * variable, because a test process may load the kit twice (once statically, once
 * through the local Lambda runtime's dynamic import) and both copies must see the
 * same checks. This module imports nothing, so a setup file can load it before
 * the environment is in place.
 */

/** Returns a problem to report, or undefined when the body is fine. */
export type ResponseCheck = (response: { route: string; method: string; path: string; status: number; body: unknown }) => string | undefined;

const REGISTRY = Symbol.for('provisioning.responseChecks');

function registry(): ResponseCheck[] {
  const holder = globalThis as unknown as Record<symbol, ResponseCheck[] | undefined>;
  return (holder[REGISTRY] ??= []);
}

/** Adds `check` once: a test worker that keeps its module cache runs the setup before every file. */
export function addResponseCheck(check: ResponseCheck): void {
  if (!registry().includes(check)) registry().push(check);
}

/** Every problem the registered checks find in one response. */
export const responseProblems = (response: Parameters<ResponseCheck>[0]): string[] =>
  registry()
    .map((check) => check(response))
    .filter((p): p is string => p !== undefined);
