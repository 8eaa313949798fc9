import { useEffect, useId, useState } from 'react';
import type { User } from '../api/types';
import type { ChatStore } from '../state/store';
import { Avatar } from './Avatar';
import { LoadMore } from './LoadMore';

interface Props {
  store: ChatStore;
  label: string;
  actionLabel: string;
  exclude?: string[];
  onPick: (user: User) => void | Promise<void>;
}

/** Searches people by username or display name; each result has one action button. */
export function UserSearch({ store, label, actionLabel, exclude = [], onPick }: Props) {
  const [query, setQuery] = useState('');
  const [results, setResults] = useState<User[]>([]);
  const [nextCursor, setNextCursor] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const id = useId();

  useEffect(() => {
    const q = query.trim();
    if (!q) {
      setResults([]);
      setNextCursor(null);
      return;
    }
    const timer = setTimeout(() => {
      store
        .searchUsersPage(q)
        .then((page) => {
          setResults(page.items);
          setNextCursor(page.nextCursor);
          setError(null);
        })
        .catch((e: Error) => setError(e.message));
    }, 200);
    return () => clearTimeout(timer);
  }, [query, store]);

  const shown = results.filter((u) => !exclude.includes(u.userId));
  return (
    <div className="user-search">
      <label htmlFor={id}>{label}</label>
      <input id={id} type="search" value={query} onChange={(e) => setQuery(e.target.value)} autoComplete="off" />
      {error && <p className="form-error" role="alert">{error}</p>}
      <ul className="results" aria-label="People found">
        {shown.map((u) => (
          <li key={u.userId}>
            <span className="person">
              <Avatar id={u.userId} name={u.displayName} size="sm" imageId={u.avatarId} />
              <span>
                <strong>{u.displayName}</strong> <small>@{u.username}</small>
              </span>
            </span>
            <button type="button" onClick={() => void onPick(u)} aria-label={`${actionLabel} ${u.displayName}`}>
              {actionLabel}
            </button>
          </li>
        ))}
        {query.trim() && shown.length === 0 && !nextCursor && !error && <li className="muted">Nobody found.</li>}
      </ul>
      {nextCursor && (
        <LoadMore
          key={nextCursor}
          label="More people"
          onLoad={async () => {
            const page = await store.searchUsersPage(query.trim(), nextCursor);
            setResults((known) => [...known, ...page.items.filter((u) => !known.some((k) => k.userId === u.userId))]);
            setNextCursor(page.nextCursor);
          }}
        />
      )}
    </div>
  );
}
