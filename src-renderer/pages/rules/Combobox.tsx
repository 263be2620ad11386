// A search field with a list of matches under it (the ARIA combobox pattern): type to search, arrows
// to move, Enter to pick, Esc to close. The matches come from the core as the user types (debounced);
// "no matches" is said, not left blank.
import { useEffect, useId, useRef, useState, type KeyboardEvent } from 'react';
import { errorText } from '../../ui/toast';

export interface Option {
  key: string;
  label: string;
  detail?: string;
}

export function Combobox({
  search,
  onPick,
  placeholder,
  control,
  label,
}: {
  search: (term: string) => Promise<Option[]>;
  onPick: (option: Option) => void;
  placeholder: string;
  /** id and descriptions from the surrounding FormField. */
  control?: { id: string; 'aria-describedby'?: string; 'aria-invalid'?: boolean };
  label?: string;
}) {
  const [term, setTerm] = useState('');
  const [open, setOpen] = useState(false);
  const [options, setOptions] = useState<Option[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [active, setActive] = useState(0);
  const listId = useId();
  const ownId = useId();
  const id = control?.id ?? ownId;
  const box = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (!open) return;
    let live = true;
    const timer = setTimeout(() => {
      search(term.trim())
        .then((list) => {
          if (!live) return;
          setOptions(list);
          setError(null);
          setActive(0);
        })
        .catch((e: unknown) => live && setError(errorText(e)));
    }, 200);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [term, open, search]);

  // A click anywhere else closes the list.
  useEffect(() => {
    if (!open) return;
    const onDown = (e: MouseEvent) => {
      if (box.current && !box.current.contains(e.target as Node)) setOpen(false);
    };
    document.addEventListener('mousedown', onDown);
    return () => document.removeEventListener('mousedown', onDown);
  }, [open]);

  const pick = (option: Option) => {
    onPick(option);
    setTerm('');
    setOpen(false);
  };
  const onKey = (e: KeyboardEvent<HTMLInputElement>) => {
    const count = options?.length ?? 0;
    if (e.key === 'ArrowDown') {
      e.preventDefault();
      setOpen(true);
      setActive((a) => (count ? (a + 1) % count : 0));
    } else if (e.key === 'ArrowUp') {
      e.preventDefault();
      setActive((a) => (count ? (a - 1 + count) % count : 0));
    } else if (e.key === 'Enter') {
      if (open && options?.[active]) {
        e.preventDefault();
        pick(options[active]);
      }
    } else if (e.key === 'Escape' && open) {
      // Close the list, not the dialog or page around it.
      e.preventDefault();
      e.stopPropagation();
      setOpen(false);
    }
  };
  const activeId = open && options?.[active] ? `${listId}-${active}` : undefined;
  return (
    <div className="combobox" ref={box}>
      <input
        {...control}
        id={id}
        type="text"
        role="combobox"
        aria-label={control ? undefined : label}
        aria-expanded={open}
        aria-controls={listId}
        aria-autocomplete="list"
        aria-activedescendant={activeId}
        autoComplete="off"
        spellCheck={false}
        placeholder={placeholder}
        value={term}
        onChange={(e) => {
          setTerm(e.target.value);
          setOpen(true);
        }}
        onFocus={() => setOpen(true)}
        onKeyDown={onKey}
      />
      {open && (
        <ul className="combobox-list" id={listId} role="listbox" aria-label={label ?? placeholder}>
          {error ? (
            <li className="combobox-note danger-text" role="presentation">
              {error}
            </li>
          ) : options === null ? (
            <li className="combobox-note muted" role="presentation">
              Searching…
            </li>
          ) : options.length === 0 ? (
            <li className="combobox-note muted" role="presentation">
              {term.trim() ? `Nothing matches “${term.trim()}”` : 'Nothing to choose from'}
            </li>
          ) : (
            options.map((o, i) => (
              <li
                key={o.key}
                id={`${listId}-${i}`}
                role="option"
                aria-selected={i === active}
                className={i === active ? 'active' : ''}
                onMouseDown={(e) => e.preventDefault()}
                onMouseEnter={() => setActive(i)}
                onClick={() => pick(o)}
              >
                <span className="truncate">{o.label}</span>
                {o.detail && <span className="small muted truncate">{o.detail}</span>}
              </li>
            ))
          )}
        </ul>
      )}
    </div>
  );
}
