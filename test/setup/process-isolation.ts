/**
 * Which test files need a process of their own, found from their sources.
 *
 * Most files run one after another in a worker that keeps its module cache
 * (vitest's `isolate: false`): each file then skips re-importing the AWS SDK and
 * the domain package, which was a fifth of the suite's CPU. That is safe for a
 * file that changes nothing process-wide. A file that writes `process.env`
 * (an emulator's endpoint, a variable a handler reads once at load) or mocks a
 * module would leave that change to the next file, and a client or setting cached
 * at module load would keep pointing at the previous file's emulator. Such a
 * file, and every file that imports one (through any helper under `test/`),
 * gets a fresh process as before.
 *
 * The setup files (`test/setup/`) write the environment every file shares; they
 * are not counted.
 */
import fs from 'node:fs';
import path from 'node:path';

/** Writing or deleting an environment variable, or replacing a module or global for the file. */
const CHANGES_THE_PROCESS =
  /process\.env(?:\.\w+|\[[^\]]+\])\s*=(?!=)|delete\s+process\.env|Object\.assign\(\s*process\.env|vi\.(?:mock|doMock|stubEnv|stubGlobal)\(/;
const RELATIVE_IMPORT = /(?:from|import)\s*\(?\s*['"](\.{1,2}\/[^'"]+)['"]/g;

/** Every `.ts` file under `root`, relative to `cwd`, with forward slashes. */
function sourcesUnder(root: string, cwd: string): string[] {
  return fs
    .readdirSync(path.join(cwd, root), { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.ts'))
    .map((entry) => path.relative(cwd, path.join(entry.parentPath, entry.name)).split(path.sep).join('/'));
}

/** The test files directly in `dir` (relative to `cwd`). */
export function testFilesIn(dir: string, cwd: string = process.cwd()): string[] {
  return fs
    .readdirSync(path.join(cwd, dir))
    .filter((name) => name.endsWith('.test.ts'))
    .map((name) => `${dir}/${name}`)
    .sort();
}

/** The files under `testRoot` this file imports directly (`.js` specifiers name `.ts` sources). */
function localImports(file: string, source: string, known: ReadonlySet<string>): string[] {
  const imports: string[] = [];
  for (const [, specifier] of source.matchAll(RELATIVE_IMPORT)) {
    const target = path.posix.normalize(path.posix.join(path.posix.dirname(file), specifier!)).replace(/\.js$/, '.ts');
    if (known.has(target)) imports.push(target);
  }
  return imports;
}

/**
 * The test files under `testRoot` (relative to `cwd`) that change the process
 * or import, at any depth under `testRoot`, a module that does.
 */
export function filesNeedingOwnProcess(testRoot: string, cwd: string = process.cwd()): string[] {
  const files = sourcesUnder(testRoot, cwd).filter((file) => !file.startsWith(`${testRoot}/setup/`));
  const known = new Set(files);
  const sources = new Map(files.map((file) => [file, fs.readFileSync(path.join(cwd, file), 'utf8')]));
  const imports = new Map(files.map((file) => [file, localImports(file, sources.get(file)!, known)]));
  const changers = new Set(files.filter((file) => CHANGES_THE_PROCESS.test(sources.get(file)!)));
  // Grow the set by importers until it stops growing: import cycles need no special case.
  for (let grew = true; grew;) {
    grew = false;
    for (const file of files) {
      if (changers.has(file) || !imports.get(file)!.some((imported) => changers.has(imported))) continue;
      changers.add(file);
      grew = true;
    }
  }
  return files.filter((file) => file.endsWith('.test.ts') && changers.has(file)).sort();
}
