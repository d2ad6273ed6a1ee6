/** A user's status tags in reading order, or what to say when none applies. */
import type { ReactNode } from 'react';
import { Tag } from '../../components/Tag.js';
import type { StatusTag } from './user-status.js';

export function StatusTags({ tags, none }: { tags: StatusTag[]; none: ReactNode }) {
  if (tags.length === 0) return <>{none}</>;
  return (
    <span className="tags">
      {tags.map((t) => (
        <Tag key={t.label} tone={t.tone}>
          {t.label}
        </Tag>
      ))}
    </span>
  );
}
