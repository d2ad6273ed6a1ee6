/**
 * The console takes the API's shapes from the server's own modules, for their
 * types only: a value import would pull server code (zod, the AWS SDK, env
 * reads) into the browser bundle. `import type` and `export type` are erased at
 * build; anything else reaching outside console/ fails here, except the
 * server's plain-data registries, which import nothing and so bundle nothing
 * but their own names (the console's filters must list exactly the server's).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const CONSOLE_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '../../console');
const SOURCE_DIR = join(CONSOLE_DIR, 'src');
const REPO_DIR = resolve(CONSOLE_DIR, '..');

/** Server modules the console may import values from: data only, with no imports of their own. */
const PLAIN_DATA_MODULES = ['shared/events/event-types.ts'];

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
function serverReferences(source: string, dir: string): Array<{ statement: string; typeOnly: boolean; module: string }> {
  return [...source.matchAll(MODULE_REFERENCE)]
    .filter(([, , , specifier]) => specifier!.startsWith('.') && relative(CONSOLE_DIR, resolve(dir, specifier!)).startsWith('..'))
    .map(([statement, , head, specifier]) => ({
      statement: statement.trim(),
      typeOnly: /^type\s/.test(head!),
      module: relative(REPO_DIR, resolve(dir, specifier!)).replace(/\.js$/, '.ts'),
    }));
}

describe('server imports in the console', () => {
  it('tells a type-only import from one that would bundle server code', () => {
    const dir = join(SOURCE_DIR, 'api');
    expect(serverReferences("import type { UserView } from '../../../shared/users/user-view.js';", dir)).toEqual([
      { statement: "import type { UserView } from '../../../shared/users/user-view.js'", typeOnly: true, module: 'shared/users/user-view.ts' },
    ]);
    expect(serverReferences("import {\n  type UserView,\n} from '../../../shared/users/user-view.js';", dir)).toMatchObject([{ typeOnly: false }]);
    expect(serverReferences("export { scimUrlOf } from '../../../shared/tenants/provisioning-settings.js';", dir)).toMatchObject([{ typeOnly: false }]);
    expect(serverReferences("import { request } from './http.js';\nimport type { Page } from './types.js';", dir)).toEqual([]);
  });

  it('are all type-only', () => {
    const offending = sourceFiles(SOURCE_DIR).flatMap((file) =>
      serverReferences(readFileSync(file, 'utf8'), dirname(file))
        .filter((ref) => !ref.typeOnly && !PLAIN_DATA_MODULES.includes(ref.module))
        .map((ref) => `${relative(CONSOLE_DIR, file)}: ${ref.statement}`),
    );
    expect(offending).toEqual([]);
  });

  it('of values reach only plain-data modules, which import nothing', () => {
    for (const module of PLAIN_DATA_MODULES) {
      expect([...readFileSync(join(REPO_DIR, module), 'utf8').matchAll(MODULE_REFERENCE)], module).toEqual([]);
      expect(readFileSync(join(REPO_DIR, module), 'utf8'), module).not.toMatch(/\bimport\s*\(|\brequire\s*\(/);
    }
  });

  it('include the API shapes the console reads', () => {
    const types = readFileSync(join(SOURCE_DIR, 'api/types.ts'), 'utf8');
    expect(serverReferences(types, join(SOURCE_DIR, 'api')).length).toBeGreaterThan(10);
  });
});
