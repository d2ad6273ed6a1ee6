/**
 * The console takes the API's shapes from the server's own modules, for their
 * types only: a value import would pull server code (zod, the AWS SDK, env
 * reads) into the browser bundle. `import type` and `export type` are erased at
 * build; anything else reaching outside console/ fails here.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const CONSOLE_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '../../console');
const SOURCE_DIR = join(CONSOLE_DIR, 'src');

/** Every import or re-export with a `from` clause: the statement's head and its module specifier. */
const MODULE_REFERENCE = /^\s*(import|export)\s+([^;]*?)\s*from\s*['"]([^'"]+)['"]/gm;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return /\.tsx?$/.test(entry.name) ? [path] : [];
  });
}

/** The statements of `source` (a file in `dir`) that reach a module outside console/. */
function serverReferences(source: string, dir: string): Array<{ statement: string; typeOnly: boolean }> {
  return [...source.matchAll(MODULE_REFERENCE)]
    .filter(([, , , specifier]) => specifier!.startsWith('.') && relative(CONSOLE_DIR, resolve(dir, specifier!)).startsWith('..'))
    .map(([statement, , head]) => ({ statement: statement.trim(), typeOnly: /^type\s/.test(head!) }));
}

describe('server imports in the console', () => {
  it('tells a type-only import from one that would bundle server code', () => {
    const dir = join(SOURCE_DIR, 'api');
    expect(serverReferences("import type { UserView } from '../../../shared/users/user-view.js';", dir)).toEqual([
      { statement: "import type { UserView } from '../../../shared/users/user-view.js'", typeOnly: true },
    ]);
    expect(serverReferences("import {\n  type UserView,\n} from '../../../shared/users/user-view.js';", dir)).toMatchObject([{ typeOnly: false }]);
    expect(serverReferences("export { scimUrlOf } from '../../../shared/tenants/provisioning-settings.js';", dir)).toMatchObject([{ typeOnly: false }]);
    expect(serverReferences("import { request } from './http.js';\nimport type { Page } from './types.js';", dir)).toEqual([]);
  });

  it('are all type-only', () => {
    const offending = sourceFiles(SOURCE_DIR).flatMap((file) =>
      serverReferences(readFileSync(file, 'utf8'), dirname(file))
        .filter((ref) => !ref.typeOnly)
        .map((ref) => `${relative(CONSOLE_DIR, file)}: ${ref.statement}`),
    );
    expect(offending).toEqual([]);
  });

  it('include the API shapes the console reads', () => {
    const types = readFileSync(join(SOURCE_DIR, 'api/types.ts'), 'utf8');
    expect(serverReferences(types, join(SOURCE_DIR, 'api')).length).toBeGreaterThan(10);
  });
});
