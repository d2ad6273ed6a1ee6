/**
 * A secret or URL shown in a read-only field with a Copy button. Copying uses
 * the Clipboard API, falling back to selecting the text and `execCommand` where
 * the API is unavailable (plain http, or a denied permission).
 */
import { useRef, useState } from 'react';
import { FieldFrame } from './Field.js';

export function CopyField({
  label,
  value,
  hint,
  copyLabel,
}: {
  label: string;
  value: string;
  hint?: string;
  /** The Copy button's name when a page has several (its text stays "Copy"). */ copyLabel?: string;
}) {
  const inputRef = useRef<HTMLInputElement>(null);
  const [copied, setCopied] = useState<'copied' | 'failed' | undefined>(undefined);

  const copy = async () => {
    try {
      await navigator.clipboard.writeText(value);
      setCopied('copied');
    } catch {
      const input = inputRef.current;
      input?.select();
      setCopied(input && document.execCommand('copy') ? 'copied' : 'failed');
    }
  };

  return (
    <FieldFrame
      label={label}
      hint={hint}
      control={(ids) => (
        <div className="copy-field">
          <input
            ref={inputRef}
            {...ids}
            type="text"
            readOnly
            value={value}
            spellCheck={false}
            className="input input-mono"
            onFocus={(event) => event.currentTarget.select()}
          />
          <button type="button" className="button button-secondary" aria-label={copyLabel} onClick={() => void copy()}>
            Copy
          </button>
        </div>
      )}
    >
      <p role="status" className="hint">
        {copied === 'copied' ? 'Copied to the clipboard.' : copied === 'failed' ? 'Copy failed: select the text and copy it yourself.' : ''}
      </p>
    </FieldFrame>
  );
}
