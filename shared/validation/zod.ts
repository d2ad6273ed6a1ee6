/**
 * The one zod of the service: every schema imports `* as z` from here.
 *
 * zod/mini, not classic zod: the classic API gives every schema its methods
 * and so drags the whole library (~85 KiB) into each function bundle, which
 * cost ~14 ms of every cold start against ~1 ms for mini (bench/README.md).
 * Mini takes checks as functions (`z.optional(s)`, `s.check(z.maxLength(n))`);
 * parsing and error shapes are the same core.
 *
 * Mini loads no locale; classic would have set English, and clients read these
 * messages in 400 details, so it is set here, once, for every schema.
 */
import { config, lazy, type core, type ZodMiniLazy } from 'zod/mini';
import en from 'zod/v4/locales/en.js';

config(en());

export * from 'zod/mini';

/**
 * A schema built the first time something parses with it or reads its JSON
 * Schema, not when its module loads: building a zod schema costs about ten
 * microseconds per node, and a function loads many schemas its requests never
 * use (response bodies, checked in test runs only; the request shapes of the
 * other routes sharing a module). It parses, infers and converts to JSON Schema
 * as the schema it wraps, but object helpers (`z.extend`, `.shape`) need the
 * schema itself, so wrap only schemas nothing extends.
 */
export const lazySchema = <T extends core.SomeType>(build: () => T): ZodMiniLazy<T> => lazy(build);
