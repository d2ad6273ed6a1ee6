/**
 * The console's production build for `npm start`: made with vite's JS API from
 * `console/vite.config.ts` (what `npm run console:build` runs), and skipped when
 * `console/dist` is newer than every source file, so a start stays fast.
 * The build goes to a scratch directory (under `node_modules/.cache`, on the
 * same file system) that then replaces `dist`, so two stacks starting at once
 * (a developer's and the end-to-end tests') never serve a half-written `dist`.
 */
import fs from 'node:fs';
import path from 'node:path';
import { repoPath } from './paths.js';

export const CONSOLE_DIR = repoPath('console');
export const CONSOLE_CONFIG = path.join(CONSOLE_DIR, 'vite.config.ts');
export const CONSOLE_DIST = path.join(CONSOLE_DIR, 'dist');

/** What `ensureConsoleBuilt` did. */
export type ConsoleBuildOutcome = 'built' | 'up-to-date' | 'no-console';

const IGNORED = new Set(['dist', 'node_modules']);

/** Newest modification time (ms) of the console's sources: everything under `console/` but its outputs. */
export function newestSourceMtime(dir: string = CONSOLE_DIR): number {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (IGNORED.has(entry.name)) continue;
    const full = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestSourceMtime(full) : fs.statSync(full).mtimeMs);
  }
  return newest;
}

/** Whether `dist` holds a build at least as new as every source file. */
export function isConsoleBuildFresh(dir: string = CONSOLE_DIR): boolean {
  const index = path.join(dir, 'dist', 'index.html');
  if (!fs.existsSync(index)) return false;
  return fs.statSync(index).mtimeMs >= newestSourceMtime(dir);
}

/**
 * Builds the console unless `dist` is fresh; `no-console` when this checkout has
 * no console sources. Run it before anything else starts in the process: vite
 * changes `NODE_ENV` while it builds (and it is restored after).
 */
export async function ensureConsoleBuilt(options: { force?: boolean } = {}): Promise<ConsoleBuildOutcome> {
  if (!fs.existsSync(CONSOLE_CONFIG)) return 'no-console';
  if (!options.force && isConsoleBuildFresh()) return 'up-to-date';
  const scratch = repoPath(`node_modules/.cache/console-build-${process.pid}`);
  // Imported here: vite is a development dependency and costs a second to load, only when building.
  const { build } = await import('vite');
  // vite sets NODE_ENV=production in this process when it is unset; the handlers served next must not see it.
  const nodeEnv = process.env.NODE_ENV;
  try {
    await build({ configFile: CONSOLE_CONFIG, logLevel: 'warn', build: { outDir: scratch, emptyOutDir: true } });
    fs.rmSync(CONSOLE_DIST, { recursive: true, force: true });
    fs.renameSync(scratch, CONSOLE_DIST);
  } finally {
    if (nodeEnv === undefined) delete process.env.NODE_ENV;
    else process.env.NODE_ENV = nodeEnv;
    fs.rmSync(scratch, { recursive: true, force: true });
  }
  return 'built';
}
