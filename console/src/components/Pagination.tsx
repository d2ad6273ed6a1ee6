/** Previous / Next paging with "1–25 of 40" for offset-paged lists. */
import { rangeText } from '../format.js';

export function Pagination({
  offset,
  limit,
  count,
  total,
  onChange,
  disabled = false,
  label = 'Pagination',
}: {
  offset: number;
  limit: number;
  /** Rows on the current page. */
  count: number;
  total: number;
  onChange: (offset: number) => void;
  disabled?: boolean;
  label?: string;
}) {
  return (
    <nav className="pagination" aria-label={label}>
      <p className="pagination-range">{rangeText(offset, count, total)}</p>
      <div className="pagination-buttons">
        <button type="button" className="button button-secondary" disabled={disabled || offset === 0} onClick={() => onChange(Math.max(0, offset - limit))}>
          Previous
        </button>
        <button type="button" className="button button-secondary" disabled={disabled || offset + count >= total} onClick={() => onChange(offset + limit)}>
          Next
        </button>
      </div>
    </nav>
  );
}
