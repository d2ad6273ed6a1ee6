/**
 * A page's one `<h1>`, which also names the document. After an in-app
 * navigation focus moves to it, so a screen reader announces the new page
 * (a first load keeps the browser's own focus).
 */
import { useEffect, useRef, type ReactNode } from 'react';

let firstPage = true;

export function PageHeader({ title, description, actions }: { title: string; description?: ReactNode; actions?: ReactNode }) {
  const ref = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    document.title = `${title} · Provisioning console`;
    if (firstPage) firstPage = false;
    else ref.current?.focus({ preventScroll: false });
  }, [title]);
  return (
    <div className="page-header">
      <div>
        <h1 ref={ref} tabIndex={-1}>
          {title}
        </h1>
        {description ? <p className="page-description">{description}</p> : null}
      </div>
      {actions ? <div className="page-actions">{actions}</div> : null}
    </div>
  );
}
