/**
 * Labelled form controls with an optional hint, wired with `aria-describedby`.
 * They share one frame (`FieldFrame`); each kind only says what its control is.
 */
import { useId, type InputHTMLAttributes, type ReactNode, type SelectHTMLAttributes, type TextareaHTMLAttributes } from 'react';

interface FieldShell {
  label: string;
  hint?: ReactNode;
}

/** What a control needs to be named by its label and described by its hint. */
export interface ControlIds {
  id: string;
  'aria-describedby': string | undefined;
}

/**
 * Label, control, hint, then `children` (a live region, say). A checkbox
 * (`check`) comes before its label, and its hint is a `div` since it may hold
 * paragraphs.
 */
export function FieldFrame({
  label,
  hint,
  className,
  check = false,
  control,
  children,
}: FieldShell & { className?: string; check?: boolean; control: (ids: ControlIds) => ReactNode; children?: ReactNode }) {
  const id = useId();
  const hintId = useId();
  const labelElement = <label htmlFor={id}>{label}</label>;
  const controlElement = control({ id, 'aria-describedby': hint ? hintId : undefined });
  const Hint = check ? 'div' : 'p';
  return (
    <div className={`field${check ? ' field-check' : ''}${className ? ` ${className}` : ''}`}>
      {check ? controlElement : labelElement}
      {check ? labelElement : controlElement}
      {hint ? (
        <Hint id={hintId} className="hint">
          {hint}
        </Hint>
      ) : null}
      {children}
    </div>
  );
}

export function TextField({ label, hint, className, ...input }: FieldShell & InputHTMLAttributes<HTMLInputElement>) {
  return <FieldFrame label={label} hint={hint} className={className} control={(ids) => <input {...ids} className="input" {...input} />} />;
}

export function TextAreaField({ label, hint, ...textarea }: FieldShell & TextareaHTMLAttributes<HTMLTextAreaElement>) {
  return <FieldFrame label={label} hint={hint} control={(ids) => <textarea {...ids} className="input" {...textarea} />} />;
}

export function SelectField({ label, hint, ...select }: FieldShell & SelectHTMLAttributes<HTMLSelectElement>) {
  return <FieldFrame label={label} hint={hint} control={(ids) => <select {...ids} className="input" {...select} />} />;
}

export function CheckboxField({ label, hint, ...input }: FieldShell & Omit<InputHTMLAttributes<HTMLInputElement>, 'type'>) {
  return <FieldFrame label={label} hint={hint} check control={(ids) => <input {...ids} type="checkbox" {...input} />} />;
}
