/**
 * `npm run typecheck` builds with `tsc -b`, which skips a project whose files
 * are older than its last check and never looks into node_modules. Run here on
 * a project of two files and one dependency: a type error is reported on every
 * run until it is fixed, and a dependency whose types changed is checked again
 * once npm's record of the installed packages says it changed.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { typecheck } from '../../scripts/typecheck.js';

let root: string;

const write = (file: string, text: string) => {
  fs.mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
  fs.writeFileSync(path.join(root, file), text);
};
/** The dependency `greeting` as npm installed it at `version`, its export typed `type`. */
const install = (version: string, type: string) => {
  write('node_modules/greeting/package.json', JSON.stringify({ name: 'greeting', version, types: 'index.d.ts' }));
  write('node_modules/greeting/index.d.ts', `export declare const greeting: ${type};\n`);
  write('node_modules/.package-lock.json', JSON.stringify({ packages: { 'node_modules/greeting': { version } } }));
};
const check = () => typecheck(root, ['tsconfig.check.json']);

beforeEach(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'typecheck-'));
  write(
    'tsconfig.check.json',
    JSON.stringify({
      compilerOptions: {
        strict: true,
        lib: ['es5'],
        types: [],
        module: 'commonjs',
        composite: true,
        emitDeclarationOnly: true,
        declarationDir: 'node_modules/.cache/tsc/out',
        tsBuildInfoFile: 'node_modules/.cache/tsc/out.tsbuildinfo',
      },
      include: ['src'],
    }),
  );
  write('src/main.ts', "import { greeting } from 'greeting';\nexport const shout: string = greeting;\n");
  write('src/other.ts', 'export const answer: number = 42;\n');
  install('1.0.0', 'string');
});
afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

describe('npm run typecheck', () => {
  it('reports a type error on every run until it is fixed', () => {
    expect(check().status).toBe(0);
    write('src/other.ts', "export const answer: number = 'forty-two';\n");
    const first = check();
    expect(first.status).not.toBe(0);
    expect(first.output).toMatch(/src\/other\.ts.*TS2322/);
    expect(check().status).not.toBe(0);
    write('src/other.ts', 'export const answer: number = 42;\n');
    expect(check()).toEqual({ status: 0, output: '' });
  });

  it("checks the project again when an install changed a dependency's types", () => {
    expect(check().status).toBe(0);
    install('2.0.0', 'number');
    const afterInstall = check();
    expect(afterInstall.status).not.toBe(0);
    expect(afterInstall.output).toMatch(/src\/main\.ts.*Type 'number' is not assignable to type 'string'/);
  });
});
