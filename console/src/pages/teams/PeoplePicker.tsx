/**
 * Picks people of the tenant by searching its users as the admin types (email
 * or name, through the users list's `query`), so nobody types an address from
 * memory. The search waits until typing pauses and asks for a handful of
 * matches; the answer to an older search never replaces a newer one.
 *
 * ARIA combobox with a listbox popup (WAI-ARIA 1.2): arrows move through the
 * matches, Enter picks, Escape closes the list without closing the dialog;
 * focus stays in the text box. Picked people are a list with a remove button
 * each.
 */
import { useEffect, useId, useState, type KeyboardEvent } from 'react';
import { listUsers } from '../../api/users.js';
import { useDebounced } from '../../hooks/useDebounced.js';
import { useResource } from '../../hooks/useResource.js';
import { withPerson, withoutPerson, type PickedPerson } from './team-form.js';

/** How many matches the list offers: enough to choose from, few enough to read. */
const MATCHES = 8;
const SEARCH_DELAY_MS = 250;

export function PeoplePicker({
  label,
  hint,
  people,
  onChange,
  disabled = false,
}: {
  label: string;
  hint?: string;
  people: readonly PickedPerson[];
  onChange: (people: PickedPerson[]) => void;
  disabled?: boolean;
}) {
  const inputId = useId();
  const listId = useId();
  const hintId = useId();
  const [text, setText] = useState('');
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(-1);
  const search = useDebounced(text.trim(), SEARCH_DELAY_MS);
  const found = useResource(async (signal) => (search ? (await listUsers({ limit: MATCHES, offset: 0, query: search }, signal)).data : []), [search]);
  const picked = new Set(people.map((p) => p.email.toLowerCase()));
  const matches = (found.data ?? []).filter((u) => !picked.has(u.email.toLowerCase()));
  const settled = search === text.trim() && !found.loading;
  const expanded = open && text.trim() !== '' && settled;

  useEffect(() => setActive(-1), [search]);

  const choose = (index: number) => {
    const user = matches[index];
    if (!user) return;
    onChange(withPerson(people, { email: user.email, ...(user.metadata.displayName ? { displayName: user.metadata.displayName } : {}) }));
    setText('');
    setOpen(false);
  };

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      setOpen(true);
      if (matches.length) setActive((i) => (event.key === 'ArrowDown' ? (i + 1) % matches.length : (i <= 0 ? matches.length : i) - 1));
    } else if (event.key === 'Enter') {
      // Enter picks; it never submits the dialog's form from here.
      event.preventDefault();
      if (expanded) choose(active >= 0 ? active : matches.length === 1 ? 0 : -1);
    } else if (event.key === 'Escape' && expanded) {
      // Closes the list only: the dialog stays open.
      event.preventDefault();
      event.stopPropagation();
      setOpen(false);
    }
  };

  const optionId = (index: number) => `${listId}-option-${index}`;
  const status = !text.trim()
    ? ''
    : !settled
      ? 'Searching…'
      : matches.length
        ? `${matches.length} matching ${matches.length === 1 ? 'person' : 'people'}`
        : 'No one matches';

  return (
    <div className="field picker">
      <label htmlFor={inputId}>{label}</label>
      {people.length ? (
        <ul className="picker-chosen" aria-label={label}>
          {people.map((person) => (
            <li key={person.email} className="picker-person">
              <span>
                <span className="cell-primary">{person.email}</span>
                {person.displayName ? <span className="cell-secondary">{person.displayName}</span> : null}
              </span>
              <button
                type="button"
                className="button button-ghost"
                aria-label={`Remove ${person.email} from ${label.toLowerCase()}`}
                disabled={disabled}
                onClick={() => onChange(withoutPerson(people, person.email))}
              >
                Remove
              </button>
            </li>
          ))}
        </ul>
      ) : (
        <p className="muted picker-empty">No one yet.</p>
      )}
      <div className="picker-search">
        <input
          id={inputId}
          className="input"
          type="text"
          role="combobox"
          aria-expanded={expanded}
          aria-controls={listId}
          aria-autocomplete="list"
          aria-activedescendant={expanded && active >= 0 ? optionId(active) : undefined}
          aria-describedby={hint ? hintId : undefined}
          autoComplete="off"
          spellCheck={false}
          placeholder="Search by email or name"
          value={text}
          disabled={disabled}
          onChange={(event) => {
            setText(event.target.value);
            setOpen(true);
          }}
          onKeyDown={onKeyDown}
          onBlur={() => setOpen(false)}
        />
        <ul id={listId} role="listbox" aria-label={`People to add to ${label.toLowerCase()}`} className="picker-options" hidden={!expanded || !matches.length}>
          {matches.map((user, index) => (
            <li
              key={user.id}
              id={optionId(index)}
              role="option"
              aria-selected={index === active}
              className={`picker-option${index === active ? ' picker-option-active' : ''}`}
              // Keeps focus in the text box, so the list is not closed by its blur before the click lands.
              onMouseDown={(event) => event.preventDefault()}
              onClick={() => choose(index)}
            >
              <span className="cell-primary">{user.email}</span>
              {user.metadata.displayName ? <span className="cell-secondary">{user.metadata.displayName}</span> : null}
            </li>
          ))}
        </ul>
      </div>
      {hint ? (
        <p id={hintId} className="hint">
          {hint}
        </p>
      ) : null}
      <div role="status" className="hint picker-status">
        {status}
      </div>
      {found.error !== undefined && text.trim() ? <p className="error-text">Could not search users; try again.</p> : null}
    </div>
  );
}
