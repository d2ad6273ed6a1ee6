// The layer order of the service, and the ESLint rule that refuses a back-edge.
//
// A module may import its own layer and the layers below it, never one above:
// an import of a higher layer is how cycles start (the HTTP kit imports auth, so
// auth may not import the route table). docs/architecture.md explains each layer.
// A path names a directory or a single file; the longest match wins, so a file
// may sit in another layer than its directory (the outbox consumers, which drive
// the domain from the stream, though they live beside the outboxes they read).
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** Top to bottom. */
export const LAYERS = [
  { name: 'entry points', paths: ['functions', 'infra'] },
  {
    name: 'edges',
    paths: [
      'shared/scim',
      'shared/streams',
      'shared/triggers',
      'shared/outbox/registry.ts',
      'shared/outbox/sweeper.ts',
      'shared/identity/apply-identity-sync.ts',
    ],
  },
  { name: 'HTTP kit', paths: ['shared/http'] },
  { name: 'authentication', paths: ['shared/auth'] },
  { name: 'sign-in', paths: ['shared/signin'] },
  { name: 'health', paths: ['shared/health'] },
  { name: 'workflows', paths: ['shared/removal', 'shared/tenant-setup'] },
  { name: 'resources', paths: ['shared/collaborators', 'shared/pats'] },
  { name: 'webhooks', paths: ['shared/webhooks'] },
  { name: 'teams', paths: ['shared/teams'] },
  { name: 'callers', paths: ['shared/caller'] },
  { name: 'users', paths: ['shared/users'] },
  { name: 'mail', paths: ['shared/mail'] },
  { name: 'identity', paths: ['shared/identity'] },
  { name: 'tenants', paths: ['shared/tenants'] },
  { name: 'tokens', paths: ['shared/tokens'] },
  { name: 'audit', paths: ['shared/audit'] },
  { name: 'event types', paths: ['shared/events'] },
  { name: 'outbox', paths: ['shared/outbox'] },
  { name: 'storage', paths: ['shared/storage'] },
  { name: 'observability', paths: ['shared/observability'] },
  { name: 'config', paths: ['shared/config'] },
  { name: 'foundation', paths: ['shared/errors', 'shared/validation', 'shared/json', 'shared/lambda'] },
];

const ROOT = path.dirname(path.dirname(fileURLToPath(import.meta.url)));

/** The rank of a repository-relative path (0 is the top), or undefined outside every layer. */
export function layerOf(relativePath) {
  const file = relativePath.split(path.sep).join('/').replace(/\.js$/, '.ts');
  let best;
  LAYERS.forEach((layer, rank) => {
    for (const p of layer.paths) {
      if ((file === p || file.startsWith(`${p}/`)) && (!best || p.length > best.path.length)) best = { rank, path: p, name: layer.name };
    }
  });
  return best;
}

/** @type {import('eslint').Rule.RuleModule} */
const noBackEdge = {
  meta: {
    type: 'problem',
    docs: { description: 'Refuse an import of a higher layer (lint/layers.js, docs/architecture.md).' },
    schema: [],
    messages: { backEdge: '{{from}} ({{fromLayer}}) may not import {{to}} ({{toLayer}}): that layer is above it. See docs/architecture.md, Layers.' },
  },
  create(context) {
    const filename = path.relative(ROOT, context.filename);
    const from = layerOf(filename);
    if (!from) return {};
    const check = (node, source) => {
      if (!source || typeof source.value !== 'string' || !source.value.startsWith('.')) return;
      const target = path.relative(ROOT, path.resolve(path.dirname(context.filename), source.value));
      const to = layerOf(target);
      if (to && to.rank < from.rank) {
        context.report({ node, messageId: 'backEdge', data: { from: filename, fromLayer: from.name, to: target, toLayer: to.name } });
      }
    };
    return {
      ImportDeclaration: (node) => check(node, node.source),
      ExportNamedDeclaration: (node) => check(node, node.source),
      ExportAllDeclaration: (node) => check(node, node.source),
      ImportExpression: (node) => check(node, node.source),
    };
  },
};

export const layersPlugin = { rules: { 'no-back-edge': noBackEdge } };
