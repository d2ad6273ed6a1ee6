/** A moment in the viewer's time zone, with UTC on hover. */
import { formatZonedDateTime, utcText } from '../format.js';

export function When({ iso }: { iso: string }) {
  return (
    <time dateTime={iso} title={`UTC ${utcText(iso)}`}>
      {formatZonedDateTime(iso)}
    </time>
  );
}
