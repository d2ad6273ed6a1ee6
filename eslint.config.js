// Lint: typescript-eslint's recommended rules (syntax-only, so linting stays fast
// and needs no type information; `npm run typecheck` checks types).
import js from '@eslint/js';
import { defineConfig } from 'eslint/config';
import tseslint from 'typescript-eslint';
import { layersPlugin } from './lint/layers.js';

/** The browser globals console/src uses (the `globals` package is not a dependency). */
const BROWSER_GLOBALS = Object.fromEntries(
  [
    'window',
    'document',
    'location',
    'history',
    'navigator',
    'sessionStorage',
    'localStorage',
    'fetch',
    'Headers',
    'Request',
    'Response',
    'URL',
    'URLSearchParams',
    'AbortController',
    'HTMLElement',
    'HTMLDialogElement',
    'HTMLInputElement',
    'Event',
    'KeyboardEvent',
    'MouseEvent',
    'setTimeout',
    'clearTimeout',
    'console',
    'atob',
  ].map((name) => [name, 'readonly']),
);

export default defineConfig(
  { ignores: ['node_modules/', 'cdk.out/', '.local/', 'coverage/', 'test/artifacts/', 'console/dist/'] },
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    rules: {
      // `_`-prefixed names mark values left unused on purpose (destructured away, required by a signature).
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_', caughtErrors: 'none' },
      ],
    },
  },
  {
    // One zod for the service: shared/validation/zod.ts (zod/mini with English messages). Classic zod
    // would put the whole library in every function bundle; see that module.
    files: ['shared/**/*.ts', 'functions/**/*.ts', 'infra/**/*.ts'],
    ignores: ['shared/validation/zod.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { paths: ['zod', 'zod/mini', 'zod/v4'].map((name) => ({ name, message: 'Import * as z from shared/validation/zod.ts instead.' })) },
      ],
    },
  },
  {
    // The layer order (lint/layers.js, docs/architecture.md): no module imports a layer above its own.
    files: ['shared/**/*.ts', 'functions/**/*.ts', 'infra/**/*.ts'],
    plugins: { layers: layersPlugin },
    rules: { 'layers/no-back-edge': 'error' },
  },
  {
    // The admin console runs in the browser: its globals, and its TSX files linted like the rest.
    files: ['console/src/**/*.{ts,tsx}'],
    languageOptions: { globals: BROWSER_GLOBALS },
  },
);
