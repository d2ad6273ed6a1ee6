/**
 * The two live regions every page and dialog uses: `Alert` (role="alert") shows
 * an API error with the API's message verbatim; `StatusRegion` (role="status")
 * announces progress and success. The status region is always in the document
 * so assistive technology announces changes to it.
 */
import type { ReactNode } from 'react';
import { messageOf } from '../api/errors.js';

export function Alert({ error, children }: { error?: unknown; children?: ReactNode }) {
  if (error === undefined && !children) return null;
  return (
    <div role="alert" className="message message-error">
      {error !== undefined ? messageOf(error) : null}
      {children}
    </div>
  );
}

export function StatusRegion({ message }: { message?: string }) {
  return (
    <div role="status" className={message ? 'message message-info' : 'message-empty'}>
      {message ?? ''}
    </div>
  );
}
