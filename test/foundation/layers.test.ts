/**
 * The layer order holds: ESLint refuses an import of a higher layer
 * (lint/layers.js), every module of shared/ has a layer, and neither the
 * files nor the directories of shared/ and functions/ import each other in a cycle.
 */
import fs from 'node:fs';
import path from 'node:path';
import { ESLint } from 'eslint';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { layerOf } from '../../lint/layers.js';

const ROOT = path.resolve(import.meta.dirname, '../..');

const sourceFiles = (dir: string): string[] =>
  fs.readdirSync(path.join(ROOT, dir), { withFileTypes: true }).flatMap((entry) => {
    const rel = `${dir}/${entry.name}`;
    if (entry.isDirectory()) return sourceFiles(rel);
    return entry.name.endsWith('.ts') ? [rel] : [];
  });

/** Relative imports of each file (type-only ones included), resolved to repository paths. */
function importGraph(files: string[]): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const file of files) {
    const { importedFiles } = ts.preProcessFile(fs.readFileSync(path.join(ROOT, file), 'utf8'), true, true);
    const targets = importedFiles
      .map((i) => i.fileName)
      .filter((name) => name.startsWith('.'))
      .map((name) => path.posix.normalize(path.posix.join(path.posix.dirname(file), name)).replace(/\.js$/, '.ts'));
    graph.set(file, targets);
  }
  return graph;
}

/** The strongly connected components of more than one node (Tarjan). */
function cycles(graph: Map<string, string[]>): string[][] {
  let index = 0;
  const indices = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const visit = (node: string) => {
    indices.set(node, index);
    low.set(node, index++);
    stack.push(node);
    onStack.add(node);
    for (const next of graph.get(node) ?? []) {
      if (!graph.has(next)) continue;
      if (!indices.has(next)) {
        visit(next);
        low.set(node, Math.min(low.get(node)!, low.get(next)!));
      } else if (onStack.has(next)) low.set(node, Math.min(low.get(node)!, indices.get(next)!));
    }
    if (low.get(node) === indices.get(node)) {
      const component: string[] = [];
      let member: string;
      do {
        member = stack.pop()!;
        onStack.delete(member);
        component.push(member);
      } while (member !== node);
      if (component.length > 1 || (graph.get(node) ?? []).includes(node)) found.push(component.sort());
    }
  };
  for (const node of graph.keys()) if (!indices.has(node)) visit(node);
  return found;
}

/** A file's module: the layer path it falls under (a directory, or a file placed on its own), else its directory. */
const moduleOf = (file: string) => layerOf(file)?.path ?? file.split('/').slice(0, 2).join('/');

describe('layers', () => {
  const files = [...sourceFiles('shared'), ...sourceFiles('functions')];
  const graph = importGraph(files);

  it('refuses, in npm run lint, an import of a higher layer and accepts one of a lower layer', async () => {
    const eslint = new ESLint({ cwd: ROOT });
    const [backEdge] = await eslint.lintText("import { logger } from '../http/route-kit.js';\nexport const x = logger;\n", {
      filePath: path.join(ROOT, 'shared/storage/probe.ts'),
    });
    expect(backEdge!.messages.map((m) => m.ruleId)).toEqual(['layers/no-back-edge']);
    expect(backEdge!.messages[0]!.message).toContain('shared/storage/probe.ts (storage) may not import shared/http/route-kit.js (HTTP kit)');
    const [typeOnly] = await eslint.lintText("import type { AuthKind } from '../http/route-table.js';\nexport type X = AuthKind;\n", {
      filePath: path.join(ROOT, 'shared/auth/probe.ts'),
    });
    expect(typeOnly!.messages.map((m) => m.ruleId)).toEqual(['layers/no-back-edge']);
    const [downward] = await eslint.lintText("import { logger } from '../observability/logger.js';\nexport const x = logger;\n", {
      filePath: path.join(ROOT, 'shared/storage/probe.ts'),
    });
    expect(downward!.messages).toEqual([]);
  }, 60_000);

  it('gives every module of shared/ a layer', () => {
    const unplaced = [...new Set(files.filter((f) => f.startsWith('shared/')).map(moduleOf))].filter((m) => !layerOf(m));
    expect(unplaced).toEqual([]);
  });

  it('has no import cycle between files', () => {
    expect(cycles(graph)).toEqual([]);
  });

  it('has no import cycle between modules (the paths lint/layers.js places)', () => {
    const modules = new Map<string, string[]>();
    for (const [file, targets] of graph) {
      const from = moduleOf(file);
      const edges = modules.get(from) ?? [];
      for (const target of targets) if (moduleOf(target) !== from) edges.push(moduleOf(target));
      modules.set(from, edges);
    }
    expect(cycles(modules)).toEqual([]);
  });
});
