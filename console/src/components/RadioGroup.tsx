/**
 * A labelled group of radios (`role="radiogroup"`), each radio named by its
 * label alone and described by its hint, so "Admin" is found as "Admin".
 */
import { useId, type ReactNode } from 'react';

export interface RadioChoice<V extends string> {
  value: V;
  label: string;
  hint?: ReactNode;
  disabled?: boolean;
}

export function RadioGroup<V extends string>({
  label,
  name,
  value,
  choices,
  onChange,
  className,
}: {
  label: string;
  name: string;
  value: V;
  choices: Array<RadioChoice<V>>;
  onChange: (value: V) => void;
  className?: string;
}) {
  const labelId = useId();
  const baseId = useId();
  return (
    <div className={`radio-group${className ? ` ${className}` : ''}`}>
      <p id={labelId} className="group-label">
        {label}
      </p>
      <div role="radiogroup" aria-labelledby={labelId} className="radio-list">
        {choices.map((choice) => {
          const id = `${baseId}-${choice.value}`;
          return (
            <div key={choice.value} className={`radio-option${choice.value === value ? ' radio-option-checked' : ''}`}>
              <input
                id={id}
                type="radio"
                name={name}
                value={choice.value}
                checked={choice.value === value}
                disabled={choice.disabled}
                aria-describedby={choice.hint ? `${id}-hint` : undefined}
                onChange={() => onChange(choice.value)}
              />
              <div>
                <label htmlFor={id} className="radio-label">
                  {choice.label}
                </label>
                {choice.hint ? (
                  <div id={`${id}-hint`} className="hint">
                    {choice.hint}
                  </div>
                ) : null}
              </div>
            </div>
          );
        })}
      </div>
    </div>
  );
}
