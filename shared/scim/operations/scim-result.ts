/**
 * What a SCIM operation answers, independent of transport: the HTTP handlers
 * return it as is, and Bulk wraps it into its per-operation results.
 */
import { etagOf } from '../etag.js';

export interface ScimResult {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
  /** The resource's URL (201 Location; Bulk `location`). */
  location?: string;
  /** The resource's version (ETag; Bulk `version`). */
  version?: number;
}

/** The input of an operation: what the HTTP request or a Bulk operation carries. */
export interface ScimInput {
  id?: string;
  query: Record<string, string | undefined>;
  body?: unknown;
  ifMatch?: string;
  ifNoneMatch?: string;
}

export function resourceResult(status: number, body: unknown, version: number, location: string): ScimResult {
  const headers: Record<string, string> = { ETag: etagOf(version) };
  if (status === 201) headers.Location = location;
  return { status, body, headers, location, version };
}
