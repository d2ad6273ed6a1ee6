/**
 * Unit: which test files get a process of their own (test/setup/process-isolation.ts),
 * on a made-up test tree: a file that writes the environment or mocks a module,
 * one that imports such a helper at any depth (through an import cycle too), and
 * ones that only read the environment or import harmless helpers.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { filesNeedingOwnProcess } from '../setup/process-isolation.js';

const TREE: Record<string, string> = {
  'test/setup/env.ts': `process.env.TABLE_NAME = 'x';`,
  'test/support/emulator.ts': `export function start() { process.env['AWS_ENDPOINT_URL_SES'] = 'http://127.0.0.1:1'; }`,
  'test/support/stack.ts': `import { start } from './emulator.js';\nexport const up = start;`,
  'test/support/ring-a.ts': `import { b } from './ring-b.js';\nexport const a = 1;`,
  'test/support/ring-b.ts': `import { a } from './ring-a.js';\nimport { up } from './stack.js';\nexport const b = a;`,
  'test/support/harmless.ts': `export const endpoint = () => process.env.AWS_ENDPOINT_URL_SES === 'x';`,
  'test/area/writes-env.test.ts': `delete process.env.LOG_LEVEL;`,
  'test/area/mocks.test.ts': `import { vi } from 'vitest';\nvi.mock('../../shared/thing.js');`,
  'test/area/deep-import.test.ts': `import { up } from '../support/stack.js';`,
  'test/area/through-cycle.test.ts': `import { a } from "../support/ring-a.js";`,
  'test/area/dynamic-import.test.ts': `const m = await import('../support/emulator.js');`,
  'test/area/reads-env.test.ts': `import { endpoint } from '../support/harmless.js';\nif (process.env.CI == 'true') endpoint();`,
  'test/area/only-setup.test.ts': `import '../setup/env.js';`,
};

let root: string;

beforeAll(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'process-isolation-'));
  for (const [file, source] of Object.entries(TREE)) {
    fs.mkdirSync(path.join(root, path.dirname(file)), { recursive: true });
    fs.writeFileSync(path.join(root, file), source);
  }
});

afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

describe('files needing a process of their own', () => {
  it('are those that change the process or import, at any depth, a helper that does', () => {
    expect(filesNeedingOwnProcess('test', root)).toEqual([
      'test/area/deep-import.test.ts',
      'test/area/dynamic-import.test.ts',
      'test/area/mocks.test.ts',
      'test/area/through-cycle.test.ts',
      'test/area/writes-env.test.ts',
    ]);
  });
});
