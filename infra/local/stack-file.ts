/**
 * `.local/stack.json`: where the running local stack is and how to call it, for
 * scripts, HTTP tests and people. Written only once everything answers.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { SeededTenant } from './seed-demo.js';

export interface LocalStackUrls {
  apiUrl: string;
  mailUrl: string;
  cognitoUrl: string;
  /** The admin console (infra/local/console-server.ts). */
  consoleUrl: string;
}

export interface LocalStackFile extends LocalStackUrls {
  tenants: Array<{
    id: string;
    mode: SeededTenant['mode'];
    scimBaseUrl: string;
    scimToken: string | null;
    adminToken: string;
    adminEmail: string;
    /** The admin's console password (local only). */
    adminPassword: string | null;
  }>;
}

/** The file's contents for the running stack's URLs and seeded tenants. */
export function stackFile(urls: LocalStackUrls, tenants: readonly SeededTenant[]): LocalStackFile {
  return {
    ...urls,
    tenants: tenants.map((t) => ({
      id: t.id,
      mode: t.mode,
      scimBaseUrl: `${urls.apiUrl}/scim/v2/${t.id}`,
      scimToken: t.scimToken,
      adminToken: t.adminToken,
      adminEmail: t.adminEmail,
      adminPassword: t.adminPassword,
    })),
  };
}

/** Writes the file readable by its owner only (it holds plaintext demo tokens). */
export function writeStackFile(file: string, contents: LocalStackFile): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, `${JSON.stringify(contents, null, 2)}\n`, { mode: 0o600 });
}
