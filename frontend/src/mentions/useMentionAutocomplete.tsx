import { useState, type KeyboardEvent, type RefObject } from 'react';
import { completeMention, mentionQuery, suggest, type Candidate } from './parse';

interface Options {
  text: string;
  setText: (text: string) => void;
  input: RefObject<HTMLTextAreaElement | null>;
  members: Candidate[];
  myUserId: string;
  listId: string;
}

/**
 * The composer's `@` autocomplete: typing `@` and the start of a name lists matching members;
 * arrows move, Enter or Tab picks, Escape closes. Answers the key handler (true when it used the
 * key), a caret tracker and the list to render.
 */
export function useMentionAutocomplete({ text, setText, input, members, myUserId, listId }: Options) {
  const [caret, setCaret] = useState<number | null>(null);
  const [active, setActive] = useState(0);
  const [closedAt, setClosedAt] = useState<string | null>(null);
  const query = caret === null ? null : mentionQuery(text, caret);
  const key = query ? `${query.start}:${text}` : null;
  const options = query && key !== closedAt ? suggest(members, query.query, myUserId) : [];
  const open = options.length > 0;
  const index = Math.min(active, Math.max(0, options.length - 1));

  function track() {
    const el = input.current;
    if (el) setCaret(el.selectionStart === el.selectionEnd ? el.selectionStart : null);
  }

  function pick(candidate: Candidate) {
    if (caret === null) return;
    const next = completeMention(text, caret, candidate.username);
    setText(next.text);
    setCaret(next.caret);
    setActive(0);
    requestAnimationFrame(() => {
      const el = input.current;
      if (el) {
        el.focus();
        el.setSelectionRange(next.caret, next.caret);
      }
    });
  }

  function onKeyDown(e: KeyboardEvent<HTMLTextAreaElement>): boolean {
    if (!open) return false;
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      const step = e.key === 'ArrowDown' ? 1 : -1;
      setActive((index + step + options.length) % options.length);
      return true;
    }
    if ((e.key === 'Enter' && !e.shiftKey) || e.key === 'Tab') {
      e.preventDefault();
      pick(options[index]);
      return true;
    }
    if (e.key === 'Escape') {
      e.preventDefault();
      setClosedAt(key);
      return true;
    }
    return false;
  }

  const inputProps = {
    role: 'combobox' as const,
    'aria-autocomplete': 'list' as const,
    'aria-expanded': open,
    'aria-controls': open ? listId : undefined,
    'aria-activedescendant': open ? `${listId}-${index}` : undefined,
  };

  const list = open ? (
    <ul className="mention-suggestions" id={listId} role="listbox" aria-label="Mention someone" data-testid="mention-suggestions">
      {options.map((m, i) => (
        <li
          key={m.userId}
          id={`${listId}-${i}`}
          role="option"
          aria-selected={i === index}
          className={i === index ? 'active' : undefined}
          onMouseDown={(e) => {
            e.preventDefault();
            pick(m);
          }}
        >
          <strong>@{m.username}</strong> <span className="muted">{m.displayName}</span>
        </li>
      ))}
    </ul>
  ) : null;

  return { onKeyDown, track, list, inputProps, open };
}
