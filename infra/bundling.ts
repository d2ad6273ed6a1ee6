/**
 * The one esbuild recipe for every function: the CDK stack hands it to
 * NodejsFunction and the bundle test builds with it in-process, so the size
 * budget and the "no other route's code" check measure what is deployed.
 * ESM for Node 22, minified and tree-shaken, the AWS SDK bundled (the tests ran
 * that version, not the runtime's), a source map without sources.
 */
import type { BuildOptions } from 'esbuild';

/**
 * ESM output still meets CommonJS dependencies that call `require`; esbuild needs a
 * real `require` in scope for them (its shim throws "Dynamic require ... not supported").
 */
export const REQUIRE_SHIM = "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);";

/** What NodejsFunction's `bundling` maps onto esbuild flags; kept as one value so both users agree. */
export const BUNDLE = {
  format: 'esm',
  target: 'node22',
  mainFields: ['module', 'main'],
  minify: true,
  sourceMap: true,
  sourcesContent: false,
  banner: REQUIRE_SHIM,
} as const;

/**
 * Ceiling for one function's minified bundle (source map excluded). Nearly all
 * of it is the bundled AWS SDK (DynamoDB, plus Cognito or SES where used) and
 * its credential chain; the service's own code is tens of kilobytes. A bundle
 * over it means a dependency or another route's code was pulled in.
 */
export const BUNDLE_BUDGET_BYTES = 700_000;

/** The same recipe as esbuild build options (CDK adds `bundle`, `platform: node` and the entry itself). */
export function esbuildOptions(): BuildOptions {
  return {
    bundle: true,
    platform: 'node',
    format: BUNDLE.format,
    target: BUNDLE.target,
    mainFields: [...BUNDLE.mainFields],
    minify: BUNDLE.minify,
    sourcemap: BUNDLE.sourceMap,
    sourcesContent: BUNDLE.sourcesContent,
    banner: { js: BUNDLE.banner },
    external: [],
  };
}
