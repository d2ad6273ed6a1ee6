/**
 * Where the local stack keeps its state. Everything lives under `.local/`
 * (gitignored): DynamoDB Local's files, cognito-local's database, the signing
 * key, the demo tokens and `stack.json`, so deleting that one folder resets it all.
 * `LOCAL_DIR` moves it elsewhere (the end-to-end tests run their own stack in a
 * temporary directory, never touching a developer's).
 */
import path from 'node:path';
import { REPO_ROOT } from '../repo-root.js';

export const LOCAL_DIR = process.env.LOCAL_DIR ? path.resolve(process.env.LOCAL_DIR) : path.join(REPO_ROOT, '.local');

export const localPaths = {
  dynamodb: path.join(LOCAL_DIR, 'dynamodb'),
  cognito: path.join(LOCAL_DIR, 'cognito'),
  logs: path.join(LOCAL_DIR, 'logs'),
  signingKey: path.join(LOCAL_DIR, 'signing-key'),
  demoSecrets: path.join(LOCAL_DIR, 'demo-secrets.json'),
  cognitoPools: path.join(LOCAL_DIR, 'cognito-pools.json'),
  streamCheckpoints: path.join(LOCAL_DIR, 'stream-checkpoints.json'),
  stack: path.join(LOCAL_DIR, 'stack.json'),
} as const;

/** Absolute path of a module named relative to the repository root. */
export const repoPath = (relative: string): string => path.join(REPO_ROOT, relative);
