/** The repository root: handler paths in the route, trigger and consumer tables are relative to it. */
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = fileURLToPath(new URL('../', import.meta.url));
