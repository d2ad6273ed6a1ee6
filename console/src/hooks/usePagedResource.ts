/**
 * One offset-paged list of the admin API (`{ data, pagination }`): the page at
 * `offset`, loaded again when it or `deps` change. When an action empties the
 * last page (a delete, a deactivation), it steps back to a page that has rows.
 */
import { useEffect, useState, type DependencyList } from 'react';
import type { Page } from '../api/types.js';
import { useResource, type Resource } from './useResource.js';

export interface PagedResource<T> extends Resource<Page<T>> {
  rows: T[];
  offset: number;
  setOffset: (offset: number) => void;
  /** The props of `Pagination` for this list, but its label. */
  pager: { offset: number; limit: number; count: number; total: number; onChange: (offset: number) => void; disabled: boolean };
}

export function usePagedResource<T>(
  load: (page: { limit: number; offset: number }, signal: AbortSignal) => Promise<Page<T>>,
  pageSize: number,
  deps: DependencyList,
): PagedResource<T> {
  const [offset, setOffset] = useState(0);
  const resource = useResource((signal) => load({ limit: pageSize, offset }, signal), [offset, ...deps]);
  const rows = resource.data?.data ?? [];
  const total = resource.data?.pagination.total ?? 0;

  useEffect(() => {
    if (!resource.loading && resource.data && rows.length === 0 && offset > 0) setOffset(Math.max(0, offset - pageSize));
  }, [resource.loading, resource.data, rows.length, offset, pageSize]);

  return {
    ...resource,
    rows,
    offset,
    setOffset,
    pager: { offset, limit: pageSize, count: rows.length, total, onChange: setOffset, disabled: resource.loading },
  };
}
